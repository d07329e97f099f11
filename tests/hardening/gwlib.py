"""Helpers for the hardening tests: raw mutual-TLS sockets (so a test can
trickle bytes, send partial bodies or huge ones), SOAP envelopes, and private
gateway and MariaDB instances with their own settings (timeouts, PKI copy,
database) so a test can break them without touching other tests."""
import os
import re
import shutil
import socket
import ssl
import subprocess
import time
import uuid

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PKI = os.environ.get("RODGATE_PKI", os.path.join(TOP, "var", "pki"))
BIN = os.environ.get("RODGATE_BIN", os.path.join(TOP, "build", "rodgate"))
URL = os.environ.get("RODGATE_URL", "https://127.0.0.1:8443/rod/v1")
NS = "urn:rodgate:rod:v1"


def host_port(url=URL):
    m = re.match(r"https://([^:/]+):(\d+)/", url)
    return m.group(1), int(m.group(2))


def context(name="school-a", pki=PKI, maximum=None):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.load_verify_locations(os.path.join(pki, "ca.pem"))
    if name:
        ctx.load_cert_chain(os.path.join(pki, name + ".pem"), os.path.join(pki, name + ".key"))
    if maximum:
        ctx.maximum_version = maximum
    return ctx


def connect(name="school-a", url=URL, pki=PKI, timeout=10):
    host, port = host_port(url)
    raw = socket.create_connection((host, port), timeout=timeout)
    s = context(name, pki).wrap_socket(raw, server_hostname=host)
    return s


def envelope(body, action, msgid=None):
    msgid = msgid or "urn:uuid:" + str(uuid.uuid4())
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" '
            'xmlns:wsa="http://www.w3.org/2005/08/addressing" xmlns:rod="urn:rodgate:rod:v1">'
            '<s:Header><wsa:To>https://127.0.0.1/rod/v1</wsa:To>'
            '<wsa:Action>urn:rodgate:rod:v1/%s</wsa:Action><wsa:MessageID>%s</wsa:MessageID>'
            '</s:Header><s:Body>%s</s:Body></s:Envelope>' % (action, msgid, body)).encode()


def request_bytes(body, host="127.0.0.1", extra=""):
    return (("POST /rod/v1 HTTP/1.1\r\nHost: %s\r\nContent-Type: text/xml; charset=utf-8\r\n"
             "Content-Length: %d\r\n%s\r\n") % (host, len(body), extra)).encode() + body


def read_response(s, limit=64 << 20):
    """Reads one HTTP response; returns (status, headers dict, body) or None
    when the connection closed first."""
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = s.recv(65536)
        if not chunk:
            return None
        buf += chunk
    head, _, rest = buf.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    n = int(headers.get("content-length", "0"))
    while len(rest) < n and len(rest) < limit:
        chunk = s.recv(65536)
        if not chunk:
            break
        rest += chunk
    return status, headers, rest[:n]


def post(body, action=None, name="school-a", url=URL, raw=False, timeout=10):
    data = body if raw else envelope(body, action)
    s = connect(name, url, timeout=timeout)
    try:
        s.sendall(request_bytes(data))
        return read_response(s)
    finally:
        s.close()


def rss_kib(pid):
    """The resident memory of a process (VmRSS), in KiB; -1 if unknown."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def fault_code(body):
    m = re.search(rb"<rod:code>(ROD-\d{4})</rod:code>", body)
    return m.group(1).decode() if m else None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_process(proc, timeout=15):
    """Stops a process of a test (a gateway, a sender, Prometheus): SIGTERM,
    then SIGKILL when it has not ended within timeout seconds. Returns its
    exit code."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return proc.returncode


def mariadb(var, *args, db=None, check=True):
    env = dict(os.environ, RODGATE_VAR=var)
    if db:
        env["RODGATE_DBNAME"] = db
    return subprocess.run([os.path.join(TOP, "tools", "mariadb.sh")] + list(args), env=env, check=check,
                          capture_output=True, text=True)


