"""MeldenVerzuim: response, every melding rule and its code (spec 4)."""

import unittest

from rodclient import buitenland, child_names, find, fouten, text
from verzuimlib import SCHOOL_B, VerzuimTestCase, born, day, new_bsn, run_sql, sql_rows, zoeken_body


class Response(VerzuimTestCase):

    def test_happy_path_and_element_order(self):
        bsn = self.enrol()
        resp = self.melden(bsn=bsn, begindatum=day(-10), einddatum=day(-3))
        self.assertGelukt(resp)
        self.assertEqual(child_names(resp), ["gelukt", "meldingnummer", "versie", "status", "melddatum", "wet",
                                             "uitvoerendeInstantie"])
        self.assertGreater(int(text(resp, "meldingnummer")), 0)
        self.assertEqual(text(resp, "versie"), "1")
        self.assertEqual(text(resp, "status"), "GEREGISTREERD")
        self.assertEqual(text(resp, "melddatum"), day(0))
        self.assertEqual(text(resp, "wet"), "LEERPLICHTWET")
        ui = find(resp, "uitvoerendeInstantie")
        self.assertEqual(child_names(ui), ["gemeentecode", "naam"])
        self.assertEqual([text(ui, "gemeentecode"), text(ui, "naam")], ["0363", "Gemeente Amsterdam"])

    def test_groningen_pupil_goes_to_groningen(self):
        bsn = self.enrol(instellingscode="24GP", postcode="9712HN")
        resp = self.melden(org=SCHOOL_B, bsn=bsn, instellingscode="24GP", soort="LUXE")
        self.assertGelukt(resp)
        self.assertEqual([text(resp, "uitvoerendeInstantie/gemeentecode"), text(resp, "uitvoerendeInstantie/naam")],
                         ["0014", "Gemeente Groningen"])

    def test_numbers_unique_and_never_reused(self):
        seen = set()
        for _ in range(3):
            bsn = self.enrol()
            seen.add(self.melden_ok(bsn=bsn))
        self.assertEqual(len(seen), 3)
        # a rejected melding does not use up... nor reuse a number: the next one is new
        bsn = self.enrol()
        self.assertFout(self.melden(bsn=bsn, begindatum=day(1)), "ROD-0308")
        nr = self.melden_ok(bsn=bsn)
        self.assertNotIn(nr, seen)
        self.assertGreater(nr, max(seen))

    def test_wet_follows_age_on_begindatum(self):
        begin = day(-5)
        # exactly 18 on begindatum: RMC-wet
        import datetime
        b = datetime.date.fromisoformat(begin)
        eighteen = b.replace(year=b.year - 18) if not (b.month == 2 and b.day == 29) else b.replace(year=b.year - 18,
                                                                                                   day=28)
        bsn = self.enrol(geboortedatum=eighteen.isoformat())
        resp = self.melden(bsn=bsn, begindatum=begin, soort="ZESTIEN_UUR_18PLUS")
        self.assertGelukt(resp)
        self.assertEqual(text(resp, "wet"), "RMC_WET")
        # one day younger: still under 18, Leerplichtwet, and 18+ soorten refused
        younger = (eighteen + datetime.timedelta(days=1)).isoformat()
        bsn = self.enrol(geboortedatum=younger)
        self.assertFout(self.melden(bsn=bsn, begindatum=begin, soort="ZESTIEN_UUR_18PLUS"), "ROD-0304",
                        "melding/verzuim/soort")
        resp = self.melden(bsn=bsn, begindatum=begin, soort="ZESTIEN_UUR_18MIN")
        self.assertGelukt(resp)
        self.assertEqual(text(resp, "wet"), "LEERPLICHTWET")

    def test_text_is_trimmed(self):
        bsn = self.enrol()
        nr = self.melden_ok(bsn=bsn, reden="  Spijbelen \n", cs_naam="\tK. Yamamoto ")
        m = self.opvragen(nr)
        self.assertEqual(text(m, "melding/verzuim/vermoedelijkeReden"), "Spijbelen")
        self.assertEqual(text(m, "melding/contactpersoonSchool/naam"), "K. Yamamoto")

    def test_nothing_stored_when_rejected(self):
        bsn = self.enrol()
        self.assertFout(self.melden(bsn=bsn, einddatum=day(-30)), "ROD-0307")
        resp = self.ok("ZoekenVerzuim", zoeken_body(bsn=bsn, statussen=("GEREGISTREERD", "INGETROKKEN")))
        self.assertEqual(text(resp, "totaalAantal"), "0")
        try:
            rows = sql_rows("SELECT COUNT(*) FROM melding WHERE pgn = '%s'" % bsn)
        except unittest.SkipTest:
            return
        self.assertEqual(rows, [["0"]])


