"""TLS session resumption without a loophole (issue 17, docs/hardening.md
"weak TLS"): the gateway issues one stateless ticket per handshake (TLS 1.3
and 1.2) valid for tls_session_lifetime seconds, encrypted with its TLS
context's own random keys. A resumed session skips the certificate check, so
resumption must never outlive what a full handshake would check now:

- a reload (CRL changed, SIGHUP) builds a new context with new ticket keys:
  every older ticket is useless and the client falls back to a full
  handshake, checked against the new CRL (a revoked client is refused);
- a ticket whose client certificate has expired since is not resumed: the
  full handshake refuses it as an expired certificate;
- a ticket past its lifetime does not resume; tls_session_lifetime = 0
  issues no ticket at all;
- a ticket of one gateway does not resume on another;
- the organisation (OIN) is still found from the resumed session's
  certificate: OpvragenOverzicht answers 200.

Real TLS over real certificates (a PKI copy where a test changes it)."""
import os
import re
import signal
import socket
import ssl
import subprocess
import time
import unittest

import gwlib

DB = "rodgate_hardening"
OVERZICHT = "<rod:OpvragenOverzichtRequest><rod:paginaGrootte>1</rod:paginaGrootte></rod:OpvragenOverzichtRequest>"
VERSIONS = (ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3)
REFUSED = (ssl.SSLError, ConnectionError, OSError)


def client(name, pki, version, cert=None, key=None):
    """A client context of one TLS version; sessions are bound to it."""
    ctx = gwlib.context(None, pki)
    ctx.load_cert_chain(cert or os.path.join(pki, name + ".pem"), key or os.path.join(pki, name + ".key"))
    ctx.minimum_version = ctx.maximum_version = version
    return ctx


def exchange(ctx, url, session=None):
    """One OpvragenOverzicht on a new connection, offering session. Returns
    (HTTP status or None when refused, whether the session was resumed (None
    when the handshake itself failed), the connection's session to offer
    next)."""
    host, port = gwlib.host_port(url)
    raw = socket.create_connection((host, port), timeout=10)
    reused = None
    try:
        s = ctx.wrap_socket(raw, server_hostname=host, session=session)
    except REFUSED:
        raw.close()
        return None, reused, None
    try:
        reused = s.session_reused
        s.sendall(gwlib.request_bytes(gwlib.envelope(OVERZICHT, "OpvragenOverzicht")))
        r = gwlib.read_response(s)
        # with TLS 1.3 the ticket comes after the handshake: read by now
        return (r[0] if r else None), reused, s.session
    except REFUSED:
        return None, reused, None
    finally:
        s.close()


def sessions_of(test, name, pki, url, **kw):
    """For each TLS version: a context and a session from a full handshake
    that answered 200 and carries a ticket."""
    out = {}
    for v in VERSIONS:
        ctx = client(name, pki, v, **kw)
        status, reused, sess = exchange(ctx, url)
        test.assertEqual(status, 200, "%s %s: the first (full) handshake" % (name, v.name))
        test.assertFalse(reused, v.name)
        test.assertIsNotNone(sess, v.name)
        test.assertTrue(sess.has_ticket, "%s: the gateway issued no ticket" % v.name)
        out[v] = (ctx, sess)
    return out


def assert_served_in_full(test, sessions, url, why):
    """Each session of `sessions` (sessions_of) offered to `url`: answered
    200 after a full handshake, not resumed."""
    for v, (ctx, sess) in sessions.items():
        with test.subTest(version=v.name):
            status, reused, _ = exchange(ctx, url, sess)
            test.assertEqual(status, 200)
            test.assertFalse(reused, why)


def tickets_per_handshake(url, pki, version_flag, sess_in=None, sess_out=None):
    """Runs one GET over openssl s_client; returns (number of session
    tickets the server sent, whether s_client reports a reused session)."""
    host, port = gwlib.host_port(url)
    args = ["openssl", "s_client", "-connect", "%s:%d" % (host, port), version_flag, "-ign_eof",
            "-cert", os.path.join(pki, "school-a.pem"), "-key", os.path.join(pki, "school-a.key"),
            "-CAfile", os.path.join(pki, "ca.pem")]
    if sess_in:
        args += ["-sess_in", sess_in]
    if sess_out:
        args += ["-sess_out", sess_out]
    req = "GET /rod/v1?wsdl HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n" % host
    p = subprocess.run(args, input=req, capture_output=True, text=True, timeout=20)
    out = p.stdout + p.stderr
    if version_flag == "-tls1_3":
        tickets = out.count("Post-Handshake New Session Ticket arrived")
    else:
        tickets = len(re.findall(r"TLS session ticket lifetime hint", out))
    return tickets, bool(re.search(r"^Reused, TLSv1", out, re.M)), out


def ticket_key_name(sess_file):
    """The key name of the ticket in an s_client session file: the ticket's
    first 16 bytes (OpenSSL's ticket format)."""
    p = subprocess.run(["openssl", "sess_id", "-in", sess_file, "-noout", "-text"], capture_output=True, text=True,
                       check=True)
    return key_name_in(p.stdout)


