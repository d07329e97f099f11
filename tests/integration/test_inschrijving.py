"""AanleverenInschrijving: results per item, every rule code, numbers (spec 3)."""

import datetime
import unittest

from rodclient import (DATETIME_WITH_ZONE, aanleveren_body, binnenland, buitenland, child_names, find, findall,
                       fout_codes, fouten, inschrijving, invalid_bsn, invalid_onderwijsnummer, new_bsn, new_name,
                       new_onderwijsnummer, onderwijsnummer_valid, result_pgn, RodTestCase, text, today,
                       years_before)


class ResultaatShape(RodTestCase):

    def test_happy_path_bsn(self):
        bsn, naam = new_bsn(), new_name()
        resp = self.aanleveren([inschrijving(referentie="ref-bsn-1", bsn=bsn, achternaam=naam, voorvoegsels="van",
                                             voornamen="Anna Maria", inschrijfdatum="2024-08-19",
                                             uitschrijfdatum="2025-07-11")])
        self.assertEqual(child_names(resp), ["aantalVerwerkt", "aantalGelukt", "aantalAfgekeurd", "resultaat"])
        self.assertEqual([text(resp, "aantalVerwerkt"), text(resp, "aantalGelukt"), text(resp, "aantalAfgekeurd")],
                         ["1", "1", "0"])
        r = find(resp, "resultaat")
        self.assertEqual(child_names(r), ["volgnummer", "referentie", "status", "persoonsgebondenNummer"])
        self.assertEqual(text(r, "volgnummer"), "1")
        self.assertEqual(text(r, "referentie"), "ref-bsn-1")
        self.assertEqual(text(r, "status"), "GELUKT")
        self.assertEqual(result_pgn(r), ("bsn", bsn))
        # stored as sent
        ov = self.overzicht(zoek=naam)
        self.assertEqual(text(ov, "totaalAantal"), "1")
        blok = findall(ov, "instelling")[0]
        self.assertEqual(text(blok, "instellingscode"), "31XU")
        i = find(blok, "inschrijving")
        self.assertEqual(child_names(i), ["leerling", "inschrijfdatum", "uitschrijfdatum", "laatstGewijzigd"])
        l = find(i, "leerling")
        self.assertEqual(child_names(l), ["persoonsgebondenNummer", "geslacht", "geboortedatum", "achternaam",
                                          "voorvoegsels", "voornamen"])
        self.assertEqual(text(l, "persoonsgebondenNummer/bsn"), bsn)
        self.assertEqual([text(l, "geslacht"), text(l, "geboortedatum"), text(l, "achternaam"),
                          text(l, "voorvoegsels"), text(l, "voornamen")],
                         ["VROUW", "2012-05-17", naam, "van", "Anna Maria"])
        self.assertEqual([text(i, "inschrijfdatum"), text(i, "uitschrijfdatum")], ["2024-08-19", "2025-07-11"])
        self.assertRegex(text(i, "laatstGewijzigd"), DATETIME_WITH_ZONE)

    def test_happy_path_onderwijsnummer(self):
        onr, naam = new_onderwijsnummer(), new_name()
        r = self.assertAccepted(inschrijving(instellingscode="31XV", onderwijsnummer=onr, achternaam=naam,
                                             geslacht="MAN", geboortedatum="2010-03"))
        self.assertEqual(result_pgn(r), ("onderwijsnummer", onr))
        ov = self.overzicht(zoek=naam)
        self.assertEqual([(e[0], e[1], e[2]) for e in self.entries(ov)], [("31XV", onr, naam)])
        l = find(ov, "instelling/inschrijving/leerling")
        self.assertEqual([text(l, "geslacht"), text(l, "geboortedatum")], ["MAN", "2010-03"])

    def test_text_is_trimmed_and_kept_as_sent(self):
        naam = new_name("Ünïcødé-")
        r = self.assertAccepted(inschrijving(achternaam="  \n" + naam + "\t ", voornamen=" Zoë  Ïda "))
        ov = self.overzicht(zoek=naam)
        l = find(ov, "instelling/inschrijving/leerling")
        self.assertEqual(text(l, "achternaam"), naam)
        self.assertEqual(text(l, "voornamen"), "Zoë  Ïda")
        self.assertEqual(text(l, "persoonsgebondenNummer/bsn"), result_pgn(r)[1])

    def test_results_in_request_order_mixed(self):
        names = [new_name() for _ in range(6)]
        items = [
            inschrijving(referentie="r1", achternaam=names[0]),
            inschrijving(referentie="r2", instellingscode="99ZZ", achternaam=names[1]),
            inschrijving(achternaam=names[2], instellingscode="31XV"),
            inschrijving(referentie="r4", bsn=invalid_bsn(), achternaam=names[3]),
            inschrijving(referentie="r5", achternaam=names[4], bsn=None),  # assigned number
            inschrijving(referentie="r6", achternaam=names[5], adres=binnenland("1234SD")),
        ]
        resp = self.aanleveren(items)
        self.assertEqual([text(resp, "aantalVerwerkt"), text(resp, "aantalGelukt"), text(resp, "aantalAfgekeurd")],
                         ["6", "3", "3"])
        res = findall(resp, "resultaat")
        self.assertEqual([text(r, "volgnummer") for r in res], ["1", "2", "3", "4", "5", "6"])
        self.assertEqual([text(r, "referentie") for r in res], ["r1", "r2", None, "r4", "r5", "r6"])
        self.assertEqual([text(r, "status") for r in res],
                         ["GELUKT", "AFGEKEURD", "GELUKT", "AFGEKEURD", "GELUKT", "AFGEKEURD"])
        self.assertEqual([fout_codes(r) for r in res], [[], ["ROD-0201"], [], ["ROD-0204"], [], ["ROD-0210"]])
        self.assertEqual([result_pgn(r) is not None for r in res], [True, False, True, False, True, False])
        self.assertEqual(result_pgn(res[4])[0], "onderwijsnummer")
        for r in res:  # element order inside a rejected resultaat
            if text(r, "status") == "AFGEKEURD":
                self.assertEqual(child_names(r)[-1], "fout")
                self.assertNotIn("persoonsgebondenNummer", child_names(r))
        for i, naam in enumerate(names):
            ov = self.overzicht(zoek=naam)
            self.assertEqual(text(ov, "totaalAantal"), "1" if i in (0, 2, 4) else "0", naam)


