"""spec 9.8: each organisation sees, and its rules use, the pupil data it
submitted itself. school-a (31XU, 31XV) and school-b (24GP) enrol the same
person with different geslacht, geboortedatum, names and address; every
operation is checked for both schools and, for meldingen, for the gemeente.
Only the hoofdinschrijving, the rules between meldingen and the matching of
pupils without a number span organisations."""

import unittest

from rodclient import (binnenland, buitenland, child_names, find, findall, inschrijving, new_name, req, result_pgn,
                       text, wijzigen_body as inschrijving_wijzigen_body)
from verzuimlib import SCHOOL_A, SCHOOL_B, AMSTERDAM, GRONINGEN, VerzuimTestCase, born, day, opt, pgn

A_POSTCODE, B_POSTCODE = "1012AB", "9711AA"  # Amsterdam (0363), Groningen (0014)


def leerling_fields(l):
    """The pupil fields of a leerling/leerlingGegevens element, absent ones left out."""
    out = {}
    for name in ("geslacht", "geboortedatum", "achternaam", "voorvoegsels", "voornamen"):
        v = text(l, name)
        if v is not None:
            out[name] = v
    pc = text(l, "adres/binnenland/postcode")
    if pc is not None:
        out["postcode"] = pc
    if find(l, "adres/buitenland") is not None:
        out["landcode"] = text(l, "adres/buitenland/landcode")
    return out


