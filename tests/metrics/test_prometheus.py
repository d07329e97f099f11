"""Issue 12 item 4: a real Prometheus (Debian `prometheus`) scrapes the
metrics listener of a private gateway on a private MariaDB. Requests of
known outcomes are sent and Prometheus' HTTP API must show the counters
moved by exactly that much; /ready turns 503 while MariaDB is stopped and
200 again once it is back; /health stays 200 throughout."""
import json
import os
import shutil
import socket
import ssl
import subprocess
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

import gwlib

VAR = os.path.join(gwlib.TOP, "var", "metricsdb")
DB = "rodgate_metrics"
PROM_DIR = os.path.join(gwlib.TOP, "var", "prometheus")
DATA = os.path.join(gwlib.TOP, "tests", "data", "valid")


def http_get(url, timeout=5):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def body(name):
    with open(os.path.join(DATA, name), encoding="utf-8") as f:
        text = f.read()
    return text[text.index("<rod:"):] if text.startswith("<?xml") else text


class Prometheus:
    """A Prometheus server scraping one target every second."""

    def __init__(self, target):
        shutil.rmtree(PROM_DIR, ignore_errors=True)
        os.makedirs(PROM_DIR)
        self.port = gwlib.free_port()
        conf = os.path.join(PROM_DIR, "prometheus.yml")
        with open(conf, "w") as f:
            f.write("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                    "scrape_configs:\n  - job_name: rodgate\n    static_configs:\n"
                    "      - targets: ['%s']\n" % target)
        self.log = open(os.path.join(PROM_DIR, "prometheus.log"), "w")
        self.proc = subprocess.Popen(
            ["prometheus", "--config.file=" + conf, "--storage.tsdb.path=" + os.path.join(PROM_DIR, "data"),
             "--web.listen-address=127.0.0.1:%d" % self.port, "--log.level=warn"],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if self.targets_up():
                    return
            except OSError:
                pass
            if self.proc.poll() is not None:
                raise RuntimeError("prometheus exited with %s" % self.proc.returncode)
            time.sleep(0.3)
        raise RuntimeError("prometheus did not scrape the target")

    def api(self, path, **params):
        url = "http://127.0.0.1:%d/api/v1/%s?%s" % (self.port, path, urllib.parse.urlencode(params))
        with urllib.request.urlopen(url, timeout=5) as r:
            return json.loads(r.read())["data"]

    def targets_up(self):
        active = self.api("targets")["activeTargets"]
        return bool(active) and all(t["health"] == "up" for t in active)

    def value(self, query):
        """The instant value of a query with one series; 0 when it has none."""
        result = self.api("query", query=query)["result"]
        return float(result[0]["value"][1]) if result else 0.0

    def last_scrape(self):
        return max(t["lastScrape"] for t in self.api("targets")["activeTargets"])

    def wait_for(self, query, want, timeout=20):
        """Waits until query shows want; returns the last value seen."""
        deadline = time.time() + timeout
        v = None
        while time.time() < deadline:
            v = self.value(query)
            if v == want:
                return v
            time.sleep(0.3)
        return v

    def stop(self):
        gwlib.stop_process(self.proc)
        self.log.close()


class PrometheusScrape(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        gwlib.mariadb(VAR, "start")
        gwlib.mariadb(VAR, "reset", db=DB)
        cls.mport = gwlib.free_port()
        cls.metrics = "http://127.0.0.1:%d" % cls.mport
        cls.gw = gwlib.Gateway(DB, var=VAR, sets=["metrics_listen=127.0.0.1:%d" % cls.mport])
        cls.prom = Prometheus("127.0.0.1:%d" % cls.mport)

    @classmethod
    def tearDownClass(cls):
        cls.prom.stop()
        cls.gw.stop()
        gwlib.mariadb(VAR, "stop", check=False)

    def counters(self):
        q = {
            "overzicht_ok": 'rodgate_requests_total{operation="OpvragenOverzicht",result="OK"}',
            "overzicht_xsd": 'rodgate_requests_total{operation="OpvragenOverzicht",result="ROD-0002"}',
            "overzicht_count": 'rodgate_request_duration_seconds_count{operation="OpvragenOverzicht"}',
            "overzicht_fast": 'rodgate_request_duration_seconds_bucket{operation="OpvragenOverzicht",le="+Inf"}',
            "aanleveren_ok": 'rodgate_requests_total{operation="AanleverenInschrijving",result="OK"}',
            "melden_ok": 'rodgate_requests_total{operation="MeldenVerzuim",result="OK"}',
            "no_cert": 'rodgate_tls_handshake_failures_total{reason="no-certificate"}',
            "unknown_org": 'sum(rodgate_requests_total{result="ROD-0101"})',
        }
        return q, {k: self.prom.value(v) for k, v in q.items()}

    def test_counters_move_with_requests(self):
        queries, before = self.counters()
        sent = {"overzicht_ok": 7, "overzicht_xsd": 3, "aanleveren_ok": 1, "no_cert": 2, "unknown_org": 2}
        for _ in range(7):
            r = gwlib.post(body("OpvragenOverzicht.xml"), "OpvragenOverzicht", url=self.gw.url)
            self.assertEqual(r[0], 200, r[2][:300])
        bad = "<rod:OpvragenOverzichtRequest><rod:paginaGrootte>veel</rod:paginaGrootte>" \
              "</rod:OpvragenOverzichtRequest>"
        for _ in range(3):
            r = gwlib.post(bad, "OpvragenOverzicht", url=self.gw.url)
            self.assertEqual(gwlib.fault_code(r[2]), "ROD-0002", r[2][:300])
        r = gwlib.post(body("AanleverenInschrijving.xml"), "AanleverenInschrijving", url=self.gw.url)
        self.assertEqual(r[0], 200, r[2][:300])
        for _ in range(2):
            r = gwlib.post(body("OpvragenOverzicht.xml"), "OpvragenOverzicht", name="unknown-org", url=self.gw.url)
            self.assertEqual(gwlib.fault_code(r[2]), "ROD-0101", r[2][:300])
        host, port = gwlib.host_port(self.gw.url)
        for _ in range(2):
            with self.assertRaises((ssl.SSLError, OSError)):
                s = gwlib.context(None).wrap_socket(socket.create_connection((host, port), timeout=5),
                                                    server_hostname=host)
                s.sendall(gwlib.request_bytes(gwlib.envelope("<rod:OpvragenOverzichtRequest/>",
                                                             "OpvragenOverzicht")))
                if not s.recv(1):
                    raise OSError("closed")
        expect = dict(before)
        for k, n in sent.items():
            expect[k] += n
        expect["overzicht_count"] += 10
        expect["overzicht_fast"] += 10
        for k, want in expect.items():
            with self.subTest(metric=k):
                self.assertEqual(self.prom.wait_for(queries[k], want), want, queries[k])
        # exactly: a few more scrapes must not show more than was sent
        t = self.prom.last_scrape()
        while self.prom.last_scrape() == t:
            time.sleep(0.2)
        for k, want in expect.items():
            with self.subTest(metric=k, after="another scrape"):
                self.assertEqual(self.prom.value(queries[k]), want, queries[k])
        p99 = self.prom.value('histogram_quantile(0.99, rate(rodgate_request_duration_seconds_bucket'
                              '{operation="OpvragenOverzicht"}[1m]))')
        self.assertGreater(p99, 0)
        self.assertLess(p99, 10)

    def test_pool_db_jobs_and_tls_figures(self):
        self.assertEqual(self.prom.value("rodgate_workers"), 8)
        self.assertEqual(self.prom.value("rodgate_workers_busy_large"), 0)
        self.assertGreaterEqual(self.prom.value("rodgate_db_connections_open"), 1)
        self.assertEqual(self.prom.wait_for("rodgate_db_up", 1), 1)
        self.assertEqual(self.prom.value("rodgate_tls_ok"), 1)
        self.assertGreater(self.prom.value("rodgate_tls_valid_until_timestamp_seconds"), time.time())
        # the jobs thread runs every retention job at start, each reporting by its name
        for job in ("idempotentie", "persoonsgegevens", "audit", "berichten"):
            with self.subTest(job=job):
                self.assertEqual(self.prom.wait_for('rodgate_job_last_ok{name="%s"}' % job, 1), 1)
                self.assertGreaterEqual(self.prom.value('rodgate_job_runs_total{name="%s",result="ok"}' % job), 1)
                self.assertGreater(self.prom.value('rodgate_job_last_success_timestamp_seconds{name="%s"}' % job),
                                   time.time() - 3600)
        # a standalone MariaDB: no Galera series at all
        self.assertEqual(self.prom.api("query", query="rodgate_galera_cluster_size")["result"], [])

    def test_outbox_backlog(self):
        # meldingen of the fixtures' pupils put rows in the outbox, never sent here
        before = self.prom.value("rodgate_outbox_unsent")
        # the pupil of MeldenVerzuim.xml is enrolled by the batch (again, if so: the same enrolments)
        r = gwlib.post(body("AanleverenInschrijving.xml"), "AanleverenInschrijving", url=self.gw.url)
        self.assertEqual(r[0], 200, r[2][:300])
        r = gwlib.post(body("MeldenVerzuim.xml"), "MeldenVerzuim", url=self.gw.url)
        self.assertEqual(r[0], 200, r[2][:400])
        self.assertIn(b"<rod:gelukt>true</rod:gelukt>", r[2], r[2][:600])
        rows = int(gwlib.sql(VAR, DB, "SELECT COUNT(*) FROM melding_notificatie WHERE verzonden IS NULL"))
        self.assertGreater(rows, before)
        self.assertEqual(self.prom.wait_for("rodgate_outbox_unsent", rows), rows)
        self.assertEqual(self.prom.wait_for('rodgate_outbox_unsent_by_soort{soort="NIEUWE_MELDING"}',
                                            int(gwlib.sql(VAR, DB, "SELECT COUNT(*) FROM melding_notificatie "
                                                          "WHERE verzonden IS NULL AND soort='NIEUWE_MELDING'"))),
                         int(gwlib.sql(VAR, DB, "SELECT COUNT(*) FROM melding_notificatie WHERE verzonden IS NULL "
                                       "AND soort='NIEUWE_MELDING'")))
        self.assertGreaterEqual(self.prom.value("rodgate_outbox_oldest_unsent_age_seconds"), 0)

    def test_zz_ready_follows_the_database(self):
        self.assertEqual(http_get(self.metrics + "/health"), (200, "alive\n"))
        self.assertEqual(http_get(self.metrics + "/ready"), (200, "ready\n"))
        gwlib.mariadb(VAR, "stop")
        try:
            status, text = http_get(self.metrics + "/ready")
            self.assertEqual(status, 503)
            self.assertIn("database not reachable", text)
            self.assertEqual(http_get(self.metrics + "/health"), (200, "alive\n"))
            self.assertEqual(self.prom.wait_for("rodgate_db_up", 0), 0)
            self.assertEqual(self.prom.value("up"), 1)  # the listener itself still answers
        finally:
            gwlib.mariadb(VAR, "start")
        self.assertEqual(http_get(self.metrics + "/ready"), (200, "ready\n"))
        self.assertEqual(self.prom.wait_for("rodgate_db_up", 1), 1)

    def test_slow_client_cannot_hold_the_listener(self):
        # one connection at a time: a client trickling its head is cut off
        # within the listener's 2 s for the whole head, so /health answers soon
        slow = socket.create_connection(("127.0.0.1", self.mport), timeout=10)
        try:
            slow.sendall(b"GET /hea")
            t0 = time.time()
            stop = t0 + 6
            while time.time() < stop:
                try:
                    slow.sendall(b"l")
                except OSError:
                    break  # closed by the listener
                time.sleep(0.3)
            cut = time.time() - t0
            self.assertLess(cut, 4.0, "a trickling client held the listener for %.1f s" % cut)
            t1 = time.time()
            self.assertEqual(http_get(self.metrics + "/health"), (200, "alive\n"))
            self.assertLess(time.time() - t1, 2.0)
        finally:
            slow.close()

    def test_y_dashboard_queries(self):
        # every query of the shipped Grafana dashboard is valid PromQL and
        # finds series in a scraped gateway (the Galera panel excepted)
        with open(os.path.join(gwlib.TOP, "monitoring", "grafana", "rodgate.json")) as f:
            dash = json.load(f)
        exprs = [t["expr"] for p in dash["panels"] for t in p.get("targets", [])]
        self.assertGreater(len(exprs), 15)
        for e in exprs:
            with self.subTest(expr=e):
                result = self.prom.api("query", query=e)["result"]
                if "galera" not in e:
                    self.assertTrue(result, "no series")

    def test_unknown_path_and_method(self):
        self.assertEqual(http_get(self.metrics + "/nope")[0], 404)
        req = urllib.request.Request(self.metrics + "/metrics", data=b"x", method="POST")
        try:
            urllib.request.urlopen(req, timeout=5)
            self.fail("POST accepted")
        except urllib.error.HTTPError as e:
            self.assertEqual(e.code, 405)
