"""Helpers of the cluster tests (make test-cluster): gateways of their own,
each writing to a chosen Galera node first, and clients that talk to one
gateway directly instead of through HAProxy.

The gateways of `make cluster` all write to node 1 while it is up (the first
node in db_nodes). The invariants must also hold when two gateways write to
two nodes at once (after a failover, before every gateway has moved back),
so these tests start gateways whose node order differs."""
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
sys.path.insert(0, os.path.join(HERE, "..", "hardening"))

import rodclient  # noqa: E402
from rodclient import REPO, RodClient  # noqa: E402

BIN = os.environ.get("RODGATE_BIN", os.path.join(REPO, "build", "rodgate"))
CLUSTER = os.path.join(REPO, "var", "cluster")
DB = os.environ.get("RODGATE_DBNAME", "rodgate_test")


def sock(n):
    return os.path.join(CLUSTER, "node%d" % n, "mariadb.sock")


def free_port():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Gateway:
    """A gateway on its own port whose db_nodes list starts with `first`."""

    def __init__(self, first, name):
        order = [first] + [n for n in (1, 2, 3) if n != first]
        self.port = free_port()
        self.log = os.path.join(REPO, "var", "log", "cluster-%s.log" % name)
        self.stderr = open(os.path.join(REPO, "var", "log", "cluster-%s.stderr" % name), "wb")
        self.proc = subprocess.Popen(
            [BIN, "--config", os.path.join(REPO, "conf", "rodgate.conf"), "--set", "listen=127.0.0.1:%d" % self.port,
             "--set", "db_nodes=" + ",".join(sock(n) for n in order), "--set", "db_name=" + DB,
             "--set", "db_timeout=8", "--set", "log_file=" + self.log, "--set", "metrics_listen="],
            cwd=REPO, stdout=subprocess.DEVNULL, stderr=self.stderr)
        for _ in range(300):
            try:
                import socket
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                return
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError("gateway %s did not start" % name)
                time.sleep(0.1)
        raise RuntimeError("gateway %s did not listen" % name)

    def client(self, org):
        return DirectClient(org, self.port)

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.stderr.close()


class DirectClient(RodClient):
    """A RodClient for one gateway's port (the front door's host)."""

    def __init__(self, org, port):
        super().__init__(org)
        self.port = port

    def _connect(self):
        import http.client
        self.close()
        self.conn = http.client.HTTPSConnection(rodclient.HOST, self.port, context=self.context,
                                                timeout=self.timeout)
        self.connects += 1
        return self.conn


def together(clients, op, bodies, message_ids=None):
    """Sends bodies[i] through clients[i], released at the same moment;
    returns (status, body element or None, raw) per request."""
    return rodclient.together(clients, [(op, b, message_ids[i] if message_ids else None) for i, b in enumerate(bodies)])