def sql(var, db, query):
    return mariadb(var, "sql", "-N", "-e", query, db=db).stdout.strip()


class Gateway:
    """A private gateway instance: `sets` are extra --set key=value."""

    def __init__(self, db, sets=(), var=os.path.join(TOP, "var"), log=None, binary=None, env=None):
        self.port = free_port()
        self.url = "https://127.0.0.1:%d/rod/v1" % self.port
        self.var = var
        self.db = db
        self.log = log or os.path.join(var, "log", "hardening-%d.log" % self.port)
        os.makedirs(os.path.dirname(self.log), exist_ok=True)
        args = [binary or BIN, "--config", os.path.join(TOP, "conf", "rodgate.conf"),
                "--set", "listen=127.0.0.1:%d" % self.port, "--set", "db_name=" + db,
                "--set", "db_socket=" + os.path.join(var, "run", "mariadb.sock"),
                "--set", "db_password_file=" + os.path.join(var, "secrets", "rodgate.password"),
                "--set", "job_db_password_file=" + os.path.join(var, "secrets", "rodgate_job.password"),
                "--set", "log_file=" + self.log,
                # no metrics listener unless asked for: its default port
                # would be taken by the first of several gateways
                "--set", "metrics_listen="]
        # make test-cluster: the cluster's db_nodes for private gateways too
        if os.environ.get("RODGATE_DB_SET"):
            args += ["--set", os.environ["RODGATE_DB_SET"]]
        for kv in sets:
            args += ["--set", kv]
        # stderr is kept for tools/test.sh, which fails on sanitizer reports
        self.stderr = open(self.log.replace(".log", "") + ".stderr", "w")
        self.proc = subprocess.Popen(args, cwd=TOP, stderr=self.stderr,
                                     env=dict(os.environ, **env) if env else None)
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError("gateway exited with %s" % self.proc.returncode)
                time.sleep(0.05)
        raise RuntimeError("gateway did not listen")

    def kill9(self):
        self.proc.kill()
        self.proc.wait()
        self.stderr.close()

    def stop(self):
        rc = stop_process(self.proc)
        self.stderr.close()
        return rc


def fresh_db(name, var=os.path.join(TOP, "var")):
    mariadb(var, "reset", db=name)


def copy_pki(dst):
    if os.path.exists(dst):
        shutil.rmtree(dst)
    shutil.copytree(PKI, dst)
    return dst


def pki_sets(pki, *extra):
    """The --set options that point a gateway at the PKI in `pki` (e.g. a
    copy_pki), followed by `extra`."""
    return ["tls_cert=%s/server-chain.pem" % pki, "tls_key=%s/server.key" % pki, "tls_ca=%s/ca.pem" % pki,
            "tls_crl=%s/crl.pem" % pki] + list(extra)


def bsn_list(n, seed):
    """n distinct valid BSNs (elfproef), deterministic from seed."""
    out, x = [], seed % 90000000 + 10000000
    while len(out) < n:
        x += 1
        digits = "%09d" % x
        s = sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1)))
        if s % 11 == 0 and s != 0:
            out.append(digits)
    return out


def batch_body(bsns, instelling="31XU"):
    items = "".join(
        "<rod:inschrijving><rod:referentie>r%d</rod:referentie><rod:instellingscode>%s</rod:instellingscode>"
        "<rod:inschrijfdatum>2024-08-01</rod:inschrijfdatum><rod:leerling><rod:persoonsgebondenNummer>"
        "<rod:bsn>%s</rod:bsn></rod:persoonsgebondenNummer><rod:geslacht>VROUW</rod:geslacht>"
        "<rod:geboortedatum>2014-05-06</rod:geboortedatum><rod:achternaam>Hardening</rod:achternaam>"
        "</rod:leerling></rod:inschrijving>" % (i, instelling, b) for i, b in enumerate(bsns))
    return "<rod:AanleverenInschrijvingRequest>%s</rod:AanleverenInschrijvingRequest>" % items
