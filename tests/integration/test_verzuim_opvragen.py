"""OpvragenMelding and OpvragenLeerling: shape, content and reach (spec 4,
8.10)."""

import unittest
import xml.etree.ElementTree as ET

from rodclient import NS, binnenland, buitenland, child_names, find, findall, fouten, local, text
from verzuimlib import (AMSTERDAM, GRONINGEN, SCHOOL_B, VerzuimTestCase, born, day, melding_xml, new_bsn,
                        new_name, numbers, pgn, req, run_sql)

FULL = dict(
    email="leerling@example.nl", telefoon="06 1234 5678",
    contactpersonen=({"naam": "Vader", "relatie": "vader", "telefoon": "020-1234567"},
                     {"naam": "Tante Zoë", "email": "tante@example.nl"}),
    afwijkend=("regulier", {"straatnaam": "Damrak", "huisnummer": 12, "huisletter": "b",
                            "huisnummertoevoeging": "II", "postcode": "1012LG"}),
    soort="OVERIG", verbijzondering="VERMOEDELIJK_ONGEOORLOOFD", reden="Spijbelt <vaak> & \"graag\"",
    toelichting="Regel 1\nRegel 2", actie_gewenst=False, toelichting_actie="School begeleidt zelf",
    met_prioriteit=False, aanbiedercode="100A001", locatiecode="100X001", cs_naam="K. Yamamoto",
    cs_functie="Mentor", cs_email="k.yamamoto@jsa.example.nl", cs_telefoon="+31 20 555",
    acties=("ANDERS", "CONTACT_OUDERS", "BRIEF_GESTUURD"), acties_toelichting="Schoolarts", stuur_email=False)


def tree(xml_text):
    """The sent melding as an element in the contract namespace."""
    return ET.fromstring('<wrap xmlns="%s">%s</wrap>' % (NS, xml_text))[0]


def shape(e):
    """(name, text, children) recursively: element order and values."""
    t = (e.text or "").strip() if len(e) == 0 else None
    return (local(e.tag), t, [shape(c) for c in e])