class Enrolment(VerzuimTestCase):
    """ROD-0301: an inschrijving at the instelling active on begindatum."""

    def test_unknown_pupil(self):
        self.assertFouten(self.melden(bsn=new_bsn()), ["ROD-0301"])
        resp = self.melden(bsn=new_bsn())
        self.assertIn(("ROD-0301", "melding/leerling/persoonsgebondenNummer"), fouten(resp))
        self.assertIn("Geen gegevens gevonden", text(resp, "fout/omschrijving"))

    def test_enrolled_at_other_instelling_of_same_school(self):
        bsn = self.enrol(instellingscode="31XV")
        self.assertFouten(self.melden(bsn=bsn, instellingscode="31XU"), ["ROD-0301"])
        self.assertGelukt(self.melden(bsn=bsn, instellingscode="31XV"))

    def test_not_yet_enrolled_on_begindatum(self):
        bsn = self.enrol(inschrijfdatum=day(-3))
        self.assertFouten(self.melden(bsn=bsn, begindatum=day(-4)), ["ROD-0301"])
        self.assertGelukt(self.melden(bsn=bsn, begindatum=day(-3)))  # inclusive

    def test_left_before_begindatum(self):
        bsn = self.enrol(inschrijfdatum=day(-400), uitschrijfdatum=day(-20))
        self.assertFouten(self.melden(bsn=bsn, begindatum=day(-19)), ["ROD-0301"])
        self.assertGelukt(self.melden(bsn=bsn, begindatum=day(-20), einddatum=day(-20)))  # inclusive

    def test_other_schools_pupil_reveals_nothing(self):
        # a pupil of school-b who lives abroad and is too old: school-a only
        # learns "Geen gegevens gevonden"
        bsn = self.enrol(instellingscode="24GP", geboortedatum=born(30), adres=buitenland())
        resp = self.melden(bsn=bsn, instellingscode="31XU", soort="ZESTIEN_UUR_18MIN")
        self.assertFouten(resp, ["ROD-0301"])


class Pupil(VerzuimTestCase):

    def test_abroad(self):
        bsn = self.enrol(adres=buitenland("5010", ("Rue de la Loi 16", "1000 Bruxelles")))
        resp = self.assertFouten(self.melden(bsn=bsn), ["ROD-0302"])
        self.assertIn("buitenland", text(resp, "fout/omschrijving"))

    def test_too_old(self):
        bsn = self.enrol(geboortedatum=born(24))
        self.assertFouten(self.melden(bsn=bsn, soort="OVERIG"), ["ROD-0303"])
        # exactly 23 on begindatum is too old, one day short of it is not
        bsn = self.enrol(geboortedatum=born(23, days=7))
        self.assertFouten(self.melden(bsn=bsn, begindatum=day(-7), soort="OVERIG"), ["ROD-0303"])
        bsn = self.enrol(geboortedatum=born(23, days=6))
        self.assertGelukt(self.melden(bsn=bsn, begindatum=day(-7), soort="RMC_18PLUS"))

    def test_startkwalificatie(self):
        bsn = self.enrol(geboortedatum=born(19))
        rc, _, err = run_sql("UPDATE persoon SET startkwalificatie = TRUE WHERE pgn = '%s'" % bsn)
        self.assertEqual(rc, 0, err)
        self.assertFouten(self.melden(bsn=bsn, soort="OVERIG"), ["ROD-0303"])

    def test_no_uitvoerende_instantie(self):
        bsn = self.enrol(postcode="5000AA")
        resp = self.assertFouten(self.melden(bsn=bsn), ["ROD-0315"])
        self.assertEqual(fouten(resp), [("ROD-0315", "melding/leerling/persoonsgebondenNummer")])

    def test_no_address_at_all(self):
        bsn = self.enrol(adres="")
        self.assertFouten(self.melden(bsn=bsn), ["ROD-0315"])


