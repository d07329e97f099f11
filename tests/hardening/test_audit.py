"""Audit trail (issue 4.8): each request that reaches the application layer
leaves one row without personal data; rows cannot be changed or deleted
except by the retention purge."""
import os
import subprocess
import time
import unittest
import uuid

import gwlib

VAR = os.path.join(gwlib.TOP, "var")
DB = "rodgate_hardening"


class AuditTrail(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.gw = gwlib.Gateway(DB, sets=["audit_retention_days=30"])

    @classmethod
    def tearDownClass(cls):
        cls.gw.stop()

    def rows(self, msgid):
        deadline = time.time() + 5
        while time.time() < deadline:
            out = gwlib.sql(VAR, DB, "SELECT oin, operatie, resultaat, http_status FROM audit WHERE message_id = '%s'"
                            % msgid)
            if out:
                return [line.split("\t") for line in out.splitlines()]
            time.sleep(0.1)
        return []

    def test_request_is_recorded_without_personal_data(self):
        bsn = gwlib.bsn_list(1, int(time.time()) % 1000000 * 50)[0]
        msgid = "urn:uuid:" + str(uuid.uuid4())
        s = gwlib.connect(url=self.gw.url)
        s.sendall(gwlib.request_bytes(gwlib.envelope(gwlib.batch_body([bsn]), "AanleverenInschrijving", msgid)))
        self.assertEqual(gwlib.read_response(s)[0], 200)
        s.close()
        self.assertEqual(self.rows(msgid), [["00000001003214345000", "AanleverenInschrijving", "OK", "200"]])
        dump = gwlib.sql(VAR, DB, "SELECT CONCAT_WS('|', oin, operatie, message_id, resultaat) FROM audit")
        self.assertNotIn(bsn, dump)
        self.assertNotIn("Hardening", dump)

    def test_fault_is_recorded(self):
        msgid = "urn:uuid:" + str(uuid.uuid4())
        body = gwlib.envelope("<rod:OpvragenOverzichtRequest><rod:paginaGrootte>0</rod:paginaGrootte>"
                              "</rod:OpvragenOverzichtRequest>", "OpvragenOverzicht", msgid)
        self.assertEqual(gwlib.post(body, url=self.gw.url, raw=True)[0], 500)
        self.assertEqual(self.rows(msgid), [["00000001003214345000", "OpvragenOverzicht", "ROD-0002", "500"]])

    def test_append_only(self):
        # a row must exist, or UPDATE/DELETE touch nothing and no trigger fires
        gwlib.sql(VAR, DB, "INSERT INTO audit (tijdstip, resultaat, http_status, duur_ms, message_id) "
                           "VALUES (UTC_TIMESTAMP(3), 'OK', 200, 1, 'urn:append-only')")
        for stmt in ("UPDATE audit SET resultaat = 'X' LIMIT 1", "DELETE FROM audit LIMIT 1"):
            with self.assertRaises(subprocess.CalledProcessError):
                gwlib.sql(VAR, DB, stmt)

    def test_retention_purge(self):
        gwlib.sql(VAR, DB, "INSERT INTO audit (tijdstip, resultaat, http_status, duur_ms, message_id) "
                           "VALUES (UTC_TIMESTAMP() - INTERVAL 40 DAY, 'OK', 200, 1, 'urn:old-row')")
        gw = gwlib.Gateway(DB, sets=["audit_retention_days=30"])  # purges when its writer starts
        try:
            deadline = time.time() + 5
            while time.time() < deadline and gwlib.sql(VAR, DB, "SELECT COUNT(*) FROM audit WHERE message_id = 'urn:old-row'") != "0":
                time.sleep(0.1)
            self.assertEqual(gwlib.sql(VAR, DB, "SELECT COUNT(*) FROM audit WHERE message_id = 'urn:old-row'"), "0")
        finally:
            gw.stop()


if __name__ == "__main__":
    unittest.main()
