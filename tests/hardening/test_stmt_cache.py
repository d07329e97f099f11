"""The prepared-statement cache of store/db.c stays bounded (issue 10.5):
more distinct statements than its slots, run again and again on one
connection, must not leave one open statement per execute on the server
(MariaDB's Prepared_stmt_count). The probe links the real store/db.c."""
import os
import subprocess
import tempfile
import unittest

import gwlib

DB = "rodgate_hardening"
SRC = ["tests/hardening/probes/stmt_cache.c", "src/store/db.c", "src/store/db_node.c", "src/core/log.c",
       "src/core/metrics.c", "src/core/status.c", "src/core/clock.c"]


def flags(tool, arg):
    return subprocess.run([tool, arg], capture_output=True, text=True, check=True).stdout.split()


class StatementCache(unittest.TestCase):

    def test_statements_beyond_the_cache_are_closed(self):
        with tempfile.TemporaryDirectory() as tmp:
            probe = os.path.join(tmp, "stmt_cache")
            subprocess.run(["cc", "-std=c11", "-D_GNU_SOURCE", "-O1", "-Wall", "-Wextra", "-Werror", "-Isrc"]
                           + flags("mariadb_config", "--cflags") + ["-o", probe] + SRC
                           + flags("mariadb_config", "--libs"), cwd=gwlib.TOP, check=True)
            sock = os.path.join(gwlib.TOP, "var", "run", "mariadb.sock")
            out = subprocess.run([probe, sock, DB, "300", "4"], capture_output=True, text=True, timeout=120)
            self.assertEqual(out.returncode, 0, out.stderr)
            counts = dict(kv.split("=") for kv in out.stdout.split())
            grown = int(counts["after"]) - int(counts["before"])
            # 1,200 executes of 300 statements: at most the cache's slots (and
            # a little for other clients of the shared server) may stay open
            self.assertLess(grown, 150, out.stdout)


if __name__ == "__main__":
    unittest.main()
