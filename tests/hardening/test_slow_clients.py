"""Slow clients (issue 4.3): headers trickled a byte at a time and a body
that never ends are cut off by the time limits, and while many of them hold
connections, normal requests are still served (they never occupy a
worker). A private gateway runs with short limits (2 s for headers, 4 s for
the request) and only 2 workers, so the test proves the mechanism quickly."""
import concurrent.futures
import threading
import time
import unittest

import gwlib

DB = "rodgate_hardening"
OVERZICHT = "<rod:OpvragenOverzichtRequest><rod:paginaGrootte>1</rod:paginaGrootte></rod:OpvragenOverzichtRequest>"


class SlowClients(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.gw = gwlib.Gateway(DB, sets=["header_timeout=2", "request_timeout=4", "workers=2", "idle_timeout=5"])

    @classmethod
    def tearDownClass(cls):
        cls.gw.stop()

    def test_trickled_headers_cut_off(self):
        s = gwlib.connect(url=self.gw.url)
        head = b"POST /rod/v1 HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\n"
        t0 = time.time()
        closed_at = None
        try:
            for b in head:
                s.sendall(bytes([b]))
                time.sleep(0.2)
                if time.time() - t0 > 8:
                    break
        except OSError:
            closed_at = time.time() - t0
        if closed_at is None:
            s.settimeout(5)
            r = gwlib.read_response(s)
            closed_at = time.time() - t0
            self.assertTrue(r is None or r[0] == 408)
        s.close()
        self.assertLess(closed_at, 4.5, "connection kept for %.1f s" % closed_at)

    def test_body_that_never_ends(self):
        s = gwlib.connect(url=self.gw.url, timeout=10)
        t0 = time.time()
        s.sendall(b"POST /rod/v1 HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 1000\r\n\r\n<s:Env")
        r = gwlib.read_response(s)
        took = time.time() - t0
        s.close()
        self.assertTrue(r is None or r[0] == 408, r)
        self.assertGreater(took, 3.5)
        self.assertLess(took, 6.5)

    def test_slowloris_does_not_starve_workers(self):
        stop = threading.Event()

        def loris():
            try:
                s = gwlib.connect(url=self.gw.url)
                s.sendall(b"POST /rod/v1 HTTP/1.1\r\nHost: x\r\n")
                while not stop.is_set():
                    s.sendall(b"X")
                    time.sleep(0.5)
            except OSError:
                pass

        threads = [threading.Thread(target=loris, daemon=True) for _ in range(40)]
        for t in threads:
            t.start()
        time.sleep(0.5)
        try:
            with concurrent.futures.ThreadPoolExecutor(4) as ex:
                t0 = time.time()
                results = list(ex.map(lambda _: gwlib.post(OVERZICHT, "OpvragenOverzicht", url=self.gw.url)[0], range(20)))
                took = time.time() - t0
        finally:
            stop.set()
        self.assertEqual(results, [200] * 20)
        self.assertLess(took, 3.0, "normal requests took %.1f s under slowloris" % took)


if __name__ == "__main__":
    unittest.main()