class OpvragenMelding(VerzuimTestCase):

    def test_shape_and_content(self):
        naam = new_name("Tst")
        bsn = self.enrol(achternaam=naam, voornamen="Anna Maria",
                         adres=binnenland("1012AB", 7, huisletter="a", toevoeging="bis", straatnaam="Dam",
                                          plaatsnaam="Amsterdam"))
        sent = melding_xml(bsn=bsn, begindatum=day(-6), einddatum=day(-2),
                           dagen=[(day(-6), True, [], "hele dag weg"), (day(-3), False, [4, 2], None)], **FULL)
        resp = self.ok("MeldenVerzuim", req("MeldenVerzuim", sent))
        self.assertGelukt(resp)
        nr = int(text(resp, "meldingnummer"))
        m = self.opvragen(nr)
        self.assertGelukt(m)
        self.assertEqual(child_names(m), ["gelukt", "meldingnummer", "versie", "status", "melddatum", "wet",
                                          "meldendeInstelling", "uitvoerendeInstantie", "leerlingGegevens", "melding"])
        self.assertEqual([text(m, "meldingnummer"), text(m, "versie"), text(m, "status"), text(m, "melddatum"),
                          text(m, "wet"), text(m, "meldendeInstelling")],
                         [str(nr), "1", "GEREGISTREERD", day(0), "LEERPLICHTWET", "31XU"])
        self.assertEqual(child_names(find(m, "uitvoerendeInstantie")), ["gemeentecode", "naam"])
        # the pupil's registered data
        l = find(m, "leerlingGegevens")
        self.assertEqual(child_names(l), ["persoonsgebondenNummer", "geslacht", "geboortedatum", "achternaam",
                                          "voornamen", "adres"])
        self.assertEqual([text(l, "persoonsgebondenNummer/bsn"), text(l, "geslacht"), text(l, "achternaam"),
                          text(l, "voornamen")], [bsn, "VROUW", naam, "Anna Maria"])
        b = find(l, "adres/binnenland")
        self.assertEqual(child_names(b), ["postcode", "huisnummer", "huisletter", "huisnummertoevoeging",
                                          "straatnaam", "plaatsnaam"])
        # the melding exactly as sent (element order and values)
        self.assertEqual(shape(find(m, "melding")), shape(tree(sent)))

    def test_minimal_melding_as_sent(self):
        bsn = self.enrol()
        sent = melding_xml(bsn=bsn, afwijkend=("alternatief", {"aanduidingLocatie": "Woonwagen 3",
                                                                "plaatsnaam": "Amsterdam"}))
        resp = self.ok("MeldenVerzuim", req("MeldenVerzuim", sent))
        m = self.opvragen(int(text(resp, "meldingnummer")))
        self.assertEqual(shape(find(m, "melding")), shape(tree(sent)))
        # absent optional booleans stay absent
        self.assertIsNone(find(m, "melding/verzuim/metPrioriteit"))
        self.assertIsNone(find(m, "melding/stuurEmailNaarMelder"))

    def test_withdrawn_and_closed_fields(self):
        bsn = self.enrol()
        nr = self.melden_ok(bsn=bsn)
        self.assertGelukt(self.terugkoppeling(nr, status="AFGESLOTEN", reden_afgesloten="HALT", naam="J. B."))
        self.assertGelukt(self.intrekken(nr, reden="ANDERS", toelichting="Dubbel"))
        m = self.opvragen(nr)
        self.assertEqual(child_names(m)[-4:], ["terugkoppeling", "redenAfgesloten", "redenIntrekken",
                                               "toelichtingIntrekken"])
        self.assertEqual([text(m, "status"), text(m, "redenAfgesloten"), text(m, "redenIntrekken"),
                          text(m, "toelichtingIntrekken"), text(m, "versie")],
                         ["INGETROKKEN", "HALT", "ANDERS", "Dubbel", "3"])

    def test_rmc_wet(self):
        bsn = self.enrol(geboortedatum=born(20))
        nr = self.melden_ok(bsn=bsn, soort="RMC_18PLUS")
        self.assertEqual(text(self.opvragen(nr), "wet"), "RMC_WET")

    def test_reach(self):
        bsn = self.enrol()
        nr = self.melden_ok(bsn=bsn)
        self.assertGelukt(self.opvragen(nr, org=AMSTERDAM))
        self.assertNotFound(self.opvragen(nr, org=SCHOOL_B))
        self.assertNotFound(self.opvragen(nr, org=GRONINGEN))
        self.assertNotFound(self.opvragen(9999999999))
        self.assertNotFound(self.opvragen(0))
        # not-found and not-yours are byte-for-byte the same fouten
        a = ET.tostring(self.opvragen(nr, org=SCHOOL_B))
        b = ET.tostring(self.opvragen(9999999999, org=SCHOOL_B))
        self.assertEqual(a, b)


