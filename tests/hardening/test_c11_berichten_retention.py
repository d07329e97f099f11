"""The overview of sent messages (spec 9.3) is kept at least 90 days:
berichten_retention_days below 90 is refused at load, and the purge (run
by the audit purger when it starts) removes only rows past the setting,
independently of the stored responses (verwerkt_bericht)."""
import os
import subprocess
import time
import unittest

import gwlib

VAR = os.path.join(gwlib.TOP, "var")
DB = "rodgate_hardening"


def insert(days_ago, message_id):
    gwlib.sql(VAR, DB, "INSERT INTO bericht_metadata (organisatie_id, message_id, operatie, ontvangen, resultaat) "
                       "SELECT id, '%s', 'MeldenVerzuim', UTC_TIMESTAMP(3) - INTERVAL %d DAY, 'GELUKT' "
                       "FROM organisatie WHERE oin = '00000001003214345000'" % (message_id, days_ago))


def count(message_id):
    return gwlib.sql(VAR, DB, "SELECT COUNT(*) FROM bericht_metadata WHERE message_id = '%s'" % message_id)


class BerichtenRetention(unittest.TestCase):
    def test_less_than_90_days_is_refused_at_load(self):
        for days, rc in (("89", 2), ("90", 0)):
            r = subprocess.run([gwlib.BIN, "--config", os.path.join(gwlib.TOP, "conf", "rodgate.conf"),
                                "--set", "berichten_retention_days=" + days, "--set", "db_name=" + DB,
                                "--set", "db_socket=" + os.path.join(VAR, "run", "mariadb.sock"), "--check-config"],
                               cwd=gwlib.TOP, capture_output=True, text=True, timeout=60)
            self.assertEqual(r.returncode, rc, r.stdout + r.stderr)
            if rc:
                self.assertIn("berichten_retention_days must be between 90 and", r.stderr)

    def test_purge_keeps_the_retention_period(self):
        insert(120, "urn:bericht:120-dagen")
        insert(89, "urn:bericht:89-dagen")
        gw = gwlib.Gateway(DB, sets=["berichten_retention_days=100"])  # purges when its purger starts
        try:
            deadline = time.time() + 5
            while time.time() < deadline and count("urn:bericht:120-dagen") != "0":
                time.sleep(0.1)
            self.assertEqual(count("urn:bericht:120-dagen"), "0")
            self.assertEqual(count("urn:bericht:89-dagen"), "1")
        finally:
            gw.stop()


if __name__ == "__main__":
    unittest.main()
