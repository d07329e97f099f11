"""Every verzuim response validates against the published XSD (xsd/rod-v1.xsd),
checked with xmllint when it is installed."""

import os
import shutil
import subprocess
import tempfile
import unittest
import xml.etree.ElementTree as ET

from rodclient import REPO, binnenland, body_elem, client, req
from test_verzuim_opvragen import FULL
from verzuimlib import (AMSTERDAM, SCHOOL_A, SCHOOL_B, ALL_STATUSES, VerzuimTestCase, day, intrekken_body,
                        melden_body, pgn, terugkoppeling_body, text, wijzigen_body, zoeken_body)

XSD = os.path.join(REPO, "xsd", "rod-v1.xsd")


@unittest.skipUnless(shutil.which("xmllint"), "xmllint is not installed")
class ResponsesValidate(VerzuimTestCase):

    def response(self, op, body, org=SCHOOL_A):
        status, root, raw = client(org).call(op, body)
        self.assertEqual(status, 200, raw[:1500])
        return body_elem(root)

    def assertValid(self, elem):
        with tempfile.NamedTemporaryFile("w", suffix=".xml", encoding="utf-8", delete=False) as f:
            f.write(ET.tostring(elem, "unicode"))
            name = f.name
        try:
            r = subprocess.run(["xmllint", "--noout", "--nonet", "--schema", XSD, name], capture_output=True,
                               text=True, timeout=60)
            self.assertEqual(r.returncode, 0, r.stderr[:2000])
        finally:
            os.unlink(name)

    def test_every_operation(self):
        bsn = self.enrol(adres=binnenland("1012AB", 7, huisletter="a", toevoeging="bis", straatnaam="Dam",
                                          plaatsnaam="Amsterdam"))
        dagen = [(day(-6), True, [], "hele dag"), (day(-3), False, [4, 2], None)]
        e = self.response("MeldenVerzuim", melden_body(bsn=bsn, begindatum=day(-6), einddatum=day(-2), dagen=dagen,
                                                       **FULL))
        self.assertValid(e)
        nr = int(text(e, "meldingnummer"))
        self.assertValid(self.response("MeldenVerzuim", melden_body(bsn=bsn, begindatum=day(-60),
                                                                    einddatum=day(-70), actie_gewenst=False)))
        self.assertValid(self.response("WijzigenVerzuim", wijzigen_body(nr, versie=1, bsn=bsn, begindatum=day(-6),
                                                                        einddatum=day(-1), **FULL)))
        self.assertValid(self.response("VerwerkenTerugkoppeling",
                                       terugkoppeling_body(nr, status="IN_BEHANDELING", functie="LPA",
                                                           telefoon="020 123", email="a@b.nl", toelichting="t"),
                                       org=AMSTERDAM))
        self.assertValid(self.response("VerwerkenTerugkoppeling",
                                       terugkoppeling_body(nr, status="AFGESLOTEN", reden_afgesloten="HALT"),
                                       org=AMSTERDAM))
        self.assertValid(self.response("IntrekkenVerzuim", intrekken_body(nr, reden="ANDERS", toelichting="weg")))
        for org in (SCHOOL_A, AMSTERDAM, SCHOOL_B):
            self.assertValid(self.response("OpvragenMelding", req("OpvragenMelding",
                                                                  "<meldingnummer>%d</meldingnummer>" % nr), org))
        for versie in ("", "<versie>1</versie>", "<versie>4</versie>", "<versie>9</versie>"):
            body = req("OpvragenHistorie", "<meldingnummer>%d</meldingnummer>%s" % (nr, versie))
            self.assertValid(self.response("OpvragenHistorie", body))
        self.assertValid(self.response("ZoekenVerzuim", zoeken_body(bsn=bsn, statussen=ALL_STATUSES)))
        self.assertValid(self.response("ZoekenVerzuim", zoeken_body(bsn=bsn), org=SCHOOL_B))
        self.assertValid(self.response("OpvragenLeerling", req("OpvragenLeerling", pgn(bsn))))
        self.assertValid(self.response("OpvragenLeerling", req("OpvragenLeerling", pgn(bsn)), org=SCHOOL_B))


if __name__ == "__main__":
    unittest.main()