class OpvragenLeerling(VerzuimTestCase):

    def test_shape_inschrijvingen_and_meldingen(self):
        bsn = self.enrol(instellingscode="31XV", inschrijfdatum=day(-300), uitschrijfdatum=day(-200))
        self.enrol(instellingscode="31XU", inschrijfdatum=day(-100), bsn=bsn)
        self.enrol(instellingscode="24GP", inschrijfdatum=day(-50), bsn=bsn)
        nr1 = self.melden_ok(bsn=bsn, begindatum=day(-30), einddatum=day(-25))
        nr2 = self.melden_ok(bsn=bsn, begindatum=day(-20), einddatum=day(-15))
        self.assertGelukt(self.intrekken(nr2))
        resp = self.leerling(bsn)
        self.assertGelukt(resp)
        names = child_names(resp)
        self.assertEqual(names, ["gelukt", "leerlingGegevens", "inschrijving", "inschrijving", "verzuimMeldbaar"] +
                         ["toegestaneSoort"] * 4 + ["melding"] * 2)
        self.assertEqual(text(resp, "leerlingGegevens/persoonsgebondenNummer/bsn"), bsn)
        ins = findall(resp, "inschrijving")
        self.assertEqual([(text(i, "instellingscode"), text(i, "inschrijfdatum"), text(i, "uitschrijfdatum"))
                          for i in ins], [("31XU", day(-100), None), ("31XV", day(-300), day(-200))])
        self.assertEqual(child_names(ins[1]), ["instellingscode", "inschrijfdatum", "uitschrijfdatum"])
        self.assertEqual(text(resp, "verzuimMeldbaar"), "true")
        self.assertEqual([e.text for e in findall(resp, "toegestaneSoort")],
                         ["ZESTIEN_UUR_18MIN", "LANGDURIG_RELATIEF_18MIN", "OVERIG", "LUXE"])
        # every melding at the caller's instellingen, withdrawn ones too
        self.assertEqual(numbers(resp), [nr2, nr1])
        self.assertEqual(text(findall(resp, "melding")[0], "status"), "INGETROKKEN")
        # school-b sees its own inschrijving and none of school-a's meldingen
        resp = self.leerling(bsn, org=SCHOOL_B)
        self.assertEqual([text(i, "instellingscode") for i in findall(resp, "inschrijving")], ["24GP"])
        self.assertEqual(numbers(resp), [])

    def test_soorten_by_age(self):
        cases = [
            (19, True, ["ZESTIEN_UUR_18PLUS", "RMC_18PLUS", "OVERIG", "LUXE"]),
            (24, False, ["ZESTIEN_UUR_18PLUS", "OVERIG", "LUXE"]),
        ]
        for years, meldbaar, soorten in cases:
            bsn = self.enrol(geboortedatum=born(years))
            resp = self.leerling(bsn)
            self.assertEqual(text(resp, "verzuimMeldbaar"), "true" if meldbaar else "false", years)
            self.assertEqual([e.text for e in findall(resp, "toegestaneSoort")], soorten, years)
            if meldbaar:
                self.assertIsNone(find(resp, "redenNietMeldbaar"))
            else:
                self.assertIn("23", text(resp, "redenNietMeldbaar"))

    def test_abroad_not_meldbaar(self):
        bsn = self.enrol(adres=buitenland())
        resp = self.leerling(bsn)
        self.assertEqual(text(resp, "verzuimMeldbaar"), "false")
        self.assertIn("buitenland", text(resp, "redenNietMeldbaar"))
        self.assertEqual(child_names(resp)[:5], ["gelukt", "leerlingGegevens", "inschrijving", "verzuimMeldbaar",
                                                 "redenNietMeldbaar"])
        self.assertEqual(child_names(find(resp, "leerlingGegevens/adres/buitenland")), ["landcode", "adresregel1"])
        # 8.10: decided by age alone
        self.assertEqual(len(findall(resp, "toegestaneSoort")), 4)

    def test_startkwalificatie_not_meldbaar(self):
        bsn = self.enrol(geboortedatum=born(19))
        rc, _, err = run_sql("UPDATE persoon SET startkwalificatie = TRUE WHERE pgn = '%s'" % bsn)
        self.assertEqual(rc, 0, err)
        resp = self.leerling(bsn)
        self.assertEqual(text(resp, "verzuimMeldbaar"), "false")
        self.assertIn("startkwalificatie", text(resp, "redenNietMeldbaar"))

    def test_not_enrolled_at_callers_instellingen(self):
        bsn = self.enrol(instellingscode="24GP", adres=buitenland())
        resp = self.leerling(bsn)
        self.assertFouten(resp, ["ROD-0301"])
        self.assertEqual(fouten(resp), [("ROD-0301", "persoonsgebondenNummer")])
        self.assertEqual(text(resp, "fout/omschrijving"), "Geen gegevens gevonden.")
        self.assertFouten(self.leerling(new_bsn()), ["ROD-0301"])
        # unknown and not-yours look the same
        self.assertEqual(ET.tostring(resp), ET.tostring(self.leerling(new_bsn())))

    def test_invalid_number(self):
        self.assertFouten(self.leerling("123456789"), ["ROD-0204"])

    def test_gemeente_may_not(self):
        bsn = self.enrol()
        self.assertFault(self.call("OpvragenLeerling", req("OpvragenLeerling", pgn(bsn)), org=AMSTERDAM), "ROD-0103")


if __name__ == "__main__":
    unittest.main()