class Items(RodTestCase):

    def test_same_bsn_twice_in_one_batch_later_wins(self):
        bsn, naam1, naam2 = new_bsn(), new_name(), new_name()
        resp = self.aanleveren([
            inschrijving(bsn=bsn, achternaam=naam1, inschrijfdatum="2024-08-19", uitschrijfdatum="2024-12-20"),
            inschrijving(bsn=bsn, achternaam=naam2, inschrijfdatum="2025-01-06"),
        ])
        self.assertEqual([text(r, "status") for r in findall(resp, "resultaat")], ["GELUKT", "GELUKT"])
        self.assertEqual(text(self.overzicht(zoek=naam1), "totaalAantal"), "0")
        self.assertEqual(self.entries(self.overzicht(zoek=naam2)), [("31XU", bsn, naam2, "2025-01-06", None)])

    def test_referentie_echo_is_escaped_text(self):
        ref = "<a & 'b' \"c\">é"
        r = self.assertAccepted(inschrijving(referentie=ref))
        self.assertEqual(text(r, "referentie"), ref)
        r = self.submit_one(inschrijving(referentie=ref, instellingscode="99ZZ"))
        self.assertEqual(text(r, "referentie"), ref)

    def test_lengths_and_empty_text_are_xsd_faults(self):
        self.assertAccepted(inschrijving(achternaam=new_name("ß") + "ẞ" * 180))  # under 200 characters
        for item in (inschrijving(achternaam="ä" * 201), inschrijving(achternaam="   "),
                     inschrijving(voorvoegsels="van der den"), inschrijving(referentie="r" * 65),
                     inschrijving(geboortedatum="2012-5-17"), inschrijving(inschrijfdatum="2024-08-19Z"),
                     inschrijving(adres=binnenland("0123AB")), inschrijving(adres=binnenland("1012ab")),
                     inschrijving(adres=binnenland("1012AB", 100000))):
            with self.subTest(item=item[:160]):
                self.assertFault(self.call("AanleverenInschrijving", aanleveren_body([item])), "ROD-0002")


