"""The request buffer (src/net/server.c, try_read) doubles while a body
arrives, but its last step goes only as far as the announced Content-Length
plus the NUL the worker writes after the body. These requests land exactly
on and around that edge and on the powers of two, each with a second request
pipelined behind it in the same write: both must be answered, in order, and
the large one must be read whole (its answer is the overview, not a fault)."""
import unittest

import gwlib

OVERZICHT = ("<rod:OpvragenOverzichtRequest><rod:paginaGrootte>1</rod:paginaGrootte>"
             "</rod:OpvragenOverzichtRequest>")


def padded_request(total):
    """A POST whose head, body and one byte more are exactly `total` bytes:
    the body is an OpvragenOverzicht with whitespace in front of it."""
    pad = 0
    for _ in range(5):  # the Content-Length's digits change the head's size
        body = gwlib.envelope(" " * pad + OVERZICHT, "OpvragenOverzicht")
        req = gwlib.request_bytes(body, extra="Connection: keep-alive\r\n")
        pad += total - (len(req) + 1)
    body = gwlib.envelope(" " * pad + OVERZICHT, "OpvragenOverzicht")
    req = gwlib.request_bytes(body, extra="Connection: keep-alive\r\n")
    assert len(req) + 1 == total, (len(req), total)
    return req


class BodyBuffer(unittest.TestCase):
    def exchange_two(self, total):
        first = padded_request(total)
        second = gwlib.request_bytes(gwlib.envelope(OVERZICHT, "OpvragenOverzicht"))
        s = gwlib.connect(timeout=60)
        try:
            s.sendall(first + second)
            answers = [gwlib.read_response(s), gwlib.read_response(s)]
        finally:
            s.close()
        for i, r in enumerate(answers):
            self.assertIsNotNone(r, "request %d of %d bytes: no answer" % (i + 1, total))
            self.assertEqual(r[0], 200, (i + 1, total, r[0], r[2][:300]))
            self.assertIn(b"OpvragenOverzichtResponse", r[2], (i + 1, total))

    def test_message_and_nul_exactly_a_power_of_two(self):
        self.exchange_two(1 << 21)

    def test_one_byte_over_a_power_of_two(self):
        self.exchange_two((1 << 21) + 1)

    def test_one_byte_under_a_power_of_two(self):
        self.exchange_two((1 << 21) - 1)

    def test_between_powers_of_two(self):
        self.exchange_two(3 << 20)

    def test_small_body_in_the_first_buffer(self):
        self.exchange_two(20000)


if __name__ == "__main__":
    unittest.main()
