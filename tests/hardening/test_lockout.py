"""No lock-out without a request (issue 16 item 1). Connections that never
send a request must not keep a normal client out:
- a TLS handshake is due within handshake_timeout of accept;
- one address (IPv6: one /64) holds at most max_pending_per_address
  connections that have not yet sent a complete request; more are closed at
  accept;
- when max_connections is reached, the oldest such waiting connection of the
  event loop is closed for the new one; a connection that has sent a request
  is never closed for a newcomer.
The small cases prove each mechanism on a private gateway with tiny limits;
`test_flood_of_idle_connections` is the issue's figure: 2,000 idle TCP and
2,000 idle TLS connections (certificate unknown-org) held and reopened as they
close, from other loopback addresses, while a normal client from 127.0.0.1
makes each request on a new connection; at least 99% answered, each within
1 s (LOCKOUT_TCP, LOCKOUT_TLS, LOCKOUT_SECONDS change the figures)."""
import multiprocessing
import os
import resource
import selectors
import socket
import ssl
import time
import unittest

import gwlib

DB = "rodgate_hardening"
OVERZICHT = ("<rod:OpvragenOverzichtRequest><rod:paginaGrootte>1</rod:paginaGrootte>"
             "</rod:OpvragenOverzichtRequest>")


def raise_fd_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def silent(url, source="127.0.0.1"):
    s = socket.socket()
    s.bind((source, 0))
    s.settimeout(10)
    s.connect(gwlib.host_port(url))
    return s


def closed_within(s, seconds):
    """True when the gateway closed s within `seconds`."""
    s.settimeout(seconds)
    try:
        return s.recv(1) == b""
    except socket.timeout:
        return False
    except OSError:
        return True


def one_request(url, timeout=5, keep=False):
    """A new connection and one overview request: (status, seconds, socket or None)."""
    t0 = time.monotonic()
    s = gwlib.connect(url=url, timeout=timeout)
    s.sendall(gwlib.request_bytes(gwlib.envelope(OVERZICHT, "OpvragenOverzicht")))
    r = gwlib.read_response(s)
    took = time.monotonic() - t0
    if not keep:
        s.close()
        s = None
    return (r[0] if r else None), took, s


def log_text(gw):
    with open(gw.log, errors="replace") as f:
        return f.read()


