"""Helpers for the notification tests: the sender (build/rodgate-notify) as a
process with test settings, the outbox in SQL, and waiting."""
import os
import re
import subprocess
import time

from gwlib import free_port, stop_process  # noqa: F401 (free_port: for test_notify)

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
NOTIFY_BIN = os.environ.get("RODGATE_NOTIFY_BIN", os.path.join(TOP, "build", "rodgate-notify"))
DB = os.environ.get("RODGATE_DBNAME", "rodgate_notify")
SOCK = os.path.join(TOP, "var", "run", "mariadb.sock")
DOMAIN = "rodgate.example"
SANITIZER = re.compile(r"AddressSanitizer|LeakSanitizer|runtime error:")
_count = [0]


def sql(query):
    """Rows (lists of strings) of a query on the suite's database."""
    p = subprocess.run([os.path.join(TOP, "tools", "mariadb.sh"), "sql", "-N", "-B", "-e", query], cwd=TOP,
                       env=dict(os.environ, RODGATE_DBNAME=DB), capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        raise AssertionError("SQL failed: %s\n%s" % (query, p.stderr))
    return [line.split("\t") for line in p.stdout.splitlines() if line]


def scalar(query):
    return sql(query)[0][0]


class Sender:
    """One rodgate-notify process; `sets` override the test defaults."""

    def __init__(self, smtp_port, sets=(), drain=False):
        _count[0] += 1
        self.log = os.path.join(TOP, "var", "log", "notify-sender-%d-%d.log" % (os.getpid(), _count[0]))
        open(self.log, "w").close()
        settings = ["db_name=" + DB, "db_socket=" + SOCK, "smtp_url=smtp://127.0.0.1:%d" % smtp_port,
                    "smtp_ca_file=" + os.path.join(TOP, "var", "pki", "ca.pem"), "smtp_timeout=5",
                    "notify_lease_seconds=20", "notify_retry_base=1", "notify_retry_max=2", "notify_poll_ms=100",
                    "mail_domain=" + DOMAIN, "notify_log_file=" + self.log]
        settings += list(sets)
        args = [NOTIFY_BIN, "--config", os.path.join(TOP, "conf", "rodgate.conf")]
        for kv in settings:
            args += ["--set", kv]
        if drain:
            args.append("--drain")
        self.stderr_path = self.log.replace(".log", ".stderr")
        self.stderr = open(self.stderr_path, "w")
        self.proc = subprocess.Popen(args, cwd=TOP, stderr=self.stderr)

    def wait(self, timeout):
        """Exit code of a --drain sender (None if it did not end in time)."""
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self):
        rc = stop_process(self.proc)
        self.stderr.close()
        return rc

    def log_text(self):
        with open(self.log, encoding="utf-8", errors="replace") as f:
            return f.read()

    def sanitizer_reports(self):
        with open(self.stderr_path, encoding="utf-8", errors="replace") as f:
            return SANITIZER.findall(f.read())


def wait_for(pred, timeout, step=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        v = pred()
        if v:
            return v
        time.sleep(step)
    return pred()


def message_id(nid):
    return "<notificatie-%s@%s>" % (nid, DOMAIN)


def queue(meldingnummer, n, email="verzuim@school.example.nl", soort="BEVESTIGING_MELDER"):
    """Queues n outbox rows for one melding (as the gateway writes them) to
    `email` (None: the gemeente's configured address); returns their ids."""
    before = int(scalar("SELECT COALESCE(MAX(id), 0) FROM melding_notificatie"))
    org = "m.gemeente_id" if email is None else "s.organisatie_id"
    sql("INSERT INTO melding_notificatie (meldingnummer, soort, ontvanger_organisatie_id, ontvanger_email, "
        "aangemaakt) SELECT m.meldingnummer, '%s', %s, %s, NOW(3) FROM seq_1_to_%d q "
        "JOIN melding m ON m.meldingnummer = %d JOIN instelling s ON s.code = m.instellingscode"
        % (soort, org, "NULL" if email is None else "'%s'" % email, n, meldingnummer))
    return [int(r[0]) for r in sql("SELECT id FROM melding_notificatie WHERE id > %d ORDER BY id" % before)]


def clear_outbox():
    sql("DELETE FROM melding_notificatie")
