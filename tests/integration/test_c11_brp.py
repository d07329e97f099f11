"""Basisregistraties (spec 9.5, 9.8): the BRP extract's address is the
registered address (uitvoerende instantie, leerlingGegevens; the school's is
ignored), a startkwalificatie dated on or before begindatum makes the pupil
not reportable (ROD-0303) and OpvragenLeerling not meldbaar; the files are
reloaded on SIGHUP, a bad file is refused with file:line and the old data
stay, and a new BRP address moves laatstGewijzigd.

Fixtures (conf/brp.csv, conf/startkwalificaties.csv): 999990019 lives at
1011AB 1, Amsterdam (0363); 999990020 at 9711AA 5, Groningen (0014), with a
startkwalificatie dated 2024-07-01."""

import http.client
import os
import shutil
import signal
import sys
import time
import unittest

from rodclient import (REPO, RodClient, binnenland, body_elem, find, findall, new_bsn, new_name, q, sql, text)
from verzuimlib import AMSTERDAM, GRONINGEN, VerzuimTestCase, born, day, melden_body, pgn, req, wijzigen_body

sys.path.insert(0, os.path.join(REPO, "tests", "hardening"))
import gwlib  # noqa: E402  (private gateways)

AMSTERDAM_BRP = "999990019"
GRONINGEN_SK = "999990020"


class BrpRules(VerzuimTestCase):
    """Against the test gateway with the shipped fixtures."""

    def tearDown(self):
        # the fixture pupils are shared by the tests: withdraw what was reported
        for nr in getattr(self, "reported", []):
            self.assertGelukt(self.intrekken(nr))

    def melden_ok(self, **kw):
        nr = super().melden_ok(**kw)
        self.reported = getattr(self, "reported", []) + [nr]
        return nr

    def test_brp_address_decides_the_instantie_without_school_address(self):
        """No address from the school: version 1 gave ROD-0315, the BRP
        address now decides."""
        self.enrol(bsn=AMSTERDAM_BRP, adres="", geboortedatum=born(12))
        resp = self.melden(bsn=AMSTERDAM_BRP)
        self.assertGelukt(resp)
        self.reported = [int(text(resp, "meldingnummer"))]
        self.assertEqual([text(resp, "uitvoerendeInstantie/gemeentecode"), text(resp, "uitvoerendeInstantie/naam")],
                         ["0363", "Gemeente Amsterdam"])

    def test_school_address_is_ignored(self):
        """The school says Groningen; the BRP says Amsterdam: Amsterdam, and
        leerlingGegevens shows the BRP address to the school and the gemeente."""
        self.enrol(bsn=AMSTERDAM_BRP, adres=binnenland("9711AA", 12, straatnaam="Elders", plaatsnaam="Groningen"),
                   geboortedatum=born(12))
        nr = self.melden_ok(bsn=AMSTERDAM_BRP)
        m = self.opvragen(nr)
        self.assertEqual(text(m, "uitvoerendeInstantie/gemeentecode"), "0363")
        for resp in (m, self.opvragen(nr, org=AMSTERDAM), self.leerling(AMSTERDAM_BRP)):
            a = find(resp, "leerlingGegevens/adres/binnenland")
            self.assertEqual([text(a, "postcode"), text(a, "huisnummer"), text(a, "straatnaam"), text(a, "plaatsnaam")],
                             ["1011AB", "1", "Dam", "Amsterdam"])
        # Groningen does not see it
        self.assertFouten(self.opvragen(nr, org=GRONINGEN), ["ROD-0316"])
        # WijzigenVerzuim keeps the instantie and its rules see the BRP address too
        resp = self.wijzigen(nr, bsn=AMSTERDAM_BRP, reden="Gewijzigd")
        self.assertGelukt(resp)
        self.assertEqual(text(self.opvragen(nr), "uitvoerendeInstantie/gemeentecode"), "0363")

    def test_startkwalificatie_before_begindatum(self):
        """Dated 2024-07-01, before the begindatum of last week:
        ROD-0303 (the boundaries: tests/unit/rules/test_age.c and Reload)."""
        self.enrol(bsn=GRONINGEN_SK, adres="", geboortedatum=born(19), inschrijfdatum="2023-08-01")
        resp = self.assertFouten(self.melden(bsn=GRONINGEN_SK, soort="OVERIG"), ["ROD-0303"])
        self.assertIn("startkwalificatie", text(resp, "fout/omschrijving"))
        # OpvragenLeerling: not meldbaar for a melding beginning today; the BRP address
        resp = self.leerling(GRONINGEN_SK)
        self.assertEqual(text(resp, "verzuimMeldbaar"), "false")
        self.assertIn("startkwalificatie", text(resp, "redenNietMeldbaar"))
        self.assertEqual([text(resp, "leerlingGegevens/adres/binnenland/" + f) for f in ("postcode", "huisnummer")],
                         ["9711AA", "5"])

    def test_pupil_outside_the_brp_keeps_the_school_address(self):
        bsn = self.enrol(postcode="5000AA")
        self.assertFouten(self.melden(bsn=bsn), ["ROD-0315"])
        resp = self.leerling(bsn)
        self.assertEqual(text(resp, "verzuimMeldbaar"), "true")
        self.assertEqual(text(resp, "leerlingGegevens/adres/binnenland/postcode"), "5000AA")


class PrivateClient(RodClient):
    def __init__(self, org, port):
        super().__init__(org)
        self.port = port

    def _connect(self):
        self.close()
        self.conn = http.client.HTTPSConnection("127.0.0.1", self.port, context=self.context, timeout=self.timeout)
        self.connects += 1
        return self.conn


