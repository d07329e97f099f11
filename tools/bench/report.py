#!/usr/bin/env python3
"""Turns the JSON lines of one `make bench` run into the results table.

usage: report.py RESULTS_DIR OUT_DIR

Prints the table, writes OUT_DIR/results.md, OUT_DIR/results.dat,
OUT_DIR/results.gp and (with gnuplot) OUT_DIR/results.png. Benchmarks report
figures; this never fails on speed.
"""
import glob
import json
import os
import statistics
import subprocess
import sys


def load(res):
    out = {}
    for path in glob.glob(os.path.join(res, "*.json")):
        name = os.path.basename(path)[:-5]
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read().strip()
            try:
                out[name] = json.loads(text)
            except ValueError:
                out[name] = json.loads(text.splitlines()[-1]) if text else None
        except (ValueError, IndexError):
            out[name] = None
    return out


def num(x, digits=1):
    if x is None:
        return "n/a"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:.{digits}f}"


def errors_of(r):
    if not r:
        return 0
    return r.get("non200", 0) + r.get("fault", 0) + r.get("gelukt_false", 0) + r.get("conn_errors", 0) + r.get(
        "timeouts", 0)


def err_note(r):
    if not r:
        return ""
    parts = []
    for key, label in (("non200", "non-200"), ("fault", "SOAP fault"), ("gelukt_false", "gelukt=false"),
                       ("conn_errors", "connection errors"), ("timeouts", "timeouts")):
        if r.get(key):
            parts.append(f"{r[key]} {label}")
    if not parts:
        return ""
    code = f" {r['fault_code']}" if r.get("fault_code") else ""
    return " (" + ", ".join(parts) + code + ")"


def not_implemented(r):
    return bool(r) and r.get("ok", 0) == 0 and r.get("fault_code") == "ROD-9002" and \
        "nog niet beschikbaar" in r.get("error_sample", "")


def cores(r):
    if r.get("cores_busy") is None:
        return ""
    return " / ".join(f"{r.get(k) or 0:.2f}" for k in ("cores_server", "cores_db", "cores_client", "cores_other"))


def verdict(ok):
    return "n/a" if ok is None else ("yes" if ok else "**no**")


NOISY = 0.10  # issue 17.1: two runs agree within 10 % on every ratio


def paired(pairs, digits=3, what="windows"):
    """The ratio of interleaved windows (tools/bench/pairs.py): the median,
    the lowest and highest, the spread."""
    return "median %sx of %d %s (%s-%s, spread %.0f%%)" % (
        num(pairs["median"], digits), pairs["windows"], what, num(pairs["min"], digits),
        num(pairs["max"], digits), 100 * (pairs["spread"] or 0))


def shown_ratio(r, pairs, digits=3, what="windows"):
    """The ratio a row is judged by and how it is shown: the median of the
    interleaved windows when there are any, else the one window's ratio."""
    if pairs:
        return pairs["median"], paired(pairs, digits, what)
    return r, (num(r, digits) + "x" if r is not None else "n/a")


def side_range(pairs, key, scale=1.0, digits=1):
    vals = pairs.get(key) if pairs else None
    if not vals or len(vals) < 2:
        return ""
    return " (%s-%s)" % (num(min(vals) * scale, digits), num(max(vals) * scale, digits))


def steady(pairs, gw="rodgate", anchor="the anchor"):
    """The note of a paired row: noisy when the windows' ratios spread more
    than 10 % around their median, and which side moved; a window that ran
    out of pupils."""
    if not pairs:
        return "one window per side"
    parts = []
    sp = pairs.get("spread")
    if pairs.get("windows", 0) < 3:
        parts.append(f"only {pairs.get('windows', 0)} complete pair(s)")
    if sp is not None and sp > NOISY:
        why = f"{gw}'s figure varied {100 * (pairs.get('gw_spread') or 0):.0f} %, " \
              f"{anchor}'s {100 * (pairs.get('anchor_spread') or 0):.0f} %"
        cg, ca = pairs.get("gw_cores_other"), pairs.get("anchor_cores_other")
        if cg is not None or ca is not None:
            why += "; other processes: " + ", ".join(
                f"up to {c:.2f} cores in {who}'s windows" if c is not None else f"not measured in {who}'s"
                for c, who in ((cg, gw), (ca, anchor)))
        parts.append(f"**noisy**: spread {100 * sp:.0f} % > {100 * NOISY:.0f} % ({why})")
    elif sp is not None:
        parts.append(f"steady: spread {100 * sp:.0f} % <= {100 * NOISY:.0f} %")
    if pairs.get("exhausted"):
        parts.append("pupil list ran out in window " + ", ".join(str(k) for k in pairs["exhausted"]))
    if pairs.get("skipped"):
        parts.append("left out (no figure): window " + ", ".join(str(k) for k in pairs["skipped"]))
    return "; ".join(parts)


