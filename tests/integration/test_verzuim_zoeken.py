"""ZoekenVerzuim: filters, default statuses, order, paging, summaries and the
caller's reach (spec 4)."""

import unittest

from rodclient import child_names, find, findall, text
from verzuimlib import (AMSTERDAM, GRONINGEN, SCHOOL_B, VerzuimTestCase, day, new_name, numbers, run_sql,
                        summary)

SUMMARY = ["meldingnummer", "versie", "persoonsgebondenNummer", "achternaam", "voornamen", "soort", "status",
           "begindatum", "einddatum", "melddatum", "instellingscode", "uitvoerendeInstantie", "metPrioriteit",
           "aantalDagenStatus", "laatstGewijzigd"]


class Zoeken(VerzuimTestCase):

    def setUp(self):
        # three meldingen with one contactpersoon name, unique to this test
        self.tag = new_name("Zk")
        self.contact = "Zoë Ünal " + self.tag
        self.bsns, self.nrs = [], []
        for i in range(3):
            bsn = self.enrol(achternaam=new_name("Lln"), voornamen="Eva")
            self.bsns.append(bsn)
            self.nrs.append(self.melden_ok(bsn=bsn, begindatum=day(-10 + i), cs_naam=self.contact,
                                           met_prioriteit=(i == 1)))

    def test_summary_shape(self):
        resp = self.zoeken(nummer=self.nrs[1])
        self.assertGelukt(resp)
        self.assertEqual(child_names(resp), ["gelukt", "totaalAantal", "pagina", "aantalPaginas", "melding"])
        self.assertEqual([text(resp, "totaalAantal"), text(resp, "pagina"), text(resp, "aantalPaginas")],
                         ["1", "1", "1"])
        m = find(resp, "melding")
        self.assertEqual(child_names(m), [n for n in SUMMARY if n != "einddatum"])
        self.assertEqual(text(m, "meldingnummer"), str(self.nrs[1]))
        self.assertEqual(text(m, "versie"), "1")
        self.assertEqual(text(m, "persoonsgebondenNummer/bsn"), self.bsns[1])
        self.assertEqual(text(m, "voornamen"), "Eva")
        self.assertEqual([text(m, "soort"), text(m, "status"), text(m, "begindatum"), text(m, "melddatum"),
                          text(m, "instellingscode")],
                         ["ZESTIEN_UUR_18MIN", "GEREGISTREERD", day(-9), day(0), "31XU"])
        self.assertEqual([text(m, "uitvoerendeInstantie/gemeentecode"), text(m, "uitvoerendeInstantie/naam")],
                         ["0363", "Gemeente Amsterdam"])
        self.assertEqual([text(m, "metPrioriteit"), text(m, "aantalDagenStatus")], ["true", "0"])

    def test_contactpersoon_case_insensitive_unicode(self):
        resp = self.zoeken(contactpersoon="ZOË ÜNAL " + self.tag.upper())
        self.assertEqual(sorted(numbers(resp)), sorted(self.nrs))
        resp = self.zoeken(contactpersoon=self.tag.lower()[2:])
        self.assertEqual(len(numbers(resp)), 3)
        self.assertEqual(numbers(self.zoeken(contactpersoon="Zoe Unal " + self.tag)), [])  # accents count

    def test_order_newest_melddatum_then_highest_number(self):
        resp = self.zoeken(contactpersoon=self.tag)
        self.assertEqual(numbers(resp), sorted(self.nrs, reverse=True))
        # an older melddatum sorts last, whatever its number
        rc, _, err = run_sql("UPDATE melding SET melddatum = '%s' WHERE meldingnummer = %d" % (day(-1), self.nrs[2]))
        self.assertEqual(rc, 0, err)
        resp = self.zoeken(contactpersoon=self.tag)
        self.assertEqual(numbers(resp), [self.nrs[1], self.nrs[0], self.nrs[2]])

    def test_filters(self):
        self.assertEqual(numbers(self.zoeken(nummer=self.nrs[0])), [self.nrs[0]])
        self.assertEqual(numbers(self.zoeken(bsn=self.bsns[2])), [self.nrs[2]])
        self.assertEqual(len(numbers(self.zoeken(contactpersoon=self.tag, instellingscode="31XU"))), 3)
        self.assertEqual(numbers(self.zoeken(contactpersoon=self.tag, instellingscode="31XV")), [])
        self.assertEqual(len(numbers(self.zoeken(contactpersoon=self.tag, instantie="amsterDAM"))), 3)
        self.assertEqual(numbers(self.zoeken(contactpersoon=self.tag, instantie="Groningen")), [])
        self.assertEqual(numbers(self.zoeken(nummer=self.nrs[0], bsn=self.bsns[1])), [])

    def test_default_statuses_are_the_open_ones(self):
        self.assertGelukt(self.terugkoppeling(self.nrs[0], status="IN_BEHANDELING"))
        self.assertGelukt(self.terugkoppeling(self.nrs[1], status="AFGESLOTEN", reden_afgesloten="HALT"))
        self.assertGelukt(self.intrekken(self.nrs[2]))
        self.assertEqual(numbers(self.zoeken(contactpersoon=self.tag)), [self.nrs[0]])
        resp = self.zoeken(contactpersoon=self.tag, statussen=("AFGESLOTEN", "INGETROKKEN"))
        self.assertEqual(sorted(summary(m) for m in findall(resp, "melding")),
                         sorted([(self.nrs[1], "AFGESLOTEN"), (self.nrs[2], "INGETROKKEN")]))
        self.assertEqual(numbers(self.zoeken(contactpersoon=self.tag, statussen=("TER_KENNISGEVING_AANGENOMEN",))), [])

    def test_paging(self):
        resp = self.zoeken(contactpersoon=self.tag, grootte=2)
        self.assertEqual([text(resp, "totaalAantal"), text(resp, "pagina"), text(resp, "aantalPaginas")],
                         ["3", "1", "2"])
        first = numbers(resp)
        resp = self.zoeken(contactpersoon=self.tag, grootte=2, pagina=2)
        self.assertEqual(text(resp, "pagina"), "2")
        self.assertEqual(first + numbers(resp), sorted(self.nrs, reverse=True))
        resp = self.zoeken(contactpersoon=self.tag, grootte=2, pagina=5)
        self.assertEqual([text(resp, "totaalAantal"), text(resp, "aantalPaginas"), numbers(resp)], ["3", "2", []])

    def test_nothing_found(self):
        resp = self.zoeken(contactpersoon="Niemand " + new_name())
        self.assertGelukt(resp)
        self.assertEqual(child_names(resp), ["gelukt", "totaalAantal", "pagina", "aantalPaginas"])
        self.assertEqual([text(resp, "totaalAantal"), text(resp, "aantalPaginas")], ["0", "1"])

    def test_aantal_dagen_status(self):
        rc, _, err = run_sql("UPDATE melding SET status_datum = '%s' WHERE meldingnummer = %d" % (day(-3), self.nrs[0]))
        self.assertEqual(rc, 0, err)
        self.assertEqual(text(self.zoeken(nummer=self.nrs[0]), "melding/aantalDagenStatus"), "3")
        # a status change starts the count again
        self.assertGelukt(self.terugkoppeling(self.nrs[0], status="IN_BEHANDELING"))
        self.assertEqual(text(self.zoeken(nummer=self.nrs[0]), "melding/aantalDagenStatus"), "0")

    def test_reach(self):
        # the school that reported and the gemeente that handles find them
        self.assertEqual(len(numbers(self.zoeken(org=AMSTERDAM, contactpersoon=self.tag))), 3)
        self.assertEqual(numbers(self.zoeken(org=AMSTERDAM, nummer=self.nrs[0])), [self.nrs[0]])
        # nobody else: simply nothing found, not an error
        for org in (SCHOOL_B, GRONINGEN):
            for kw in (dict(nummer=self.nrs[0]), dict(bsn=self.bsns[0]), dict(contactpersoon=self.tag),
                       dict(instellingscode="31XU"), dict(statussen=("GEREGISTREERD",))):
                resp = self.zoeken(org=org, **kw)
                self.assertGelukt(resp)
                self.assertFalse(set(numbers(resp)) & set(self.nrs), (org, kw))


if __name__ == "__main__":
    unittest.main()