class Soort(VerzuimTestCase):

    def test_soort_by_age(self):
        young = self.enrol(geboortedatum=born(12))
        for soort in ("ZESTIEN_UUR_18PLUS", "RMC_18PLUS"):
            resp = self.melden(bsn=young, soort=soort)
            self.assertFouten(resp, ["ROD-0304"])
            self.assertEqual(fouten(resp), [("ROD-0304", "melding/verzuim/soort")])
        adult = self.enrol(geboortedatum=born(19))
        for soort in ("ZESTIEN_UUR_18MIN", "LANGDURIG_RELATIEF_18MIN"):
            self.assertFout(self.melden(bsn=adult, soort=soort), "ROD-0304", "melding/verzuim/soort")

    def test_overig_and_luxe_at_every_age(self):
        for years in (6, 19):
            bsn = self.enrol(geboortedatum=born(years))
            self.assertGelukt(self.melden(bsn=bsn, soort="OVERIG", begindatum=day(-20), einddatum=day(-15)))
            self.assertGelukt(self.melden(bsn=bsn, soort="LUXE", begindatum=day(-10), einddatum=day(-8)))

    def test_langdurig_needs_earlier_zestien_uur(self):
        bsn = self.enrol()
        resp = self.melden(bsn=bsn, soort="LANGDURIG_RELATIEF_18MIN", begindatum=day(-5))
        self.assertFouten(resp, ["ROD-0305"])
        self.assertEqual(fouten(resp), [("ROD-0305", "melding/verzuim/soort")])
        # an earlier 16-uren melding of another soort does not count
        self.melden_ok(bsn=bsn, soort="OVERIG", begindatum=day(-60), einddatum=day(-50))
        self.assertFouten(self.melden(bsn=bsn, soort="LANGDURIG_RELATIEF_18MIN", begindatum=day(-5)), ["ROD-0305"])
        # nor a withdrawn one
        nr = self.melden_ok(bsn=bsn, soort="ZESTIEN_UUR_18MIN", begindatum=day(-40), einddatum=day(-35))
        self.assertGelukt(self.intrekken(nr))
        self.assertFouten(self.melden(bsn=bsn, soort="LANGDURIG_RELATIEF_18MIN", begindatum=day(-5)), ["ROD-0305"])
        # a later one does not either
        self.melden_ok(bsn=bsn, soort="ZESTIEN_UUR_18MIN", begindatum=day(-4), einddatum=day(-3))
        self.assertFouten(self.melden(bsn=bsn, soort="LANGDURIG_RELATIEF_18MIN", begindatum=day(-20),
                                      einddatum=day(-10)), ["ROD-0305"])
        # an earlier, not withdrawn 16-uren melding does
        self.melden_ok(bsn=bsn, soort="ZESTIEN_UUR_18MIN", begindatum=day(-34), einddatum=day(-30))
        self.assertGelukt(self.melden(bsn=bsn, soort="LANGDURIG_RELATIEF_18MIN", begindatum=day(-29),
                                      einddatum=day(-21)))


