"""Crash safety (issue 4.6): kill -9 the gateway while it stores a
10,000-item batch; after a restart the batch is stored completely or not at
all, and repeating the request with the same MessageID stores it exactly
once and replays the same response.

A batch's write transaction lasts well under a tenth of a second, too short
to hit by polling. So the test makes the moment certain: one pupil of the
batch is enrolled beforehand and a second database session holds a lock on
that pupil's row. The batch's transaction writes its other rows, then waits
for the lock; the test sees it waiting with rows written, kills the gateway
with SIGKILL, and only then lets go of the lock."""
import os
import random
import subprocess
import time
import unittest
import uuid

import gwlib

DB = "rodgate_hardening"
VAR = os.path.join(gwlib.TOP, "var")


def count(bsns):
    return int(gwlib.sql(VAR, DB, "SELECT COUNT(*) FROM inschrijving WHERE pgn IN (%s)" %
                         ",".join("'%s'" % b for b in bsns)))


class RowLock:
    """An open transaction in its own client session holding FOR UPDATE on
    one persoon row until release()."""

    def __init__(self, pgn):
        env = dict(os.environ, RODGATE_VAR=VAR, RODGATE_DBNAME=DB)
        self.proc = subprocess.Popen([os.path.join(gwlib.TOP, "tools", "mariadb.sh"), "sql", "-N", "--unbuffered"],
                                     env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.proc.stdin.write("BEGIN; SELECT pgn FROM persoon WHERE pgn = '%s' FOR UPDATE;\n" % pgn)
        self.proc.stdin.flush()
        got = self.proc.stdout.readline().strip()
        if got != pgn:
            self.release()
            raise AssertionError("could not lock persoon %s (got %r)" % (pgn, got))

    def release(self):
        if self.proc.poll() is None:
            self.proc.stdin.write("ROLLBACK;\n")
            self.proc.stdin.close()
            self.proc.wait(timeout=30)


def waiting_writer():
    """True while some transaction has written rows and waits for a lock."""
    return gwlib.sql(VAR, DB, "SELECT COUNT(*) FROM information_schema.innodb_trx "
                              "WHERE trx_state = 'LOCK WAIT' AND trx_rows_modified > 0") != "0"


def no_open_writers():
    return gwlib.sql(VAR, DB, "SELECT COUNT(*) FROM information_schema.innodb_trx "
                              "WHERE trx_rows_modified > 0") == "0"


class CrashSafety(unittest.TestCase):
    def test_kill9_during_batch(self):
        for _ in range(20):   # a range of numbers no earlier run has stored
            bsns = gwlib.bsn_list(10000, random.randrange(10, 89) * 1000000)
            if count(bsns) == 0:
                break
        self.assertEqual(count(bsns), 0)
        blocker, rest = max(bsns), [b for b in bsns if b != max(bsns)]
        msgid = "urn:uuid:" + str(uuid.uuid4())
        body = gwlib.envelope(gwlib.batch_body(bsns), "AanleverenInschrijving", msgid)

        gw = gwlib.Gateway(DB)
        try:
            pre = gwlib.post(gwlib.envelope(gwlib.batch_body([blocker]), "AanleverenInschrijving"),
                             url=gw.url, raw=True)
            self.assertEqual(pre[0], 200)
            self.assertEqual(count([blocker]), 1)
            lock = RowLock(blocker)
            try:
                s = gwlib.connect(url=gw.url, timeout=30)
                s.sendall(gwlib.request_bytes(body))   # the gateway reads it all before it stores
                deadline = time.time() + 8   # the gateway gives up on a lock after 10 s
                while not waiting_writer():
                    self.assertLess(time.time(), deadline, "the batch never reached the locked row: " + gwlib.sql(
                        VAR, DB, "SELECT trx_state, trx_rows_modified, LEFT(trx_query, 60) FROM information_schema.innodb_trx"))
                    # InnoDB refreshes information_schema.innodb_trx only when
                    # it was last read more than 0.1 s ago: poll slower
                    time.sleep(0.25)
                gw.kill9()
                s.close()
            finally:
                lock.release()
        finally:
            gw.stop()

        # The server rolls back the dead connection's transaction once the
        # blocked statement returns; nothing of the batch may remain.
        deadline = time.time() + 20
        while not no_open_writers():
            self.assertLess(time.time(), deadline, "the killed transaction was never rolled back")
            time.sleep(0.25)
        self.assertEqual(count(rest), 0, "half-stored batch after kill -9")
        self.assertEqual(count([blocker]), 1)
        self.assertEqual(gwlib.sql(VAR, DB, "SELECT COUNT(*) FROM verwerkt_bericht WHERE message_id = '%s'"
                                   % msgid), "0", "the MessageID claim must roll back with the batch")

        gw2 = gwlib.Gateway(DB)
        try:
            first = gwlib.post(body, url=gw2.url, raw=True)
            self.assertEqual(first[0], 200)
            self.assertEqual(count(bsns), 10000)
            again = gwlib.post(body, url=gw2.url, raw=True)
            self.assertEqual(again[0], 200)
            self.assertEqual(again[2], first[2], "the repeat must replay the stored response")
            self.assertEqual(count(bsns), 10000)
            self.assertEqual(gwlib.sql(VAR, DB, "SELECT COUNT(*) FROM verwerkt_bericht WHERE message_id = '%s'"
                                       % msgid), "1")
        finally:
            gw2.stop()


if __name__ == "__main__":
    unittest.main()
