#!/usr/bin/python3
"""Writes monitoring/grafana/rodgate.json, the Grafana dashboard of the metrics in
docs/operations.md. Edit the panels here and run it again; the metrics suite
checks that every query of the dashboard finds series in a scraped gateway."""
import json
import os
DS = {"type": "prometheus", "uid": "${DS_PROMETHEUS}"}
panels = []
pid = [0]
def panel(title, exprs, kind="timeseries", w=12, h=8, unit=None, desc=None, x=None, y=None):
    pid[0] += 1
    p = {"id": pid[0], "type": kind, "title": title, "datasource": DS,
         "gridPos": {"h": h, "w": w, "x": x, "y": y},
         "targets": [{"datasource": DS, "expr": e, "legendFormat": l, "refId": chr(65 + i)}
                     for i, (e, l) in enumerate(exprs)],
         "fieldConfig": {"defaults": {}, "overrides": []}, "options": {}}
    if unit:
        p["fieldConfig"]["defaults"]["unit"] = unit
    if desc:
        p["description"] = desc
    if kind == "timeseries":
        p["options"] = {"legend": {"displayMode": "list", "placement": "bottom"}, "tooltip": {"mode": "multi"}}
    panels.append(p)
def row(title, y):
    pid[0] += 1
    panels.append({"id": pid[0], "type": "row", "title": title, "collapsed": False,
                   "gridPos": {"h": 1, "w": 24, "x": 0, "y": y}, "panels": []})
y = 0
row("Overview", y); y += 1
panel("Ready", [("min(rodgate_db_up) * min(rodgate_tls_ok)", "ready")], "stat", 4, 4, None,
      "1 when the database answers and the TLS context is valid (see /ready for the reason)", 0, y)
panel("Requests/s", [("sum(rate(rodgate_requests_total[5m]))", "req/s")], "stat", 4, 4, "reqps", None, 4, y)
panel("Faults", [('sum(rate(rodgate_requests_total{result=~"ROD-.*",result!~"ROD-0[23][0-9]{2}|ROD-0102"}[5m])) / '
                  'sum(rate(rodgate_requests_total[5m]))', "faults")], "stat", 4, 4, "percentunit",
      "share of requests answered with a SOAP fault (ROD-00xx, ROD-01xx except 0102, ROD-9xxx)", 8, y)
panel("Outbox backlog", [("rodgate_outbox_unsent", "unsent")], "stat", 4, 4, None, None, 12, y)
panel("Oldest unsent", [("rodgate_outbox_oldest_unsent_age_seconds", "age")], "stat", 4, 4, "s", None, 16, y)
panel("TLS valid for", [("rodgate_tls_valid_until_timestamp_seconds - time()", "left")], "stat", 4, 4, "s",
      "earliest end of the server certificate, trust anchors and CRL nextUpdate", 20, y)
y += 4
row("Requests", y); y += 1
panel("Requests by operation", [("sum by (operation) (rate(rodgate_requests_total[5m]))", "{{operation}}")],
      unit="reqps", x=0, y=y)
panel("Requests by result", [('sum by (result) (rate(rodgate_requests_total{result!="OK"}[5m]))', "{{result}}")],
      unit="reqps", desc="functional errors (gelukt=false) and faults by code", x=12, y=y)
y += 8
panel("Latency p50 / p95 / p99 by operation",
      [("histogram_quantile(%s, sum by (operation, le) (rate(rodgate_request_duration_seconds_bucket[5m])))" % q,
        "{{operation}} p%s" % int(float(q) * 100)) for q in ("0.5", "0.95", "0.99")],
      unit="s", w=24, x=0, y=y)
y += 8
row("TLS and refusals", y); y += 1
panel("TLS handshake failures by reason",
      [("sum by (reason) (rate(rodgate_tls_handshake_failures_total[5m]))", "{{reason}}")], unit="ops", x=0, y=y)
panel("Refusals by reason", [('sum by (reason) (rate(rodgate_refusals_total{reason!~"tls-.*"}[5m]))', "{{reason}}")],
      unit="ops", x=12, y=y)
y += 8
row("Capacity", y); y += 1
panel("Worker pool", [("rodgate_workers", "workers"), ("rodgate_workers_busy", "busy"),
                      ("rodgate_requests_queued", "queued")], x=0, y=y)
panel("Connections", [("rodgate_connections_open", "client connections"),
                      ("rodgate_db_connections_open", "database connections"), ("rodgate_db_up", "database up")],
      x=12, y=y)
y += 8
row("Outbox and jobs", y); y += 1
panel("Outbox by soort", [("rodgate_outbox_unsent_by_soort", "{{soort}}"),
                          ("rodgate_outbox_oldest_unsent_age_seconds", "oldest age (s)")], x=0, y=y)
panel("Scheduled jobs: time since last success",
      [("time() - rodgate_job_last_success_timestamp_seconds", "{{name}}")], unit="s", x=12, y=y)
y += 8
panel("Job runs", [('sum by (name, result) (increase(rodgate_job_runs_total[1h]))', "{{name}} {{result}}")],
      x=0, y=y)
panel("Galera node (absent when not clustered)",
      [("rodgate_galera_cluster_size", "cluster size"), ("rodgate_galera_local_state", "local state (4 = Synced)"),
       ("rodgate_galera_primary", "primary"), ("rodgate_galera_flow_control_paused", "flow control paused"),
       ("rodgate_galera_local_recv_queue", "recv queue")], x=12, y=y)
dash = {
    "__inputs": [{"name": "DS_PROMETHEUS", "label": "Prometheus", "type": "datasource", "pluginId": "prometheus",
                  "pluginName": "Prometheus"}],
    "__requires": [{"type": "grafana", "id": "grafana", "name": "Grafana", "version": "9.0.0"},
                   {"type": "datasource", "id": "prometheus", "name": "Prometheus", "version": "1.0.0"}],
    "title": "rodgate", "uid": "rodgate", "tags": ["rodgate", "soap"], "timezone": "browser",
    "schemaVersion": 37, "version": 1, "editable": True, "refresh": "30s",
    "time": {"from": "now-6h", "to": "now"}, "annotations": {"list": []}, "templating": {"list": []},
    "description": "rodgate SOAP gateway: requests, latency, TLS refusals, pool, outbox, jobs (docs/operations.md)",
    "panels": panels,
}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "rodgate.json"), "w") as f:
    json.dump(dash, f, indent=2)
    f.write("\n")
print(len(panels), "panels")
