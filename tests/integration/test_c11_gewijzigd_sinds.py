"""ZoekenVerzuim gewijzigdSinds and laatstGewijzigd (spec 9.4): every
summary carries the stamp of its latest versie; with gewijzigdSinds only
meldingen changed at or after it, of every status unless status is given,
oldest change first; both roles, each within its own reach. And the
poller's promise (docs/interface.md, "Wijzigingen volgen"): a gemeente
that asks again with the last laatstGewijzigd it saw, and skips the
summary stamped exactly that, misses no change and sees none twice, also
while changes commit concurrently."""

import datetime
import queue
import re
import threading
import time

from rodclient import RodClient, body_elem, findall, text
from verzuimlib import (ALL_STATUSES, AMSTERDAM, GRONINGEN, SCHOOL_B, VerzuimTestCase, day, melden_body, opt,
                        terugkoppeling_body, wijzigen_body, zoeken_body)

STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")


def sinds_body(sinds, statussen=(), grootte=None, pagina=None, bsn=None):
    body = zoeken_body(statussen=statussen, grootte=grootte, pagina=pagina, bsn=bsn)
    return body.replace("</ZoekenVerzuimRequest>", opt("gewijzigdSinds", sinds) + "</ZoekenVerzuimRequest>")


def stamp_of(resp, nummer):
    for m in findall(resp, "melding"):
        if int(text(m, "meldingnummer")) == nummer:
            return text(m, "laatstGewijzigd")
    return None


