"""Retention (docs/privacy.md) of what KoppelenBsn (spec 9.1) keeps: when
the job `persoonsgegevens` removes a linked person, the links of its old
onderwijsnummers, the identities they were known by and their emptied
person rows go with it. Beside test_retention, whose job runs it shares."""

import datetime
import unittest

from rodclient import binnenland, inschrijving, new_bsn, new_name, new_onderwijsnummer, text
from rodclient import wijzigen_body as inschrijving_wijzigen_body
from test_c11_koppelen import koppelen_body
from test_retention import plus_years, run_job
from verzuimlib import VerzuimTestCase, born, day, sql_rows


class LinkedPersonRemoved(VerzuimTestCase):

    def test_links_go_with_the_person(self):
        name, on, bsn = new_name("Rk"), new_onderwijsnummer(), new_bsn()
        self.assertAccepted(inschrijving(instellingscode="31XU", onderwijsnummer=on, achternaam=name,
                                         geboortedatum=born(12), adres=binnenland("1012AB", 8),
                                         inschrijfdatum=day(-700)))
        resp = self.ok("KoppelenBsn", koppelen_body("31XU", on, bsn))
        self.assertEqual(text(resp, "gelukt"), "true")
        einde = datetime.date.today() - datetime.timedelta(days=1)
        resp = self.ok("WijzigenInschrijving", inschrijving_wijzigen_body("31XU", day(-700), einde.isoformat(),
                                                                          onderwijsnummer=on))
        self.assertEqual(text(resp, "gelukt"), "true")

        def left():
            return [int(sql_rows(q % n)[0][0]) for q, n in (
                ("SELECT COUNT(*) FROM persoon_alias WHERE alias = '%s'", on),
                ("SELECT COUNT(*) FROM persoon_alias_match WHERE alias = '%s'", on),
                ("SELECT COUNT(*) FROM persoon WHERE pgn = '%s'", on),
                ("SELECT COUNT(*) FROM persoon WHERE pgn = '%s'", bsn))]

        self.assertEqual(left(), [1, 1, 1, 1])
        run_job("persoonsgegevens", plus_years(einde, 5))
        self.assertEqual(left(), [1, 1, 1, 1])
        run_job("persoonsgegevens", plus_years(einde, 5) + datetime.timedelta(days=1))
        self.assertEqual(left(), [0, 0, 0, 0])


if __name__ == "__main__":
    unittest.main()
