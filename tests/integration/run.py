#!/usr/bin/python3
"""Runs the rodgate integration tests (unittest, verbosity 2) against the
gateway at RODGATE_URL and ends with the line "N passed, M failed[, K skipped]".

    /usr/bin/python3 tests/integration/run.py [pattern ...]

Patterns (optional) select test modules by name, e.g. `run.py soap security`.
test_zz_logs runs last, after the others have used their personal data."""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.join(HERE, "..")]

import suiterun  # noqa: E402


def main(argv):
    tests = suiterun.select(HERE, argv)
    # keep discovery order (module name), but the log check always last
    tests.sort(key=lambda t: t.id().startswith("test_zz_logs."))
    result, seconds = suiterun.run(tests)
    return suiterun.summary(result, seconds)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
