#!/usr/bin/python3
"""Runs the metrics suites (a real Prometheus scraping the metrics listener,
the allocation-failure injection) and ends with `N passed, M failed`."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
import suiterun  # noqa: E402

if __name__ == "__main__":
    sys.exit(suiterun.main(HERE, [os.path.join(HERE, "..", "hardening")]))  # gwlib
