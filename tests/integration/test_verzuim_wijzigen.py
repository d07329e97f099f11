"""WijzigenVerzuim: full replacement, status, immutable fields, versie and the
melding rules again (spec 4, 8.12)."""

import unittest

from rodclient import child_names, fouten, text
from verzuimlib import AMSTERDAM, SCHOOL_B, VerzuimTestCase, day, wijzigen_body


class Wijzigen(VerzuimTestCase):

    def setUp(self):
        self.bsn = self.enrol()
        self.begin = day(-10)
        self.nr = self.melden_ok(bsn=self.bsn, begindatum=self.begin, reden="Onbekend")

    def change(self, versie=None, org=None, **kw):
        args = dict(bsn=self.bsn, begindatum=self.begin)
        args.update(kw)
        return self.wijzigen(self.nr, versie=versie, org=org, **args)

    def test_happy_path(self):
        resp = self.change(versie=1, einddatum=day(-2), reden="Spijbelen", toelichting="Vaak te laat",
                           met_prioriteit=True, cs_naam="K. Yamamoto")
        self.assertGelukt(resp)
        self.assertEqual(child_names(resp), ["gelukt", "meldingnummer", "versie", "status"])
        self.assertEqual([text(resp, "meldingnummer"), text(resp, "versie"), text(resp, "status")],
                         [str(self.nr), "2", "GEREGISTREERD"])
        m = self.opvragen(self.nr)
        self.assertEqual(text(m, "versie"), "2")
        self.assertEqual(text(m, "melding/verzuim/einddatum"), day(-2))
        self.assertEqual(text(m, "melding/verzuim/vermoedelijkeReden"), "Spijbelen")
        self.assertEqual(text(m, "melding/verzuim/toelichting"), "Vaak te laat")
        self.assertEqual(text(m, "melding/verzuim/metPrioriteit"), "true")
        self.assertEqual(text(m, "melding/contactpersoonSchool/naam"), "K. Yamamoto")
        # the melddatum and the uitvoerende instantie stay
        self.assertEqual(text(m, "melddatum"), day(0))
        self.assertEqual(text(m, "uitvoerendeInstantie/gemeentecode"), "0363")

    def test_full_replacement_drops_what_is_not_sent(self):
        self.assertGelukt(self.change(toelichting="weg straks", email="leerling@example.nl"))
        self.assertGelukt(self.change())
        m = self.opvragen(self.nr)
        self.assertIsNone(text(m, "melding/verzuim/toelichting"))
        self.assertIsNone(text(m, "melding/leerling/email"))
        self.assertEqual(text(m, "versie"), "3")

    def test_without_versie(self):
        self.assertGelukt(self.change(einddatum=day(-1)))
        self.assertGelukt(self.change(einddatum=day(-2)))
        self.assertEqual(text(self.opvragen(self.nr), "versie"), "3")

    def test_stale_versie(self):
        self.assertGelukt(self.change(versie=1, einddatum=day(-1)))
        resp = self.change(versie=1, einddatum=day(-3))
        self.assertFouten(resp, ["ROD-0319"])
        self.assertEqual(fouten(resp), [("ROD-0319", "versie")])
        self.assertFouten(self.change(versie=3, einddatum=day(-3)), ["ROD-0319"])
        m = self.opvragen(self.nr)
        self.assertEqual([text(m, "versie"), text(m, "melding/verzuim/einddatum")], ["2", day(-1)])

    def test_immutable_fields(self):
        other = self.enrol()
        cases = [
            (dict(bsn=other), "melding/leerling/persoonsgebondenNummer"),
            (dict(instellingscode="31XV"), "melding/verzuim/instellingscode"),
            (dict(soort="OVERIG"), "melding/verzuim/soort"),
            (dict(begindatum=day(-9)), "melding/verzuim/begindatum"),
        ]
        for kw, veld in cases:
            resp = self.change(**kw)
            self.assertFouten(resp, ["ROD-0318"])
            self.assertEqual(fouten(resp), [("ROD-0318", veld)], kw)
        # all at once: four fouten
        resp = self.change(bsn=other, instellingscode="31XV", soort="OVERIG", begindatum=day(-9))
        self.assertFouten(resp, ["ROD-0318"] * 4)
        self.assertEqual(text(self.opvragen(self.nr), "versie"), "1")

    def test_status_must_be_open(self):
        self.assertGelukt(self.terugkoppeling(self.nr, status="IN_BEHANDELING"))
        self.assertGelukt(self.change(einddatum=day(-1)))          # IN_BEHANDELING: allowed
        self.assertGelukt(self.terugkoppeling(self.nr, status="TER_KENNISGEVING_AANGENOMEN"))
        resp = self.change(einddatum=day(-2))
        self.assertFouten(resp, ["ROD-0317"])
        self.assertEqual(text(self.opvragen(self.nr), "melding/verzuim/einddatum"), day(-1))

    def test_withdrawn_cannot_change(self):
        self.assertGelukt(self.intrekken(self.nr))
        self.assertFouten(self.change(einddatum=day(-2)), ["ROD-0317"])

    def test_closed_cannot_change(self):
        self.assertGelukt(self.terugkoppeling(self.nr, status="AFGESLOTEN", reden_afgesloten="HALT"))
        self.assertFouten(self.change(einddatum=day(-2)), ["ROD-0317"])

    def test_rules_apply_again(self):
        self.assertFouten(self.change(einddatum=day(-11)), ["ROD-0307"])
        self.assertFouten(self.change(actie_gewenst=False), ["ROD-0310"])
        self.assertFouten(self.change(verbijzondering="MOGELIJK_LANGDURIG_ZIEK"), ["ROD-0313"])
        self.assertFouten(self.change(dagen=[(day(-11), True, [], None)]), ["ROD-0314"])

    def test_overlap_with_other_melding_but_not_itself(self):
        # the open melding is closed at day -6; another one follows
        self.assertGelukt(self.change(einddatum=day(-6)))
        self.melden_ok(bsn=self.bsn, begindatum=day(-5), einddatum=day(-3), soort="LUXE")
        # extending into it overlaps; changing within the own period does not
        self.assertFouten(self.change(einddatum=day(-5)), ["ROD-0306"])
        self.assertGelukt(self.change(einddatum=day(-7)))
        self.assertGelukt(self.change(einddatum=day(-6)))

    def test_pupil_rules_again(self):
        # the pupil moved abroad after the melding was made
        self.enrol(bsn=self.bsn, adres="<adres><buitenland><landcode>5010</landcode>"
                                       "<adresregel1>Rue 1</adresregel1></buitenland></adres>")
        self.assertFouten(self.change(einddatum=day(-1)), ["ROD-0302"])

    def test_other_school_and_unknown(self):
        self.assertNotFound(self.wijzigen(self.nr, org=SCHOOL_B, bsn=self.bsn, begindatum=self.begin))
        self.assertNotFound(self.wijzigen(999999999, bsn=self.bsn, begindatum=self.begin))
        self.assertNotFound(self.wijzigen(-5, bsn=self.bsn, begindatum=self.begin))
        self.assertEqual(text(self.opvragen(self.nr), "versie"), "1")

    def test_gemeente_may_not_change(self):
        r = self.call("WijzigenVerzuim", wijzigen_body(self.nr, bsn=self.bsn, begindatum=self.begin), org=AMSTERDAM)
        self.assertFault(r, "ROD-0103")


if __name__ == "__main__":
    unittest.main()
