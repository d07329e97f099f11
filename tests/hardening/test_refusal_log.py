"""Every refusal leaves a trace (issue 16 item 6): HTTP errors of the event
loop, failed TLS handshakes (with the certificate's subject serialNumber
when one was sent) and connection limits each give one log line with the
peer address and the reason; a flood of one reason is cut to
refusal_log_burst lines per refusal_log_interval, then one line with the
count left out. A private gateway with its own log file."""
import re
import socket
import ssl
import time
import unittest

import gwlib

DB = "rodgate_hardening"
SERIAL = {"expired": "00000001003214345000", "revoked": "00000001003214345000"}


class RefusalLog(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.gw = gwlib.Gateway(DB, sets=["refusal_log_burst=5", "refusal_log_interval=3"])

    @classmethod
    def tearDownClass(cls):
        cls.gw.stop()

    def log(self):
        time.sleep(0.3)
        with open(self.gw.log, errors="replace") as f:
            return f.read()

    def raw(self, data):
        s = gwlib.connect(url=self.gw.url)
        port = s.getsockname()[1]
        try:
            s.sendall(data)
            r = gwlib.read_response(s)
        finally:
            s.close()
        return r, port

    def test_http_refusals_are_logged(self):
        cases = [
            (b"POST /rod/v1 HTTP/1.1\r\nHost: x\r\n\r\n", 411),
            (b"GET /rod/v1 HTTP/2.0\r\nHost: x\r\n\r\n", 505),
            (b"POST /rod/v1 HTTP/1.1\r\nHost: x\r\nExpect: magic\r\n\r\n", 417),
            (b"POST /rod/v1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
            (b"POST /rod/v1 HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\n", 413),
            (b"GET /" + b"a" * 2000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
            (b"GET /rod/v1 HTTP/1.1\r\nHost: x\r\nX: " + b"a" * 20000 + b"\r\n\r\n", 431),
            (b"POST /rod/v1 HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        ]
        for data, status in cases:
            r, port = self.raw(data)
            self.assertEqual(r[0], status, data[:40])
            self.assertRegex(self.log(), r"refused reason=http-%d peer=127\.0\.0\.1:%d serial=%s"
                             % (status, port, SERIAL["expired"]))

    def test_413_text_is_the_status_tables(self):
        r, _ = self.raw(b"POST /rod/v1 HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\n")
        self.assertEqual(r[0], 413)
        self.assertTrue(r[2].decode().startswith("ROD-0003: Het bericht is te groot"), r[2])

    def handshake(self, name):
        raw = socket.create_connection(gwlib.host_port(self.gw.url), timeout=10)
        port = raw.getsockname()[1]
        try:
            s = gwlib.context(name).wrap_socket(raw, server_hostname="127.0.0.1")
            s.sendall(b"GET /rod/v1?wsdl HTTP/1.1\r\nHost: x\r\n\r\n")
            s.recv(1)  # TLS 1.3: the refusal comes after the client's Finished
            s.close()
        except (ssl.SSLError, OSError):
            pass
        finally:
            raw.close()
        return port

    def test_tls_refusals_are_logged_with_the_serial_number(self):
        for name, reason in (("expired", "tls-expired"), ("revoked", "tls-revoked"),
                             ("notyetvalid", "tls-not-yet-valid"), ("untrusted", "tls-untrusted"),
                             ("noclientauth", "tls-bad-certificate")):
            port = self.handshake(name)
            text = self.log()
            m = re.search(r"refused reason=%s peer=127\.0\.0\.1:%d serial=(\S+)" % (reason, port), text)
            self.assertIsNotNone(m, "%s: no line for port %d" % (name, port))
            self.assertRegex(m.group(1), r"^\d{20}$", name)
        port = self.handshake(None)
        self.assertRegex(self.log(), r"refused reason=tls-no-certificate peer=127\.0\.0\.1:%d serial=-" % port)

    def test_a_flood_is_rate_limited_and_counted(self):
        time.sleep(3.2)  # a fresh window for http-411
        for _ in range(30):
            self.raw(b"POST /rod/v1 HTTP/1.1\r\nHost: x\r\n\r\n")
        time.sleep(3.5)  # the window ends; the timer reports what was left out
        text = self.log()
        lines = re.findall(r"refused reason=http-411 peer=", text)
        self.assertLessEqual(len(lines), 5 + 5 + 1, "lines of the flood: %d" % len(lines))
        left_out = sum(int(n) for n in re.findall(r"refused reason=http-411 suppressed=(\d+)", text))
        self.assertGreaterEqual(left_out + len(lines), 30, "every refusal is logged or counted")
        self.assertGreaterEqual(left_out, 30 - 11)


if __name__ == "__main__":
    unittest.main()
