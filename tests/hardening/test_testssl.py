"""TLS configuration (issue 4.1): testssl.sh finds nothing worse than LOW
against the gateway, and a client cannot renegotiate. testssl 3.0 cannot
present a client certificate, so it trusts our test root with --add-ca and
probes what the handshake shows; renegotiation is probed with openssl
s_client and a real client certificate."""
import json
import os
import shutil
import subprocess
import tempfile
import unittest

import gwlib

BAD = {"MEDIUM", "HIGH", "CRITICAL"}


@unittest.skipUnless(shutil.which("testssl"), "testssl.sh is not installed")
@unittest.skipIf(os.environ.get("RODGATE_SKIP_TESTSSL") == "1",
                 "RODGATE_SKIP_TESTSSL=1 (the sanitizer pass checks memory, not the TLS configuration)")
class TestSsl(unittest.TestCase):
    def test_no_finding_worse_than_low(self):
        host, port = gwlib.host_port()
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "testssl.json")
            subprocess.run(["testssl", "--jsonfile", out, "--warnings", "off", "--quiet", "--color", "0",
                            "--ip", "one", "--add-ca", os.path.join(gwlib.PKI, "ca.pem"),
                            "%s:%d" % (host, port)], capture_output=True, text=True, timeout=900)
            with open(out) as f:
                findings = json.load(f)
        self.assertGreater(len(findings), 50, "testssl produced too few findings to be a real scan")
        bad = ["%s %s: %s" % (x["severity"], x["id"], x["finding"]) for x in findings if x["severity"] in BAD]
        for x in findings:
            if x["severity"] in ("LOW", "WARN"):
                print("testssl %s %s: %s" % (x["severity"], x["id"], x["finding"]))
        self.assertEqual(bad, [])
        protocols = {x["id"]: x["finding"] for x in findings if x["id"] in ("SSLv2", "SSLv3", "TLS1", "TLS1_1")}
        for p, finding in protocols.items():
            self.assertIn("not offered", finding, p)

    def test_client_renegotiation_refused(self):
        host, port = gwlib.host_port()
        p = subprocess.run(["openssl", "s_client", "-connect", "%s:%d" % (host, port), "-tls1_2",
                            "-cert", os.path.join(gwlib.PKI, "school-a.pem"),
                            "-key", os.path.join(gwlib.PKI, "school-a.key"),
                            "-CAfile", os.path.join(gwlib.PKI, "ca.pem")],
                           input="R\n", capture_output=True, text=True, timeout=20)
        out = p.stdout + p.stderr
        self.assertIn("RENEGOTIATING", out)
        self.assertIn("no renegotiation", out)


if __name__ == "__main__":
    unittest.main()