def key_name_in(text):
    """The key name of the (last) ticket printed in text (SSL-Session)."""
    m = re.findall(r"TLS session ticket:\n\s*0000 - ([0-9a-f -]{47})", text)
    return m[-1] if m else None


class SessionResumption(unittest.TestCase):
    def test_resumes_with_one_ticket_and_finds_the_organisation(self):
        gw = gwlib.Gateway(DB)
        try:
            for v, (ctx, sess) in sessions_of(self, "school-a", gwlib.PKI, gw.url).items():
                with self.subTest(version=v.name):
                    for attempt in range(3):
                        status, reused, new = exchange(ctx, gw.url, sess)
                        # 200 to OpvragenOverzicht: the OIN was read from the
                        # resumed session's certificate
                        self.assertEqual(status, 200, "attempt %d" % attempt)
                        self.assertTrue(reused, "attempt %d did not resume" % attempt)
                        sess = new
            # exactly one ticket per handshake, full or resumed (s_client)
            tmp = os.path.join(gwlib.TOP, "var", "log", "resume-%d.sess" % gw.port)
            try:
                for flag in ("-tls1_3", "-tls1_2"):
                    with self.subTest(s_client=flag):
                        n, reused, out = tickets_per_handshake(gw.url, gwlib.PKI, flag, sess_out=tmp)
                        self.assertEqual(n, 1, out[-2000:])
                        self.assertFalse(reused)
                        n, reused, out = tickets_per_handshake(gw.url, gwlib.PKI, flag, sess_in=tmp)
                        self.assertTrue(reused, out[-2000:])
                        self.assertIn("200 OK", out)
                        # a resumed TLS 1.2 session keeps its ticket; 1.3 gets a new one
                        self.assertLessEqual(n, 1, out[-2000:])
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        finally:
            gw.stop()

    def test_lifetime_zero_issues_no_ticket(self):
        gw = gwlib.Gateway(DB, sets=["tls_session_lifetime=0"])
        try:
            for v in VERSIONS:
                with self.subTest(version=v.name):
                    ctx = client("school-a", gwlib.PKI, v)
                    session = None
                    for attempt in range(2):
                        status, reused, session = exchange(ctx, gw.url, session)
                        self.assertEqual(status, 200)
                        self.assertFalse(reused, "attempt %d resumed a session" % attempt)
                        if session is not None:
                            self.assertFalse(session.has_ticket, "the server issued a session ticket")
            for flag in ("-tls1_3", "-tls1_2"):
                n, _, out = tickets_per_handshake(gw.url, gwlib.PKI, flag)
                self.assertEqual(n, 0, out[-2000:])
        finally:
            gw.stop()

    def test_ticket_past_its_lifetime_does_not_resume(self):
        # OpenSSL's TLS 1.2 client offers an old ticket whatever its age, so
        # that case tests the gateway's own check
        gw = gwlib.Gateway(DB, sets=["tls_session_lifetime=2"])
        try:
            got = sessions_of(self, "school-a", gwlib.PKI, gw.url)
            for v, (ctx, sess) in got.items():
                status, reused, _ = exchange(ctx, gw.url, sess)
                self.assertEqual((status, reused), (200, True), "%s within its lifetime" % v.name)
            time.sleep(3.5)
            assert_served_in_full(self, got, gw.url, "a ticket past its lifetime resumed")
        finally:
            gw.stop()

    def test_revoked_after_the_ticket_is_refused(self):
        pki = gwlib.copy_pki(os.path.join(gwlib.TOP, "var", "hardening-pki-resume"))
        gw = gwlib.Gateway(DB, sets=gwlib.pki_sets(pki, "crl_check_interval=1"))
        try:
            revoked = sessions_of(self, "school-b", pki, gw.url)
            kept = sessions_of(self, "school-a", pki, gw.url)
            for v, (ctx, sess) in revoked.items():
                self.assertEqual(exchange(ctx, gw.url, sess)[:2], (200, True), "%s before the revocation" % v.name)
            subprocess.run([os.path.join(gwlib.TOP, "certs", "revoke.sh"), pki, "school-b"], check=True,
                           capture_output=True)
            time.sleep(2.5)
            for v, (ctx, sess) in revoked.items():
                with self.subTest(version=v.name, who="revoked school-b"):
                    status, reused, _ = exchange(ctx, gw.url, sess)
                    self.assertIsNone(status, "the revoked certificate was served on its old ticket")
                    self.assertNotEqual(reused, True)
            # the reload made every older ticket useless: school-a's full
            # handshake is checked against the new CRL and passes
            assert_served_in_full(self, kept, gw.url, "school-a: a ticket from before the CRL reload resumed")
        finally:
            gw.stop()

    def test_sighup_reload_ends_older_tickets(self):
        gw = gwlib.Gateway(DB, sets=["crl_check_interval=86400"])
        try:
            got = sessions_of(self, "school-a", gwlib.PKI, gw.url)
            with open(gw.log) as f:
                before = f.read().count("tls: new context")
            gw.proc.send_signal(signal.SIGHUP)
            deadline = time.time() + 10
            while time.time() < deadline:
                with open(gw.log) as f:
                    if f.read().count("tls: new context") > before:
                        break
                time.sleep(0.1)
            else:
                self.fail("no new TLS context after SIGHUP")
            assert_served_in_full(self, got, gw.url, "a ticket from before the reload resumed")
        finally:
            gw.stop()

    def test_ticket_of_an_expired_certificate_is_refused(self):
        # a client certificate valid for a few seconds more, signed by the
        # issuing CA of a PKI copy
        pki = gwlib.copy_pki(os.path.join(gwlib.TOP, "var", "hardening-pki-expiring"))
        env = dict(os.environ, PKI_WORK=os.path.join(pki, ".ca"))
        cnf = os.path.join(gwlib.TOP, "certs", "openssl.cnf")
        csr, cert = os.path.join(pki, "expiring.csr"), os.path.join(pki, "expiring.pem")
        key = os.path.join(pki, "school-a.key")
        subprocess.run(["openssl", "req", "-config", cnf, "-new", "-key", key, "-out", csr, "-subj",
                        "/C=NL/O=Stichting Japanese School Amsterdam/serialNumber=00000001003214345000/"
                        "CN=school-a-expiring"], check=True, capture_output=True, env=env)
        subprocess.run(["openssl", "rand", "-hex", "-out", os.path.join(pki, ".ca", "issuing", "serial"), "16"],
                       check=True, capture_output=True)
        end = int(time.time()) + 6
        fmt = lambda t: time.strftime("%Y%m%d%H%M%SZ", time.gmtime(t))  # noqa: E731
        subprocess.run(["openssl", "ca", "-config", cnf, "-name", "ca_issuing", "-batch", "-notext",
                        "-extensions", "ext_client", "-md", "sha512", "-sigopt", "rsa_padding_mode:pss",
                        "-sigopt", "rsa_pss_saltlen:digest", "-in", csr, "-out", cert,
                        "-startdate", fmt(time.time() - 3600), "-enddate", fmt(end)],
                       check=True, capture_output=True, env=env)
        gw = gwlib.Gateway(DB, sets=gwlib.pki_sets(pki))
        try:
            got = sessions_of(self, "school-a", pki, gw.url, cert=cert, key=key)
            for v, (ctx, sess) in got.items():
                self.assertEqual(exchange(ctx, gw.url, sess)[:2], (200, True), "%s while valid" % v.name)
            time.sleep(max(0, end - time.time()) + 1.5)
            for v, (ctx, sess) in got.items():
                with self.subTest(version=v.name):
                    status, reused, _ = exchange(ctx, gw.url, sess)
                    self.assertIsNone(status, "an expired certificate was served on its ticket")
                    self.assertNotEqual(reused, True)
            # refused as an expired certificate (the full handshake's verdict)
            deadline = time.time() + 5
            while time.time() < deadline:
                with open(gw.log) as f:
                    log = f.read()
                if log.count("reason=tls-expired") >= 2:
                    break
                time.sleep(0.1)
            self.assertGreaterEqual(log.count("reason=tls-expired"), 2, log[-2000:])
        finally:
            gw.stop()

    def test_ticket_keys_rotate_and_the_previous_key_still_resumes(self):
        # the key that encrypts new tickets is replaced every lifetime
        # seconds; the one before still decrypts the tickets it made while
        # they are valid (and the renewed ticket has the new key)
        gw = gwlib.Gateway(DB, sets=["tls_session_lifetime=4"])
        tmp = os.path.join(gwlib.TOP, "var", "log", "rotate-%d" % gw.port)
        try:
            names, deadline, i = [], time.time() + 12, 0
            while time.time() < deadline:
                i += 1
                sess = "%s-%d.sess" % (tmp, i)
                n, reused, out = tickets_per_handshake(gw.url, gwlib.PKI, "-tls1_2", sess_out=sess)
                self.assertEqual((n, reused), (1, False), out[-2000:])
                names.append((ticket_key_name(sess), sess))
                if names[-1][0] != names[0][0]:
                    break
                time.sleep(0.3)
            self.assertNotEqual(names[-1][0], names[0][0], "the ticket key did not change within 12 s")
            old = names[-2]
            n, reused, out = tickets_per_handshake(gw.url, gwlib.PKI, "-tls1_2", sess_in=old[1])
            self.assertTrue(reused, "a ticket of the previous key did not resume: " + out[-2000:])
            # s_client prints the session as it ends the handshake: with the
            # renewed ticket, under the new key
            self.assertEqual(key_name_in(out), names[-1][0], "the renewed ticket is not under the new key")
        finally:
            gw.stop()
            for f in os.listdir(os.path.dirname(tmp)):
                if f.startswith(os.path.basename(tmp)):
                    os.unlink(os.path.join(os.path.dirname(tmp), f))

    def test_ticket_of_another_gateway_does_not_resume(self):
        a, b = gwlib.Gateway(DB), gwlib.Gateway(DB)
        try:
            assert_served_in_full(self, sessions_of(self, "school-a", gwlib.PKI, a.url), b.url,
                                  "a ticket of another gateway resumed")
        finally:
            a.stop()
            b.stop()


if __name__ == "__main__":
    unittest.main()
