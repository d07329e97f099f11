"""Crash safety (issue 4.6): kill -9 the gateway while it stores a
10,000-item batch; after a restart the batch is stored completely or not at
all, and repeating the request with the same MessageID stores it exactly
once and replays the same response."""
import os
import threading
import time
import unittest
import uuid

import gwlib

DB = "rodgate_hardening"
VAR = os.path.join(gwlib.TOP, "var")


def count(bsns):
    return int(gwlib.sql(VAR, DB, "SELECT COUNT(*) FROM inschrijving WHERE pgn IN (%s)" %
                         ",".join("'%s'" % b for b in bsns)))


class CrashSafety(unittest.TestCase):
    def test_kill9_during_batch(self):
        mid_transaction = False
        for attempt in range(4):
            bsns = gwlib.bsn_list(10000, 60000000 + attempt * 3000000 + int(time.time()) % 1000 * 1000)
            msgid = "urn:uuid:" + str(uuid.uuid4())
            body = gwlib.envelope(gwlib.batch_body(bsns), "AanleverenInschrijving", msgid)
            gw = gwlib.Gateway(DB)
            s = gwlib.connect(url=gw.url, timeout=30)
            sender = threading.Thread(target=lambda: s.sendall(gwlib.request_bytes(body)), daemon=True)
            sender.start()
            # kill as soon as the batch's transaction is writing
            deadline = time.time() + 20
            while time.time() < deadline:
                busy = gwlib.sql(VAR, DB, "SELECT COUNT(*) FROM information_schema.innodb_trx "
                                          "WHERE trx_rows_modified > 0")
                if busy != "0":
                    break
            gw.kill9()
            s.close()
            stored = count(bsns)
            self.assertIn(stored, (0, 10000), "half-stored batch: %d rows" % stored)
            mid_transaction |= stored == 0
            gw2 = gwlib.Gateway(DB)
            try:
                first = gwlib.post(gwlib.envelope(gwlib.batch_body(bsns), "AanleverenInschrijving", msgid),
                                   url=gw2.url, raw=True)
                self.assertEqual(first[0], 200)
                self.assertEqual(count(bsns), 10000)
                again = gwlib.post(gwlib.envelope(gwlib.batch_body(bsns), "AanleverenInschrijving", msgid),
                                   url=gw2.url, raw=True)
                self.assertEqual(again[0], 200)
                self.assertEqual(again[2], first[2], "the repeat must replay the stored response")
                self.assertEqual(count(bsns), 10000)
                self.assertEqual(gwlib.sql(VAR, DB, "SELECT COUNT(*) FROM verwerkt_bericht WHERE message_id = '%s'"
                                           % msgid), "1")
            finally:
                gw2.stop()
            if mid_transaction:
                break
        self.assertTrue(mid_transaction, "never managed to kill the gateway inside the transaction")


if __name__ == "__main__":
    unittest.main()