class Overlap(VerzuimTestCase):
    """ROD-0306: inclusive dates; an open einddatum runs to infinity."""

    def test_shared_day_overlaps(self):
        bsn = self.enrol()
        self.melden_ok(bsn=bsn, begindatum=day(-20), einddatum=day(-10), soort="OVERIG")
        resp = self.melden(bsn=bsn, begindatum=day(-10), einddatum=day(-5), soort="LUXE")
        self.assertFouten(resp, ["ROD-0306"])
        self.assertEqual(fouten(resp), [("ROD-0306", "melding/verzuim/begindatum")])
        self.assertFouten(self.melden(bsn=bsn, begindatum=day(-25), einddatum=day(-20), soort="LUXE"), ["ROD-0306"])
        self.assertFouten(self.melden(bsn=bsn, begindatum=day(-15), einddatum=day(-15), soort="LUXE"), ["ROD-0306"])
        self.assertFouten(self.melden(bsn=bsn, begindatum=day(-30), einddatum=day(-1), soort="LUXE"), ["ROD-0306"])
        # adjacent periods do not overlap
        self.assertGelukt(self.melden(bsn=bsn, begindatum=day(-9), einddatum=day(-8), soort="LUXE"))
        self.assertGelukt(self.melden(bsn=bsn, begindatum=day(-22), einddatum=day(-21), soort="LUXE"))

    def test_open_period_runs_to_infinity(self):
        bsn = self.enrol()
        self.melden_ok(bsn=bsn, begindatum=day(-20))
        self.assertFouten(self.melden(bsn=bsn, begindatum=day(-2), einddatum=day(-1), soort="LUXE"), ["ROD-0306"])
        self.assertFouten(self.melden(bsn=bsn, begindatum=day(-30), soort="LUXE"), ["ROD-0306"])
        self.assertGelukt(self.melden(bsn=bsn, begindatum=day(-30), einddatum=day(-21), soort="LUXE"))

    def test_new_open_period_against_later_one(self):
        bsn = self.enrol()
        self.melden_ok(bsn=bsn, begindatum=day(-5), einddatum=day(-4))
        self.assertFouten(self.melden(bsn=bsn, begindatum=day(-30), soort="OVERIG"), ["ROD-0306"])

    def test_withdrawn_does_not_count(self):
        bsn = self.enrol()
        nr = self.melden_ok(bsn=bsn, begindatum=day(-20), einddatum=day(-10))
        self.assertGelukt(self.intrekken(nr, reden="FOUTIEF_GEMELD_NIEUWE_MELDING"))
        self.assertGelukt(self.melden(bsn=bsn, begindatum=day(-20), einddatum=day(-10)))

    def test_closed_still_counts(self):
        bsn = self.enrol()
        nr = self.melden_ok(bsn=bsn, begindatum=day(-20), einddatum=day(-10))
        self.assertGelukt(self.terugkoppeling(nr, status="AFGESLOTEN", reden_afgesloten="Terug naar school"))
        self.assertFouten(self.melden(bsn=bsn, begindatum=day(-12), einddatum=day(-11), soort="LUXE"), ["ROD-0306"])


class Dates(VerzuimTestCase):

    def test_einddatum_before_begindatum(self):
        bsn = self.enrol()
        resp = self.assertFouten(self.melden(bsn=bsn, begindatum=day(-5), einddatum=day(-6)), ["ROD-0307"])
        self.assertEqual(fouten(resp), [("ROD-0307", "melding/verzuim/einddatum")])

    def test_begindatum_in_future(self):
        bsn = self.enrol()
        resp = self.assertFouten(self.melden(bsn=bsn, begindatum=day(1)), ["ROD-0308"])
        self.assertEqual(fouten(resp), [("ROD-0308", "melding/verzuim/begindatum")])
        self.assertGelukt(self.melden(bsn=bsn, begindatum=day(0), einddatum=day(14), soort="LUXE"))


