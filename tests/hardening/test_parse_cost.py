"""Parse cost bounded and libxml2's errors structured (issue 16 items 3, 6, 7).

Against a private gateway (its own PID for RSS, its own standard error):
every hostile shape of xmlshapes.py is answered quickly, the shapes that
libxml2 handles in quadratic time are refused with ROD-0003 before parsing,
a burst of the issue's requests leaves a normal client's p99 under 1 s, a
burst of the costliest accepted ones leaves the gateway's memory in bounds,
malformed XML gets ROD-0001 with line, column and a reason without request
text, and nothing is written to standard error.
The bench scenario `parse` (tools/bench/parse_cost.py) runs the same shapes
at 20 MiB; this test uses 2 MiB to keep its run time in tens of seconds."""
import concurrent.futures
import os
import re
import time
import unittest

import gwlib
import xmlshapes

SIZE = 2 << 20
# `make test-asan` runs the same tests against a sanitized gateway (about 3x
# slower, and its shadow memory and quarantine make RSS meaningless)
SANITIZED = "ASAN_OPTIONS" in os.environ or "asan" in gwlib.BIN
BUDGET = 2.0 * (10 if SANITIZED else 1)  # seconds per request at 2 MiB (the bench: 20 MiB in 2 s); ASan on a loaded machine is up to 10x slower
DB = "rodgate_hardening"
OVERZICHT = xmlshapes.OVERZICHT

# the shapes whose cost grows with the square of a count in libxml2 2.9.14:
# refused by the pre-scan (ROD-0003), whatever their size
QUADRATIC = ("attributes-envelope", "attributes-header", "nsdecl-envelope")


def post(url, body, timeout=30):
    return gwlib.post(body, url=url, raw=True, timeout=timeout)


rss_kib = gwlib.rss_kib


def text_of(resp, name):
    m = re.search(rb"<rod:%s>([^<]*)</rod:%s>" % (name.encode(), name.encode()), resp)
    return m.group(1).decode() if m else None


