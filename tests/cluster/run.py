#!/usr/bin/python3
"""Runs the cluster suites (make test-cluster) and ends with `N passed, M failed`."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def main():
    loader = unittest.TestLoader()
    pattern = sys.argv[1] if len(sys.argv) > 1 else "test_*.py"
    suite = loader.discover(os.path.dirname(os.path.abspath(__file__)), pattern=pattern)
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    failed = len(result.failures) + len(result.errors)
    skipped = len(result.skipped)
    passed = result.testsRun - failed - skipped
    print("%d passed, %d failed%s" % (passed, failed, ", %d skipped" % skipped if skipped else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
