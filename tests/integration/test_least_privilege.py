"""Least privilege (docs/privacy.md, sql/grants.sql): the gateway connects
with its own account, which can do its work (this whole suite runs through
it) but cannot change the schema, delete anything or change the history;
the jobs' account reaches personal data only through the retention
procedure; the passwords are in files only their owner can read. Each
statement is sent with the real account, its generated password and the
socket of the private MariaDB, as the gateway sends them."""

import os
import stat
import subprocess
import unittest

from rodclient import REPO
from verzuimlib import VerzuimTestCase, run_sql, sql_rows

DB = os.environ.get("RODGATE_DBNAME", "rodgate")
VAR = os.path.join(REPO, "var")
# the server the SQL checks read (make test-cluster: a Galera node, reads
# waiting for causality as tools/mariadb.sh does there)
SOCK = os.environ.get("RODGATE_SOCKET") or os.path.join(VAR, "run", "mariadb.sock")
SYNC = ["--init-command=SET SESSION wsrep_sync_wait = 1"] if os.environ.get("RODGATE_SQL_SYNC") == "1" else []
BIN = os.path.join(REPO, os.environ.get("RODGATE_BIN", "build/rodgate"))


def secret(account):
    return os.path.join(VAR, "secrets", account + ".password")


def as_account(account, query):
    """(exit code, stdout, stderr) of query as `account`."""
    run_sql("SELECT 1")  # SkipTest without SQL access
    if not os.path.exists(secret(account)):
        raise unittest.SkipTest("no password file for %s" % account)
    with open(secret(account)) as f:
        env = dict(os.environ, MYSQL_PWD=f.read().strip())
    p = subprocess.run(["mariadb", "--no-defaults", "--socket=" + SOCK, "-u" + account, "-N", "-B", *SYNC, DB, "-e",
                        query],
                       env=env, capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


class GatewayAccount(VerzuimTestCase):

    def refused(self, account, stmt, why="denied"):
        rc, _, err = as_account(account, stmt)
        self.assertNotEqual(rc, 0, "%s may run: %s" % (account, stmt))
        self.assertIn(why, err, stmt)

    def test_the_gateway_is_connected_with_its_own_account(self):
        users = {r[0] for r in sql_rows("SELECT DISTINCT user FROM information_schema.processlist WHERE db = '%s'"
                                        % DB)}
        self.assertIn("rodgate", users)
        self.assertNotIn("rodgate_admin", users)
        self.assertEqual(users - {"rodgate", "rodgate_job", "root"}, set())
        # root is this test's own connection only: the gateway's are all rodgate
        self.assertEqual(sql_rows("SELECT COUNT(*) FROM information_schema.processlist WHERE db = '%s' "
                                  "AND user = 'root' AND id <> CONNECTION_ID()" % DB), [["0"]])

    def test_it_cannot_change_the_schema(self):
        for stmt in ("CREATE TABLE lp_probe (id INT)", "ALTER TABLE melding ADD COLUMN lp_probe INT",
                     "DROP TABLE audit", "TRUNCATE TABLE verwerkt_bericht", "CREATE INDEX lp ON persoon (gewijzigd)",
                     "DROP TRIGGER melding_versie_geen_delete",
                     "CREATE PROCEDURE lp_probe() SELECT 1", "DROP PROCEDURE rod_bericht_begin",
                     "GRANT SELECT ON %s.persoon TO 'rodgate_job'@'localhost'" % DB):
            self.refused("rodgate", stmt)

    def test_it_cannot_delete_or_change_history(self):
        bsn = self.enrol()
        nr = self.melden_ok(bsn=bsn)
        for stmt in ("DELETE FROM melding_versie WHERE meldingnummer = %d" % nr,
                     "UPDATE melding_versie SET snapshot = '{}' WHERE meldingnummer = %d" % nr,
                     "DELETE FROM melding WHERE meldingnummer = %d" % nr,
                     "DELETE FROM audit LIMIT 1", "UPDATE audit SET resultaat = 'X' LIMIT 1",
                     "DELETE FROM inschrijving WHERE pgn = '%s'" % bsn,
                     "DELETE FROM persoon_gegevens WHERE pgn = '%s'" % bsn,
                     "DELETE FROM verwerkt_bericht LIMIT 1"):
            self.refused("rodgate", stmt)
        # nor remove personal data through the jobs' procedure
        self.refused("rodgate", "CALL rod_retentie_persoonsgegevens(CURDATE(), 5, 1, @n)")
        self.assertEqual(sql_rows("SELECT COUNT(*) FROM melding_versie WHERE meldingnummer = %d" % nr), [["1"]])

    def test_it_can_do_its_work(self):
        rc, out, err = as_account("rodgate", "SELECT COUNT(*) FROM organisatie")
        self.assertEqual((rc, out.strip()), (0, "4"), err)
        rc, out, err = as_account("rodgate", "SHOW GRANTS")
        self.assertEqual(rc, 0, err)
        self.assertNotIn("ALL PRIVILEGES", out)
        self.assertNotIn("DELETE", out)
        self.assertIn("EXECUTE ON PROCEDURE `%s`.`rod_bericht_begin`" % DB, out)

    def test_the_jobs_account_reaches_personal_data_only_through_the_procedure(self):
        bsn = self.enrol()
        nr = self.melden_ok(bsn=bsn)
        for stmt in ("SELECT COUNT(*) FROM persoon_gegevens", "SELECT inhoud FROM melding LIMIT 1",
                     "DELETE FROM persoon WHERE pgn = '%s'" % bsn,
                     "UPDATE melding_versie SET snapshot = '{}' WHERE meldingnummer = %d" % nr,
                     "DELETE FROM melding_versie WHERE meldingnummer = %d" % nr,
                     "ALTER TABLE audit ADD COLUMN lp_probe INT"):
            self.refused("rodgate_job", stmt)

    def test_the_schema_owner_cannot_change_history_either(self):
        bsn = self.enrol()
        nr = self.melden_ok(bsn=bsn)
        self.refused("rodgate_admin", "UPDATE melding_versie SET snapshot = '{}' WHERE meldingnummer = %d" % nr,
                     "append-only")
        self.refused("rodgate_admin", "DELETE FROM melding_versie WHERE meldingnummer = %d" % nr, "append-only")


class PasswordFiles(unittest.TestCase):

    def test_only_their_owner_can_read_them(self):
        if not os.path.isdir(os.path.join(VAR, "secrets")):
            raise unittest.SkipTest("no var/secrets")
        self.assertEqual(stat.S_IMODE(os.stat(os.path.join(VAR, "secrets")).st_mode), 0o700)
        for account in ("rodgate_admin", "rodgate", "rodgate_job"):
            self.assertEqual(stat.S_IMODE(os.stat(secret(account)).st_mode), 0o600, account)
            self.assertGreaterEqual(len(open(secret(account)).read().strip()), 32)

    def test_the_gateway_refuses_a_password_file_others_may_read(self):
        if not os.path.exists(BIN):
            raise unittest.SkipTest("no gateway binary")
        path = os.path.join(VAR, "lp-probe.password")
        with open(path, "w") as f:
            f.write("x\n")
        os.chmod(path, 0o644)
        try:
            p = subprocess.run([BIN, "--config", "conf/rodgate.conf", "--set", "db_password_file=" + path,
                                "--check-config"], cwd=REPO, capture_output=True, text=True, timeout=60)
        finally:
            os.unlink(path)
        self.assertEqual(p.returncode, 2)
        self.assertIn('db_password_file: "%s" may be read by others (mode 644): chmod 600 it' % path, p.stderr)


if __name__ == "__main__":
    unittest.main()
