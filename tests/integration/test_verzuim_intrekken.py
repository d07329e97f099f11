"""IntrekkenVerzuim: withdrawal rules ROD-0316, 0319..0323 (spec 4, 8.8)."""

import datetime
import unittest

from rodclient import child_names, fouten, text, today, years_before
from verzuimlib import (AMSTERDAM, SCHOOL_B, VerzuimTestCase, day, intrekken_body, schoolyear_start)


class Intrekken(VerzuimTestCase):

    def make(self, begindatum=None, einddatum=None, **kw):
        bsn = self.enrol(inschrijfdatum=day(-1200), **kw)
        return self.melden_ok(bsn=bsn, begindatum=begindatum or day(-10), einddatum=einddatum)

    def test_happy_path(self):
        nr = self.make()
        resp = self.intrekken(nr, reden="TEN_ONRECHTE_GEMELD", versie=1)
        self.assertGelukt(resp)
        self.assertEqual(child_names(resp), ["gelukt", "meldingnummer", "versie", "status"])
        self.assertEqual([text(resp, "meldingnummer"), text(resp, "versie"), text(resp, "status")],
                         [str(nr), "2", "INGETROKKEN"])
        m = self.opvragen(nr)
        self.assertEqual([text(m, "status"), text(m, "redenIntrekken"), text(m, "toelichtingIntrekken")],
                         ["INGETROKKEN", "TEN_ONRECHTE_GEMELD", None])

    def test_already_withdrawn(self):
        nr = self.make()
        self.assertGelukt(self.intrekken(nr))
        resp = self.intrekken(nr)
        self.assertFouten(resp, ["ROD-0320"])
        self.assertEqual(text(self.opvragen(nr), "versie"), "2")

    def test_one_year_limit(self):
        year_ago = years_before(today(), 1)
        nr = self.make(begindatum=(year_ago - datetime.timedelta(days=1)).isoformat(),
                       einddatum=(year_ago - datetime.timedelta(days=1)).isoformat())
        self.assertFouten(self.intrekken(nr), ["ROD-0321"])
        self.assertEqual(text(self.opvragen(nr), "status"), "GEREGISTREERD")
        nr = self.make(begindatum=year_ago.isoformat(), einddatum=year_ago.isoformat())
        self.assertGelukt(self.intrekken(nr))

    def test_geen_inschrijving_only_in_school_year(self):
        start = schoolyear_start()
        before = start - datetime.timedelta(days=1)
        nr = self.make(begindatum=before.isoformat(), einddatum=before.isoformat())
        resp = self.intrekken(nr, reden="GEEN_INSCHRIJVING")
        self.assertFouten(resp, ["ROD-0322"])
        self.assertEqual(fouten(resp), [("ROD-0322", "reden")])
        # another reason is fine for the same melding
        self.assertGelukt(self.intrekken(nr, reden="FOUTIEF_GEMELD_NIEUWE_MELDING"))
        nr = self.make(begindatum=start.isoformat(), einddatum=start.isoformat())
        self.assertGelukt(self.intrekken(nr, reden="GEEN_INSCHRIJVING"))

    def test_anders_needs_toelichting(self):
        nr = self.make()
        resp = self.intrekken(nr, reden="ANDERS")
        self.assertFouten(resp, ["ROD-0323"])
        self.assertEqual(fouten(resp), [("ROD-0323", "toelichting")])
        # a toelichting of white space only is no text at all (XSD, spec 8.14)
        self.assertFault(self.call("IntrekkenVerzuim", intrekken_body(nr, reden="ANDERS", toelichting="   ")),
                         "ROD-0002")
        self.assertGelukt(self.intrekken(nr, reden="ANDERS", toelichting="  Dubbel gemeld "))
        m = self.opvragen(nr)
        self.assertEqual([text(m, "redenIntrekken"), text(m, "toelichtingIntrekken")], ["ANDERS", "Dubbel gemeld"])

    def test_stale_versie(self):
        nr = self.make()
        bsn_melding = self.opvragen(nr)
        bsn = text(bsn_melding, "melding/leerling/persoonsgebondenNummer/bsn")
        self.assertGelukt(self.wijzigen(nr, bsn=bsn, begindatum=day(-10), einddatum=day(-1)))
        resp = self.intrekken(nr, versie=1)
        self.assertFouten(resp, ["ROD-0319"])
        self.assertEqual(text(self.opvragen(nr), "status"), "GEREGISTREERD")
        self.assertGelukt(self.intrekken(nr, versie=2))

    def test_every_failing_rule(self):
        year_ago = years_before(today(), 1)
        old = (year_ago - datetime.timedelta(days=3)).isoformat()
        nr = self.make(begindatum=old, einddatum=old)
        # withdrawn through SQL-free means is impossible for an old melding,
        # so: stale versie, too old, GEEN_INSCHRIJVING outside the school year
        resp = self.intrekken(nr, reden="GEEN_INSCHRIJVING", versie=7)
        self.assertFouten(resp, ["ROD-0319", "ROD-0321", "ROD-0322"])

    def test_closed_melding_can_be_withdrawn(self):
        nr = self.make()
        self.assertGelukt(self.terugkoppeling(nr, status="AFGESLOTEN", reden_afgesloten="Terug naar school"))
        resp = self.intrekken(nr)
        self.assertGelukt(resp)
        self.assertEqual(text(resp, "versie"), "3")
        m = self.opvragen(nr)
        self.assertEqual([text(m, "status"), text(m, "redenAfgesloten")], ["INGETROKKEN", "Terug naar school"])

    def test_withdrawn_cannot_get_feedback(self):
        nr = self.make()
        self.assertGelukt(self.intrekken(nr))
        self.assertFouten(self.terugkoppeling(nr, status="IN_BEHANDELING"), ["ROD-0324"])

    def test_other_school_and_unknown(self):
        nr = self.make()
        self.assertNotFound(self.intrekken(nr, org=SCHOOL_B))
        self.assertNotFound(self.intrekken(987654321987))
        self.assertEqual(text(self.opvragen(nr), "status"), "GEREGISTREERD")

    def test_gemeente_may_not_withdraw(self):
        nr = self.make()
        self.assertFault(self.call("IntrekkenVerzuim", intrekken_body(nr), org=AMSTERDAM), "ROD-0103")


if __name__ == "__main__":
    unittest.main()
