"""AanleverenInschrijving at its limit: 10,000 items succeed, 10,001 are ROD-0002 (spec 3).

The batch uses the same 10,001 BSNs on every run (all starting with 0, a range
new_bsn() never draws from), so reruns replace these inschrijvingen instead of
growing the development register by 10,000 rows each time; the achternamen are
fresh on every run, so the count by zoekAchternaam is exact."""

import sys
import time
import unittest

from rodclient import (USED_BSNS, aanleveren_body, binnenland, body_elem, bsn_valid, fault_veld, findall,
                       inschrijving, new_message_id, new_name, result_pgn, RodTestCase, text)

N = 10_000


def fixed_bsns(n):
    out, head = [], 0
    while len(out) < n:
        head += 1
        digits = "%08d" % head
        check = sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2))) % 11
        if check < 10 and bsn_valid(digits + str(check)):
            out.append(digits + str(check))
    USED_BSNS.update(out)
    return out


class Batch(RodTestCase):

    @classmethod
    def setUpClass(cls):
        cls.prefix = new_name("Bulk")
        cls.bsns = fixed_bsns(N + 1)
        cls.items = [inschrijving(instellingscode="31XU" if i % 2 else "31XV", referentie="b%05d" % i,
                                  bsn=cls.bsns[i], achternaam="%s%05d" % (cls.prefix, i),
                                  adres=binnenland("1017AB", 1 + i % 500))
                     for i in range(N)]

    def test_10000_items(self):
        body = aanleveren_body(self.items)
        t0 = time.monotonic()
        status, root, raw = self.call("AanleverenInschrijving", body)
        seconds = time.monotonic() - t0
        print("\n    [10,000-item AanleverenInschrijving: %.2f s, request %.1f MB, response %.1f MB] "
              % (seconds, len(body.encode()) / 1e6, len(raw) / 1e6), end="", file=sys.stdout, flush=True)
        self.assertEqual(status, 200, raw[:2000])
        resp = body_elem(root)
        self.assertEqual([text(resp, "aantalVerwerkt"), text(resp, "aantalGelukt"), text(resp, "aantalAfgekeurd")],
                         [str(N), str(N), "0"])
        res = findall(resp, "resultaat")
        self.assertEqual(len(res), N)
        self.assertEqual([text(r, "volgnummer") for r in res], [str(i + 1) for i in range(N)])
        self.assertEqual([text(r, "referentie") for r in res], ["b%05d" % i for i in range(N)])
        self.assertEqual({text(r, "status") for r in res}, {"GELUKT"})
        self.assertEqual([result_pgn(r) for r in res], [("bsn", b) for b in self.bsns[:N]])
        ov = self.overzicht(zoek=self.prefix, grootte=1000, pagina=10)
        self.assertEqual([text(ov, "totaalAantal"), text(ov, "aantalPaginas")], [str(N), "10"])
        self.assertEqual([len(findall(b, "inschrijving")) for b in findall(ov, "instelling")], [0, 1000])

    def test_10001_items_is_0002(self):
        name = new_name("Bulk")
        body = aanleveren_body(self.items + [inschrijving(bsn=self.bsns[N], achternaam=name)])
        self.assertFault(self.call("AanleverenInschrijving", body), "ROD-0002")
        self.assertEqual(text(self.overzicht(zoek=name), "totaalAantal"), "0")

    def test_large_requests_that_fail_leave_the_workers_sound(self):
        """Requests from 256 KiB on are parsed into a per-worker arena that is
        dropped afterwards (src/xml/arena.c). An XSD error deep in a large
        batch still names the item, a large malformed or too deeply nested
        request gets its own code, every worker answers normally afterwards,
        and nothing of the failed batches is stored."""
        prefix = new_name("Arena")
        items = [inschrijving(instellingscode="31XU", referentie="a%05d" % i, bsn=self.bsns[i],
                              achternaam="%s%05d" % (prefix, i), adres=binnenland("1017AB", 1 + i % 500))
                 for i in range(8000)]
        body = aanleveren_body(items)
        marker = "<referentie>a07000</referentie>"
        at = body.index(marker)
        date_at = body.index("<inschrijfdatum>", at)
        date_end = body.index("</inschrijfdatum>", date_at) + len("</inschrijfdatum>")
        # item 7001 (1-based) gets an impossible date: an xs:date error
        xsd_error = body[:date_at] + "<inschrijfdatum>2024-02-30</inschrijfdatum>" + body[date_end:]
        malformed = body[: len(body) - 200]  # cut off inside the last item
        nested = body.replace(marker, marker + "<a>" * 100 + "</a>" * 100, 1)
        for _ in range(3):
            root = self.assertFault(self.call("AanleverenInschrijving", xsd_error), "ROD-0002")
            self.assertIn("inschrijving[7001]", fault_veld(root) or "")
            self.assertFault(self.call("AanleverenInschrijving", malformed), "ROD-0001")
            self.assertFault(self.call("AanleverenInschrijving", nested), "ROD-0003")
            # the small path, on whichever worker answers now: nothing stored
            self.assertEqual(text(self.overzicht(zoek=prefix), "totaalAantal"), "0")

    def _large_batch(self, prefix, n=2000):
        """A batch of n items (well over the 256 KiB from which the XSD check
        runs beside the rules, src/xml/envelope.c) and its body with the last
        item's achternaam one character longer than Tekst200 allows: valid
        for every rule of the handler, invalid only for the XSD."""
        # the instelling of each BSN as test_10000_items gives it: one inschrijving per pupil
        items = [inschrijving(instellingscode="31XU" if i % 2 else "31XV", referentie="v%05d" % i, bsn=self.bsns[i],
                              achternaam="%s%05d" % (prefix, i), adres=binnenland("1017AB", 1 + i % 500))
                 for i in range(n)]
        body = aanleveren_body(items)
        last = "%s%05d" % (prefix, n - 1)
        self.assertGreater(len(body.encode()), 256 << 10)
        too_long = body.replace("<achternaam>%s</achternaam>" % last,
                                "<achternaam>%s</achternaam>" % (last + "x" * (201 - len(last))), 1)
        self.assertNotEqual(too_long, body)
        return body, too_long

    def test_large_batch_invalid_only_for_the_xsd_writes_nothing(self):
        """The XSD check of a large batch runs beside the claim, the binder
        and the rules; the handler waits for it before it writes. A batch
        that only the XSD refuses (the last item's name too long) is
        ROD-0002 naming that item, as when the check ran first: no pupil
        stored, its MessageID not claimed (the valid batch under the same
        MessageID is processed afterwards, not ROD-0005)."""
        prefix = new_name("Beside")
        body, too_long = self._large_batch(prefix)
        msgid = new_message_id()
        for _ in range(2):
            root = self.assertFault(self.call("AanleverenInschrijving", too_long, message_id=msgid), "ROD-0002")
            self.assertIn("inschrijving[2000]", fault_veld(root) or "")
            self.assertEqual(text(self.overzicht(zoek=prefix), "totaalAantal"), "0")
        status, root, raw = self.call("AanleverenInschrijving", body, message_id=msgid)
        self.assertEqual(status, 200, raw[:2000])
        self.assertEqual(text(body_elem(root), "aantalGelukt"), "2000")
        self.assertEqual(text(self.overzicht(zoek=prefix), "totaalAantal"), "2000")

    def test_large_invalid_batch_under_a_used_messageid_is_0002(self):
        """The XSD check decides before the MessageID's claim would: an
        invalid large batch sent under the MessageID of a processed one is
        ROD-0002 (not ROD-0005, not the stored answer)."""
        prefix = new_name("Beside")
        body, too_long = self._large_batch(prefix)
        msgid = new_message_id()
        status, root, raw = self.call("AanleverenInschrijving", body, message_id=msgid)
        self.assertEqual(status, 200, raw[:2000])
        root = self.assertFault(self.call("AanleverenInschrijving", too_long, message_id=msgid), "ROD-0002")
        self.assertIn("inschrijving[2000]", fault_veld(root) or "")
        status, again, raw2 = self.call("AanleverenInschrijving", body, message_id=msgid)
        self.assertEqual(status, 200)
        self.assertEqual(raw2, raw)  # still the stored answer


if __name__ == "__main__":
    unittest.main()
