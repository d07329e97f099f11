#!/usr/bin/env python3
"""Interleaved windows (issue 17.1): rodgate and its anchor measured in turns
(rodgate, anchor, rodgate, anchor, ...), so that a machine that gets busier
or quieter during the run moves both sides of each ratio alike.

pairs.py RESULTS GW_PREFIX ANCHOR_PREFIX N reads GW_PREFIX-wK.json and
ANCHOR_PREFIX-wK.json for K = 1..N (loadgen's summaries, field ok_rps),
writes PAIRS.json next to them (GW_PREFIX's stem + "-pairs": each window's
ratio, the median, the lowest and highest, and the spread as a share of the
median) and copies the pair with the median ratio to GW_PREFIX.json and
ANCHOR_PREFIX.json, so the table's other rows (p99, node-soap, cluster) read
one real window, the median one."""
import json
import os
import shutil
import statistics
import sys


def last_json(path):
    with open(path, encoding="utf-8") as f:
        lines = [line for line in f.read().splitlines() if line.strip()]
    return json.loads(lines[-1]) if lines else None


def main():
    res, gw, anchor, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    pairs = []
    for k in range(1, n + 1):
        a = last_json(os.path.join(res, "%s-w%d.json" % (gw, k)))
        b = last_json(os.path.join(res, "%s-w%d.json" % (anchor, k)))
        if a and b and a.get("ok_rps") and b.get("ok_rps"):
            pairs.append((a["ok_rps"] / b["ok_rps"], k))
    if not pairs:
        print("pairs: no complete window of %s/%s" % (gw, anchor), file=sys.stderr)
        return
    ratios = [r for r, _ in pairs]
    med = statistics.median(ratios)
    # the window whose ratio is nearest the median (for an even count, the
    # median lies between two windows)
    _, k_med = min(pairs, key=lambda p: (abs(p[0] - med), p[1]))
    for prefix in (gw, anchor):
        shutil.copyfile(os.path.join(res, "%s-w%d.json" % (prefix, k_med)), os.path.join(res, prefix + ".json"))
    out = {"label": gw + "-pairs", "windows": len(pairs), "ratios": [round(r, 4) for r in ratios],
           "median": round(med, 4), "min": round(min(ratios), 4), "max": round(max(ratios), 4),
           "spread": round((max(ratios) - min(ratios)) / med, 4) if med else None, "median_window": k_med}
    with open(os.path.join(res, gw + "-pairs.json"), "w", encoding="utf-8") as f:
        json.dump(out, f)
    print("pairs %s/%s: ratios %s, median %.3f, spread %.0f%%" %
          (gw, anchor, ", ".join("%.3f" % r for r in ratios), med, 100 * (out["spread"] or 0)), file=sys.stderr)


if __name__ == "__main__":
    main()
