"""Lingering close (issue 14): after a refusal whose body was not read (413)
the gateway sends close_notify and FIN, then reads and discards the client's
input for at most lingering_timeout between two reads and lingering_time in
all, and the connection still counts as waiting (max_pending_per_address).
A private gateway with lingering_time=4, lingering_timeout=2 and
max_pending_per_address=2 shows the bounds in seconds."""
import socket
import time
import unittest

import gwlib

DB = "rodgate_hardening"
TOO_LARGE = ("POST /rod/v1 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml; charset=utf-8\r\n"
             "Content-Length: %d\r\n\r\n" % (20 * 1024 * 1024 + 1)).encode()


class LingeringClose(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.gw = gwlib.Gateway(DB, sets=["lingering_time=4", "lingering_timeout=2", "max_pending_per_address=2"])

    @classmethod
    def tearDownClass(cls):
        cls.gw.stop()

    def refused(self):
        """A connection that sent a too large head and read the whole 413."""
        s = gwlib.connect(url=self.gw.url)
        s.sendall(TOO_LARGE + b" " * 65536)
        status, headers, body = gwlib.read_response(s)
        self.assertEqual(status, 413)
        self.assertEqual(headers.get("connection"), "close")
        self.assertIn(b"ROD-0003", body)
        return s

    def closed(self, s, limit):
        """True when the gateway closed `s` within `limit` seconds (close_notify
        read, or the reset of a close with input still arriving)."""
        s.settimeout(limit)
        try:
            while s.recv(4096):
                pass
        except socket.timeout:
            return False
        except OSError:
            pass
        return True

    def raw_closed_after(self, s, limit):
        """Seconds until the TCP connection under `s` is closed by the gateway,
        sending a byte every 0.3 s meanwhile (None: still open after limit)."""
        raw = socket.socket(fileno=s.detach())
        t0 = time.time()
        try:
            while time.time() - t0 < limit:
                try:
                    raw.sendall(b"x")
                except OSError:
                    return time.time() - t0
                time.sleep(0.3)
            return None
        finally:
            raw.close()

    def test_silent_client_closed_after_lingering_timeout(self):
        s = self.refused()
        t0 = time.time()
        try:
            # the close_notify comes with the answer: the TLS stream ends at once
            self.assertTrue(self.closed(s, 5), "no close_notify after the 413")
            raw = socket.socket(fileno=s.detach())
            raw.settimeout(5)
            # the gateway's FIN was read; the socket goes at lingering_timeout
            # without input (a send after that is reset)
            time.sleep(3)
            with self.assertRaises(OSError):
                for _ in range(20):
                    raw.sendall(b"x" * 1024)
                    time.sleep(0.05)
            raw.close()
        finally:
            s.close()
        self.assertLess(time.time() - t0, 6)

    def test_busy_client_closed_after_lingering_time(self):
        s = self.refused()
        took = self.raw_closed_after(s, 12)
        self.assertIsNotNone(took, "a client sending on was kept beyond 12 s")
        self.assertGreater(took, 2.5, "closed after %.1f s, before lingering_time" % took)
        self.assertLess(took, 7, "closed after %.1f s" % took)

    def test_lingering_connections_count_as_waiting(self):
        held = [self.refused(), self.refused()]
        try:
            # the address's two waiting connections are both lingering: a
            # third is closed at accept
            with self.assertRaises(OSError):
                t = gwlib.connect(url=self.gw.url, timeout=5)
                t.sendall(gwlib.request_bytes(b"<x/>"))
                if gwlib.read_response(t) is None:
                    raise ConnectionResetError("closed at accept")
                t.close()
        finally:
            for s in held:
                s.close()
        # their slots are given back when the gateway closes them
        deadline = time.time() + 10
        while True:
            try:
                t = gwlib.connect(url=self.gw.url, timeout=5)
                t.sendall(gwlib.request_bytes(b"<x/>"))
                if gwlib.read_response(t) is not None:
                    t.close()
                    break
                t.close()
            except OSError:
                pass
            self.assertLess(time.time(), deadline, "the lingering connections' slots were not given back")
            time.sleep(0.3)


if __name__ == "__main__":
    unittest.main()