class Rules(RodTestCase):
    """Every rule code of section 3, one item at a time; exactly the codes expected."""

    def test_0201_unknown_instelling(self):
        r = self.assertRejected(inschrijving(instellingscode="99ZZ"), ["ROD-0201"])
        self.assertEqual(fouten(r), [("ROD-0201", "instellingscode")])

    def test_0102_instelling_of_other_organisation(self):
        r = self.assertRejected(inschrijving(instellingscode="24GP", inschrijfdatum="2024-08-19"), ["ROD-0102"])
        self.assertEqual(fouten(r), [("ROD-0102", "instellingscode")])
        self.assertRejected(inschrijving(instellingscode="31XU"), ["ROD-0102"], org="school-b")

    def test_0202_before_oprichtingsdatum(self):
        self.assertRejected(inschrijving(instellingscode="31XU", inschrijfdatum="1980-07-31"), ["ROD-0202"])
        self.assertRejected(inschrijving(instellingscode="31XV", inschrijfdatum="1985-07-31"), ["ROD-0202"])
        self.assertRejected(inschrijving(instellingscode="24GP", inschrijfdatum="2001-07-31"), ["ROD-0202"],
                            org="school-b")
        # the oprichtingsdatum itself is allowed
        self.assertAccepted(inschrijving(instellingscode="31XU", inschrijfdatum="1980-08-01"))

    def test_0203_inschrijfdatum_after_uitschrijfdatum(self):
        self.assertRejected(inschrijving(inschrijfdatum="2024-09-01", uitschrijfdatum="2024-08-31"), ["ROD-0203"])
        # one day (both ends inclusive) is allowed
        self.assertAccepted(inschrijving(inschrijfdatum="2024-09-01", uitschrijfdatum="2024-09-01"))

    def test_0204_bad_bsn(self):
        r = self.assertRejected(inschrijving(bsn=invalid_bsn()), ["ROD-0204"])
        self.assertEqual(fouten(r), [("ROD-0204", "leerling/persoonsgebondenNummer/bsn")])
        # weighted sum 0 passes "divisible by 11" but is not a BSN
        self.assertRejected(inschrijving(bsn="000000000"), ["ROD-0204"])
        # 111111110: sum 9+8+7+6+5+4+3+2-0 = 44, divisible by 11: valid
        self.assertAccepted(inschrijving(bsn="111111110", achternaam=new_name()))

    def test_0205_bad_onderwijsnummer(self):
        onr = invalid_onderwijsnummer()
        r = self.assertRejected(inschrijving(onderwijsnummer=onr), ["ROD-0205"])
        self.assertEqual(fouten(r), [("ROD-0205", "leerling/persoonsgebondenNummer/onderwijsnummer")])
        # 101222331 is the contract's example of a valid one
        self.assertTrue(onderwijsnummer_valid("101222331"))

    def test_0206_not_a_calendar_date(self):
        for d in ("2015-02-30", "2015-13", "2015-00", "2015-04-31", "2015-01-00", "2013-02-29", "0000"):
            with self.subTest(geboortedatum=d):
                r = self.assertRejected(inschrijving(geboortedatum=d), ["ROD-0206"])
                self.assertEqual(fouten(r), [("ROD-0206", "leerling/geboortedatum")])
        self.assertAccepted(inschrijving(geboortedatum="2012-02-29"))  # a leap day

    def test_0207_younger_than_4(self):
        t = today()
        three = years_before(t, 3)
        self.assertRejected(inschrijving(geboortedatum=three.isoformat()), ["ROD-0207"])
        # the fourth birthday is today: old enough; tomorrow: not yet
        four = years_before(t, 4)
        self.assertAccepted(inschrijving(geboortedatum=four.isoformat()))
        almost = years_before(t + datetime.timedelta(days=1), 4)
        if almost > four:
            self.assertRejected(inschrijving(geboortedatum=almost.isoformat()), ["ROD-0207"])
        # a partial date counts from its earliest possible day
        self.assertAccepted(inschrijving(geboortedatum=str(t.year - 4)))
        self.assertRejected(inschrijving(geboortedatum=str(t.year - 3)), ["ROD-0207"])
        if t.month < 12:  # born in the month after this one, four years ago: not yet 4
            self.assertRejected(inschrijving(geboortedatum="%04d-%02d" % (t.year - 4, t.month + 1)), ["ROD-0207"])

    def test_0212_birth_date_in_future(self):
        t = today()
        for d in ((t + datetime.timedelta(days=1)).isoformat(), str(t.year + 1),
                  "%04d-%02d" % ((t.year + 1, 1) if t.month == 12 else (t.year, t.month + 1))):
            with self.subTest(geboortedatum=d):
                r = self.submit_one(inschrijving(geboortedatum=d))
                self.assertEqual(text(r, "status"), "AFGEKEURD")
                codes = fout_codes(r)
                # ROD-0212 is required; a register may also report ROD-0207
                # for it (a pupil not yet born is younger than 4), nothing else
                self.assertIn("ROD-0212", codes)
                self.assertLessEqual(set(codes), {"ROD-0212", "ROD-0207"})

    def test_0208_no_number_needs_name_and_address(self):
        r = self.assertRejected(inschrijving(bsn=None, achternaam=None, adres=None), ["ROD-0208", "ROD-0208"])
        self.assertEqual(sorted(v for _, v in fouten(r)), ["leerling/achternaam", "leerling/adres"])
        r = self.assertRejected(inschrijving(bsn=None, adres=None), ["ROD-0208"])
        self.assertEqual(fouten(r), [("ROD-0208", "leerling/adres")])
        r = self.assertRejected(inschrijving(bsn=None, achternaam=None), ["ROD-0208"])
        self.assertEqual(fouten(r), [("ROD-0208", "leerling/achternaam")])
        # with a number neither is needed
        self.assertAccepted(inschrijving(achternaam=None, adres=None))

    def test_0209_foreign_address(self):
        r = self.assertRejected(inschrijving(adres=buitenland("5010", ("Rue 1", None, "Bruxelles"))), ["ROD-0209"])
        self.assertEqual(fouten(r), [("ROD-0209", "leerling/adres/buitenland/adresregel3")])
        r = self.assertRejected(inschrijving(adres=buitenland("6030", ("Damrak 1",))), ["ROD-0209"])
        self.assertEqual(fouten(r), [("ROD-0209", "leerling/adres/buitenland/landcode")])
        self.assertAccepted(inschrijving(adres=buitenland("9089", ("Unter den Linden 1", "10117 Berlin",
                                                                   "Deutschland"))))
        self.assertAccepted(inschrijving(adres=buitenland("5010", ("Rue de la Loi 16", "1000 Bruxelles"))))

    def test_0210_postcode_letter_pairs(self):
        for pc in ("1234SA", "1234SD", "1234SS"):
            with self.subTest(postcode=pc):
                r = self.assertRejected(inschrijving(adres=binnenland(pc)), ["ROD-0210"])
                self.assertEqual(fouten(r), [("ROD-0210", "leerling/adres/binnenland/postcode")])
        self.assertAccepted(inschrijving(adres=binnenland("1234SB")))

    def test_all_failing_rules_of_one_item_are_reported(self):
        item = inschrijving(instellingscode="31XU", inschrijfdatum="1970-01-02", uitschrijfdatum="1970-01-01",
                            bsn=invalid_bsn(), geboortedatum="2015-02-30", adres=binnenland("1234SS"))
        self.assertRejected(item, ["ROD-0202", "ROD-0203", "ROD-0204", "ROD-0206", "ROD-0210"])
        item = inschrijving(instellingscode="99ZZ", inschrijfdatum="2024-02-02", uitschrijfdatum="2024-02-01",
                            bsn=None, onderwijsnummer=invalid_onderwijsnummer(),
                            geboortedatum=str(today().year + 1), adres=buitenland("6030", ("a", None, "c")))
        r = self.submit_one(item)
        codes = fout_codes(r)
        for c in ("ROD-0201", "ROD-0203", "ROD-0205", "ROD-0212", "ROD-0209"):
            self.assertIn(c, codes)
        self.assertLessEqual(set(codes), {"ROD-0201", "ROD-0203", "ROD-0205", "ROD-0212", "ROD-0209", "ROD-0207"})
        item = inschrijving(bsn=None, achternaam=None, adres=None, geboortedatum=years_before(today(), 2).isoformat(),
                            instellingscode="24GP")
        self.assertRejected(item, ["ROD-0102", "ROD-0207", "ROD-0208", "ROD-0208"])