class Hoofdinschrijving(VerzuimTestCase):
    """ROD-0309: only the instelling of the earliest-started active
    inschrijving (on a tie the lowest code) may report."""

    def test_earliest_started_reports(self):
        bsn = self.enrol(instellingscode="31XU", inschrijfdatum=day(-700))
        self.enrol(instellingscode="31XV", inschrijfdatum=day(-300), bsn=bsn)
        resp = self.melden(bsn=bsn, instellingscode="31XV")
        self.assertFouten(resp, ["ROD-0309"])
        self.assertEqual(fouten(resp), [("ROD-0309", "melding/verzuim/instellingscode")])
        self.assertIn("hoofdinschrijving", text(resp, "fout/omschrijving"))
        self.assertGelukt(self.melden(bsn=bsn, instellingscode="31XU"))

    def test_tie_goes_to_lowest_code(self):
        bsn = self.enrol(instellingscode="31XV", inschrijfdatum=day(-100))
        self.enrol(instellingscode="31XU", inschrijfdatum=day(-100), bsn=bsn)
        self.assertFouten(self.melden(bsn=bsn, instellingscode="31XV"), ["ROD-0309"])
        self.assertGelukt(self.melden(bsn=bsn, instellingscode="31XU"))

    def test_only_active_inschrijvingen_count(self):
        # the earlier inschrijving at 31XU ended before begindatum
        bsn = self.enrol(instellingscode="31XU", inschrijfdatum=day(-700), uitschrijfdatum=day(-200))
        self.enrol(instellingscode="31XV", inschrijfdatum=day(-300), bsn=bsn)
        self.assertGelukt(self.melden(bsn=bsn, instellingscode="31XV"))

    def test_across_organisations(self):
        bsn = self.enrol(instellingscode="24GP", inschrijfdatum=day(-500), postcode="1012AB")
        self.enrol(instellingscode="31XU", inschrijfdatum=day(-100), bsn=bsn)
        self.assertFouten(self.melden(bsn=bsn, instellingscode="31XU"), ["ROD-0309"])
        self.assertGelukt(self.melden(org=SCHOOL_B, bsn=bsn, instellingscode="24GP"))


class MeldingFields(VerzuimTestCase):

    def test_toelichting_actie_gewenst(self):
        bsn = self.enrol()
        resp = self.assertFouten(self.melden(bsn=bsn, actie_gewenst=False), ["ROD-0310"])
        self.assertEqual(fouten(resp), [("ROD-0310", "melding/verzuim/toelichtingActieGewenst")])
        self.assertGelukt(self.melden(bsn=bsn, actie_gewenst=False, toelichting_actie="School begeleidt zelf"))

    def test_prioriteit_needs_actie(self):
        bsn = self.enrol()
        resp = self.melden(bsn=bsn, actie_gewenst=False, toelichting_actie="x", met_prioriteit=True)
        self.assertFouten(resp, ["ROD-0311"])
        self.assertEqual(fouten(resp), [("ROD-0311", "melding/verzuim/metPrioriteit")])
        self.assertGelukt(self.melden(bsn=bsn, actie_gewenst=True, met_prioriteit=True))

    def test_anders_needs_toelichting(self):
        bsn = self.enrol()
        resp = self.melden(bsn=bsn, acties=("BRIEF_GESTUURD", "ANDERS"))
        self.assertFouten(resp, ["ROD-0312"])
        self.assertEqual(fouten(resp), [("ROD-0312", "melding/actiesSchool/toelichting")])
        self.assertGelukt(self.melden(bsn=bsn, acties=("ANDERS",), acties_toelichting="Schoolarts ingeschakeld"))

    def test_verbijzondering_only_with_overig(self):
        bsn = self.enrol()
        for soort in ("ZESTIEN_UUR_18MIN", "LUXE"):
            resp = self.melden(bsn=bsn, soort=soort, verbijzondering="MOGELIJK_LANGDURIG_ZIEK")
            self.assertFouten(resp, ["ROD-0313"])
            self.assertEqual(fouten(resp), [("ROD-0313", "melding/verzuim/verbijzondering")])
        self.assertGelukt(self.melden(bsn=bsn, soort="OVERIG", verbijzondering="VERMOEDELIJK_ONGEOORLOOFD"))

    def test_afwijkend_postcode(self):
        bsn = self.enrol()
        resp = self.melden(bsn=bsn, afwijkend=("regulier", {"straatnaam": "Damrak", "huisnummer": 1,
                                                             "postcode": "1012SA"}))
        self.assertFouten(resp, ["ROD-0210"])
        self.assertEqual(fouten(resp), [("ROD-0210", "melding/leerling/afwijkendAdres/regulier/postcode")])

    def test_invalid_bsn(self):
        resp = self.melden(bsn="123456789")
        self.assertFouten(resp, ["ROD-0204"])
        self.assertEqual(fouten(resp), [("ROD-0204", "melding/leerling/persoonsgebondenNummer/bsn")])

    def test_instelling_unknown_or_not_own(self):
        bsn = self.enrol()
        self.assertFouten(self.melden(bsn=bsn, instellingscode="99ZZ"), ["ROD-0201"])
        resp = self.assertFouten(self.melden(bsn=bsn, instellingscode="24GP"), ["ROD-0102"])
        self.assertEqual(fouten(resp), [("ROD-0102", "melding/verzuim/instellingscode")])