class TwoSchoolsOnePupil(VerzuimTestCase):
    """One BSN, enrolled by school-a first and then by school-b with other data."""

    def setUp(self):
        prefix = new_name("Po")
        self.a_name, self.b_name = prefix + "aaa", prefix + "ccc"
        self.bsn = self.enrol_a(self.a_name)
        # school-b: other geslacht, a birth date that makes the pupil 20, another
        # name and address, no voornamen; it started later, so 31XU stays the
        # hoofdinschrijving and 24GP is not active on the meldingen' begindatum
        self.assertAccepted(inschrijving(instellingscode="24GP", inschrijfdatum=day(-3), bsn=self.bsn,
                                         geslacht="MAN", geboortedatum=born(20), achternaam=self.b_name,
                                         voorvoegsels="van", adres=binnenland(B_POSTCODE, 7)), org=SCHOOL_B)

    def enrol_a(self, name, bsn=None):
        return self.enrol(instellingscode="31XU", bsn=bsn, geboortedatum=born(12), postcode=A_POSTCODE,
                          achternaam=name, voornamen="Anna")

    def a_view(self):
        return {"geslacht": "VROUW", "geboortedatum": born(12), "achternaam": self.a_name, "voornamen": "Anna",
                "postcode": A_POSTCODE}

    def b_view(self):
        return {"geslacht": "MAN", "geboortedatum": born(20), "achternaam": self.b_name, "voorvoegsels": "van",
                "postcode": B_POSTCODE}

    def overzicht_leerling(self, org, code, zoek):
        resp = self.overzicht(org=org, instellingscodes=(code,), zoek=zoek)
        found = [i for b in findall(resp, "instelling") for i in findall(b, "inschrijving")
                 if text(i, "leerling/persoonsgebondenNummer/bsn") == self.bsn]
        return [leerling_fields(find(i, "leerling")) for i in found]

    # OpvragenOverzicht

    def test_overzicht_each_school_finds_its_own_name(self):
        a = {k: v for k, v in self.a_view().items() if k != "postcode"}
        b = {k: v for k, v in self.b_view().items() if k != "postcode"}
        self.assertEqual(self.overzicht_leerling(SCHOOL_A, "31XU", self.a_name), [a])
        self.assertEqual(self.overzicht_leerling(SCHOOL_B, "24GP", self.b_name), [b])
        # neither finds the pupil by the name the other school sent
        self.assertEqual(self.overzicht_leerling(SCHOOL_A, "31XU", self.b_name), [])
        self.assertEqual(self.overzicht_leerling(SCHOOL_B, "24GP", self.a_name), [])

    def test_overzicht_sorts_by_the_schools_own_name(self):
        prefix = self.a_name[:-3]
        other = self.enrol_a(prefix + "bbb")
        resp = self.overzicht(org=SCHOOL_A, instellingscodes=("31XU",), zoek=prefix)
        got = [(text(i, "leerling/persoonsgebondenNummer/bsn"), text(i, "leerling/achternaam"))
               for i in findall(resp, "instelling/inschrijving")]
        # school-b's "ccc" would sort the pupil after "bbb"
        self.assertEqual(got, [(self.bsn, self.a_name), (other, prefix + "bbb")])

    def test_a_later_submission_of_the_other_school_changes_nothing_for_the_first(self):
        self.assertAccepted(inschrijving(instellingscode="24GP", inschrijfdatum=day(-3), bsn=self.bsn,
                                         geslacht="ONBEKEND", geboortedatum=born(30), achternaam=self.b_name + "x",
                                         voornamen="Bert", adres=buitenland()), org=SCHOOL_B)
        self.assertEqual(leerling_fields(find(self.leerling(self.bsn, org=SCHOOL_A), "leerlingGegevens")),
                         self.a_view())
        # and school-a's own new submission moves only school-a's view; fields
        # not sent are kept
        self.assertAccepted(inschrijving(instellingscode="31XV", bsn=self.bsn, geboortedatum=born(13),
                                         achternaam=None, adres=None), org=SCHOOL_A)
        a = dict(self.a_view(), geboortedatum=born(13))
        self.assertEqual(leerling_fields(find(self.leerling(self.bsn, org=SCHOOL_A), "leerlingGegevens")), a)
        b = dict(self.b_view(), geslacht="ONBEKEND", geboortedatum=born(30), achternaam=self.b_name + "x",
                 voornamen="Bert")
        del b["postcode"]
        b["landcode"] = "5010"
        self.assertEqual(leerling_fields(find(self.leerling(self.bsn, org=SCHOOL_B), "leerlingGegevens")), b)
        self.assertEqual(self.overzicht_leerling(SCHOOL_A, "31XV", self.a_name)[0]["achternaam"], self.a_name)

    # WijzigenInschrijving

    def test_wijzigen_inschrijving_answers_with_the_schools_own_data(self):
        resp = self.ok("WijzigenInschrijving", inschrijving_wijzigen_body("31XU", day(-600), bsn=self.bsn),
                       org=SCHOOL_A)
        self.assertEqual(leerling_fields(find(resp, "inschrijving/leerling")),
                         {k: v for k, v in self.a_view().items() if k != "postcode"})
        resp = self.ok("WijzigenInschrijving", inschrijving_wijzigen_body("24GP", day(-2), bsn=self.bsn),
                       org=SCHOOL_B)
        self.assertEqual(leerling_fields(find(resp, "inschrijving/leerling")),
                         {k: v for k, v in self.b_view().items() if k != "postcode"})

    # OpvragenLeerling

    def test_opvragen_leerling_own_data_only(self):
        self.assertEqual(leerling_fields(find(self.leerling(self.bsn, org=SCHOOL_A), "leerlingGegevens")),
                         self.a_view())
        resp = self.leerling(self.bsn, org=SCHOOL_B)
        got = leerling_fields(find(resp, "leerlingGegevens"))
        self.assertEqual(got, self.b_view())
        self.assertNotIn("voornamen", got, "school-b never sent voornamen")
        # toegestaneSoort from each school's own birth date: 12 for a, 20 for b
        a_soorten = [e.text for e in findall(self.leerling(self.bsn, org=SCHOOL_A), "toegestaneSoort")]
        b_soorten = [e.text for e in findall(resp, "toegestaneSoort")]
        self.assertIn("ZESTIEN_UUR_18MIN", a_soorten)
        self.assertNotIn("ZESTIEN_UUR_18PLUS", a_soorten)
        self.assertIn("ZESTIEN_UUR_18PLUS", b_soorten)
        self.assertNotIn("ZESTIEN_UUR_18MIN", b_soorten)

    def test_opvragen_leerling_address_abroad_only_for_the_school_that_sent_it(self):
        self.assertAccepted(inschrijving(instellingscode="24GP", inschrijfdatum=day(-3), bsn=self.bsn,
                                         geboortedatum=born(12), achternaam=self.b_name, adres=buitenland()),
                            org=SCHOOL_B)
        self.assertEqual(text(self.leerling(self.bsn, org=SCHOOL_B), "verzuimMeldbaar"), "false")
        self.assertEqual(text(self.leerling(self.bsn, org=SCHOOL_A), "verzuimMeldbaar"), "true")

    # MeldenVerzuim, WijzigenVerzuim and the reads of a melding

    def test_melden_uses_the_reporting_schools_age_and_address(self):
        resp = self.melden(org=SCHOOL_A, bsn=self.bsn, instellingscode="31XU", begindatum=day(-7))
        self.assertGelukt(resp)
        self.assertEqual(text(resp, "wet"), "LEERPLICHTWET")
        self.assertEqual(text(resp, "uitvoerendeInstantie/gemeentecode"), "0363")
        nummer = int(text(resp, "meldingnummer"))

        # school-b changes its data again: school-a's WijzigenVerzuim still passes
        self.assertAccepted(inschrijving(instellingscode="24GP", inschrijfdatum=day(-3), bsn=self.bsn,
                                         geslacht="MAN", geboortedatum=born(40), achternaam=self.b_name,
                                         adres=buitenland()), org=SCHOOL_B)
        self.assertGelukt(self.wijzigen(nummer, org=SCHOOL_A, bsn=self.bsn, instellingscode="31XU",
                                        begindatum=day(-7), einddatum=day(-1)))

        # OpvragenMelding: the reporting school and the gemeente see school-a's data
        for org in (SCHOOL_A, AMSTERDAM):
            m = self.opvragen(nummer, org=org)
            self.assertGelukt(m)
            self.assertEqual(leerling_fields(find(m, "leerlingGegevens")), self.a_view(), org)
        self.assertNotFound(self.opvragen(nummer, org=SCHOOL_B))
        self.assertNotFound(self.opvragen(nummer, org=GRONINGEN))

        # ZoekenVerzuim: the summaries carry school-a's names, for both roles
        for org in (SCHOOL_A, AMSTERDAM):
            z = self.zoeken(org=org, nummer=nummer)
            ms = findall(z, "melding")
            self.assertEqual(len(ms), 1, org)
            self.assertEqual((text(ms[0], "achternaam"), text(ms[0], "voornamen")), (self.a_name, "Anna"), org)
        self.assertEqual(findall(self.zoeken(org=SCHOOL_B, bsn=self.bsn), "melding"), [])

        # OpvragenHistorie: snapshots hold the melding as sent, no other school's data
        for org in (SCHOOL_A, AMSTERDAM):
            h = self.historie(nummer, versie=2, org=org)
            self.assertGelukt(h)
            raw = "".join(x.text or "" for x in h.iter())
            self.assertNotIn(self.b_name, raw)
            self.assertEqual([text(x, "versie") for x in findall(h, "historie")], ["1", "2"])

        # OpvragenLeerling of school-a lists the melding with its own name
        l = self.leerling(self.bsn, org=SCHOOL_A)
        self.assertEqual([text(x, "achternaam") for x in findall(l, "melding")], [self.a_name])
        self.assertEqual(findall(self.leerling(self.bsn, org=SCHOOL_B), "melding"), [])

    def test_melden_by_the_other_school_uses_its_own_data(self):
        # school-b's data (20 years old): its own ZESTIEN_UUR_18PLUS fits; the
        # melding goes to Groningen, its address; 24GP must be the hoofdinschrijving
        self.ok("WijzigenInschrijving", inschrijving_wijzigen_body("31XU", day(-700), day(-30), bsn=self.bsn),
                org=SCHOOL_A)
        resp = self.melden(org=SCHOOL_B, bsn=self.bsn, instellingscode="24GP", begindatum=day(-1),
                           soort="ZESTIEN_UUR_18PLUS")
        self.assertGelukt(resp)
        self.assertEqual(text(resp, "wet"), "RMC_WET")
        self.assertEqual(text(resp, "uitvoerendeInstantie/gemeentecode"), "0014")
        nummer = int(text(resp, "meldingnummer"))
        for org in (SCHOOL_B, GRONINGEN):
            self.assertEqual(leerling_fields(find(self.opvragen(nummer, org=org), "leerlingGegevens")),
                             self.b_view(), org)
        # the rules between meldingen still span the schools: school-a's
        # period overlapping school-b's is refused (ROD-0306)
        self.ok("WijzigenInschrijving", inschrijving_wijzigen_body("31XU", day(-700), bsn=self.bsn), org=SCHOOL_A)
        r = self.melden(org=SCHOOL_A, bsn=self.bsn, instellingscode="31XU", begindatum=day(-1))
        self.assertFout(r, "ROD-0306")