class AssignedNumbers(RodTestCase):
    """A pupil without a number gets one; the same person always gets the same."""

    def person(self, naam, **kw):
        args = dict(bsn=None, achternaam=naam, geslacht="MAN", geboortedatum="2013-06-07",
                    adres=binnenland("1012AB", 12, huisletter="a", toevoeging="II"))
        args.update(kw)
        return args

    def assigned(self, item, org=None):
        r = self.assertAccepted(item, org=org)
        kind, number = result_pgn(r)
        self.assertEqual(kind, "onderwijsnummer")
        return number

    def test_assigned_number_is_valid_and_stable(self):
        naam = new_name()
        n1 = self.assigned(inschrijving(**self.person(naam)))
        self.assertTrue(n1.startswith("10") and len(n1) == 9 and n1.isdigit(), n1)
        w = (9, 8, 7, 6, 5, 4, 3, 2, -1)
        self.assertEqual(sum(int(d) * x for d, x in zip(n1, w)) % 11, 5, n1)
        # again, the achternaam in another case and the huisletter too
        self.assertEqual(self.assigned(inschrijving(**self.person(naam.upper(), adres=binnenland(
            "1012AB", 12, huisletter="A", toevoeging="II")))), n1)
        self.assertEqual(self.assigned(inschrijving(instellingscode="31XV", **self.person(naam.lower()))), n1)
        self.assertEqual(self.assigned(inschrijving(**self.person("  %s\t" % naam))), n1)  # trimmed
        # by another organisation, at its own instelling
        self.assertEqual(self.assigned(inschrijving(instellingscode="24GP", inschrijfdatum="2024-08-19",
                                                    **self.person(naam)), org="school-b"), n1)
        # a different person: other birth date, sex, address, toevoeging or name
        others = [
            self.person(naam, geboortedatum="2013-06-08"),
            self.person(naam, geslacht="VROUW"),
            self.person(naam, adres=binnenland("1012AB", 13, huisletter="a", toevoeging="II")),
            self.person(naam, adres=binnenland("1012AC", 12, huisletter="a", toevoeging="II")),
            self.person(naam, adres=binnenland("1012AB", 12, huisletter="a")),
            self.person(naam + "x"),
        ]
        numbers = {n1}
        for o in others:
            with self.subTest(person=o):
                n = self.assigned(inschrijving(**o))
                self.assertNotIn(n, numbers)
                numbers.add(n)

    def test_same_new_person_twice_in_one_batch(self):
        naam = new_name()
        resp = self.aanleveren([
            inschrijving(referentie="a", inschrijfdatum="2024-08-19", **self.person(naam)),
            inschrijving(referentie="b", instellingscode="31XV", **self.person(naam.upper())),
            inschrijving(referentie="c", inschrijfdatum="2024-09-02", uitschrijfdatum="2025-01-31",
                         **self.person(naam.swapcase())),
        ])
        res = findall(resp, "resultaat")
        self.assertEqual([text(r, "status") for r in res], ["GELUKT"] * 3)
        numbers = {result_pgn(r) for r in res}
        self.assertEqual(len(numbers), 1, numbers)
        number = numbers.pop()[1]
        # the later item at 31XU replaced the earlier one (spec 8.6)
        ov = self.overzicht(zoek=naam)
        self.assertEqual(text(ov, "totaalAantal"), "2")
        self.assertEqual([(c, p, d, u) for c, p, _, d, u in self.entries(ov)],
                         [("31XU", number, "2024-09-02", "2025-01-31"), ("31XV", number, "2024-08-19", None)])

    def test_foreign_address_identity(self):
        naam = new_name()
        p = self.person(naam, adres=buitenland("5010", ("Rue Haute 7", "1000 Bruxelles")))
        n1 = self.assigned(inschrijving(**p))
        p2 = self.person(naam.upper(), adres=buitenland("5010", ("RUE HAUTE 7",)))
        self.assertEqual(self.assigned(inschrijving(**p2)), n1)
        p3 = self.person(naam, adres=buitenland("9089", ("Rue Haute 7",)))
        self.assertNotEqual(self.assigned(inschrijving(**p3)), n1)

    def test_long_non_ascii_name_without_number(self):
        # 200 characters of two bytes each: the identity must hold all of them
        base = new_name("É")
        naam = base + "é" * (200 - len(base))
        self.assertEqual(len(naam), 200)
        n1 = self.assigned(inschrijving(**self.person(naam)))
        self.assertEqual(self.assigned(inschrijving(**self.person(naam.upper()))), n1)
        other = naam[:-1] + "è"
        self.assertNotEqual(self.assigned(inschrijving(**self.person(other))), n1)


