"""HTTP: keep-alive, chunked bodies, methods, size and time limits, ?wsdl and ?xsd (spec 1, 5)."""

import os
import socket
import ssl
import time
import unittest
import xml.etree.ElementTree as ET

from rodclient import (ACTION_PREFIX, HOST, HOST_HEADER, NS, PATH, PORT, REPO, URL, VALID_BODY, body_elem, client,
                       make_context, overzicht_envelope, parse, raw_post, RodTestCase, text)


class Http(RodTestCase):

    def test_keep_alive(self):
        c = client("school-a")
        c.close()
        before = c.connects
        for _ in range(20):
            self.ok("OpvragenOverzicht", VALID_BODY)
        self.assertFault(self.call("OpvragenOverzicht", "<x/>"), "ROD-0004")  # a fault keeps it open too
        self.ok("OpvragenOverzicht", VALID_BODY)
        self.assertEqual(c.connects - before, 1, "one connection for all requests")

    def test_chunked_request(self):
        c = client("school-a")
        data = overzicht_envelope(VALID_BODY).encode()
        pieces = iter([data[:100], data[100:]])
        conn = c.conn or c._connect()
        conn.request("POST", PATH, body=pieces, encode_chunked=True,
                     headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '""',
                              "Transfer-Encoding": "chunked"})
        resp = conn.getresponse()
        body = resp.read()
        self.assertEqual(resp.status, 200, body[:500])
        self.assertEqual(text(body_elem(parse(body)), "gelukt"), "true")

    def test_other_methods_and_paths(self):
        c = client("school-a")
        self.assertIn(c.request("PUT", PATH, body=b"x")[0], (400, 405))
        self.assertEqual(c.request("DELETE", PATH)[0], 405)
        self.assertEqual(c.request("GET", "/rod/v2?wsdl")[0], 404)
        self.assertEqual(c.request("POST", "/", body=b"x", headers={"Content-Type": "text/xml"})[0], 404)
        self.assertFault(raw_post(overzicht_envelope(VALID_BODY).encode(), content_type="application/json"), "ROD-0002")


