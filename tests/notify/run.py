#!/usr/bin/python3
"""The notification suite (`notify` of tools/test.sh): a fresh database
rodgate_notify, a private gateway on it (the meldingen that fill the outbox
arrive over mutual TLS as in production), then the tests, each with its own
aiosmtpd and rodgate-notify processes. Ends with "N passed, M failed".

    /usr/bin/python3 tests/notify/run.py [pattern ...]"""
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", ".."))
DB = "rodgate_notify"
os.environ["RODGATE_DBNAME"] = DB
sys.path[:0] = [HERE, os.path.join(TOP, "tests"), os.path.join(TOP, "tests", "hardening"),
                os.path.join(TOP, "tests", "integration")]

import gwlib  # noqa: E402
import suiterun  # noqa: E402


def main(argv):
    gwlib.fresh_db(DB)
    gw = gwlib.Gateway(DB, log=os.path.join(TOP, "var", "log", "notify-gateway.log"))
    os.environ["RODGATE_URL"] = gw.url  # read by rodclient when the tests import it
    t0 = time.monotonic()
    try:
        result, _ = suiterun.run(suiterun.select(HERE, argv))
    finally:
        rc = gw.stop()
    extra = 0
    if rc != 0:
        print("private gateway exit %s" % rc)
        extra = 1
    return suiterun.summary(result, time.monotonic() - t0, extra)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