class Reload(VerzuimTestCase):
    """A private gateway on the test database with copies of the files, so
    that the test can change them and send SIGHUP."""

    @classmethod
    def setUpClass(cls):
        sql("SELECT 1")  # SkipTest without SQL access
        cls.dir = os.path.join(REPO, "var", "test-brp-%d" % os.getpid())
        os.makedirs(cls.dir, exist_ok=True)
        cls.brp = os.path.join(cls.dir, "brp.csv")
        cls.sk = os.path.join(cls.dir, "startkwalificaties.csv")
        shutil.copy(os.path.join(REPO, "conf", "brp.csv"), cls.brp)
        shutil.copy(os.path.join(REPO, "conf", "startkwalificaties.csv"), cls.sk)
        cls.gw = gwlib.Gateway(os.environ.get("RODGATE_DBNAME", "rodgate"),
                               sets=("brp_file=" + cls.brp, "startkwalificatie_file=" + cls.sk))
        cls.clients = {}

    @classmethod
    def tearDownClass(cls):
        for c in cls.clients.values():
            c.close()
        cls.gw.stop()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def call(self, op, body, org=None, **kw):
        org = org or self.org
        c = self.clients.get(org) or self.clients.setdefault(org, PrivateClient(org, self.gw.port))
        return c.call(op, body, to=self.gw.url, **kw)

    def reload(self, brp_lines=None, sk_lines=None):
        """Rewrites the files (header kept) and sends SIGHUP."""
        if brp_lines is not None:
            with open(self.brp, "w") as f:
                f.write("bsn;postcode;huisnummer;huisletter;huisnummertoevoeging;straatnaam;plaatsnaam\n")
                f.writelines(l + "\n" for l in brp_lines)
        if sk_lines is not None:
            with open(self.sk, "w") as f:
                f.write("persoonsgebondenNummer;datum\n")
                f.writelines(l + "\n" for l in sk_lines)
        with open(self.gw.log) as f:
            self.log_offset = len(f.read())
        os.kill(self.gw.proc.pid, signal.SIGHUP)

    def wait_log(self, needle, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            with open(self.gw.log) as f:
                new = f.read()[self.log_offset:]
            if needle in new:
                return new
            time.sleep(0.05)
        self.fail("no %r in the gateway's log after SIGHUP" % needle)

    def laatst(self, bsn):
        return sql("SELECT DATE_FORMAT(laatst_gewijzigd, '%%Y-%%m-%%d %%H:%%i:%%s.%%f') FROM inschrijving "
                   "WHERE instellingscode = '31XU' AND pgn = '%s'" % bsn)[0][0]

    def test_reload_good_then_bad(self):
        bsn = self.enrol(postcode="5000AA", geboortedatum=born(12))
        other = self.enrol(postcode="1012AB", geboortedatum=born(12))
        self.assertFouten(self.melden(bsn=bsn), ["ROD-0315"])
        before, before_other = self.laatst(bsn), self.laatst(other)
        time.sleep(0.02)

        # a good file: bsn now lives (BRP) in Amsterdam, and has a startkwalificatie from next year
        self.reload(["999990019;1011AB;1;;;Dam;Amsterdam", "999990020;9711AA;5;;;Grote Markt;Groningen",
                     "%s;1011AB;2;c;;Dam;Amsterdam" % bsn],
                    ["999990020;2024-07-01", "%s;%s" % (bsn, day(365))])
        self.wait_log("brp: 3 BRP addresses and 2 startkwalificaties loaded")
        self.assertGreater(self.laatst(bsn), before, "a new BRP address moves laatstGewijzigd")
        self.assertEqual(self.laatst(other), before_other, "other pupils stay")
        resp = self.melden(bsn=bsn)
        self.assertGelukt(resp)
        nr = int(text(resp, "meldingnummer"))
        self.assertEqual(text(resp, "uitvoerendeInstantie/gemeentecode"), "0363")
        self.assertEqual(text(self.leerling(bsn), "verzuimMeldbaar"), "true")

        # the startkwalificatie now dated on begindatum: WijzigenVerzuim refuses, OpvragenLeerling says no
        self.reload(sk_lines=["999990020;2024-07-01", "%s;%s" % (bsn, day(-7))])
        self.wait_log("brp: 3 BRP addresses and 2 startkwalificaties loaded")
        self.assertFout(self.wijzigen(nr, bsn=bsn, reden="Gewijzigd"), "ROD-0303")
        self.assertEqual(text(self.leerling(bsn), "verzuimMeldbaar"), "false")

        # a bad file: refused with file and line, the data stay
        self.reload(["999990019;1011AB;1;;;Dam;Amsterdam", "%s;1011AB;2;c;;Dam" % bsn])
        log = self.wait_log("brp: reload refused")
        self.assertIn("%s:3: expected 7 fields" % self.brp, log)
        self.assertIn("the previous data stay", log)
        self.assertNotIn(bsn, log, "the reason names the field, not the bsn")
        resp = self.leerling(bsn)
        self.assertEqual([text(resp, "leerlingGegevens/adres/binnenland/postcode"),
                          text(resp, "leerlingGegevens/adres/binnenland/huisletter"),
                          text(resp, "verzuimMeldbaar")], ["1011AB", "c", "false"])
        self.assertEqual(self.gw.proc.poll(), None, "the gateway runs on")

        # back to the fixtures: the school's address again
        self.reload(["999990019;1011AB;1;;;Dam;Amsterdam", "999990020;9711AA;5;;;Grote Markt;Groningen"],
                    ["999990020;2024-07-01"])
        self.wait_log("brp: 2 BRP addresses and 1 startkwalificaties loaded")
        self.assertEqual(text(self.leerling(bsn), "leerlingGegevens/adres/binnenland/postcode"), "5000AA")
        self.intrekken(nr)


if __name__ == "__main__":
    unittest.main()
