#!/usr/bin/python3
"""WSDL-driven client smoke test: python3-zeep loads the service from its
?wsdl URL alone (the XSD import resolves on the same server), presents the
school-a certificate and calls OpvragenOverzicht. Prints `N passed, M failed`."""
import os
import sys

import requests
from zeep import Client, Settings
from zeep.transports import Transport

URL = os.environ.get("RODGATE_URL", "https://127.0.0.1:8443/rod/v1")
PKI = os.environ.get("RODGATE_PKI", "var/pki")


def main():
    session = requests.Session()
    session.trust_env = False  # REQUESTS_CA_BUNDLE must not override verify
    session.verify = os.path.join(PKI, "ca.pem")
    session.cert = (os.path.join(PKI, "school-a.pem"), os.path.join(PKI, "school-a.key"))
    client = Client(URL + "?wsdl", transport=Transport(session=session), settings=Settings(strict=True))
    failures = []
    resp = client.service.OpvragenOverzicht(instellingscode=["31XU"], pagina=1, paginaGrootte=10)
    if resp.gelukt is not True:
        failures.append("gelukt is not true: %r" % resp)
    codes = [b.instellingscode for b in resp.instelling]
    if codes != ["31XU"]:
        failures.append("expected one block 31XU, got %r" % codes)
    if resp.pagina != 1 or resp.aantalPaginas < 1:
        failures.append("paging fields wrong: %r" % resp)
    for f in failures:
        print("FAIL zeep:", f)
    print("zeep OpvragenOverzicht via %s?wsdl: %s" % (URL, "ok" if not failures else "FAILED"))
    print("%d passed, %d failed" % (0 if failures else 1, 1 if failures else 0))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
