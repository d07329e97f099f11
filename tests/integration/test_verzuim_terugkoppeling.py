"""VerwerkenTerugkoppeling: transitions (ROD-0324), redenAfgesloten (ROD-0325),
who may give feedback (ROD-0316, ROD-0103) (spec 4)."""

import unittest

from rodclient import child_names, find, fouten, text
from verzuimlib import AMSTERDAM, GRONINGEN, SCHOOL_A, SCHOOL_B, VerzuimTestCase, day, terugkoppeling_body

FEEDBACK = ("IN_BEHANDELING", "AFGESLOTEN", "TER_KENNISGEVING_AANGENOMEN", "OVERGEDRAGEN_AAN_DERDEN")
FINAL = ("AFGESLOTEN", "TER_KENNISGEVING_AANGENOMEN", "OVERGEDRAGEN_AAN_DERDEN")


class Terugkoppeling(VerzuimTestCase):

    def make(self):
        bsn = self.enrol()
        return self.melden_ok(bsn=bsn)

    def feedback(self, nr, status, org=AMSTERDAM, **kw):
        if status == "AFGESLOTEN":
            kw.setdefault("reden_afgesloten", "Leerling gaat weer naar school")
        return self.terugkoppeling(nr, status=status, org=org, **kw)

    def test_happy_path_and_shape(self):
        nr = self.make()
        resp = self.feedback(nr, "IN_BEHANDELING", naam="L. Skywalker", functie="Leerplichtambtenaar",
                             telefoon="020 555 0101", email="l.skywalker@amsterdam.example.nl",
                             toelichting="Gesprek met ouders gepland")
        self.assertGelukt(resp)
        self.assertEqual(child_names(resp), ["gelukt", "meldingnummer", "versie", "status"])
        self.assertEqual([text(resp, "meldingnummer"), text(resp, "versie"), text(resp, "status")],
                         [str(nr), "2", "IN_BEHANDELING"])
        for org in (SCHOOL_A, AMSTERDAM):
            m = self.opvragen(nr, org=org)
            self.assertEqual(text(m, "status"), "IN_BEHANDELING")
            t = find(m, "terugkoppeling")
            self.assertEqual(child_names(t), ["datum", "organisatie", "naamBehandelaar", "functieBehandelaar",
                                              "telefoonBehandelaar", "emailBehandelaar", "toelichting"])
            self.assertEqual([text(t, n) for n in child_names(t)],
                             [day(0), "Gemeente Amsterdam", "L. Skywalker", "Leerplichtambtenaar", "020 555 0101",
                              "l.skywalker@amsterdam.example.nl", "Gesprek met ouders gepland"])

    def test_later_feedback_replaces_earlier(self):
        nr = self.make()
        self.assertGelukt(self.feedback(nr, "IN_BEHANDELING", functie="LPA", toelichting="eerst"))
        self.assertGelukt(self.feedback(nr, "AFGESLOTEN", naam="J. Boezeroen", reden_afgesloten="HALT"))
        m = self.opvragen(nr)
        t = find(m, "terugkoppeling")
        self.assertEqual(child_names(t), ["datum", "organisatie", "naamBehandelaar"])
        self.assertEqual(text(t, "naamBehandelaar"), "J. Boezeroen")
        self.assertEqual([text(m, "status"), text(m, "redenAfgesloten"), text(m, "versie")],
                         ["AFGESLOTEN", "HALT", "3"])

    def test_from_geregistreerd_to_every_feedback_status(self):
        for status in FEEDBACK:
            nr = self.make()
            self.assertGelukt(self.feedback(nr, status))
            self.assertEqual(text(self.opvragen(nr), "status"), status)

    def test_from_in_behandeling(self):
        nr = self.make()
        self.assertGelukt(self.feedback(nr, "IN_BEHANDELING"))
        resp = self.feedback(nr, "IN_BEHANDELING")
        self.assertFouten(resp, ["ROD-0324"])
        self.assertEqual(fouten(resp), [("ROD-0324", "status")])
        for status in FINAL:
            nr = self.make()
            self.assertGelukt(self.feedback(nr, "IN_BEHANDELING"))
            self.assertGelukt(self.feedback(nr, status))

    def test_nothing_from_a_final_status(self):
        for final in FINAL:
            nr = self.make()
            self.assertGelukt(self.feedback(nr, final))
            for status in FEEDBACK:
                self.assertFouten(self.feedback(nr, status), ["ROD-0324"])
            self.assertEqual(text(self.opvragen(nr), "versie"), "2")

    def test_nothing_from_ingetrokken(self):
        nr = self.make()
        self.assertGelukt(self.intrekken(nr))
        for status in FEEDBACK:
            self.assertFouten(self.feedback(nr, status), ["ROD-0324"])

    def test_reden_afgesloten_required(self):
        nr = self.make()
        resp = self.terugkoppeling(nr, status="AFGESLOTEN")
        self.assertFouten(resp, ["ROD-0325"])
        self.assertEqual(fouten(resp), [("ROD-0325", "redenAfgesloten")])
        self.assertEqual(text(self.opvragen(nr), "status"), "GEREGISTREERD")
        # both rules at once
        self.assertGelukt(self.feedback(nr, "TER_KENNISGEVING_AANGENOMEN"))
        self.assertFouten(self.terugkoppeling(nr, status="AFGESLOTEN"), ["ROD-0324", "ROD-0325"])

    def test_reden_afgesloten_only_with_afgesloten(self):
        nr = self.make()
        self.assertGelukt(self.terugkoppeling(nr, status="IN_BEHANDELING", reden_afgesloten="nog niet"))
        self.assertIsNone(text(self.opvragen(nr), "redenAfgesloten"))

    def test_other_gemeente_and_unknown(self):
        nr = self.make()
        self.assertNotFound(self.feedback(nr, "IN_BEHANDELING", org=GRONINGEN))
        self.assertNotFound(self.feedback(4000000000, "IN_BEHANDELING"))
        self.assertEqual(text(self.opvragen(nr), "status"), "GEREGISTREERD")

    def test_school_may_not_give_feedback(self):
        nr = self.make()
        for org in (SCHOOL_A, SCHOOL_B):
            self.assertFault(self.call("VerwerkenTerugkoppeling", terugkoppeling_body(nr), org=org), "ROD-0103")


if __name__ == "__main__":
    unittest.main()