def shift(stamp, **delta):
    """A laatstGewijzigd moved by a timedelta, in the same notation."""
    t = datetime.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ") + datetime.timedelta(**delta)
    return t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class GewijzigdSinds(VerzuimTestCase):

    def sinds(self, sinds, org=None, **kw):
        resp = self.ok("ZoekenVerzuim", sinds_body(sinds, **kw), org=org)
        self.assertGelukt(resp)
        return resp

    def current_stamp(self, nummer, org=None):
        return stamp_of(self.zoeken(org=org, nummer=nummer, statussen=ALL_STATUSES), nummer)

    def test_stamp_on_every_summary_and_moves_with_each_versie(self):
        bsn = self.enrol()
        nummer = self.melden_ok(bsn=bsn, begindatum=day(-20))
        stamps = [self.current_stamp(nummer)]
        self.assertRegex(stamps[0], STAMP)
        # the gemeente sees the same stamp, and so does OpvragenLeerling
        self.assertEqual(self.current_stamp(nummer, org=AMSTERDAM), stamps[0])
        self.assertEqual(stamp_of(self.leerling(bsn), nummer), stamps[0])
        self.assertGelukt(self.wijzigen(nummer, versie=1, bsn=bsn, begindatum=day(-20), einddatum=day(-2)))
        stamps.append(self.current_stamp(nummer))
        self.assertGelukt(self.terugkoppeling(nummer))
        stamps.append(self.current_stamp(nummer))
        self.assertGelukt(self.intrekken(nummer))
        stamps.append(self.current_stamp(nummer))
        self.assertEqual(stamps, sorted(set(stamps)), "strictly increasing with each versie")
        # the history's tijdstip of the latest versie is the same moment, to the millisecond
        hist = findall(self.historie(nummer), "historie")
        self.assertEqual(text(hist[-1], "tijdstip")[:23], stamps[-1][:23])
        # and every summary of a search carries one
        for m in findall(self.zoeken(statussen=ALL_STATUSES, grootte=500), "melding"):
            self.assertRegex(text(m, "laatstGewijzigd"), STAMP)

    def test_since_inclusive_every_status_oldest_first(self):
        bsn1, bsn2 = self.enrol(), self.enrol()
        n1 = self.melden_ok(bsn=bsn1, begindatum=day(-20))
        n2 = self.melden_ok(bsn=bsn2, begindatum=day(-20))
        self.assertGelukt(self.intrekken(n1))  # n1 changes after n2: INGETROKKEN, still listed
        s2, s1 = self.current_stamp(n2), self.current_stamp(n1)
        self.assertLess(s2, s1)
        resp = self.sinds(s2, grootte=500)
        got = [int(text(m, "meldingnummer")) for m in findall(resp, "melding")]
        self.assertEqual(got[:2], [n2, n1], "oldest change first, at or after the stamp")
        self.assertEqual(text(findall(resp, "melding")[1], "status"), "INGETROKKEN")
        stamps = [text(m, "laatstGewijzigd") for m in findall(resp, "melding")]
        self.assertEqual(stamps, sorted(stamps))
        # one microsecond later: n2 is gone
        got = [int(text(m, "meldingnummer")) for m in findall(self.sinds(shift(s2, microseconds=1)), "melding")]
        self.assertNotIn(n2, got)
        self.assertIn(n1, got)
        # the same instant written in another zone is the same bound
        t = datetime.datetime.strptime(s1, "%Y-%m-%dT%H:%M:%S.%fZ") + datetime.timedelta(hours=2)
        got = [int(text(m, "meldingnummer")) for m in
               findall(self.sinds(t.strftime("%Y-%m-%dT%H:%M:%S.%f") + "+02:00"), "melding")]
        self.assertEqual(got[:1], [n1])
        # status given: only those
        got = [int(text(m, "meldingnummer")) for m in
               findall(self.sinds(s2, statussen=["GEREGISTREERD"], grootte=500), "melding")]
        self.assertIn(n2, got)
        self.assertNotIn(n1, got)
        # a moment after every change: nothing, and totaalAantal 0
        resp = self.sinds("9999-12-31T23:59:59Z")
        self.assertEqual((text(resp, "totaalAantal"), findall(resp, "melding")), ("0", []))

    def test_both_roles_within_their_reach(self):
        bsn_a = self.enrol()  # Amsterdam postcode, school-a
        bsn_b = self.enrol(instellingscode="24GP", postcode="9711AA")  # Groningen, school-b
        na = self.melden_ok(bsn=bsn_a, begindatum=day(-20))
        nb = self.melden_ok(org=SCHOOL_B, bsn=bsn_b, instellingscode="24GP", begindatum=day(-20))
        since = min(self.current_stamp(na), self.current_stamp(nb, org=SCHOOL_B))
        seen = {org: [int(text(m, "meldingnummer")) for m in findall(self.sinds(since, org=org, grootte=500),
                                                                       "melding")]
                for org in (self.org, SCHOOL_B, AMSTERDAM, GRONINGEN)}
        self.assertIn(na, seen[self.org])
        self.assertNotIn(nb, seen[self.org])
        self.assertIn(nb, seen[SCHOOL_B])
        self.assertNotIn(na, seen[SCHOOL_B])
        self.assertIn(na, seen[AMSTERDAM])
        self.assertNotIn(nb, seen[AMSTERDAM])
        self.assertIn(nb, seen[GRONINGEN])
        self.assertNotIn(na, seen[GRONINGEN])

    def test_xsd(self):
        for bad in ("2026-01-01", "2026-01-01T00:00:00", "gisteren"):
            self.assertFault(self.call("ZoekenVerzuim", sinds_body(bad)), "ROD-0002")

    # ---- the poller under concurrent commits -----------------------------------------------------------

    WRITERS = 4
    PUPILS = 3      # per writer
    CHANGES = 2     # WijzigenVerzuim per melding, after MeldenVerzuim

    def test_poller_misses_nothing_sees_nothing_twice(self):
        pupils = [[self.enrol() for _ in range(self.PUPILS)] for _ in range(self.WRITERS)]
        # the cursor starts at a melding made before the writers
        first = self.melden_ok(bsn=self.enrol(), begindatum=day(-20))
        cursor0 = self.current_stamp(first, org=AMSTERDAM)
        mine, errors, feedback = {}, [], queue.Queue()
        lock = threading.Lock()
        done = threading.Event()

        def write(i):
            c = RodClient(self.org)
            try:
                for bsn in pupils[i]:
                    r = body_elem(c.call("MeldenVerzuim", melden_body(bsn=bsn, begindatum=day(-20)))[1])
                    nummer = int(text(r, "meldingnummer"))
                    with lock:
                        mine[nummer] = 1
                    feedback.put(nummer)
                    for k in range(self.CHANGES):
                        # the gemeente's feedback may have raised the versie meanwhile: no versie check
                        r = body_elem(c.call("WijzigenVerzuim", wijzigen_body(
                            nummer, bsn=bsn, begindatum=day(-20), einddatum=day(-10 + k)))[1])
                        if text(r, "gelukt") != "true":
                            raise AssertionError("WijzigenVerzuim %d: %s" % (nummer, text(r, "fout/code")))
            except Exception as e:  # noqa: BLE001 - reported by the main thread
                errors.append(repr(e))
            finally:
                c.close()

        def gemeente():
            c = RodClient(AMSTERDAM)
            try:
                while not (done.is_set() and feedback.empty()):
                    try:
                        nummer = feedback.get(timeout=0.05)
                    except queue.Empty:
                        continue
                    c.call("VerwerkenTerugkoppeling", terugkoppeling_body(nummer))
            except Exception as e:  # noqa: BLE001
                errors.append(repr(e))
            finally:
                c.close()

        seen = []  # (meldingnummer, versie, laatstGewijzigd) in the order the poller saw them
        poller = RodClient(AMSTERDAM)

        def poll_once(cursor):
            """One round: pages of 5 (pagina 1 each time, the cursor moving)
            until a page is not full. Returns the new cursor."""
            while True:
                r = body_elem(poller.call("ZoekenVerzuim", sinds_body(cursor, grootte=5))[1])
                items = findall(r, "melding")
                for m in items:
                    stamp = text(m, "laatstGewijzigd")
                    if stamp == cursor:
                        continue  # the change seen last time (stamps are unique)
                    seen.append((int(text(m, "meldingnummer")), int(text(m, "versie")), stamp))
                if items:
                    cursor = text(items[-1], "laatstGewijzigd")
                if len(items) < 5:
                    return cursor

        threads = [threading.Thread(target=write, args=(i,)) for i in range(self.WRITERS)]
        tk = threading.Thread(target=gemeente)
        cursor = cursor0
        for t in threads + [tk]:
            t.start()
        try:
            while any(t.is_alive() for t in threads):
                cursor = poll_once(cursor)
                time.sleep(0.01)
            done.set()
            tk.join(120)
            cursor = poll_once(cursor)
        finally:
            done.set()
            for t in threads:
                t.join(120)
            poller.close()
        self.assertEqual(errors, [])
        self.assertEqual(len(mine), self.WRITERS * self.PUPILS)

        # nothing seen twice: each (melding, versie) once, versies rising per melding
        pairs = [(n, v) for n, v, _ in seen]
        self.assertEqual(len(pairs), len(set(pairs)), "a change seen twice")
        stamps = [s for _, _, s in seen]
        self.assertEqual(stamps, sorted(stamps), "the poller saw the stamps in order")
        last = {}
        for n, v, _ in seen:
            self.assertGreater(v, last.get(n, 0), "melding %d went back from versie %d to %d" % (n, last.get(n, 0), v))
            last[n] = v
        # nothing missed: the latest versie of every melding of the test is the last one seen
        for n in mine:
            r = self.zoeken(org=AMSTERDAM, nummer=n, statussen=ALL_STATUSES)
            final = int(text(findall(r, "melding")[0], "versie"))
            self.assertGreaterEqual(final, 1 + self.CHANGES)
            self.assertEqual(last.get(n), final, "melding %d: last seen versie %s of %d" % (n, last.get(n), final))
        # and nothing outside the gemeente's reach or from before the cursor
        self.assertNotIn(first, last)
