"""Connection churn: clients that send a request with Connection: close and
drop the socket without reading the answer. The worker's answer and the
client's FIN then arrive in the same epoll round; the event loop must not
touch a connection it freed in that round (a use-after-free found by the
benchmark, fixed in src/net/server.c). Under `make test-asan` any
regression is a sanitizer report."""
import concurrent.futures
import socket
import time
import unittest

import gwlib

DB = "rodgate_hardening"


class Churn(unittest.TestCase):
    def test_dropped_connections_do_not_crash(self):
        gw = gwlib.Gateway(DB)
        try:
            ctx = gwlib.context("school-a")

            def churn(_):
                end = time.time() + 3
                n = 0
                while time.time() < end:
                    try:
                        raw = socket.create_connection(("127.0.0.1", gw.port), timeout=5)
                        s = ctx.wrap_socket(raw, server_hostname="127.0.0.1")
                        s.sendall(b"GET /rod/v1?wsdl HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                        s.close()
                        n += 1
                    except OSError:
                        pass
                return n

            with concurrent.futures.ThreadPoolExecutor(16) as ex:
                total = sum(ex.map(churn, range(16)))
            self.assertGreater(total, 50)
            self.assertIsNone(gw.proc.poll(), "the gateway died")
            r = gwlib.post(b"", raw=True, url=gw.url)  # still answering (empty body: a fault)
            self.assertIsNotNone(r)
        finally:
            self.assertEqual(gw.stop(), 0, "the gateway did not exit cleanly")


if __name__ == "__main__":
    unittest.main()
