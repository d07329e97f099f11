"""The runner of the suites that live in one folder each (hardening, metrics,
cluster): discovers test_*.py there (or the pattern given as the first
argument), runs them and ends with the line tools/test.sh reads,
`N passed, M failed`."""
import os
import sys
import unittest


def main(here, extra_paths=()):
    for p in (here,) + tuple(extra_paths):
        sys.path.insert(0, p)
    pattern = sys.argv[1] if len(sys.argv) > 1 else "test_*.py"
    suite = unittest.TestLoader().discover(here, pattern=pattern)
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    failed = len(result.failures) + len(result.errors)
    skipped = len(result.skipped)
    passed = result.testsRun - failed - skipped
    print("%d passed, %d failed%s" % (passed, failed, ", %d skipped" % skipped if skipped else ""))
    return 1 if failed else 0