class Verzuimdagen(VerzuimTestCase):
    """ROD-0314: dates within the period (up to today when open), no date
    twice, heleDag without lesuren, not heleDag with at least one."""

    def test_valid_days(self):
        bsn = self.enrol()
        dagen = [(day(-7), True, [], "ziek gemeld"), (day(-6), False, [1, 2, 5], None), (day(0), True, [], None)]
        nr = self.melden_ok(bsn=bsn, begindatum=day(-7), dagen=dagen)
        m = self.opvragen(nr)
        dd = m.findall(".//{urn:rodgate:rod:v1}verzuimdag")
        self.assertEqual(len(dd), 3)
        self.assertEqual([e.text for e in dd[1].findall("{urn:rodgate:rod:v1}lesuur")], ["1", "2", "5"])

    def test_day_outside_period(self):
        bsn = self.enrol()
        resp = self.melden(bsn=bsn, begindatum=day(-7), einddatum=day(-3),
                           dagen=[(day(-8), True, [], None), (day(-5), True, [], None), (day(-2), True, [], None)])
        self.assertFouten(resp, ["ROD-0314", "ROD-0314"])
        self.assertEqual(fouten(resp), [("ROD-0314", "melding/lesuren/verzuimdag[1]/datum"),
                                        ("ROD-0314", "melding/lesuren/verzuimdag[3]/datum")])

    def test_open_period_runs_to_today(self):
        bsn = self.enrol()
        resp = self.melden(bsn=bsn, begindatum=day(-7), dagen=[(day(1), True, [], None)])
        self.assertEqual(fouten(resp), [("ROD-0314", "melding/lesuren/verzuimdag[1]/datum")])

    def test_date_twice(self):
        bsn = self.enrol()
        resp = self.melden(bsn=bsn, begindatum=day(-7),
                           dagen=[(day(-6), True, [], None), (day(-5), True, [], None), (day(-6), False, [3], None)])
        self.assertEqual(fouten(resp), [("ROD-0314", "melding/lesuren/verzuimdag[3]/datum")])

    def test_hele_dag_and_lesuren(self):
        bsn = self.enrol()
        resp = self.melden(bsn=bsn, begindatum=day(-7),
                           dagen=[(day(-6), True, [2], None), (day(-5), False, [], None),
                                  (day(-4), False, [3, 3], None)])
        self.assertEqual(fouten(resp), [("ROD-0314", "melding/lesuren/verzuimdag[1]/lesuur"),
                                        ("ROD-0314", "melding/lesuren/verzuimdag[2]/lesuur"),
                                        ("ROD-0314", "melding/lesuren/verzuimdag[3]/lesuur")])


class AllRulesReported(VerzuimTestCase):

    def test_every_failing_rule(self):
        bsn = self.enrol(postcode="5000AA")
        resp = self.melden(bsn=bsn, begindatum=day(-5), einddatum=day(-6), soort="RMC_18PLUS",
                           verbijzondering="VERMOEDELIJK_ONGEOORLOOFD", actie_gewenst=False, met_prioriteit=True,
                           acties=("ANDERS",), dagen=[(day(-5), True, [1], None)])
        # the verzuimdag lies outside the (impossible) period and has a
        # lesuur on a whole day: two ROD-0314
        self.assertFouten(resp, ["ROD-0304", "ROD-0307", "ROD-0310", "ROD-0311", "ROD-0312", "ROD-0313",
                                 "ROD-0314", "ROD-0314", "ROD-0315"])


if __name__ == "__main__":
    unittest.main()