class ParseCost(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        gwlib.fresh_db(DB)
        cls.gw = gwlib.Gateway(DB)

    @classmethod
    def tearDownClass(cls):
        cls.gw.stop()

    def timed(self, body):
        t0 = time.time()
        r = post(self.gw.url, body)
        return r, time.time() - t0

    def test_every_shape_answered_within_budget(self):
        slow = []
        for name, body in xmlshapes.shapes(SIZE).items():
            try:
                (status, _, resp), took = self.timed(body)
            except OSError as e:  # a read timeout is a failure too
                slow.append("%s: %s" % (name, e))
                continue
            if took >= BUDGET:
                slow.append("%s: %.2f s" % (name, took))
            if name in QUADRATIC:
                self.assertEqual(gwlib.fault_code(resp), "ROD-0003", name)
            self.assertIn(status, (200, 500), name)
        self.assertEqual(slow, [])

    def test_limits_refused_with_rod_0003(self):
        cases = {
            "attributen": xmlshapes.envelope(env_attrs="".join(' a%d=""' % i for i in range(65))),
            "namespacedeclaraties op": xmlshapes.envelope(
                header_attrs="".join(' xmlns:p%d="u"' % i for i in range(33))),
            "namespacedeclaraties in": xmlshapes.envelope(in_header="".join(
                '<x xmlns:p%d="u">' % i for i in range(30)) + "</x>" * 30 + "".join(
                '<y xmlns:q%d="u"/>' % i for i in range(32))),
            "knooppunten": xmlshapes.envelope(in_header="<a/>" * 400001),
            "naam": xmlshapes.envelope(in_header="<" + "n" * 1001 + "/>"),
            "tekst": xmlshapes.envelope(in_header="<!--" + "A" * 10000001 + "-->"),
        }
        for word, body in cases.items():
            (status, _, resp), took = self.timed(body)
            self.assertEqual(status, 500, word)
            self.assertEqual(gwlib.fault_code(resp), "ROD-0003", (word, resp[:400]))
            self.assertIn(word, text_of(resp, "omschrijving"), word)
            self.assertIsNotNone(text_of(resp, "regel"), word)
            self.assertLess(took, BUDGET, word)

    def test_within_limits_still_accepted(self):
        # 64 attributes of which 32 namespace declarations on one element,
        # 64 declarations in the document: allowed
        env = "".join(' xmlns:p%d="u"' % i for i in range(29)) + "".join(' a%d=""' % i for i in range(32))
        more = "".join('<y xmlns:q%d="u"/>' % i for i in range(32))
        body = xmlshapes.envelope(env_attrs=env, in_header=more).replace(b"urn:uuid:shape", b"urn:uuid:lim")
        status, _, resp = post(self.gw.url, body)
        self.assertEqual(status, 200, resp[:400])

    def test_malformed_has_line_column_and_no_request_text(self):
        body = ('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">\n'
                '<s:Body>\n  <geheim123>Jansen</wrongtag456>\n</s:Body></s:Envelope>').encode()
        status, _, resp = post(self.gw.url, body)
        self.assertEqual(gwlib.fault_code(resp), "ROD-0001", resp[:400])
        self.assertEqual(text_of(resp, "regel"), "3")
        self.assertIsNotNone(text_of(resp, "kolom"))
        omschrijving = text_of(resp, "omschrijving")
        self.assertIn("niet afgesloten", omschrijving)
        for secret in ("geheim123", "wrongtag456", "Jansen"):
            self.assertNotIn(secret, omschrijving)
        time.sleep(0.2)
        with open(self.gw.stderr.name, "rb") as f:
            self.assertEqual(f.read(), b"")

    def test_huge_text_node_no_stderr_no_request_text(self):
        """libxml2's huge-text error once went to standard error with 80
        bytes of request text; now it is a structured ROD-0003/ROD-0001."""
        marker = "<rod:bsn>999999990</rod:bsn>"
        # split by a reference, so that libxml2 appends to the text node and
        # checks its length (one run alone is not checked in 2.9.14)
        body = xmlshapes.envelope(in_header="<a>" + "A" * 5000000 + "&amp;" + "A" * 5500000 + "--></a>" + marker)
        before = os.path.getsize(self.gw.log)
        status, _, resp = post(self.gw.url, body)
        self.assertEqual(status, 500)
        self.assertEqual(gwlib.fault_code(resp), "ROD-0003", resp[:400])
        self.assertNotIn(b"xmlSAX2", resp)
        time.sleep(0.2)
        with open(self.gw.stderr.name, "rb") as f:
            err = f.read()
        self.assertEqual(err, b"", err[:400])
        with open(self.gw.log, "rb") as f:
            f.seek(before)
            logged = f.read()
        self.assertNotIn(b"AAAA", logged)
        self.assertNotIn(b"999999990", logged)

    def burst(self, heavy, rounds):
        """16 clients send the heavy requests `rounds` times each while a
        normal client sends overviews one after the other: its latencies."""
        normal = gwlib.envelope(OVERZICHT, "OpvragenOverzicht")

        def attacker(i):
            for r in range(rounds):
                post(self.gw.url, heavy[(i + r) % len(heavy)], 60)

        lat = []
        with concurrent.futures.ThreadPoolExecutor(16) as ex:
            attacks = [ex.submit(attacker, i) for i in range(16)]
            while not all(a.done() for a in attacks) or len(lat) < 5:
                t0 = time.time()
                status, _, _ = post(self.gw.url, normal)
                lat.append(time.time() - t0)
                self.assertEqual(status, 200)
            for a in attacks:
                a.result()
        lat.sort()
        return lat

    def test_burst_of_the_issue_keeps_normal_client_fast(self):
        """The issue's requests, 16 in parallel (they kept a normal client
        waiting 60 s): now refused before parsing, a normal client's p99 is
        under 1 s."""
        heavy = [xmlshapes.envelope(env_attrs="".join(' a%d=""' % i for i in range(40000))),
                 xmlshapes.envelope(header_attrs="".join(' a%d=""' % i for i in range(80000))),
                 xmlshapes.envelope(env_attrs="".join(' xmlns:p%d="u"' % i for i in range(80000)))]
        lat = self.burst(heavy, 3)
        p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
        self.assertLess(p99, BUDGET / 2, "p99 %.3f s over %d requests" % (p99, len(lat)))

    def test_burst_within_limits_served_and_memory_returns(self):
        """The costliest requests the limits accept, 16 in parallel: all
        answered, a normal client's p99 under 1 s meanwhile (large requests
        wait in their own queue, served by at most large_workers workers),
        RSS under 100 MiB afterwards."""
        heavy = [xmlshapes.envelope(in_header="<a/>" * 399000),
                 xmlshapes.envelope(in_header=("<a " + " ".join('b%d=""' % k for k in range(60)) + "/>") * 6500),
                 xmlshapes.envelope(in_header="<a>" + "A" * (9 << 20) + "</a>")]
        lat = self.burst(heavy, 1)
        p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
        print("costliest accepted burst: normal client %d requests, p50 %.3f s, p99 %.3f s, max %.3f s"
              % (len(lat), lat[len(lat) // 2], p99, lat[-1]))
        self.assertLess(p99, BUDGET / 2, "p99 %.3f s over %d requests" % (p99, len(lat)))
        if SANITIZED:
            return
        time.sleep(1.0)
        rss = rss_kib(self.gw.proc.pid)
        self.assertLess(rss, 100 << 10, "RSS %d MiB after the burst" % (rss >> 10))


if __name__ == "__main__":
    unittest.main()