class Mechanisms(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        raise_fd_limit()
        cls.gw = gwlib.Gateway(DB, sets=["handshake_timeout=2", "max_pending_per_address=5",
                                         "max_connections=12", "io_threads=1"])

    @classmethod
    def tearDownClass(cls):
        cls.gw.stop()

    def test_silent_tcp_connection_closed_at_handshake_timeout(self):
        s = silent(self.gw.url, "127.0.4.1")
        t0 = time.monotonic()
        try:
            self.assertTrue(closed_within(s, 6), "a silent TCP connection was kept beyond 6 s")
            took = time.monotonic() - t0
        finally:
            s.close()
        self.assertLess(took, 3.5)
        self.assertGreater(took, 1.5)
        time.sleep(0.3)
        self.assertRegex(log_text(self.gw), r"refused reason=tls-timeout peer=127\.0\.4\.1:\d+")

    def test_per_address_limit_on_waiting_connections(self):
        held = [silent(self.gw.url, "127.0.5.1") for _ in range(5)]
        extra = [silent(self.gw.url, "127.0.5.1") for _ in range(3)]
        try:
            for s in extra:
                self.assertTrue(closed_within(s, 1), "a sixth waiting connection of one address was kept")
            for s in held:
                self.assertFalse(closed_within(s, 0.05), "one of the first five was closed")
            # another address is not affected
            status, _, _ = one_request(self.gw.url)
            self.assertEqual(status, 200)
        finally:
            for s in held + extra:
                s.close()
        time.sleep(0.3)
        self.assertRegex(log_text(self.gw), r"refused reason=max-pending-per-address peer=127\.0\.5\.1:\d+")

    def test_full_table_closes_the_oldest_waiting_connection(self):
        time.sleep(2.5)  # connections of the other cases are gone (handshake_timeout)
        held = [silent(self.gw.url, "127.0.6.%d" % (1 + i // 4)) for i in range(12)]
        try:
            time.sleep(0.2)
            status, took, _ = one_request(self.gw.url)
            self.assertEqual(status, 200)
            self.assertTrue(closed_within(held[0], 1), "the oldest waiting connection was kept")
            for s in held[2:]:
                self.assertFalse(closed_within(s, 0.02), "a younger waiting connection was closed")
        finally:
            for s in held:
                s.close()
        time.sleep(0.3)
        self.assertRegex(log_text(self.gw), r"refused reason=evicted peer=127\.0\.6\.1:\d+")

    def test_a_client_that_has_asked_is_never_evicted(self):
        time.sleep(2.5)
        kept = []
        try:
            for _ in range(12):
                status, _, s = one_request(self.gw.url, keep=True)
                self.assertEqual(status, 200)
                kept.append(s)
            s = silent(self.gw.url, "127.0.7.1")
            self.assertTrue(closed_within(s, 1), "a 13th connection was accepted at max_connections=12")
            s.close()
            # every kept-alive connection still works
            for k in kept:
                k.sendall(gwlib.request_bytes(gwlib.envelope(OVERZICHT, "OpvragenOverzicht")))
                self.assertEqual(gwlib.read_response(k)[0], 200)
        finally:
            for k in kept:
                k.close()
        time.sleep(0.3)
        self.assertRegex(log_text(self.gw), r"refused reason=max-connections peer=127\.0\.7\.1:\d+")


# ---- the flood: attackers in processes of their own, so that the normal
# client's latency is not the attackers' Python time ----------------------

def attacker_setup():
    # The attackers' CPU would be on other machines: niced, so that the
    # gateway's share of these 2 cores (and the normal client's) is what a
    # gateway under attack would have, not what two Python busy loops leave.
    raise_fd_limit()
    os.nice(10)


def tcp_attacker(url, count, prefix, addresses, stop, stats):
    attacker_setup()
    host, port = gwlib.host_port(url)
    sel = selectors.DefaultSelector()
    opened = 0

    def open_one(i):
        nonlocal opened
        s = socket.socket()
        s.setblocking(False)
        try:
            s.bind(("%s.%d" % (prefix, 1 + i % addresses), 0))
            s.connect_ex((host, port))
        except OSError:
            s.close()
            return
        sel.register(s, selectors.EVENT_READ, i)
        opened += 1

    for i in range(count):
        open_one(i)
    while not stop.is_set():
        for key, _ in sel.select(0.2):
            s = key.fileobj
            try:
                data = s.recv(4096)
            except BlockingIOError:
                continue
            except OSError:
                data = b""
            if not data:  # closed by the gateway: reopen
                sel.unregister(s)
                s.close()
                open_one(key.data)
        stats["tcp_opened"] = opened
    stats["tcp_opened"] = opened
    stats["tcp_held"] = len(sel.get_map())


def tls_attacker(url, count, prefix, addresses, stop, stats, inflight_max=64):
    """Holds `count` TLS connections that never send a request; at most
    inflight_max handshakes at a time (as a client would pace them to finish
    within handshake_timeout), each reopened when the gateway closes it."""
    attacker_setup()
    host, port = gwlib.host_port(url)
    ctx = gwlib.context("unknown-org")
    sel = selectors.DefaultSelector()
    opened = handshakes = inflight = 0
    backlog = list(range(count))

    def open_more():
        nonlocal opened, inflight
        while backlog and inflight < inflight_max:
            i = backlog.pop()
            raw = socket.socket()
            raw.setblocking(False)
            try:
                raw.bind(("%s.%d" % (prefix, 1 + i % addresses), 0))
                raw.connect_ex((host, port))
            except OSError:
                raw.close()
                backlog.insert(0, i)
                return
            sel.register(raw, selectors.EVENT_WRITE, [i, None])  # wrapped once connected
            opened += 1
            inflight += 1

    def drop(s, i, done):
        nonlocal inflight
        sel.unregister(s)
        s.close()
        if not done:
            inflight -= 1
        backlog.insert(0, i)

    open_more()
    while not stop.is_set():
        for key, _ in sel.select(0.2):
            s, (i, done) = key.fileobj, key.data
            if done is None:  # connected (or refused): start the handshake
                if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR):
                    drop(s, i, False)
                    continue
                sel.unregister(s)
                s = ctx.wrap_socket(s, server_hostname=host, do_handshake_on_connect=False)
                key.data[1] = done = False
                sel.register(s, selectors.EVENT_WRITE, key.data)
            if not done:
                try:
                    s.do_handshake()
                    handshakes += 1
                    inflight -= 1
                    key.data[1] = True
                    sel.modify(s, selectors.EVENT_READ, key.data)
                except ssl.SSLWantReadError:
                    sel.modify(s, selectors.EVENT_READ, key.data)
                except ssl.SSLWantWriteError:
                    sel.modify(s, selectors.EVENT_WRITE, key.data)
                except OSError:
                    drop(s, i, False)
                continue
            try:
                data = s.recv(4096)
            except (ssl.SSLWantReadError, ssl.SSLWantWriteError, BlockingIOError):
                continue
            except OSError:
                data = b""
            if not data or b"HTTP/1.1 408" in data:  # closed (or about to be): reopen
                drop(s, i, True)
        open_more()
        stats["tls_opened"] = opened
        stats["tls_handshakes"] = handshakes
        stats["tls_held"] = len(sel.get_map()) - inflight
    stats["tls_opened"] = opened
    stats["tls_handshakes"] = handshakes


# An AddressSanitizer build (make test-asan) is two to three times slower: the
# flood still runs there (for memory errors under churn) and every request must
# still be answered, but within 3 s; the 1 s bound is the production build's.
INSTRUMENTED = "/asan/" in gwlib.BIN
LATENCY_BOUND = 3.0 if INSTRUMENTED else 1.0


class Flood(unittest.TestCase):
    TCP = int(os.environ.get("LOCKOUT_TCP", "2000"))
    TLS = int(os.environ.get("LOCKOUT_TLS", "2000"))
    SECONDS = float(os.environ.get("LOCKOUT_SECONDS", "20"))

    def test_flood_of_idle_connections(self):
        limit = raise_fd_limit()
        if limit < self.TCP + self.TLS + 500:
            self.skipTest("file descriptor limit %d too low for the flood" % limit)
        gw = gwlib.Gateway(DB, sets=os.environ.get("LOCKOUT_SETS", "").split())  # the defaults of conf/rodgate.conf
        mp = multiprocessing.get_context("fork")
        stop = mp.Event()
        manager = mp.Manager()
        stats = manager.dict()
        procs = [mp.Process(target=tcp_attacker, args=(gw.url, self.TCP, "127.0.1", 20, stop, stats)),
                 mp.Process(target=tls_attacker, args=(gw.url, self.TLS, "127.0.2", 40, stop, stats))]
        try:
            procs[1].start()  # the TLS connections first, as many as the gateway lets it hold
            t0 = time.monotonic()
            while time.monotonic() - t0 < 45 and stats.get("tls_held", 0) < min(self.TLS, 900):
                time.sleep(0.5)
            pressure_tls_held = stats.get("tls_held", 0)
            procs[0].start()
            time.sleep(3)  # the TCP flood fills the rest
            latencies, failures = [], []
            t_end = time.monotonic() + self.SECONDS
            while time.monotonic() < t_end:
                try:
                    status, took, _ = one_request(gw.url, timeout=5)
                except OSError as e:
                    status, took = repr(e), 5.0
                latencies.append(took)
                if status != 200 or took >= LATENCY_BOUND:
                    failures.append((status, round(took, 3)))
                time.sleep(0.02)
        finally:
            stop.set()
            for p in procs:
                p.join(30)
                if p.is_alive():
                    p.kill()
            gw.stop()
            pressure = dict(stats)
            pressure["tls_held_before_tcp"] = pressure_tls_held
            manager.shutdown()
        n = len(latencies)
        answered = (n - len(failures)) / n if n else 0.0
        latencies.sort()
        text = log_text(gw)
        summary = ("requests %d, answered within %.0f s %.2f%%, max %.3f s, p50 %.3f s; attackers %s; "
                   "refusal lines: evicted %d, max-pending-per-address %d, tls-timeout %d, http-408 %d"
                   % (n, LATENCY_BOUND, 100 * answered, latencies[-1] if n else 0, latencies[n // 2] if n else 0, pressure,
                      text.count("reason=evicted"), text.count("reason=max-pending-per-address"),
                      text.count("reason=tls-timeout"), text.count("reason=http-408")))
        print("\n  flood: " + summary)
        self.assertGreater(n, 50, summary)
        self.assertGreaterEqual(answered, 0.99, "%s; failures %s" % (summary, failures[:10]))
        # the attack was real: the table was full and both kinds were held
        self.assertGreaterEqual(pressure.get("tcp_opened", 0), self.TCP, summary)
        self.assertGreaterEqual(pressure.get("tls_handshakes", 0), min(900, self.TLS), summary)
        self.assertIn("reason=evicted", text, summary)


if __name__ == "__main__":
    unittest.main()
