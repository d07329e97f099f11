"""Start-up against a database without the stored procedures of
sql/schema-procedures.sql: every mutating request would fail with ROD-9002,
so the gateway refuses to start and names what is missing and how to add
it. With the schema applied again it starts and writes."""
import os
import subprocess
import unittest

import gwlib

VAR = os.path.join(gwlib.TOP, "var")
DB = "rodgate_schema_check"


class MissingProcedures(unittest.TestCase):
    def setUp(self):
        gwlib.fresh_db(DB, VAR)

    def tearDown(self):
        gwlib.sql(VAR, None, "DROP DATABASE IF EXISTS %s" % DB)

    def start(self):
        args = [gwlib.BIN, "--config", os.path.join(gwlib.TOP, "conf", "rodgate.conf"),
                "--set", "listen=127.0.0.1:%d" % gwlib.free_port(), "--set", "db_name=" + DB,
                "--set", "db_socket=" + os.path.join(VAR, "run", "mariadb.sock"), "--check-config"]
        return subprocess.run(args, cwd=gwlib.TOP, capture_output=True, text=True, timeout=60)

    def test_refuses_to_start_and_says_why(self):
        gwlib.sql(VAR, DB, "DROP PROCEDURE rod_melding_nieuw; DROP PROCEDURE rod_bericht_einde")
        r = self.start()
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn("database %s lacks the stored procedure(s) rod_bericht_einde, rod_melding_nieuw" % DB,
                      r.stderr)
        self.assertIn("sql/schema-procedures.sql", r.stderr)
        # a real start fails the same way, before it listens
        with self.assertRaisesRegex(RuntimeError, "gateway exited with 2"):
            gwlib.Gateway(DB, var=VAR)

    def test_starts_and_writes_once_the_schema_is_applied(self):
        gwlib.sql(VAR, DB, "DROP PROCEDURE rod_bericht_begin")
        self.assertEqual(self.start().returncode, 2)
        gwlib.mariadb(VAR, "load", db=DB)
        r = self.start()
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        gw = gwlib.Gateway(DB, var=VAR)
        try:
            bsn = gwlib.bsn_list(1, 4242)[0]
            status, _, body = gwlib.post(gwlib.batch_body([bsn]), "AanleverenInschrijving", url=gw.url)
            self.assertEqual(status, 200, body[:800])
            self.assertEqual(gwlib.sql(VAR, DB, "SELECT COUNT(*) FROM inschrijving WHERE pgn = '%s'" % bsn), "1")
            self.assertEqual(gwlib.sql(VAR, DB, "SELECT COUNT(*) FROM verwerkt_bericht"), "1")
        finally:
            gw.stop()


if __name__ == "__main__":
    unittest.main()
