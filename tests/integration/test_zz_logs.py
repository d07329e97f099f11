"""The gateway's log holds no personal data: no BSN and no achternaam used by
the tests (runs last: the other modules fill USED_BSNS and USED_NAMES)."""

import os
import random
import re
import unittest

from rodclient import (LOG, USED_BSNS, USED_NAMES, aanleveren_body, inschrijving, invalid_bsn, new_bsn, new_name,
                       RodTestCase, wijzigen_body)


class Logs(RodTestCase):

    def test_log_has_no_bsn_or_achternaam(self):
        if not os.path.exists(LOG):
            self.skipTest("no gateway log at %s (set RODGATE_LOG)" % LOG)
        # some personal data of its own, accepted, rejected and in a fault
        self.assertAccepted(inschrijving(bsn=new_bsn(), achternaam=new_name("Log")))
        self.submit_one(inschrijving(bsn=invalid_bsn(), achternaam=new_name("Log"), instellingscode="99ZZ"))
        self.ok("WijzigenInschrijving", wijzigen_body("31XU", "2024-08-19", bsn=new_bsn()))
        bad = aanleveren_body([inschrijving(achternaam=new_name("Log")).replace("<bsn>", "<bsn>x")])
        self.call("AanleverenInschrijving", bad)
        with open(LOG, "rb") as f:
            log = f.read().decode("utf-8", "replace")
        self.assertTrue(log.strip(), "the log is empty")
        numbers = set(re.findall(r"(?<!\d)\d{9}(?!\d)", log))
        self.assertEqual(sorted(numbers & USED_BSNS), [], "BSNs in the log")
        lowered = log.casefold()
        # every name by its longest word (the random, unique part) among the
        # log's words; a sample also as a plain substring (quadratic, so not all)
        words = set(re.findall(r"\w+", lowered))
        names = sorted(USED_NAMES)
        leaked = [n for n in names if max(re.findall(r"\w+", n.casefold()) or [""], key=len) in words]
        sample = random.sample(names, min(len(names), 300))
        leaked += [n for n in sample if n.casefold() in lowered]
        self.assertEqual(sorted(set(leaked)), [], "achternamen in the log")


if __name__ == "__main__":
    unittest.main()
