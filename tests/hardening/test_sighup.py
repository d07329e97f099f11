"""SIGHUP (issue 12.5, docs/deployment.md): the gateway reopens its log file
and reloads the server certificate, key, CA and CRL without dropping a
connection. Each test runs a private gateway on a copy of the PKI with
crl_check_interval at a day, so that the periodic check cannot be what
picked a change up: only the SIGHUP can."""
import os
import signal
import ssl
import subprocess
import threading
import time
import unittest

import gwlib

DB = "rodgate_hardening"
OVERZICHT = "<rod:OpvragenOverzichtRequest><rod:paginaGrootte>1</rod:paginaGrootte></rod:OpvragenOverzichtRequest>"
CERTS = os.path.join(gwlib.TOP, "certs")


def ask(s):
    """One request on an open connection; the HTTP status."""
    s.sendall(gwlib.request_bytes(gwlib.envelope(OVERZICHT, "OpvragenOverzicht")))
    r = gwlib.read_response(s)
    return r[0] if r else None


def wait_for_line(path, text, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with open(path, errors="replace") as f:
                if text in f.read():
                    return True
        except FileNotFoundError:
            pass
        time.sleep(0.05)
    return False


def count_lines(path, text):
    with open(path, errors="replace") as f:
        return sum(1 for line in f if text in line)


class Sighup(unittest.TestCase):
    def setUp(self):
        self.pki = gwlib.copy_pki(os.path.join(gwlib.TOP, "var", "sighup-pki"))
        p = self.pki
        self.gw = gwlib.Gateway(DB, sets=gwlib.pki_sets(p, "crl_check_interval=86400"))
        self.open = []

    def tearDown(self):
        for s in self.open:
            s.close()
        rc = self.gw.stop()
        self.assertEqual(rc, 0, "the gateway stops cleanly on SIGTERM after the reloads")

    def connect(self, name="school-a"):
        s = gwlib.connect(name, url=self.gw.url, pki=self.pki)
        self.open.append(s)
        return s

    def hup_and_wait(self, text):
        """SIGHUP, then waits for the reload's line `text` (counting earlier ones)."""
        log = self.gw.log
        before = count_lines(log, text) if os.path.exists(log) else 0
        self.gw.proc.send_signal(signal.SIGHUP)
        deadline = time.time() + 10
        while time.time() < deadline:
            if os.path.exists(log) and count_lines(log, text) > before:
                return
            time.sleep(0.05)
        self.fail("no '%s' in the log after SIGHUP" % text)

    def test_log_rotation_new_lines_go_to_the_new_file(self):
        log, rotated = self.gw.log, self.gw.log + ".1"
        s = self.connect()
        self.assertEqual(ask(s), 200)
        self.assertTrue(wait_for_line(log, "op=OpvragenOverzicht"), "the request's line")
        os.rename(log, rotated)  # what logrotate does before its postrotate
        self.hup_and_wait("reload: log done")
        self.assertEqual(ask(s), 200, "the connection open across the rotation still answers")
        self.assertEqual(ask(self.connect()), 200)
        self.assertTrue(wait_for_line(log, "op=OpvragenOverzicht"), "request lines go to the new file")
        with open(log) as f:
            fresh = f.read()
        with open(rotated) as f:
            old = f.read()
        self.assertIn("reload: tls done", fresh)
        self.assertEqual(fresh.count("op=OpvragenOverzicht"), 2, fresh)
        self.assertEqual(old.count("op=OpvragenOverzicht"), 1, "the rotated file keeps only the old line")
        self.assertIn("SIGHUP, reloading", old, "the line before the reopen went to the old file")
        self.assertEqual(self.gw.proc.poll(), None, "SIGHUP did not end the gateway")

    def server_cert(self, s):
        return s.getpeercert(binary_form=True)

    def test_new_server_certificate_for_new_connections_old_connection_keeps_working(self):
        old = self.connect()
        self.assertEqual(ask(old), 200)
        old_cert = self.server_cert(old)
        subprocess.run([os.path.join(CERTS, "reissue-server.sh"), self.pki], check=True, capture_output=True)
        self.hup_and_wait("reload: tls done")
        fresh = self.connect()
        self.assertEqual(ask(fresh), 200)
        self.assertNotEqual(self.server_cert(fresh), old_cert, "a new connection sees the new certificate")
        with open(os.path.join(self.pki, "server.pem")) as f:
            want = ssl.PEM_cert_to_DER_cert(f.read())
        self.assertEqual(self.server_cert(fresh), want, "exactly the newly issued one")
        for _ in range(3):
            self.assertEqual(ask(old), 200, "the keep-alive connection of before the reload keeps working")

    def test_a_bad_new_certificate_is_refused_and_the_old_one_stays(self):
        s = self.connect()
        self.assertEqual(ask(s), 200)
        cert = self.server_cert(s)
        chain = os.path.join(self.pki, "server-chain.pem")
        # a certificate that does not belong to the key
        with open(os.path.join(self.pki, "school-b.pem")) as src, open(chain + ".tmp", "w") as dst:
            dst.write(src.read())
        os.replace(chain + ".tmp", chain)
        self.hup_and_wait("reload: tls failed, keeping the previous")
        fresh = self.connect()
        self.assertEqual(ask(fresh), 200, "new connections still get the old certificate")
        self.assertEqual(self.server_cert(fresh), cert)
        # an expired certificate (with its own key): refused as well
        subprocess.run([os.path.join(CERTS, "reissue-server.sh"), self.pki, "20240101000000Z", "20240201000000Z"],
                       check=True, capture_output=True)
        self.hup_and_wait("reload: tls failed, keeping the previous")
        with open(self.gw.log) as f:
            self.assertIn("the certificate has expired", f.read())
        fresh = self.connect()
        self.assertEqual(ask(fresh), 200)
        self.assertEqual(self.server_cert(fresh), cert)
        self.assertEqual(ask(s), 200)

    def test_reloads_under_traffic_drop_nothing(self):
        """Ten SIGHUPs while four clients keep sending: on their keep-alive
        connections and on new ones, every request is answered."""
        stop, results, errors = threading.Event(), [], []

        def client(fresh_each_time):
            try:
                s = gwlib.connect(url=self.gw.url, pki=self.pki)
                while not stop.is_set():
                    if fresh_each_time:
                        s.close()
                        s = gwlib.connect(url=self.gw.url, pki=self.pki)
                    results.append(ask(s))
                s.close()
            except Exception as e:  # noqa: BLE001  (any failure is the finding)
                errors.append(repr(e))

        threads = [threading.Thread(target=client, args=(i % 2 == 1,)) for i in range(4)]
        for t in threads:
            t.start()
        try:
            for _ in range(10):
                time.sleep(0.15)
                self.gw.proc.send_signal(signal.SIGHUP)
            time.sleep(0.3)
        finally:
            stop.set()
            for t in threads:
                t.join(30)
        self.assertEqual(errors, [])
        self.assertGreater(len(results), 20, "the clients got through")
        self.assertEqual(set(results), {200}, "every request answered")
        self.assertTrue(wait_for_line(self.gw.log, "reload: tls done"))
        self.assertEqual(count_lines(self.gw.log, "SIGHUP, reloading"), 10, "each signal one reload")

    def test_revoked_client_refused_after_crl_and_sighup(self):
        for name in ("school-a", "school-b"):
            self.assertEqual(ask(self.connect(name)), 200, name)
        subprocess.run([os.path.join(CERTS, "revoke.sh"), self.pki, "school-b"], check=True, capture_output=True)
        time.sleep(1.2)  # past the second of the CRL's mtime: no periodic check would run anyway
        self.assertEqual(ask(self.connect("school-b")), 200, "before the SIGHUP the old CRL still applies")
        self.hup_and_wait("reload: tls done")
        with self.assertRaises((ssl.SSLError, ConnectionError, OSError)):
            s = self.connect("school-b")
            if ask(s) is None:
                raise ConnectionError("closed")
        self.assertEqual(ask(self.connect("school-a")), 200, "the others still work")


if __name__ == "__main__":
    unittest.main()


class PeriodicCheckAfterABadFile(unittest.TestCase):
    """The periodic check (crl_check_interval) refuses a bad file once and
    does not log it again every interval; the next change is taken."""

    def test_bad_file_logged_once_then_the_fixed_one_taken(self):
        pki = gwlib.copy_pki(os.path.join(gwlib.TOP, "var", "sighup-pki-poll"))
        gw = gwlib.Gateway(DB, sets=gwlib.pki_sets(pki, "crl_check_interval=1"))
        try:
            chain = os.path.join(pki, "server-chain.pem")
            with open(chain + ".tmp", "w") as f:
                f.write("-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n")
            os.replace(chain + ".tmp", chain)
            self.assertTrue(wait_for_line(gw.log, "tls: reload failed"), "the bad file is seen")
            time.sleep(3.5)  # three more intervals
            self.assertEqual(count_lines(gw.log, "tls: reload failed"), 1, "logged once, not every interval")
            s = gwlib.connect(url=gw.url, pki=pki)
            self.assertEqual(ask(s), 200, "the old certificate still served")
            s.close()
            subprocess.run([os.path.join(CERTS, "reissue-server.sh"), pki], check=True, capture_output=True)
            self.assertTrue(wait_for_line(gw.log, "tls: reloaded certificates and CRL"), "the fixed files taken")
            s = gwlib.connect(url=gw.url, pki=pki)
            self.assertEqual(ask(s), 200)
            s.close()
        finally:
            self.assertEqual(gw.stop(), 0)