class Limits(RodTestCase):

    def raw_http(self, head):
        """Sends a raw request head on a fresh connection; returns the status line."""
        ctx = make_context("school-a")
        with socket.create_connection((HOST, PORT), timeout=15) as s:
            with ctx.wrap_socket(s, server_hostname=HOST) as t:
                t.sendall(head)
                data = b""
                while b"\r\n" not in data:
                    chunk = t.recv(4096)
                    if not chunk:
                        break
                    data += chunk
        return data.split(b"\r\n", 1)[0]

    def test_body_over_20_mib_by_content_length_is_413(self):
        head = ("POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: text/xml; charset=utf-8\r\nSOAPAction: \"\"\r\n"
                "Content-Length: %d\r\n\r\n" % (PATH, HOST_HEADER, 20 * 1024 * 1024 + 1)).encode()
        status_line = self.raw_http(head)
        self.assertRegex(status_line, rb"^HTTP/1\.[01] 413 ")

    def test_chunked_body_over_20_mib_is_413(self):
        ctx = make_context("school-a")
        with socket.create_connection((HOST, PORT), timeout=30) as s:
            with ctx.wrap_socket(s, server_hostname=HOST) as t:
                t.sendall(("POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: text/xml; charset=utf-8\r\n"
                           "SOAPAction: \"\"\r\nTransfer-Encoding: chunked\r\n\r\n" % (PATH, HOST_HEADER)).encode())
                chunk = b"%x\r\n" % (1 << 20) + b" " * (1 << 20) + b"\r\n"
                try:
                    for _ in range(22):
                        t.sendall(chunk)
                    t.sendall(b"0\r\n\r\n")
                except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
                    pass
                data = t.recv(4096)
        status_line = data.split(b"\r\n", 1)[0]
        if status_line.startswith(b"HTTP/1.1 500"):  # read first, then refused: fault ROD-0003
            self.assertIn(b"ROD-0003", data)
        else:
            self.assertRegex(status_line, rb"^HTTP/1\.[01] 413 ")

    def send_on_and_read(self, head, body_parts):
        """Sends the head and every body part whatever the gateway answers
        (a client that does not wait for 100 Continue nor watch for an early
        answer), then reads to the end. Returns (status line, headers, body)."""
        ctx = make_context("school-a")
        with socket.create_connection((HOST, PORT), timeout=30) as s:
            with ctx.wrap_socket(s, server_hostname=HOST) as t:
                t.sendall(head)
                for part in body_parts:
                    t.sendall(part)  # a reset here: the gateway closed with unread input
                data = b""
                while True:
                    chunk = t.recv(65536)
                    if not chunk:
                        break
                    data += chunk
        head_bytes, _, body = data.partition(b"\r\n\r\n")
        lines = head_bytes.split(b"\r\n")
        headers = dict(line.split(b": ", 1) for line in lines[1:] if b": " in line)
        return lines[0], {k.lower(): v for k, v in headers.items()}, body

    def assert_complete_413(self, status_line, headers, body):
        self.assertRegex(status_line, rb"^HTTP/1\.1 413 ")
        self.assertEqual(int(headers[b"content-length"]), len(body), "the whole answer arrived")
        self.assertIn(b"ROD-0003", body)
        self.assertEqual(headers.get(b"connection"), b"close")

    def test_413_survives_a_client_that_keeps_sending(self):
        """Lingering close: after a 413 the gateway reads and discards what
        the client still sends instead of closing with unread input (the
        kernel's reset would destroy the answer at the client, or at HAProxy
        in front of the cluster)."""
        chunk = b"%x\r\n" % (1 << 20) + b" " * (1 << 20) + b"\r\n"
        head = ("POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: text/xml; charset=utf-8\r\n"
                "SOAPAction: \"\"\r\nTransfer-Encoding: chunked\r\n\r\n" % (PATH, HOST_HEADER)).encode()
        self.assert_complete_413(*self.send_on_and_read(head, [chunk] * 28 + [b"0\r\n\r\n"]))
        # refused at the head (Content-Length), the whole body sent anyway
        size = 20 * 1024 * 1024 + 1
        head = ("POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: text/xml; charset=utf-8\r\nSOAPAction: \"\"\r\n"
                "Content-Length: %d\r\n\r\n" % (PATH, HOST_HEADER, size)).encode()
        part = b" " * (1 << 20)
        self.assert_complete_413(*self.send_on_and_read(head, [part] * 20 + [b" "]))

    def test_slow_headers_are_cut_off(self):
        """Headers must be complete within 10 s of the first byte, also when
        they trickle in (slowloris)."""
        ctx = make_context("school-a")

        t0 = time.monotonic()
        data = b""
        with socket.create_connection((HOST, PORT), timeout=20) as s:
            with ctx.wrap_socket(s, server_hostname=HOST) as t:
                t.sendall(b"POST %s HTTP/1.1\r\n" % PATH.encode())
                try:
                    while time.monotonic() - t0 < 16:
                        t.sendall(b"X-a: b\r\n")
                        time.sleep(0.5)
                        t.setblocking(False)
                        try:
                            data = t.recv(4096)
                        except (ssl.SSLWantReadError, BlockingIOError):
                            pass
                        finally:
                            t.setblocking(True)
                        if data:
                            break
                except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
                    pass
        elapsed = time.monotonic() - t0
        self.assertLess(elapsed, 14, "still open after %.1f s" % elapsed)
        if data:
            self.assertRegex(data.split(b"\r\n", 1)[0], rb"^HTTP/1\.[01] 408 ")

    def test_get_wsdl(self):
        status, headers, data = client("school-a").get("wsdl")
        self.assertEqual(status, 200)
        self.assertIn("xml", headers.get("Content-Type", ""))
        root = ET.fromstring(data)
        imports = root.findall(".//{http://www.w3.org/2001/XMLSchema}import")
        self.assertEqual([i.get("schemaLocation") for i in imports],
                         ["https://%s%s?xsd=rod-v1.xsd" % (HOST_HEADER, PATH)])
        addr = root.find(".//{http://schemas.xmlsoap.org/wsdl/soap/}address")
        self.assertEqual(addr.get("location"), URL)
        # every operation has its wsam:Action on input and output
        wsdl = "http://schemas.xmlsoap.org/wsdl/"
        wsam = "{http://www.w3.org/2007/05/addressing/metadata}Action"
        ops = root.findall("{%s}portType/{%s}operation" % (wsdl, wsdl))
        # the contract's operations (1.1: KoppelenBsn, OpvragenBerichten),
        # each once, all of them
        contract = {"AanleverenInschrijving", "WijzigenInschrijving", "OpvragenOverzicht", "MeldenVerzuim",
                    "WijzigenVerzuim", "IntrekkenVerzuim", "ZoekenVerzuim", "OpvragenMelding", "OpvragenHistorie",
                    "VerwerkenTerugkoppeling", "OpvragenLeerling", "KoppelenBsn", "OpvragenBerichten"}
        names = [op.get("name") for op in ops]
        self.assertEqual(len(names), len(set(names)), names)
        self.assertEqual(set(names), contract)
        for op in ops:
            name = op.get("name")
            self.assertEqual(op.find("{%s}input" % wsdl).get(wsam), ACTION_PREFIX + name)
            self.assertEqual(op.find("{%s}output" % wsdl).get(wsam), ACTION_PREFIX + name + "Response")
        # the Host the client used
        status, headers, data = client("school-a").request("GET", PATH + "?wsdl",
                                                           headers={"Host": "localhost:%d" % PORT})
        self.assertEqual(status, 200)
        self.assertIn(b'schemaLocation="https://localhost:%d%s?xsd=rod-v1.xsd"' % (PORT, PATH.encode()), data)

    def test_wsdl_host_is_not_echoed_blindly(self):
        """A Host that is no plain host[:port] must not end up in the WSDL."""
        for host in ('a"b:1', "x<y>", "evil.example/..", ""):
            with self.subTest(host=host):
                status, _, data = client("school-a").request("GET", PATH + "?wsdl", headers={"Host": host})
                self.assertEqual(status, 200)
                root = ET.fromstring(data)  # still well-formed
                loc = root.find(".//{http://www.w3.org/2001/XMLSchema}import").get("schemaLocation")
                self.assertRegex(loc, r"^https://[A-Za-z0-9.\-\[\]:]+%s\?xsd=rod-v1\.xsd$" % PATH)
                self.assertNotIn("evil", loc)

    def test_get_xsd(self):
        status, headers, data = client("school-a").get("xsd=rod-v1.xsd")
        self.assertEqual(status, 200)
        root = ET.fromstring(data)
        self.assertEqual(root.tag, "{http://www.w3.org/2001/XMLSchema}schema")
        self.assertEqual(root.get("targetNamespace"), NS)
        names = {e.get("name") for e in root.findall("{http://www.w3.org/2001/XMLSchema}element")}
        self.assertIn("AanleverenInschrijvingRequest", names)
        self.assertIn("fout", names)

        local = os.path.join(REPO, "xsd", "rod-v1.xsd")
        if os.path.exists(local) and HOST in ("127.0.0.1", "localhost"):
            with open(local, "rb") as f:
                self.assertEqual(data, f.read())
        for bad in ("xsd=../conf/rodgate.conf", "xsd=..%2Fconf%2Frodgate.conf", "xsd=onbekend.xsd", "xsd=/etc/passwd",
                    "foo"):
            with self.subTest(query=bad):
                status, _, data = client("school-a").get(bad)
                self.assertEqual(status, 404, data[:200])


if __name__ == "__main__":
    unittest.main()
