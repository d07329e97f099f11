#!/usr/bin/env python3
"""Interleaved windows (issue 17.1): rodgate and its anchor measured in turns
(rodgate, anchor, rodgate, anchor, ...), so that a machine that gets busier
or quieter during the run moves both sides of each ratio alike.

pairs.py RESULTS GW_PREFIX ANCHOR_PREFIX N [options] reads the windows
GW_PREFIX-wK.json and ANCHOR_PREFIX-wK.json for K = 1..N (the last JSON
line of each; by default loadgen's field ok_rps on both sides), and writes
GW_PREFIX-pairs.json next to them: each pair's ratio (GW / ANCHOR), the
median, the lowest and highest, the spread as a share of the median
((highest - lowest) / median), each side's own figures and spread, the most
CPU that other processes took in a window (loadgen's cores_other, where a
side has it; per side) and the windows in which a side ran out of pupils. It copies
the pair with the median ratio to GW_PREFIX.json and ANCHOR_PREFIX.json, so
the table's other rows (p99, node-soap, cluster) read one real window, the
median one.

Options:
  --gw-field F, --anchor-field F   the figure of each side (default ok_rps)
  --gw-scale X, --anchor-scale X   multiplies it (e.g. 0.001: ms to s)
  --window FMT                     the windows' names (default "%s-w%d")
  --first K                        the first window's number (default 1)
  --no-copy                        leave GW_PREFIX.json and ANCHOR_PREFIX.json

A window counts only when both figures are above zero and the rodgate side
answered (its "ok" above zero, where it has one). The MeldenVerzuim windows
(melden-rodgate-wK: loadgen, ok_rps; melden-replay-wK: meldreplay, rps) and
the batch (batch-rodgate-K: loadgen's max_ms of one request, scale 0.001;
bulkinsert-gateway-K: seconds; --window "%s-%d" --first 0) use the same
code: there the ratio is seconds over seconds (lower is better)."""
import argparse
import json
import os
import shutil
import statistics
import sys


def last_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            lines = [line for line in f.read().splitlines() if line.strip()]
        return json.loads(lines[-1]) if lines else None
    except (OSError, ValueError):
        return None


def spread(xs):
    med = statistics.median(xs) if xs else 0
    return round((max(xs) - min(xs)) / med, 4) if med else None


def main():
    ap = argparse.ArgumentParser(description="median ratio of interleaved windows")
    ap.add_argument("res")
    ap.add_argument("gw")
    ap.add_argument("anchor")
    ap.add_argument("n", type=int)
    ap.add_argument("--gw-field", default="ok_rps")
    ap.add_argument("--anchor-field", default="ok_rps")
    ap.add_argument("--gw-scale", type=float, default=1.0)
    ap.add_argument("--anchor-scale", type=float, default=1.0)
    ap.add_argument("--window", default="%s-w%d")
    ap.add_argument("--first", type=int, default=1)
    ap.add_argument("--no-copy", action="store_true")
    o = ap.parse_args()

    def path(prefix, k):
        return os.path.join(o.res, (o.window % (prefix, k)) + ".json")

    pairs, exhausted, skipped, other = [], [], [], ([], [])
    for k in range(o.first, o.first + o.n):
        a, b = last_json(path(o.gw, k)), last_json(path(o.anchor, k))
        if (a and a.get("pupils_exhausted")) or (b and b.get("pupils_exhausted")):
            exhausted.append(k)
        x = a.get(o.gw_field) if a else None
        y = b.get(o.anchor_field) if b else None
        if not x or not y or x <= 0 or y <= 0 or (a.get("ok") is not None and not a.get("ok")):
            skipped.append(k)
            continue
        x, y = x * o.gw_scale, y * o.anchor_scale
        pairs.append((x / y, k, x, y))
        for i, side in enumerate((a, b)):
            if side.get("cores_other") is not None:
                other[i].append(side["cores_other"])
    if not pairs:
        print("pairs: no complete window of %s/%s" % (o.gw, o.anchor), file=sys.stderr)
        return
    ratios = [p[0] for p in pairs]
    med = statistics.median(ratios)
    # the window whose ratio is nearest the median (for an even count, the
    # median lies between two windows)
    _, k_med, _, _ = min(pairs, key=lambda p: (abs(p[0] - med), p[1]))
    if not o.no_copy:
        for prefix in (o.gw, o.anchor):
            shutil.copyfile(path(prefix, k_med), os.path.join(o.res, prefix + ".json"))
    gw_vals, an_vals = [p[2] for p in pairs], [p[3] for p in pairs]
    out = {"label": o.gw + "-pairs", "windows": len(pairs), "window_ids": [p[1] for p in pairs],
           "ratios": [round(r, 4) for r in ratios], "median": round(med, 4), "min": round(min(ratios), 4),
           "max": round(max(ratios), 4), "spread": spread(ratios), "median_window": k_med,
           "gw_field": o.gw_field, "anchor_field": o.anchor_field,
           "gw_values": [round(v, 6) for v in gw_vals], "anchor_values": [round(v, 6) for v in an_vals],
           "gw_spread": spread(gw_vals), "anchor_spread": spread(an_vals),
           "gw_cores_other": round(max(other[0]), 3) if other[0] else None,
           "anchor_cores_other": round(max(other[1]), 3) if other[1] else None,
           "exhausted": exhausted, "skipped": skipped}
    with open(os.path.join(o.res, o.gw + "-pairs.json"), "w", encoding="utf-8") as f:
        json.dump(out, f)
    print("pairs %s/%s: ratios %s, median %.3f, spread %.0f%% (%s %.0f%%, %s %.0f%%)%s%s" %
          (o.gw, o.anchor, ", ".join("%.3f" % r for r in ratios), med, 100 * (out["spread"] or 0),
           o.gw, 100 * (out["gw_spread"] or 0), o.anchor, 100 * (out["anchor_spread"] or 0),
           "; pupil list ran out in window %s" % ", ".join(map(str, exhausted)) if exhausted else "",
           "; windows left out (no figure): %s" % ", ".join(map(str, skipped)) if skipped else ""),
          file=sys.stderr)


if __name__ == "__main__":
    main()
