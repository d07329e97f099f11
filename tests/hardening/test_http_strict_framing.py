"""Strict HTTP/1.1 framing (issue 16 item 8, RFC 9112): messages that a proxy
in front could frame differently from the gateway are answered 400 and the
connection is closed, so no second request can hide behind the first.
- 6.1: Transfer-Encoding in an HTTP/1.0 request is faulty;
- 7.1.1: a chunk extension is `;name[=value]` with a token name and a token or
  quoted-string value, nothing else (no NUL, no control bytes);
- 6.3: two Content-Length fields whose text differs (`5` and `05`)."""
import socket
import unittest

import gwlib

PATH = "/rod/v1"
OVERZICHT = ("<rod:OpvragenOverzichtRequest><rod:paginaGrootte>1</rod:paginaGrootte>"
             "</rod:OpvragenOverzichtRequest>")


def exchange(raw, timeout=10):
    """Sends raw bytes; returns (first response or None, True when the
    gateway closed the connection after it)."""
    s = gwlib.connect(timeout=timeout)
    try:
        s.sendall(raw)
        r = gwlib.read_response(s)
        closed = False
        try:
            s.settimeout(3)
            closed = s.recv(1) == b""
        except (ConnectionError, OSError):
            closed = True
        return r, closed
    finally:
        s.close()


def chunked_post(chunks, version="1.1", ext=b""):
    body = gwlib.envelope(OVERZICHT, "OpvragenOverzicht")
    head = ("POST %s HTTP/%s\r\nHost: 127.0.0.1\r\nContent-Type: text/xml; charset=utf-8\r\n"
            "Transfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n" % (PATH, version)).encode()
    out = head
    for i in range(chunks):
        part = body[i * len(body) // chunks:(i + 1) * len(body) // chunks]
        out += b"%x" % len(part) + (ext if i == 0 else b"") + b"\r\n" + part + b"\r\n"
    return out + b"0\r\n\r\n"


class StrictFraming(unittest.TestCase):
    def assert_400_and_closed(self, raw):
        r, closed = exchange(raw)
        self.assertIsNotNone(r, "connection closed without an answer")
        self.assertEqual(r[0], 400, r)
        self.assertEqual(r[1].get("connection"), "close", r[1])
        self.assertTrue(closed, "connection kept open after the 400")

    def test_http_1_0_with_chunked_is_400_and_closed(self):
        self.assert_400_and_closed(chunked_post(2, version="1.0"))

    def test_chunk_extension_with_nul_is_400(self):
        self.assert_400_and_closed(chunked_post(2, ext=b";a=b\x00c"))

    def test_chunk_extension_with_control_byte_is_400(self):
        self.assert_400_and_closed(chunked_post(2, ext=b";a\x01"))

    def test_chunk_extension_without_name_is_400(self):
        self.assert_400_and_closed(chunked_post(2, ext=b";=x"))

    def test_chunk_extension_unterminated_quote_is_400(self):
        self.assert_400_and_closed(chunked_post(2, ext=b';a="b'))

    def test_chunk_extension_bad_bytes_after_value_is_400(self):
        self.assert_400_and_closed(chunked_post(2, ext=b";a=b c"))

    def test_valid_chunk_extensions_are_accepted(self):
        for ext in (b";a", b";a=b", b' ; a = "q\\"d;x" ;c=d', b";name=tok-en.1"):
            r, _ = exchange(chunked_post(2, ext=ext))
            self.assertIsNotNone(r, ext)
            self.assertEqual(r[0], 200, (ext, r))

    def test_content_length_spelt_twice_differently_is_400(self):
        body = gwlib.envelope(OVERZICHT, "OpvragenOverzicht")
        for second in (b"0%d" % len(body), b"00%d" % len(body)):
            raw = (b"POST /rod/v1 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml; charset=utf-8\r\n"
                   b"Content-Length: %d\r\nContent-Length: %s\r\n\r\n" % (len(body), second)) + body
            self.assert_400_and_closed(raw)

    def test_content_length_repeated_identically_still_accepted(self):
        body = gwlib.envelope(OVERZICHT, "OpvragenOverzicht")
        raw = (b"POST /rod/v1 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml; charset=utf-8\r\n"
               b"Content-Length: %d\r\nContent-Length: %d\r\n\r\n" % (len(body), len(body))) + body
        r, _ = exchange(raw)
        self.assertEqual(r[0], 200, r)


if __name__ == "__main__":
    unittest.main()
