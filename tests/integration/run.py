#!/usr/bin/python3
"""Runs the rodgate integration tests (unittest, verbosity 2) against the
gateway at RODGATE_URL and ends with the line "N passed, M failed[, K skipped]".

    /usr/bin/python3 tests/integration/run.py [pattern ...]

Patterns (optional) select test modules by name, e.g. `run.py soap security`.
test_zz_logs runs last, after the others have used their personal data."""

import os
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def flatten(suite):
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            yield from flatten(t)
        else:
            yield t


def main(argv):
    loader = unittest.TestLoader()
    discovered = loader.discover(HERE, pattern="test_*.py", top_level_dir=HERE)
    tests = list(flatten(discovered))
    if argv:
        tests = [t for t in tests if any(p in t.id() for p in argv)]
    # keep discovery order (module name), but the log check always last
    tests.sort(key=lambda t: t.id().startswith("test_zz_logs."))
    suite = unittest.TestSuite(tests)
    t0 = time.monotonic()
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    skipped = len(result.skipped)
    passed = result.testsRun - failed - skipped - len(result.expectedFailures)
    sys.stdout.write("(%.1f s)\n" % (time.monotonic() - t0))
    line = "%d passed, %d failed" % (passed, failed)
    if skipped:
        line += ", %d skipped" % skipped
    print(line, flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