def main():
    res, out = sys.argv[1], sys.argv[2]
    d = load(res)
    meta = d.get("meta") or {}
    g = lambda k: d.get(k)  # noqa: E731

    rows = []   # scenario, rodgate, anchor name, anchor figure, ratio, target, met
    row_notes = {}  # row index -> the Note column (steady or noisy, issue 17.1)
    plot = []   # label, gw_tput, anchor_tput, gw_p50, gw_p99, an_p50, an_p99

    def ratio(a, b):
        return a / b if a is not None and b else None

    # 1. OpvragenOverzicht vs nginx
    ov, ng = g("overview-rodgate"), g("overview-nginx")
    ov_rps = ov["ok_rps"] if ov else None
    ng_rps = ng["ok_rps"] if ng else None
    r = ratio(ov_rps, ng_rps)
    pairs = g("overview-rodgate-pairs")
    r, shown = shown_ratio(r, pairs)
    if ov is not None:
        row_notes[len(rows)] = steady(pairs, anchor="nginx")
    rows.append(("OpvragenOverzicht, page of 10, keep-alive, %s conns (req/s; the median window)" % meta.get("conns", "?"),
                 num(ov_rps) + side_range(pairs, "gw_values") + err_note(ov), "nginx, static response of the same size",
                 num(ng_rps) + side_range(pairs, "anchor_values") + err_note(ng),
                 shown, ">= 0.35x nginx",
                 verdict(None if r is None else r >= 0.35)))
    plot.append(("Overzicht/nginx", ov_rps, ng_rps, ov and ov["p50_ms"], ov and ov["p99_ms"], ng and ng["p50_ms"],
                 ng and ng["p99_ms"]))

    # 2. MeldenVerzuim vs its storage limit: the gateway's own statements per
    # melding replayed from C (tools/bench/meldreplay.c), same connections;
    # BENCH_PAIRS interleaved windows (melden-rodgate-wK, melden-replay-wK),
    # melden-rodgate and melden-replay are the median pair
    mv, mr = g("melden-rodgate"), g("melden-replay")
    mpairs = g("melden-rodgate-pairs")
    mr_rps = mr["rps"] if mr else None
    mr_fig = num(mr_rps) + (f" ({mr['errors']} errors)" if mr and mr.get("errors") else "") if mr else "n/a"
    m_anchor = "the same statements replayed from C (meldreplay), same conns"
    m_target = ">= 0.7x its storage-limit replay"
    if mv is None:
        rows.append(("MeldenVerzuim, distinct pupils, full rules (req/s)", "n/a (not run)", m_anchor, mr_fig, "n/a",
                     m_target, "n/a"))
        plot.append(("MeldenVerzuim/replay", None, mr_rps, None, None, mr and mr["p50_ms"], mr and mr["p99_ms"]))
    elif not_implemented(mv):
        rows.append(("MeldenVerzuim, distinct pupils, full rules (req/s)", "n/a (not implemented)", m_anchor, mr_fig,
                     "n/a", m_target, "n/a"))
        plot.append(("MeldenVerzuim/replay", None, mr_rps, None, None, mr and mr["p50_ms"], mr and mr["p99_ms"]))
    else:
        r = ratio(mv["ok_rps"], mr_rps)
        r, shown = shown_ratio(r, mpairs)
        note = " (pupil list ran out)" if mv.get("pupils_exhausted") else ""
        row_notes[len(rows)] = steady(mpairs, anchor="the replay")
        secs = meta.get("melden_seconds")
        rows.append(("MeldenVerzuim, distinct pupils, full rules (req/s%s)" %
                     (f"; the median window, windows of {secs} s" if mpairs and secs else ""),
                     num(mv["ok_rps"]) + side_range(mpairs, "gw_values") + err_note(mv) + note,
                     m_anchor, mr_fig + side_range(mpairs, "anchor_values"), shown, m_target,
                     verdict(None if r is None else r >= 0.7)))
        plot.append(("MeldenVerzuim/replay", mv["ok_rps"], mr_rps, mv["p50_ms"], mv["p99_ms"], mr and mr["p50_ms"],
                     mr and mr["p99_ms"]))

    # 3. handshakes, full and resumed: interleaved windows with nginx
    # (handshake-*-wK, resumed-*-wK), the median ratio and its spread
    def resume_note(x):
        if not x or not x.get("resume"):
            return ""
        note = " (%s of %s handshakes resumed" % (f"{x.get('resumed', 0):,}", f"{x.get('handshakes', 0):,}")
        if x.get("resume_missed"):
            note += ", %s offered but full" % f"{x['resume_missed']:,}"
        return note + ")"

    def cpu_note(x):
        return " [server CPU %s ms each]" % num(x.get("server_cpu_ms_per_req"), 3) if x else ""

    for prefix, what, target in (("handshake", "Full mTLS handshakes", 1.0), ("resumed", "Resumed handshakes", 1.0)):
        hs, hn = g(prefix + "-rodgate"), g(prefix + "-nginx")
        hs_rps = hs["ok_rps"] if hs else None
        hn_rps = hn["ok_rps"] if hn else None
        r = ratio(hs_rps, hn_rps)
        pairs = g(prefix + "-rodgate-pairs")
        r, shown = shown_ratio(r, pairs)
        if hs is not None:
            row_notes[len(rows)] = steady(pairs, anchor="nginx")
        how = "new connection per GET ?wsdl" + (", each offering its slot's last ticket" if prefix == "resumed" else "")
        anchor = "nginx%s, same certificates and WSDL bytes" % (" resumed" if prefix == "resumed" else "")
        rows.append(("%s, %s (per s; the median window)" % (what, how),
                     num(hs_rps) + err_note(hs) + resume_note(hs) + cpu_note(hs), anchor,
                     num(hn_rps) + err_note(hn) + resume_note(hn) + cpu_note(hn), shown,
                     ">= %.1fx nginx%s" % (target, " resumed" if prefix == "resumed" else ""),
                     verdict(None if r is None else r >= target)))
        plot.append(("%s/nginx" % ("Handshakes" if prefix == "handshake" else "Resumed"), hs_rps, hn_rps,
                     hs and hs["p50_ms"], hs and hs["p99_ms"], hn and hn["p50_ms"], hn and hn["p99_ms"]))

    # 4. batch
    runs = sorted(k for k in d if k.startswith("batch-rodgate-") and k.rsplit("-", 1)[1].isdigit())
    gw_s = [d[k]["max_ms"] / 1000 for k in runs if d[k] and d[k].get("responses") and d[k].get("max_ms")]
    gw_bad = [k for k in runs if not d[k] or errors_of(d[k]) or not d[k].get("ok")]
    raw_s = [d[k]["seconds"] for k in sorted(d) if k.startswith("bulkinsert-raw-") and d[k]]
    gsql_s = [d[k]["seconds"] for k in sorted(d) if k.startswith("bulkinsert-gateway-") and d[k]]
    b_gw = statistics.median(gw_s) if gw_s else None
    b_raw = statistics.median(raw_s) if raw_s else None
    b_gsql = statistics.median(gsql_s) if gsql_s else None
    r = ratio(b_gw, b_gsql)
    bpairs = g("batch-rodgate-pairs")  # each batch paired with its statements' replay right after it
    r, shown = shown_ratio(r, bpairs, 2, "pairs")
    ok = None if b_gw is None or r is None else (b_gw <= 0.5 and r <= 2)
    note = f" ({len(gw_bad)} of {len(runs)} runs with errors)" if gw_bad else ""
    if runs:
        row_notes[len(rows)] = steady(bpairs, anchor="the replay")
    rows.append((f"AanleverenInschrijving, {meta.get('batch', 10000):,} items, one request (s, median of "
                 f"{len(runs)})", num(b_gw, 3) + side_range(bpairs, "gw_values", digits=3) + note,
                 "its own statements replayed from C (bulkinsert --mode gateway)",
                 num(b_gsql, 3) + side_range(bpairs, "anchor_values", digits=3),
                 shown, "<= 0.5 s and <= 2x its statements", verdict(ok)))
    n_items = meta.get("batch", 10000)
    plot.append(("Batch/bulk insert (items/s)", n_items / b_gw if b_gw else None, n_items / b_raw if b_raw else None,
                 b_gw and b_gw * 1000, b_gw and b_gw * 1000, b_raw and b_raw * 1000, b_raw and b_raw * 1000))

    # 5. node-soap peer
    nd = g("overview-node")
    nd_rps = nd["ok_rps"] if nd else None
    r = ratio(ov_rps, nd_rps)
    rows.append(("OpvragenOverzicht vs a node-soap peer, same DB (req/s)", num(ov_rps),
                 f"node-soap peer ({meta.get('node_workers', 1)} process)", num(nd_rps) + err_note(nd),
                 num(r, 3) + "x" if r is not None else "n/a", ">= 3x node-soap",
                 verdict(None if r is None else r >= 3)))
    plot.append(("Overzicht/node-soap", ov_rps, nd_rps, ov and ov["p50_ms"], ov and ov["p99_ms"], nd and nd["p50_ms"],
                 nd and nd["p99_ms"]))

    # 6. p99
    p99 = ov["p99_ms"] if ov else None
    rows.append((f"OpvragenOverzicht p99 latency at {meta.get('conns', 16)} connections (ms)",
                 num(p99, 2), "nginx p99", num(ng and ng["p99_ms"], 2),
                 num(ratio(p99, ng and ng["p99_ms"]), 1) + "x" if p99 and ng else "n/a", "<= 10 ms",
                 verdict(None if p99 is None else p99 <= 10)))

    # 7. memory
    mem = g("memory")
    lg = g("long-rodgate")
    if mem:
        rss, hwm = mem["vmrss_kib"] / 1024, mem["vmhwm_kib"] / 1024
        after = (f"after {lg['responses']:,} requests (BENCH_LONG)" if lg else
                 "after the default run (BENCH_LONG=1: after 1,000,000 requests)")
        rows.append((f"Gateway memory {after} (MiB)", f"VmRSS {rss:.1f}, VmHWM {hwm:.1f}", "", "", "",
                     "VmHWM <= 100 MiB", verdict(hwm <= 100) if lg else verdict(hwm <= 100) + " (short run)"))

    # 8. register size
    sizes = sorted((int(k.split("-")[1]), d[k]) for k in d if k.startswith("scale-") and d[k])
    if len(sizes) >= 2:
        (n_small, s_small), (n_big, s_big) = sizes[0], sizes[-1]
        r = ratio(s_big["p50_ms"], s_small["p50_ms"])
        rows.append((f"OpvragenOverzicht p50, {n_big:,} vs {n_small:,} pupils, {meta.get('scale_conns', 1)} conn (ms)",
                     num(s_big["p50_ms"], 2) + err_note(s_big) + f" ({s_big['responses']} req)",
                     f"same at {n_small:,} pupils", num(s_small["p50_ms"], 2) + err_note(s_small),
                     num(r, 1) + "x" if r is not None else "n/a", "<= 1.5x",
                     verdict(None if r is None else r <= 1.5)))
        plot.append((f"Overzicht {n_big // 1000}k/{n_small // 1000}k pupils", s_big["ok_rps"], s_small["ok_rps"],
                     s_big["p50_ms"], s_big["p99_ms"], s_small["p50_ms"], s_small["p99_ms"]))
    else:
        rows.append(("OpvragenOverzicht p50, 1,000,000 vs 10,000 pupils (ms)", "n/a (not run)", "", "", "n/a",
                     "<= 1.5x", "n/a"))

    # the cluster (docs/deployment.md): the same requests through HAProxy to two
    # gateways on a three-node Galera cluster, against the single gateway above
    oc, mc, fo = g("overview-cluster"), g("melden-cluster"), g("cluster-failover")
    for run_, single, what, target in ((oc, ov, "OpvragenOverzicht", 0.8), (mc, mv, "MeldenVerzuim", 0.5)):
        if run_ is None:
            continue
        single_rps = single["ok_rps"] if single else None
        r = ratio(run_["ok_rps"], single_rps)
        rows.append(("%s through HAProxy, 2 gateways, 3-node Galera (req/s)" % what,
                     num(run_["ok_rps"]) + err_note(run_), "one gateway on one MariaDB (same run)",
                     num(single_rps) + err_note(single), num(r, 3) + "x" if r is not None else "n/a",
                     ">= %.1fx single node" % target, verdict(None if r is None else r >= target)))
    if fo:
        rows.append(("Failover: kill -9 of the writer node to the first acknowledged write (s)",
                     "%s (%d writes failed meanwhile)" % (num(fo["seconds"], 2), fo.get("failed_writes", 0)), "", "",
                     "", "<= 5 s", verdict(fo["seconds"] <= 5)))

    head = ("Scenario", "rodgate", "Anchor", "Anchor figure", "Ratio", "Target", "Met", "Note")
    md = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    md += ["| " + " | ".join(str(c) for c in row + (row_notes.get(i, ""),)) + " |" for i, row in enumerate(rows)]

    # details
    det_head = ("Run", "req/s", "ok", "errors", "p50 ms", "p90 ms", "p99 ms", "max ms", "server CPU ms/req",
                "DB CPU ms/req", "cores: server / DB / client / other")
    det = ["| " + " | ".join(det_head) + " |", "|" + "---|" * len(det_head)]
    def windows_of(prefix, anchor="nginx"):
        return sorted((k for k in d if k.startswith((prefix + "-rodgate-w", prefix + "-" + anchor + "-w"))),
                      key=lambda k: (int(k.rsplit("-w", 1)[1]), anchor in k))

    windows = windows_of("overview")
    m_windows = windows_of("melden", "replay") or ["melden-rodgate", "melden-replay"]
    hs_windows = windows_of("handshake") or ["handshake-rodgate", "handshake-nginx"]
    order = windows + m_windows + hs_windows + windows_of("resumed") + [
             "overview-node", "overview-cluster", "melden-cluster"] + runs + ["long-rodgate"] + [f"scale-{n}" for n, _ in sizes]
    for k in order:
        x = d.get(k)
        if not x:
            continue
        if "meldingen" in x:  # meldreplay's summary
            det.append(f"| {k} | " + " | ".join([num(x["rps"]), str(x["meldingen"]), str(x["errors"]),
                                                 num(x["p50_ms"], 2), "", num(x["p99_ms"], 2), "", "",
                                                 num(x.get("db_cpu_ms_per_req"), 3), cores(x)]) + " |")
            continue
        det.append("| " + " | ".join([k, num(x["rps"]), str(x["ok"]) + resume_note(x), str(errors_of(x)) + err_note(x),
                                      num(x["p50_ms"], 2), num(x["p90_ms"], 2), num(x["p99_ms"], 2),
                                      num(x["max_ms"], 2), num(x["server_cpu_ms_per_req"], 3),
                                      num(x["db_cpu_ms_per_req"], 3), cores(x)]) + " |")
    for k in sorted(d):
        if k.startswith(("bulkinsert-", "load-")) and d[k]:
            det.append(f"| {k} | | {d[k].get('rows', '')} rows | | | | | {d[k]['seconds'] * 1000:.0f} | | | |")

    machine = (f"{meta.get('nproc', '?')} cores ({meta.get('cpu', '?')}), "
               f"{meta.get('mem_kib', 0) / 1048576:.1f} GiB memory, Linux {meta.get('kernel', '?')}; "
               f"{meta.get('openssl', '')}, nginx {meta.get('nginx', '')}, node {meta.get('node', '')}; "
               f"CPU already {meta.get('busy_before_pct', '?')}% busy before the run")
    notes = []
    if meta.get("gateway_crashed"):
        notes.append("**The gateway process died during the run** (see var/bench/gateway.out); later figures are "
                     "missing or errors.")
    if b_gsql is not None:
        splits = [d[k].get("statement_s") for k in sorted(d) if k.startswith("bulkinsert-gateway-") and d[k]]
        splits = [x for x in splits if x]
        split = ""
        if splits:
            k = min(len(x) for x in splits)
            med = [statistics.median(x[i] for x in splits) for i in range(k)]
            names = ["insert persoon", "upsert persoon_gegevens", "upsert inschrijving"] if k == 3 else \
                ["upsert persoon", "upsert inschrijving"]
            split = " (" + ", ".join(f"{n} {m:.3f} s" for n, m in zip(names, med)) + ")"
        notes.append(f"The gateway's own batch statements replayed from C by bulkinsert --mode gateway take "
                     f"{b_gsql:.3f} s{split} of the gateway's {b_gw if b_gw else float('nan'):.3f} s; the least work that "
                     f"stores these rows (bulkinsert --mode raw) {b_raw if b_raw else float('nan'):.3f} s.")
    notes.append(f"Note: a ratio from interleaved windows (rodgate, anchor, rodgate, anchor, ...; "
                      f"BENCH_PAIRS {meta.get('pairs', '?')}, the batch {meta.get('batch_runs', '?')} pairs) is "
                      f"the median of the windows' ratios; 'noisy' when their spread ((highest - lowest) / median) "
                      f"exceeds {100 * NOISY:.0f} %, with how much each side's own figure moved and how much CPU "
                      f"other processes took; the machine was already {meta.get('busy_before_pct', '?')}% busy "
                      f"before the run.")
    notes.append("Cores: CPU used during each window by the server under test, MariaDB (shared with anything "
                 "else using it), the load generator, and every other process on the machine; 'other' above ~0.1 "
                 "means the figures were taken on a busy machine.")
    text = [f"rodgate benchmark, {meta.get('date', '')}, commit {meta.get('commit', '?')}", "", "Machine: " + machine,
            f"Windows of {meta.get('seconds', '?')} s after {meta.get('warmup', '?')} s warm-up, register of "
            f"{meta.get('pupils', 0):,} pupils.", "", *md, "", *notes, "", "Per run:", "", *det, ""]
    report = "\n".join(text)
    print()
    print(report)
    with open(os.path.join(out, "results.md"), "w", encoding="utf-8") as f:
        f.write("# rodgate benchmark results\n\n" + report)

    # plot
    dat = os.path.join(out, "results.dat")
    with open(dat, "w", encoding="utf-8") as f:
        f.write("# label rodgate_tput anchor_tput rodgate_p50 rodgate_p99 anchor_p50 anchor_p99\n")
        for row in plot:
            vals = ["-" if v is None or v <= 0 else f"{v:.6g}" for v in row[1:]]
            f.write('"%s" %s\n' % (row[0], " ".join(vals)))
    gp = os.path.join(out, "results.gp")
    with open(gp, "w", encoding="utf-8") as f:
        f.write(f"""set terminal pngcairo size 1400,900 font "DejaVu Sans,10"
set output "{os.path.join(out, 'results.png')}"
set datafile missing "-"
set multiplot layout 2,1 title "rodgate vs anchors, {meta.get('date', '')} ({meta.get('nproc', '?')} cores)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set logscale y
set grid ytics
set xtics noenhanced
set key top right
set ylabel "throughput (req/s; batch: items/s)"
set title "Throughput: rodgate and its anchor per scenario (log scale)"
plot "{dat}" using 2:xtic(1) title "rodgate" lc rgb "#1f77b4", "" using 3 title "anchor" lc rgb "#aaaaaa"
set ylabel "latency (ms)"
set title "Latency: p50 and p99 per scenario (log scale; batch: one request)"
plot "{dat}" using 4:xtic(1) title "rodgate p50" lc rgb "#1f77b4", "" using 5 title "rodgate p99" lc rgb "#0b3c5d", \\
     "" using 6 title "anchor p50" lc rgb "#cccccc", "" using 7 title "anchor p99" lc rgb "#777777"
unset multiplot
""")
    try:
        subprocess.run(["gnuplot", gp], check=True, capture_output=True, text=True)
        print(f"Wrote {os.path.join(out, 'results.md')} and {os.path.join(out, 'results.png')}")
    except (OSError, subprocess.CalledProcessError) as e:
        msg = e.stderr if isinstance(e, subprocess.CalledProcessError) else str(e)
        print(f"gnuplot failed: {msg}", file=sys.stderr)


if __name__ == "__main__":
    main()
