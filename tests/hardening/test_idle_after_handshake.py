"""Idle TLS connections (issue 16 item 2): a connection that completes the
handshake must send its first request's headers within header_timeout of the
handshake; the handshake does not restart the clock at idle_timeout. A
private gateway with header_timeout=2 and idle_timeout=30 shows the
difference in seconds."""
import socket
import time
import unittest

import gwlib

DB = "rodgate_hardening"


class IdleAfterHandshake(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.gw = gwlib.Gateway(DB, sets=["header_timeout=2", "request_timeout=4", "idle_timeout=30"])

    @classmethod
    def tearDownClass(cls):
        cls.gw.stop()

    def closed_after(self, s, limit):
        """Seconds until the gateway closed `s` (reading what it sends)."""
        t0 = time.time()
        s.settimeout(limit)
        try:
            while s.recv(4096):
                pass
        except socket.timeout:
            return None
        except OSError:
            pass
        return time.time() - t0

    def test_silent_tls_connection_closed_at_header_timeout(self):
        s = gwlib.connect(url=self.gw.url)
        try:
            took = self.closed_after(s, 10)
        finally:
            s.close()
        self.assertIsNotNone(took, "a silent TLS connection was kept beyond 10 s")
        self.assertLess(took, 3.5, "closed after %.1f s" % took)
        self.assertGreater(took, 1.5, "closed after %.1f s, before header_timeout" % took)

    def test_keep_alive_connection_may_still_idle(self):
        # after a first request the connection idles up to idle_timeout (30 s):
        # still open after 3 s, and a second request on it is answered
        s = gwlib.connect(url=self.gw.url)
        try:
            body = gwlib.envelope("<rod:OpvragenOverzichtRequest><rod:paginaGrootte>1</rod:paginaGrootte>"
                                  "</rod:OpvragenOverzichtRequest>", "OpvragenOverzicht")
            s.sendall(gwlib.request_bytes(body))
            self.assertEqual(gwlib.read_response(s)[0], 200)
            time.sleep(3)
            s.sendall(gwlib.request_bytes(body))
            self.assertEqual(gwlib.read_response(s)[0], 200)
        finally:
            s.close()


if __name__ == "__main__":
    unittest.main()
