"""WijzigenInschrijving (spec 3)."""

import unittest

from rodclient import (DATETIME_WITH_ZONE, binnenland, child_names, find, fouten, inschrijving, invalid_bsn,
                       new_bsn, new_name, result_pgn, RodTestCase, text, wijzigen_body)


class Wijzigen(RodTestCase):

    def enrol(self, instellingscode="31XU", org=None, **kw):
        bsn, naam = new_bsn(), new_name()
        kw.setdefault("inschrijfdatum", "2024-08-19")
        self.assertAccepted(inschrijving(instellingscode=instellingscode, bsn=bsn, achternaam=naam, **kw), org=org)
        return bsn, naam

    def wijzig(self, code, bsn, inschrijfdatum, uitschrijfdatum=None, org=None, onderwijsnummer=None):
        return self.ok("WijzigenInschrijving",
                       wijzigen_body(code, inschrijfdatum, uitschrijfdatum, bsn=bsn, onderwijsnummer=onderwijsnummer),
                       org=org)

    def assertNotChanged(self, resp, codes, veld=None):
        self.assertEqual(text(resp, "gelukt"), "false")
        self.assertEqual(sorted(c for c, _ in fouten(resp)), sorted(codes))
        if veld:
            self.assertEqual([v for _, v in fouten(resp)], [veld])
        self.assertIsNone(find(resp, "inschrijving"))
        self.assertEqual(set(child_names(resp)), {"gelukt", "fout"})

    def test_happy_path_returns_stored_inschrijving(self):
        bsn, naam = self.enrol(voornamen="Piet", uitschrijfdatum="2025-07-11")
        resp = self.wijzig("31XU", bsn, "2024-09-02", "2026-07-10")
        self.assertEqual(child_names(resp), ["gelukt", "inschrijving"])
        self.assertEqual(text(resp, "gelukt"), "true")
        i = find(resp, "inschrijving")
        self.assertEqual(child_names(i), ["instellingscode", "leerling", "inschrijfdatum", "uitschrijfdatum",
                                          "laatstGewijzigd"])
        self.assertEqual(text(i, "instellingscode"), "31XU")
        l = find(i, "leerling")
        self.assertEqual(child_names(l), ["persoonsgebondenNummer", "geslacht", "geboortedatum", "achternaam",
                                          "voornamen"])
        self.assertEqual([text(l, "persoonsgebondenNummer/bsn"), text(l, "geslacht"), text(l, "geboortedatum"),
                          text(l, "achternaam"), text(l, "voornamen")],
                         [bsn, "VROUW", "2012-05-17", naam, "Piet"])
        self.assertEqual([text(i, "inschrijfdatum"), text(i, "uitschrijfdatum")], ["2024-09-02", "2026-07-10"])
        self.assertRegex(text(i, "laatstGewijzigd"), DATETIME_WITH_ZONE)
        # and so it is stored
        self.assertEqual(self.entries(self.overzicht(zoek=naam)), [("31XU", bsn, naam, "2024-09-02", "2026-07-10")])

    def test_absent_uitschrijfdatum_clears_it(self):
        bsn, naam = self.enrol(uitschrijfdatum="2025-07-11")
        resp = self.wijzig("31XU", bsn, "2024-08-19")
        self.assertEqual(text(resp, "gelukt"), "true")
        i = find(resp, "inschrijving")
        self.assertIsNone(find(i, "uitschrijfdatum"))
        self.assertEqual(child_names(i), ["instellingscode", "leerling", "inschrijfdatum", "laatstGewijzigd"])
        self.assertEqual(self.entries(self.overzicht(zoek=naam)), [("31XU", bsn, naam, "2024-08-19", None)])

    def test_onderwijsnummer(self):
        naam = new_name()
        r = self.assertAccepted(inschrijving(bsn=None, achternaam=naam, adres=binnenland("1012AB", 99)))
        kind, number = result_pgn(r)
        self.assertEqual(kind, "onderwijsnummer")
        resp = self.wijzig("31XU", None, "2024-10-01", onderwijsnummer=number)
        self.assertEqual(text(resp, "gelukt"), "true")
        self.assertEqual(text(resp, "inschrijving/leerling/persoonsgebondenNummer/onderwijsnummer"), number)

    def test_0211_not_found(self):
        self.assertNotChanged(self.wijzig("31XU", new_bsn(), "2024-08-19"), ["ROD-0211"])
        # enrolled at 31XU, not at 31XV (same organisation)
        bsn, _ = self.enrol()
        self.assertNotChanged(self.wijzig("31XV", bsn, "2024-08-19"), ["ROD-0211"])

    def test_0203_dates(self):
        bsn, naam = self.enrol(uitschrijfdatum="2025-07-11")
        self.assertNotChanged(self.wijzig("31XU", bsn, "2024-09-02", "2024-09-01"), ["ROD-0203"])
        # nothing stored
        self.assertEqual(self.entries(self.overzicht(zoek=naam)), [("31XU", bsn, naam, "2024-08-19", "2025-07-11")])
        # one day is fine
        self.assertEqual(text(self.wijzig("31XU", bsn, "2024-09-02", "2024-09-02"), "gelukt"), "true")

    def test_all_failing_rules_are_reported(self):
        # wrong dates for a pupil that is not there: both
        self.assertNotChanged(self.wijzig("31XU", new_bsn(), "2024-09-02", "2024-09-01"), ["ROD-0203", "ROD-0211"])
        self.assertNotChanged(self.wijzig("31XU", new_bsn(), "1979-09-02", "1979-09-01"),
                              ["ROD-0202", "ROD-0203", "ROD-0211"])
        # not at another organisation's instelling: that would tell whether the pupil is there
        self.assertNotChanged(self.wijzig("24GP", new_bsn(), "2024-09-02", "2024-09-01"), ["ROD-0102", "ROD-0203"])
        self.assertNotChanged(self.wijzig("99ZZ", new_bsn(), "2024-09-02", "2024-09-01"), ["ROD-0201", "ROD-0203"])
        # with an existing pupil only the date rule
        bsn, _ = self.enrol()
        self.assertNotChanged(self.wijzig("31XU", bsn, "2024-09-02", "2024-09-01"), ["ROD-0203"])

    def test_0202_before_oprichtingsdatum(self):
        bsn, naam = self.enrol()
        self.assertNotChanged(self.wijzig("31XU", bsn, "1980-07-31"), ["ROD-0202"])
        self.assertEqual(self.entries(self.overzicht(zoek=naam)), [("31XU", bsn, naam, "2024-08-19", None)])
        self.assertEqual(text(self.wijzig("31XU", bsn, "1980-08-01"), "gelukt"), "true")

    def test_0204_invalid_bsn(self):
        self.assertNotChanged(self.wijzig("31XU", invalid_bsn(), "2024-08-19"), ["ROD-0204"])

    def test_0201_and_0102(self):
        bsn, _ = self.enrol()
        self.assertNotChanged(self.wijzig("99ZZ", bsn, "2024-08-19"), ["ROD-0201"], veld="instellingscode")
        self.assertNotChanged(self.wijzig("24GP", bsn, "2024-08-19"), ["ROD-0102"], veld="instellingscode")

    def test_other_school_cannot_change_pupil(self):
        bsn, naam = self.enrol(uitschrijfdatum="2025-07-11")
        # school-b at school-a's instelling: no authorisation, whether the pupil exists or not
        self.assertNotChanged(self.wijzig("31XU", bsn, "2024-09-01", org="school-b"), ["ROD-0102"])
        self.assertNotChanged(self.wijzig("31XU", new_bsn(), "2024-09-01", org="school-b"), ["ROD-0102"])
        # at its own instelling the pupil is simply not found
        self.assertNotChanged(self.wijzig("24GP", bsn, "2024-09-01", org="school-b"), ["ROD-0211"])
        self.assertEqual(self.entries(self.overzicht(zoek=naam)), [("31XU", bsn, naam, "2024-08-19", "2025-07-11")])


if __name__ == "__main__":
    unittest.main()
