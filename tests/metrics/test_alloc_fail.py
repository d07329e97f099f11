"""Issue 12 item 6: fail closed when memory runs out. The gateway built
with allocation-failure injection (build/rodgate-failalloc, soap/alloc.h;
RODGATE_TEST_FAIL_ALLOC=step fails the k-th allocation of the k-th request)
gets the same request again and again, each with a new MessageID, so every
allocation site of that request fails once, in turn. Every such answer must
be fault ROD-9002 (or a clean 503) and the database must show nothing
stored; the first request that gets through all its allocations succeeds
and stores everything, which proves the walk covered every site."""
import os
import re
import unittest

import gwlib

VAR = os.path.join(gwlib.TOP, "var", "metricsdb")
DB = "rodgate_failalloc"
BIN = os.path.join(os.path.dirname(gwlib.BIN), "rodgate-failalloc")
DATA = os.path.join(gwlib.TOP, "tests", "data", "valid")
# the batch of tests/data/valid plus one pupil with a BSN that fails the
# elfproef: its fout (ROD-0204) is an allocation too, and dropping it would
# store the pupil (issue 12: rod_fout dropped errors silently)
INVALID_ITEM = ("<rod:inschrijving><rod:referentie>ERP-FOUT</rod:referentie>"
                "<rod:instellingscode>31XU</rod:instellingscode><rod:inschrijfdatum>2022-08-22"
                "</rod:inschrijfdatum><rod:leerling><rod:persoonsgebondenNummer><rod:bsn>123456789</rod:bsn>"
                "</rod:persoonsgebondenNummer><rod:geslacht>MAN</rod:geslacht><rod:geboortedatum>2012-01-01"
                "</rod:geboortedatum><rod:achternaam>Fout</rod:achternaam></rod:leerling></rod:inschrijving>")


def body(name):
    with open(os.path.join(DATA, name), encoding="utf-8") as f:
        text = f.read()
    return re.sub(r"^<\?xml[^>]*>\s*(<!--.*?-->\s*)?", "", text, flags=re.S)


class AllocationFailure(unittest.TestCase):
    TABLES = ("persoon", "persoon_gegevens", "inschrijving", "melding", "melding_versie",
              "melding_notificatie", "verwerkt_bericht")

    @classmethod
    def setUpClass(cls):
        if not os.access(BIN, os.X_OK):
            raise unittest.SkipTest("%s not built (make test builds it)" % BIN)
        gwlib.mariadb(VAR, "start")

    @classmethod
    def tearDownClass(cls):
        gwlib.mariadb(VAR, "stop", check=False)

    def counts(self):
        return {t: int(gwlib.sql(VAR, DB, "SELECT COUNT(*) FROM %s" % t)) for t in self.TABLES}

    def walk(self, request_body, action, name="school-a", limit=3000, setup=()):
        """Sends the request until one succeeds; returns (sites, last
        response, counts before). `setup`: (body, action) pairs sent first
        through the normal gateway."""
        gwlib.mariadb(VAR, "reset", db=DB)
        if setup:
            plain = gwlib.Gateway(DB, var=VAR)
            try:
                for b, a in setup:
                    r = gwlib.post(b, a, url=plain.url)
                    self.assertEqual(r[0], 200, r[2][:300])
            finally:
                plain.stop()
        gw = gwlib.Gateway(DB, var=VAR, binary=BIN, sets=["workers=1", "large_workers=1"],
                           env={"RODGATE_TEST_FAIL_ALLOC": "step"})
        try:
            before = self.counts()
            for k in range(1, limit):
                r = gwlib.post(request_body, action, name=name, url=gw.url)
                self.assertIsNotNone(r, "connection closed at allocation %d" % k)
                status, headers, data = r
                if status == 200:
                    self.assertNotIn(b"Fault>", data, "allocation %d" % k)
                    return k - 1, data, before
                with self.subTest(allocation=k):
                    self.assertIn(status, (500, 503), data[:300])
                    if status == 500:
                        self.assertEqual(gwlib.fault_code(data), "ROD-9002", data[:400])
                    self.assertEqual(self.counts(), before, "something stored at allocation %d" % k)
            self.fail("no success within %d requests" % limit)
        finally:
            self.assertIsNone(gw.proc.poll(), "gateway died")
            gw.stop()

    def test_aanleveren_inschrijving(self):
        batch = body("AanleverenInschrijving.xml").replace(
            "</rod:AanleverenInschrijvingRequest>", INVALID_ITEM + "</rod:AanleverenInschrijvingRequest>")
        sites, data, before = self.walk(batch, "AanleverenInschrijving")
        print("AanleverenInschrijving (5 items): %d allocation sites, each failed once" % sites)
        # the first answer that got through is the whole answer
        self.assertEqual(data.count(b"<rod:status>GELUKT</rod:status>"), 4, data[:800])
        self.assertIn(b"<rod:code>ROD-0204</rod:code>", data)
        self.assertGreater(sites, 30)
        after = self.counts()
        self.assertEqual(after["inschrijving"] - before["inschrijving"], 4)
        self.assertEqual(after["verwerkt_bericht"] - before["verwerkt_bericht"], 1)

    def test_melden_verzuim(self):
        # the pupil of MeldenVerzuim.xml is enrolled by the batch of tests/data/valid
        sites, data, before = self.walk(body("MeldenVerzuim.xml"), "MeldenVerzuim",
                                        setup=[(body("AanleverenInschrijving.xml"), "AanleverenInschrijving")])
        print("MeldenVerzuim: %d allocation sites, each failed once" % sites)
        self.assertGreater(sites, 5)
        self.assertIn(b"<rod:gelukt>true</rod:gelukt>", data, data[:600])
        after = self.counts()
        self.assertEqual(after["melding"] - before["melding"], 1)
        self.assertGreaterEqual(after["melding_notificatie"] - before["melding_notificatie"], 1)

    def test_opvragen_overzicht(self):
        sites, data, _ = self.walk(body("OpvragenOverzicht-alles.xml"), "OpvragenOverzicht")
        print("OpvragenOverzicht: %d allocation sites, each failed once" % sites)
        self.assertGreater(sites, 10)
        self.assertIn(b"OpvragenOverzichtResponse", data)
