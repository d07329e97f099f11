"""The runner of the suites that live in one folder each (hardening, metrics,
cluster): discovers test_*.py there (or the pattern given as the first
argument), runs them and ends with the line tools/test.sh reads,
`N passed, M failed`. The runners with a set-up of their own (integration,
notify) use its parts: select, run and summary."""
import os
import sys
import time
import unittest


def flatten(suite):
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            yield from flatten(t)
        else:
            yield t


def select(here, patterns=()):
    """The tests of test_*.py in `here`, in discovery order (module name);
    with patterns, only those whose id contains one of them."""
    found = unittest.TestLoader().discover(here, pattern="test_*.py", top_level_dir=here)
    tests = list(flatten(found))
    if patterns:
        tests = [t for t in tests if any(p in t.id() for p in patterns)]
    return tests


def run(tests):
    """Runs tests (verbosity 2, on stdout); returns (result, seconds)."""
    t0 = time.monotonic()
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(unittest.TestSuite(tests))
    return result, time.monotonic() - t0


def summary(result, seconds=None, extra_failed=0):
    """Prints the time (when given) and `N passed, M failed[, K skipped]`;
    extra_failed counts failures outside the tests. Returns the exit code."""
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses) + extra_failed
    skipped = len(result.skipped)
    passed = (result.testsRun - len(result.failures) - len(result.errors) - len(result.unexpectedSuccesses) -
              skipped - len(result.expectedFailures))
    if seconds is not None:
        sys.stdout.write("(%.1f s)\n" % seconds)
    print("%d passed, %d failed%s" % (passed, failed, ", %d skipped" % skipped if skipped else ""), flush=True)
    return 1 if failed else 0


def main(here, extra_paths=()):
    for p in (here,) + tuple(extra_paths):
        sys.path.insert(0, p)
    pattern = sys.argv[1] if len(sys.argv) > 1 else "test_*.py"
    suite = unittest.TestLoader().discover(here, pattern=pattern)
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    return summary(result)
