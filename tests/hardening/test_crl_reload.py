"""Revocation without restart (issue 4.2): a private gateway uses a copy of
the PKI; after certs/revoke.sh rewrites its CRL, the revoked organisation is
refused at the handshake within the check interval, others still work."""
import os
import ssl
import subprocess
import time
import unittest

import gwlib

DB = "rodgate_hardening"
OVERZICHT = "<rod:OpvragenOverzichtRequest><rod:paginaGrootte>1</rod:paginaGrootte></rod:OpvragenOverzichtRequest>"


class CrlReload(unittest.TestCase):
    def test_revocation_takes_effect_without_restart(self):
        pki = gwlib.copy_pki(os.path.join(gwlib.TOP, "var", "hardening-pki"))
        gw = gwlib.Gateway(DB, sets=gwlib.pki_sets(pki, "crl_check_interval=1"))
        try:
            for name in ("school-a", "school-b"):
                s = gwlib.connect(name, url=gw.url, pki=pki)
                s.sendall(gwlib.request_bytes(gwlib.envelope(OVERZICHT, "OpvragenOverzicht")))
                self.assertEqual(gwlib.read_response(s)[0], 200, name)
                s.close()
            subprocess.run([os.path.join(gwlib.TOP, "certs", "revoke.sh"), pki, "school-b"], check=True,
                           capture_output=True)
            time.sleep(2.5)
            with self.assertRaises((ssl.SSLError, ConnectionError, OSError)):
                s = gwlib.connect("school-b", url=gw.url, pki=pki)
                s.sendall(gwlib.request_bytes(gwlib.envelope(OVERZICHT, "OpvragenOverzicht")))
                r = gwlib.read_response(s)
                if r is None:
                    raise ConnectionError("closed")
            s = gwlib.connect("school-a", url=gw.url, pki=pki)
            s.sendall(gwlib.request_bytes(gwlib.envelope(OVERZICHT, "OpvragenOverzicht")))
            self.assertEqual(gwlib.read_response(s)[0], 200)
            s.close()
        finally:
            gw.stop()


if __name__ == "__main__":
    unittest.main()