class Replacement(RodTestCase):

    def test_second_inschrijving_replaces_the_first(self):
        bsn, naam = new_bsn(), new_name()
        self.assertAccepted(inschrijving(bsn=bsn, achternaam=naam, inschrijfdatum="2023-08-21",
                                         uitschrijfdatum="2024-07-12"))
        self.assertAccepted(inschrijving(bsn=bsn, achternaam=naam, inschrijfdatum="2024-08-19"))
        ov = self.overzicht(zoek=naam)
        self.assertEqual(text(ov, "totaalAantal"), "1")
        self.assertEqual(self.entries(ov), [("31XU", bsn, naam, "2024-08-19", None)])
        self.assertSql("SELECT COUNT(*) FROM inschrijving WHERE instellingscode='31XU' AND pgn='%s'" % bsn, [["1"]])

    def test_name_and_address_latest_wins_unsent_fields_kept(self):
        bsn, naam1, naam2 = new_bsn(), new_name(), new_name()
        self.assertAccepted(inschrijving(bsn=bsn, achternaam=naam1, voorvoegsels="de", voornamen="Jan",
                                         adres=binnenland("9711AB", 3, straatnaam="Grote Markt")))
        self.assertAccepted(inschrijving(bsn=bsn, instellingscode="31XV", achternaam=naam1, adres=None))
        # new name at 31XU only: the overview of 31XV shows it too (one person)
        self.assertAccepted(inschrijving(bsn=bsn, achternaam=naam2, voorvoegsels=None, voornamen=None, adres=None,
                                         geboortedatum="2012-05-17"))
        self.assertEqual(text(self.overzicht(zoek=naam1), "totaalAantal"), "0")
        ov = self.overzicht(zoek=naam2)
        self.assertEqual([(c, p, a) for c, p, a, _, _ in self.entries(ov)], [("31XU", bsn, naam2),
                                                                             ("31XV", bsn, naam2)])
        for l in findall(ov, "instelling/inschrijving/leerling"):
            self.assertEqual([text(l, "voorvoegsels"), text(l, "voornamen")], ["de", "Jan"])
        self.assertSql("SELECT adres_soort, postcode, huisnummer, straatnaam FROM persoon_gegevens WHERE pgn='%s'" % bsn,
                       [["BINNENLAND", "9711AB", "3", "Grote Markt"]])
        # a new address replaces the old one as a whole
        self.assertAccepted(inschrijving(bsn=bsn, achternaam=None, adres=buitenland("5010", ("Rue 1",))))
        self.assertSql("SELECT adres_soort, postcode, huisnummer, straatnaam, landcode, adresregel1, achternaam "
                       "FROM persoon_gegevens WHERE pgn='%s'" % bsn,
                       [["BUITENLAND", "NULL", "NULL", "NULL", "5010", "Rue 1", naam2]])
        # the achternaam, not sent this time, is kept
        self.assertEqual([(c, p, a) for c, p, a, _, _ in self.entries(self.overzicht(zoek=naam2))],
                         [("31XU", bsn, naam2), ("31XV", bsn, naam2)])


if __name__ == "__main__":
    unittest.main()
