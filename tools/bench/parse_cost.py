#!/usr/bin/python3
"""The `parse` scenario of `make bench` (issue 16 item 3): the hostile XML
shapes of tests/hardening/xmlshapes.py at 20 MiB, each timed (target < 2 s),
and the most expensive shapes within the limits; then BURST clients send the
issue's requests, and then those shapes, for BURST_SECONDS each while a
normal client sends overview requests one after the other (its p99, target
< 1 s); the gateway's RSS after each burst (target < 100 MiB). Prints one
line per measurement and, last, one JSON line.

usage: parse_cost.py --url URL --pid GATEWAY_PID [--size BYTES] [--burst N]
                     [--burst-seconds S]"""
import argparse
import concurrent.futures
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "hardening"))
import gwlib  # noqa: E402
import xmlshapes  # noqa: E402

OVERZICHT = xmlshapes.OVERZICHT


def post(url, body, timeout=120):
    return gwlib.post(body, url=url, raw=True, timeout=timeout)


def rss_mib(pid):
    kib = gwlib.rss_kib(pid)
    return kib / 1024.0 if kib >= 0 else -1.0


def burst(a, heavy, normal):
    """a.burst clients send heavy requests one after the other for
    a.burst_seconds; meanwhile one normal client sends overview requests one
    after the other. Their latency figures."""
    stop = time.time() + a.burst_seconds

    def attacker(i):
        n = errors = 0
        while time.time() < stop:
            try:
                post(a.url, heavy[(i + n) % len(heavy)])
            except OSError:
                errors += 1
            n += 1
        return n, errors

    lat = []
    t0 = time.time()
    with concurrent.futures.ThreadPoolExecutor(a.burst) as ex:
        attacks = [ex.submit(attacker, i) for i in range(a.burst)]
        time.sleep(0.5)  # the attackers are under way
        while time.time() < stop:
            t = time.time()
            st, _, _ = post(a.url, normal)
            lat.append((time.time() - t) if st == 200 else float("inf"))
        done = [f.result() for f in attacks]
    lat.sort()

    def ms(x):
        return round(x * 1e3, 1)
    return {"clients": a.burst, "seconds": round(time.time() - t0, 3), "heavy_requests": sum(d[0] for d in done),
            "heavy_errors": sum(d[1] for d in done), "normal_requests": len(lat),
            "normal_p50_ms": ms(lat[len(lat) // 2]) if lat else None,
            "normal_p99_ms": ms(lat[min(len(lat) - 1, int(len(lat) * 0.99))]) if lat else None,
            "normal_max_ms": ms(lat[-1]) if lat else None}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--size", type=int, default=20 << 20)
    ap.add_argument("--burst", type=int, default=16)
    ap.add_argument("--burst-seconds", type=float, default=10.0)
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
    normal = gwlib.envelope(OVERZICHT, "OpvragenOverzicht")
    # the issue's requests (40,000 and 80,000 attributes, 80,000 namespace
    # declarations), then the most expensive shapes within the limits
    issue = [xmlshapes.envelope(env_attrs="".join(' a%d=""' % i for i in range(40000))),
             xmlshapes.envelope(header_attrs="".join(' a%d=""' % i for i in range(80000))),
             xmlshapes.envelope(env_attrs="".join(' xmlns:p%d="u"' % i for i in range(80000)))]
    for name, heavy in (("issue", issue), ("limit", list(limit.values()))):
        res["burst-" + name] = b = burst(a, heavy, normal)
        time.sleep(2.0)
        b["rss_after_mib"] = round(rss_mib(a.pid), 1)
        print("parse burst-%s: %d clients, %d heavy requests in %.1f s; normal client %d requests p50 %s ms "
              "p99 %s ms max %s ms; RSS after %.1f MiB" % (
                  name, a.burst, b["heavy_requests"], b["seconds"], b["normal_requests"], b["normal_p50_ms"],
                  b["normal_p99_ms"], b["normal_max_ms"], b["rss_after_mib"]), flush=True)
    res["rss_after_mib"] = round(rss_mib(a.pid), 1)
    res["rss_peak_mib"] = None
    with open("/proc/%d/status" % a.pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                res["rss_peak_mib"] = round(int(line.split()[1]) / 1024.0, 1)
    print(json.dumps(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