class MatchingWithoutNumber(VerzuimTestCase):
    """8.4/8.6 across organisations: the same onderwijsnummer, and nothing else."""

    def test_same_number_but_not_the_other_schools_fields(self):
        name = new_name("Pm")
        adres = binnenland(A_POSTCODE, 12, huisletter="b")
        a = self.assertAccepted(inschrijving(instellingscode="31XU", bsn=None, geslacht="VROUW",
                                             geboortedatum="2013-03-04", achternaam=name, voornamen="Geheim",
                                             voorvoegsels="de", adres=adres), org=SCHOOL_A)
        kind, number = result_pgn(a)
        self.assertEqual(kind, "onderwijsnummer")
        # school-b sends the same identity (name in other case, huisletter in
        # other case) without voornamen and voorvoegsels
        b = self.assertAccepted(inschrijving(instellingscode="24GP", bsn=None, geslacht="VROUW",
                                             geboortedatum="2013-03-04", achternaam=name.upper(),
                                             adres=binnenland(A_POSTCODE, 12, huisletter="B")), org=SCHOOL_B)
        self.assertEqual(result_pgn(b), ("onderwijsnummer", number))
        body = req("OpvragenLeerling", pgn(onderwijsnummer=number))
        got = leerling_fields(find(self.ok("OpvragenLeerling", body, org=SCHOOL_B), "leerlingGegevens"))
        self.assertEqual(got, {"geslacht": "VROUW", "geboortedatum": "2013-03-04", "achternaam": name.upper(),
                               "postcode": A_POSTCODE})
        resp = self.overzicht(org=SCHOOL_B, instellingscodes=("24GP",), zoek=name)
        ls = [find(i, "leerling") for i in findall(resp, "instelling/inschrijving")]
        self.assertEqual([leerling_fields(l) for l in ls],
                         [{"geslacht": "VROUW", "geboortedatum": "2013-03-04", "achternaam": name.upper()}])
        got = leerling_fields(find(self.ok("OpvragenLeerling", body, org=SCHOOL_A), "leerlingGegevens"))
        self.assertEqual(got, {"geslacht": "VROUW", "geboortedatum": "2013-03-04", "achternaam": name,
                               "voorvoegsels": "de", "voornamen": "Geheim", "postcode": A_POSTCODE})

    def test_matches_the_other_schools_current_data(self):
        """A pupil school-a registered without a number and later resubmitted
        with it under a new address is found by school-b under that address."""
        name = new_name("Pn")
        a = self.assertAccepted(inschrijving(instellingscode="31XU", bsn=None, geboortedatum="2013-03-05",
                                             achternaam=name, adres=binnenland(A_POSTCODE, 1)), org=SCHOOL_A)
        _, number = result_pgn(a)
        self.assertAccepted(inschrijving(instellingscode="31XU", bsn=None, onderwijsnummer=number,
                                         geboortedatum="2013-03-05", achternaam=name,
                                         adres=binnenland(A_POSTCODE, 99)), org=SCHOOL_A)
        b = self.assertAccepted(inschrijving(instellingscode="24GP", bsn=None, geboortedatum="2013-03-05",
                                             achternaam=name, adres=binnenland(A_POSTCODE, 99)), org=SCHOOL_B)
        self.assertEqual(result_pgn(b), ("onderwijsnummer", number))


if __name__ == "__main__":
    unittest.main()
