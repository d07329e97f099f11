"""OpvragenHistorie: versions, actions, organisations, field differences and
snapshots through whole lifecycles (spec 4, 8.9)."""

import unittest
import xml.etree.ElementTree as ET

from rodclient import DATETIME_WITH_ZONE, NS, child_names, find, findall, fouten, local, text
from verzuimlib import (AMSTERDAM, GRONINGEN, OIN, SCHOOL_A, SCHOOL_B, VerzuimTestCase, day, melding_xml, req)

NAMES = {SCHOOL_A: "Stichting Japanese School Amsterdam", AMSTERDAM: "Gemeente Amsterdam"}


def entries(resp):
    """Per historie entry: (versie, actie, door oin, door naam, [(veld, oud, nieuw)])."""
    out = []
    for h in findall(resp, "historie"):
        changes = [(text(w, "veld"), text(w, "oudeWaarde"), text(w, "nieuweWaarde")) for w in findall(h, "wijziging")]
        out.append((int(text(h, "versie")), text(h, "actie"), text(h, "door/oin"), text(h, "door/naam"), changes))
    return out


def shape(e):
    t = (e.text or "").strip() if len(e) == 0 else None
    return (local(e.tag), t, [shape(c) for c in e])


def sent_tree(xml_text):
    return ET.fromstring('<wrap xmlns="%s">%s</wrap>' % (NS, xml_text))[0]


class Lifecycle(VerzuimTestCase):
    """create -> change -> gemeente IN_BEHANDELING -> AFGESLOTEN."""

    def setUp(self):
        self.bsn = self.enrol()
        self.begin = day(-14)
        self.v1 = melding_xml(bsn=self.bsn, begindatum=self.begin, reden="Onbekend", stuur_email=True)
        resp = self.ok("MeldenVerzuim", req("MeldenVerzuim", self.v1))
        self.assertGelukt(resp)
        self.nr = int(text(resp, "meldingnummer"))
        self.v2 = melding_xml(bsn=self.bsn, begindatum=self.begin, einddatum=day(-2), reden="Spijbelen",
                              stuur_email=True, contactpersonen=({"naam": "Moeder", "relatie": "moeder"},),
                              met_prioriteit=False)
        self.assertGelukt(self.ok("WijzigenVerzuim", req("WijzigenVerzuim", "<meldingnummer>%d</meldingnummer>"
                                                          "<versie>1</versie>%s" % (self.nr, self.v2))))
        self.assertGelukt(self.terugkoppeling(self.nr, status="IN_BEHANDELING", naam="L. Skywalker",
                                              functie="Leerplichtambtenaar"))
        self.assertGelukt(self.terugkoppeling(self.nr, status="AFGESLOTEN", naam="L. Skywalker",
                                              toelichting="Gesprek gevoerd", reden_afgesloten="Terug naar school"))

    def test_history_field_by_field(self):
        resp = self.historie(self.nr)
        self.assertGelukt(resp)
        self.assertEqual(child_names(resp), ["gelukt", "meldingnummer", "meldendeInstelling", "melddatum"] +
                         ["historie"] * 4)
        self.assertEqual([text(resp, "meldingnummer"), text(resp, "meldendeInstelling"), text(resp, "melddatum")],
                         [str(self.nr), "31XU", day(0)])
        h = findall(resp, "historie")
        self.assertEqual(child_names(h[0]), ["versie", "tijdstip", "actie", "door"])
        self.assertEqual(child_names(h[1])[:4], ["versie", "tijdstip", "actie", "door"])
        self.assertEqual(child_names(find(h[0], "door")), ["oin", "naam"])
        w = findall(h[1], "wijziging")
        self.assertEqual(child_names(w[0]), ["veld", "nieuweWaarde"])                   # added
        self.assertEqual(child_names(w[3]), ["veld", "oudeWaarde", "nieuweWaarde"])     # changed
        self.assertEqual(child_names(findall(h[3], "wijziging")[1]), ["veld", "oudeWaarde"])  # removed
        times = [text(x, "tijdstip") for x in h]
        for t in times:
            self.assertRegex(t, DATETIME_WITH_ZONE)
            self.assertTrue(t.endswith("Z"), t)
        self.assertEqual(times, sorted(times))
        school = (OIN[SCHOOL_A], NAMES[SCHOOL_A])
        gemeente = (OIN[AMSTERDAM], NAMES[AMSTERDAM])
        self.assertEqual(entries(resp), [
            (1, "AANGEMAAKT") + school + ([],),
            (2, "GEWIJZIGD") + school + ([
                ("leerling/contactpersoon[1]/naam", None, "Moeder"),
                ("leerling/contactpersoon[1]/relatie", None, "moeder"),
                ("verzuim/einddatum", None, day(-2)),
                ("verzuim/vermoedelijkeReden", "Onbekend", "Spijbelen"),
                # metPrioriteit absent -> false is no change
            ],),
            (3, "TERUGKOPPELING") + gemeente + ([
                ("status", "GEREGISTREERD", "IN_BEHANDELING"),
                ("terugkoppeling/datum", None, day(0)),
                ("terugkoppeling/organisatie", None, "Gemeente Amsterdam"),
                ("terugkoppeling/naamBehandelaar", None, "L. Skywalker"),
                ("terugkoppeling/functieBehandelaar", None, "Leerplichtambtenaar"),
            ],),
            (4, "TERUGKOPPELING") + gemeente + ([
                ("status", "IN_BEHANDELING", "AFGESLOTEN"),
                ("terugkoppeling/functieBehandelaar", "Leerplichtambtenaar", None),
                ("terugkoppeling/toelichting", None, "Gesprek gevoerd"),
                ("redenAfgesloten", None, "Terug naar school"),
            ],),
        ])
        # the gemeente sees the same history
        self.assertEqual(entries(self.historie(self.nr, org=AMSTERDAM)), entries(resp))

    def test_snapshots_side_by_side(self):
        resp = self.historie(self.nr, versie=2)
        self.assertEqual(child_names(resp), ["gelukt", "meldingnummer", "meldendeInstelling", "melddatum"] +
                         ["historie"] * 4 + ["snapshot", "vorigeSnapshot"])
        snap, prev = find(resp, "snapshot"), find(resp, "vorigeSnapshot")
        self.assertEqual(child_names(snap), ["versie", "status", "melding"])
        self.assertEqual([text(snap, "versie"), text(snap, "status")], ["2", "GEREGISTREERD"])
        self.assertEqual([text(prev, "versie"), text(prev, "status")], ["1", "GEREGISTREERD"])
        # each is the melding as it was sent in that version
        self.assertEqual(shape(find(snap, "melding")), shape(sent_tree(self.v2)))
        self.assertEqual(shape(find(prev, "melding")), shape(sent_tree(self.v1)))

        resp = self.historie(self.nr, versie=4)
        self.assertEqual([text(resp, "snapshot/versie"), text(resp, "snapshot/status"),
                          text(resp, "vorigeSnapshot/versie"), text(resp, "vorigeSnapshot/status")],
                         ["4", "AFGESLOTEN", "3", "IN_BEHANDELING"])
        self.assertEqual(shape(find(resp, "snapshot/melding")), shape(sent_tree(self.v2)))

    def test_first_version_has_no_previous(self):
        resp = self.historie(self.nr, versie=1)
        self.assertEqual(child_names(resp)[-2:], ["historie", "snapshot"])
        self.assertEqual(len(findall(resp, "historie")), 4)  # 8.9: still every entry

    def test_unknown_version(self):
        for versie in (5, 99):
            resp = self.historie(self.nr, versie=versie)
            self.assertFouten(resp, ["ROD-0316"])
            self.assertEqual(fouten(resp)[0][1], "versie")

    def test_reach(self):
        self.assertNotFound(self.historie(self.nr, org=SCHOOL_B))
        self.assertNotFound(self.historie(self.nr, org=GRONINGEN))
        self.assertNotFound(self.historie(self.nr, versie=1, org=SCHOOL_B))
        self.assertNotFound(self.historie(987654321))


