#!/usr/bin/python3
"""The notification suite (`notify` of tools/test.sh): a fresh database
rodgate_notify, a private gateway on it (the meldingen that fill the outbox
arrive over mutual TLS as in production), then the tests, each with its own
aiosmtpd and rodgate-notify processes. Ends with "N passed, M failed".

    /usr/bin/python3 tests/notify/run.py [pattern ...]"""
import os
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", ".."))
DB = "rodgate_notify"
os.environ["RODGATE_DBNAME"] = DB
sys.path[:0] = [HERE, os.path.join(TOP, "tests", "hardening"), os.path.join(TOP, "tests", "integration")]

import gwlib  # noqa: E402


def flatten(suite):
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            yield from flatten(t)
        else:
            yield t


def main(argv):
    gwlib.fresh_db(DB)
    gw = gwlib.Gateway(DB, log=os.path.join(TOP, "var", "log", "notify-gateway.log"))
    os.environ["RODGATE_URL"] = gw.url  # read by rodclient when the tests import it
    try:
        tests = list(flatten(unittest.TestLoader().discover(HERE, pattern="test_*.py", top_level_dir=HERE)))
        if argv:
            tests = [t for t in tests if any(p in t.id() for p in argv)]
        t0 = time.monotonic()
        result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(unittest.TestSuite(tests))
    finally:
        rc = gw.stop()
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    if rc != 0:
        print("private gateway exit %s" % rc)
        failed += 1
    passed = result.testsRun - len(result.failures) - len(result.errors) - len(result.skipped)
    sys.stdout.write("(%.1f s)\n" % (time.monotonic() - t0))
    print("%d passed, %d failed" % (passed, failed), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
