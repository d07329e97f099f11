"""Mutual TLS and the organisation behind the certificate (spec 1)."""

import socket
import ssl
import unittest
import warnings

from rodclient import HOST, HOST_HEADER, PATH, PORT, RodClient, RodTestCase, make_context, overzicht_body

REQUEST = ("GET %s?wsdl HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n" % (PATH, HOST_HEADER)).encode()
REFUSED = (ssl.SSLError, ConnectionResetError, BrokenPipeError, ConnectionAbortedError)


class Handshake(unittest.TestCase):

    def attempt(self, ctx):
        """Connects, handshakes, sends a GET; returns (exception or None, bytes read)."""
        data = b""
        try:
            with socket.create_connection((HOST, PORT), timeout=15) as s:
                with ctx.wrap_socket(s, server_hostname=HOST) as t:
                    # with TLS 1.3 the server judges the client certificate
                    # after the client finished: the refusal comes on read
                    t.sendall(REQUEST)
                    while True:
                        chunk = t.recv(65536)
                        if not chunk:
                            break
                        data += chunk
                        if len(data) > 12:
                            break
        except REFUSED as e:
            return e, data
        return None, data

    def assertRefused(self, ctx):
        err, data = self.attempt(ctx)
        self.assertFalse(data.startswith(b"HTTP/"), "the server answered: %r" % data[:100])
        return err

    def test_accepted_with_valid_certificate(self):
        err, data = self.attempt(make_context("school-a"))
        self.assertIsNone(err)
        self.assertTrue(data.startswith(b"HTTP/1.1 200"), data[:100])

    def test_no_client_certificate(self):
        self.assertRefused(make_context(None))

    def test_bad_certificates(self):
        for name in ("untrusted", "expired", "revoked", "notyetvalid", "noclientauth"):
            with self.subTest(certificate=name):
                self.assertRefused(make_context(name))

    def test_tls_1_1_refused(self):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            ctx = make_context("school-a", minimum=ssl.TLSVersion.TLSv1, maximum=ssl.TLSVersion.TLSv1_1)
        try:  # let this client offer TLS 1.1 at all, so that it is the server that refuses
            ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
        except ssl.SSLError:
            pass
        err = self.assertRefused(ctx)
        self.assertIsInstance(err, ssl.SSLError)
        if "ALERT" not in str(err):
            self.skipTest("this client cannot offer TLS 1.1 (%s)" % err)
        self.assertIn("PROTOCOL_VERSION", str(err))

    def test_tls_1_2_and_1_3_accepted(self):
        for version, name in ((ssl.TLSVersion.TLSv1_2, "TLSv1.2"), (ssl.TLSVersion.TLSv1_3, "TLSv1.3")):
            with self.subTest(version=name):
                c = RodClient("school-a", context=make_context("school-a", minimum=version, maximum=version))
                try:
                    status, _, _ = c.get("wsdl")
                    self.assertEqual(status, 200)
                    self.assertEqual(c.conn.sock.version(), name)
                    cipher = c.conn.sock.cipher()[0]
                    if name == "TLSv1.2":
                        self.assertRegex(cipher, r"^ECDHE-(RSA|ECDSA)-"
                                                 r"(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)$")
                    else:
                        self.assertIn(cipher, ("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
                                               "TLS_CHACHA20_POLY1305_SHA256"))
                finally:
                    c.close()

    # session resumption (tickets, their lifetime, revocation and reload,
    # tls_session_lifetime = 0): tests/hardening/test_session_resumption.py,
    # on private gateways of their own

    def test_tls_1_2_weak_suites_refused(self):
        for suite in ("ECDHE-RSA-AES128-SHA256", "ECDHE-RSA-AES256-SHA", "AES128-GCM-SHA256",
                      "DHE-RSA-AES128-GCM-SHA256"):
            with self.subTest(suite=suite):
                ctx = make_context("school-a", maximum=ssl.TLSVersion.TLSv1_2)
                try:
                    ctx.set_ciphers(suite + ":@SECLEVEL=0")
                except ssl.SSLError:
                    self.skipTest("the local OpenSSL does not offer " + suite)
                self.assertRefused(ctx)


class Organisation(RodTestCase):

    def test_unknown_or_missing_oin_is_0101(self):
        for name in ("unknown-org", "nooin", "badoin"):
            with self.subTest(certificate=name):
                c = RodClient(name)
                try:
                    self.assertFault(c.call("OpvragenOverzicht", overzicht_body()), "ROD-0101")
                finally:
                    c.close()


if __name__ == "__main__":
    unittest.main()
