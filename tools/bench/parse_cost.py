#!/usr/bin/python3
"""The `parse` scenario of `make bench` (issue 16 item 3): the hostile XML
shapes of tests/hardening/xmlshapes.py at 20 MiB, each timed (target < 2 s),
the most expensive shapes within the limits, then BURST of those in parallel
while a normal client sends overview requests one after the other (its p99,
target < 1 s), and the gateway's RSS before and after (target < 100 MiB).
Prints one line per measurement and, last, one JSON line.

usage: parse_cost.py --url URL --pid GATEWAY_PID [--size BYTES] [--burst N]"""
import argparse
import concurrent.futures
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "hardening"))
import gwlib  # noqa: E402
import xmlshapes  # noqa: E402

OVERZICHT = "<rod:OpvragenOverzichtRequest><rod:paginaGrootte>1</rod:paginaGrootte></rod:OpvragenOverzichtRequest>"


def post(url, body, timeout=120):
    s = gwlib.connect(url=url, timeout=timeout)
    try:
        s.sendall(gwlib.request_bytes(body))
        return gwlib.read_response(s)
    finally:
        s.close()


def rss_mib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return -1.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--size", type=int, default=20 << 20)
    ap.add_argument("--burst", type=int, default=16)
    a = ap.parse_args()
    res = {"label": "parse", "size": a.size, "rss_before_mib": round(rss_mib(a.pid), 1), "shapes": {}}
    shapes = xmlshapes.shapes(a.size)
    limit = xmlshapes.limit_shapes(a.size)
    shapes.update(limit)
    for name, body in shapes.items():
        t0 = time.time()
        try:
            status, _, resp = post(a.url, body)
            code = gwlib.fault_code(resp) or "OK"
        except OSError as e:
            status, code = 0, type(e).__name__
        took = time.time() - t0
        res["shapes"][name] = {"bytes": len(body), "seconds": round(took, 3), "http": status, "code": code}
        print("parse %-26s %9d bytes %7.3f s  %s %s" % (name, len(body), took, status, code), flush=True)
    heavy = list(limit.values())
    normal = gwlib.envelope(OVERZICHT, "OpvragenOverzicht")
    lat = []
    t0 = time.time()
    with concurrent.futures.ThreadPoolExecutor(a.burst) as ex:
        attacks = [ex.submit(post, a.url, heavy[i % len(heavy)]) for i in range(a.burst)]
        while not all(f.done() for f in attacks):
            t = time.time()
            st, _, _ = post(a.url, normal)
            lat.append((time.time() - t) if st == 200 else float("inf"))
        burst_errors = sum(1 for f in attacks if f.exception() is not None)
    lat.sort()
    res["burst"] = {"requests": a.burst, "seconds": round(time.time() - t0, 3), "errors": burst_errors,
                    "normal_requests": len(lat),
                    "normal_p50_ms": round(lat[len(lat) // 2] * 1e3, 1) if lat else None,
                    "normal_p99_ms": round(lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1e3, 1) if lat else None,
                    "normal_max_ms": round(lat[-1] * 1e3, 1) if lat else None}
    res["rss_peak_mib"] = None
    time.sleep(2.0)
    res["rss_after_mib"] = round(rss_mib(a.pid), 1)
    b = res["burst"]
    print("parse burst of %d: %.1f s, normal client %d requests p50 %s ms p99 %s ms max %s ms; RSS %.1f -> %.1f MiB"
          % (a.burst, b["seconds"], b["normal_requests"], b["normal_p50_ms"], b["normal_p99_ms"], b["normal_max_ms"],
             res["rss_before_mib"], res["rss_after_mib"]), flush=True)
    with open("/proc/%d/status" % a.pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                res["rss_peak_mib"] = round(int(line.split()[1]) / 1024.0, 1)
    print(json.dumps(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
