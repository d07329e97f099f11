"""Concurrency: overlapping meldingen on many connections at the same moment
(ROD-0306 can never be passed twice) and lost updates (ROD-0319)."""

import unittest

import rodclient
from rodclient import RodClient, fout_codes, q, text
from verzuimlib import (AMSTERDAM, SCHOOL_A, VerzuimTestCase, day, intrekken_body, melden_body, terugkoppeling_body,
                        wijzigen_body)

N = 16


def together(op, bodies, org=SCHOOL_A):
    """Sends bodies[i] on connection i, all released at once; returns
    (status, response element, raw) per body."""
    return rodclient.together([RodClient(org) for _ in bodies], [(op, b) for b in bodies])


class Concurrency(VerzuimTestCase):

    def outcomes(self, results, op):
        out = []
        for status, elem, raw in results:
            self.assertEqual(status, 200, raw[:1500])
            self.assertEqual(elem.tag, q(op + "Response"), raw[:1500])
            out.append((text(elem, "gelukt"), fout_codes(elem)))
        return out

    def test_overlapping_meldingen_for_one_pupil(self):
        bsn = self.enrol()
        # sixteen different but pairwise overlapping periods
        bodies = [melden_body(bsn=bsn, begindatum=day(-20 - i % 4), einddatum=None if i % 2 else day(-5 + i % 3),
                              soort="OVERIG" if i % 3 else "LUXE") for i in range(N)]
        out = self.outcomes(together("MeldenVerzuim", bodies), "MeldenVerzuim")
        ok = [o for o in out if o[0] == "true"]
        self.assertEqual(len(ok), 1, out)
        self.assertEqual(sorted(o for o in out if o[0] == "false"), [("false", ["ROD-0306"])] * (N - 1))
        resp = self.zoeken(bsn=bsn, statussen=("GEREGISTREERD",))
        self.assertEqual(text(resp, "totaalAantal"), "1")

    def test_meldingen_for_different_pupils_do_not_block(self):
        bsns = [self.enrol() for _ in range(N)]
        bodies = [melden_body(bsn=b, begindatum=day(-3)) for b in bsns]
        out = self.outcomes(together("MeldenVerzuim", bodies), "MeldenVerzuim")
        self.assertEqual(out, [("true", [])] * N)

    def test_concurrent_changes_with_same_versie(self):
        bsn = self.enrol()
        nr = self.melden_ok(bsn=bsn, begindatum=day(-10))
        bodies = [wijzigen_body(nr, versie=1, bsn=bsn, begindatum=day(-10), einddatum=day(-9 + i % 8),
                                reden="Poging %d" % i) for i in range(8)]
        out = self.outcomes(together("WijzigenVerzuim", bodies), "WijzigenVerzuim")
        self.assertEqual(len([o for o in out if o[0] == "true"]), 1, out)
        self.assertEqual(sorted(o for o in out if o[0] == "false"), [("false", ["ROD-0319"])] * 7)
        m = self.opvragen(nr)
        self.assertEqual(text(m, "versie"), "2")
        self.assertEqual(len(self.historie(nr).findall(q("historie"))), 2)

    def test_concurrent_withdrawals_and_feedback(self):
        bsn = self.enrol()
        nr = self.melden_ok(bsn=bsn, begindatum=day(-10))
        out = self.outcomes(together("IntrekkenVerzuim", [intrekken_body(nr) for _ in range(6)]), "IntrekkenVerzuim")
        self.assertEqual(sorted(out), [("false", ["ROD-0320"])] * 5 + [("true", [])])
        nr = self.melden_ok(bsn=bsn, begindatum=day(-5), einddatum=day(-5))
        out = self.outcomes(together("VerwerkenTerugkoppeling",
                                     [terugkoppeling_body(nr, status="IN_BEHANDELING") for _ in range(6)],
                                     org=AMSTERDAM), "VerwerkenTerugkoppeling")
        self.assertEqual(sorted(out), [("false", ["ROD-0324"])] * 5 + [("true", [])])
        self.assertEqual(text(self.opvragen(nr), "versie"), "2")


if __name__ == "__main__":
    unittest.main()
