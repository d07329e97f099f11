"""Database outage (issue 4.5): MariaDB is stopped while clients send
batches. Every request gets either success or fault ROD-9001, no request is
half-stored, and when MariaDB is back the gateway recovers by itself
(reconnect, re-prepare) without a restart. Uses a private MariaDB."""
import concurrent.futures
import os
import threading
import time
import unittest

import gwlib

VAR = os.path.join(gwlib.TOP, "var", "outage")
DB = "rodgate_outage"


class DatabaseOutage(unittest.TestCase):
    @staticmethod
    def soap12_during_outage(gw):
        env = gwlib.envelope("<rod:OpvragenOverzichtRequest/>", "OpvragenOverzicht").replace(
            b"http://schemas.xmlsoap.org/soap/envelope/", b"http://www.w3.org/2003/05/soap-envelope")
        s = gwlib.connect(url=gw.url)
        try:
            s.sendall(gwlib.request_bytes(env).replace(b"Content-Type: text/xml",
                                                       b"Content-Type: application/soap+xml"))
            return gwlib.read_response(s)
        finally:
            s.close()

    def test_outage_and_recovery(self):
        gwlib.mariadb(VAR, "start")
        gwlib.mariadb(VAR, "reset", db=DB)
        gw = gwlib.Gateway(DB, var=VAR)
        results = []
        lock = threading.Lock()
        stop = threading.Event()
        counter = [0]

        def client(k):
            while not stop.is_set():
                with lock:
                    counter[0] += 1
                    n = counter[0]
                bsns = gwlib.bsn_list(20, 40000000 + n * 1000)  # disjoint per request
                try:
                    r = gwlib.post(gwlib.batch_body(bsns), "AanleverenInschrijving", url=gw.url)
                    outcome = (r[0], gwlib.fault_code(r[2])) if r else ("closed", None)
                except OSError as e:
                    outcome = ("error", str(e))
                with lock:
                    results.append((time.time(), outcome, bsns))

        try:
            with concurrent.futures.ThreadPoolExecutor(4) as ex:
                futures = [ex.submit(client, k) for k in range(4)]
                time.sleep(1.0)
                t_down = time.time()
                gwlib.mariadb(VAR, "stop")
                time.sleep(0.5)
                soap12 = self.soap12_during_outage(gw)
                time.sleep(1.5)
                gwlib.mariadb(VAR, "start")
                t_up = time.time()
                time.sleep(4.0)
                stop.set()
                for f in futures:
                    f.result()
            outcomes = [o for _, o, _ in results]
            allowed = {(200, None), (500, "ROD-9001")}
            self.assertTrue(all(o in allowed for o in outcomes), set(outcomes) - allowed)
            self.assertIn((500, "ROD-9001"), outcomes, "the outage was not noticed")
            late = [o for t, o, _ in results if t > t_up + 2.0]
            self.assertTrue(late and all(o == (200, None) for o in late), "no recovery: %r" % late[-5:])
            # no half-writes: each request's pupils are all stored or none
            # the private database holds only this test's pupils
            stored = set(gwlib.sql(VAR, DB, "SELECT pgn FROM inschrijving").split())
            for _, o, bsns in results:
                got = sum(b in stored for b in bsns)
                self.assertIn(got, (0, 20))
                if o == (200, None):
                    self.assertEqual(got, 20)
            self.assertGreater(t_up, t_down)
            # SOAP 1.2 server fault: HTTP 500, env:Receiver (spec 8.2)
            status, headers, body = soap12
            self.assertEqual(status, 500)
            self.assertTrue(headers.get("content-type", "").startswith("application/soap+xml"))
            self.assertIn(b"<env:Value>env:Receiver</env:Value>", body)
            self.assertEqual(gwlib.fault_code(body), "ROD-9001")
        finally:
            gw.stop()
            gwlib.mariadb(VAR, "stop", check=False)


if __name__ == "__main__":
    unittest.main()