class Withdrawal(VerzuimTestCase):
    """create -> withdraw."""

    def test_withdrawal_history(self):
        bsn = self.enrol()
        sent = melding_xml(bsn=bsn, begindatum=day(-3))
        nr = int(text(self.ok("MeldenVerzuim", req("MeldenVerzuim", sent)), "meldingnummer"))
        self.assertGelukt(self.intrekken(nr, reden="ANDERS", toelichting="Verkeerde leerling", versie=1))
        resp = self.historie(nr, versie=2)
        school = (OIN[SCHOOL_A], NAMES[SCHOOL_A])
        self.assertEqual(entries(resp), [
            (1, "AANGEMAAKT") + school + ([],),
            (2, "INGETROKKEN") + school + ([
                ("status", "GEREGISTREERD", "INGETROKKEN"),
                ("redenIntrekken", None, "ANDERS"),
                ("toelichtingIntrekken", None, "Verkeerde leerling"),
            ],),
        ])
        self.assertEqual([text(resp, "snapshot/status"), text(resp, "vorigeSnapshot/status")],
                         ["INGETROKKEN", "GEREGISTREERD"])
        self.assertEqual(shape(find(resp, "snapshot/melding")), shape(sent_tree(sent)))
        self.assertEqual(shape(find(resp, "vorigeSnapshot/melding")), shape(sent_tree(sent)))

    def test_rejected_change_adds_no_version(self):
        bsn = self.enrol()
        nr = self.melden_ok(bsn=bsn, begindatum=day(-3))
        self.assertFouten(self.wijzigen(nr, bsn=bsn, begindatum=day(-3), einddatum=day(-4)), ["ROD-0307"])
        self.assertFouten(self.intrekken(nr, reden="ANDERS"), ["ROD-0323"])
        self.assertEqual(len(findall(self.historie(nr), "historie")), 1)


if __name__ == "__main__":
    unittest.main()
