"""A small SOAP client for the rodgate integration tests (standard library only).

Environment:
  RODGATE_URL  endpoint, default https://127.0.0.1:8443/rod/v1
  RODGATE_PKI  directory with ca.pem and NAME.pem/NAME.key, default var/pki
               of the repository
  RODGATE_LOG  the gateway's log file (used by test_zz_logs), default /tmp/gw.log
"""

import datetime
import http.client
import os
import random
import re
import ssl
import string
import subprocess
import threading
import unittest
import urllib.parse
import uuid
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
URL = os.environ.get("RODGATE_URL", "https://127.0.0.1:8443/rod/v1")
PKI = os.environ.get("RODGATE_PKI", os.path.join(REPO, "var", "pki"))
LOG = os.environ.get("RODGATE_LOG", "/tmp/gw.log")

NS = "urn:rodgate:rod:v1"
WSA = "http://www.w3.org/2005/08/addressing"
SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
ACTION_PREFIX = "urn:rodgate:rod:v1/"
FAULT_ACTION = "http://www.w3.org/2005/08/addressing/fault"

_parts = urllib.parse.urlsplit(URL)
HOST = _parts.hostname
PORT = _parts.port or 443
PATH = _parts.path or "/"
# what http.client sends as Host (and so what the WSDL's URLs must carry)
HOST_HEADER = _parts.netloc

# Every BSN and achternaam the tests send, so that test_zz_logs can check
# that none of them reaches the gateway's log.
USED_BSNS = set()
USED_NAMES = set()
_lock = threading.Lock()
_rng = random.SystemRandom()


# ---- names and namespaces ------------------------------------------------------

def q(name):
    """Clark name of an element in the contract namespace."""
    return "{%s}%s" % (NS, name)


def path(p):
    """'a/b/c' -> the ElementTree path with every step in the contract namespace."""
    return "/".join(s if s in (".", "..", "*") or s.startswith(".//") else q(s) for s in p.split("/"))


def find(elem, p):
    return elem.find(path(p)) if elem is not None else None


def findall(elem, p):
    return elem.findall(path(p)) if elem is not None else []


def text(elem, p):
    e = find(elem, p)
    return e.text if e is not None else None


def local(tag):
    return tag.split("}", 1)[1] if tag.startswith("{") else tag


def child_names(elem):
    """Local names of the children, in document order."""
    return [local(c.tag) for c in elem]


# ---- TLS and HTTP ----------------------------------------------------------------

def make_context(org=None, minimum=None, maximum=None):
    """A TLS client context; org None means: no client certificate."""
    ctx = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=os.path.join(PKI, "ca.pem"))
    ctx.check_hostname = True
    ctx.verify_mode = ssl.CERT_REQUIRED
    if minimum is not None:
        ctx.minimum_version = minimum
    if maximum is not None:
        ctx.maximum_version = maximum
    if org:
        ctx.load_cert_chain(os.path.join(PKI, org + ".pem"), os.path.join(PKI, org + ".key"))
    return ctx


def new_message_id():
    return "urn:uuid:" + str(uuid.uuid4())


class RodClient:
    """One organisation, one persistent keep-alive connection."""

    def __init__(self, org, context=None, timeout=120):
        self.org = org
        self.context = context or make_context(org)
        self.timeout = timeout
        self.conn = None
        self.last_headers = None
        self.connects = 0

    def _connect(self):
        self.close()
        self.conn = http.client.HTTPSConnection(HOST, PORT, context=self.context, timeout=self.timeout)
        self.connects += 1
        return self.conn

    def close(self):
        if self.conn is not None:
            try:
                self.conn.close()
            except OSError:
                pass
        self.conn = None

    def request(self, method, target, body=None, headers=None):
        """Returns (status, headers, data). Reconnects once when the kept-alive
        connection turned out to be closed (all requests here are safe to
        repeat: mutating ones are idempotent by MessageID)."""
        for attempt in (1, 2):
            conn = self.conn or self._connect()
            try:
                conn.request(method, target, body=body, headers=headers or {})
                resp = conn.getresponse()
                data = resp.read()
                if resp.will_close:
                    self.close()
                self.last_headers = resp.headers
                return resp.status, resp.headers, data
            except (http.client.RemoteDisconnected, http.client.CannotSendRequest,
                    http.client.ResponseNotReady, ConnectionResetError, BrokenPipeError,
                    ssl.SSLEOFError, ssl.SSLZeroReturnError):
                self.close()
                if attempt == 2:
                    raise

    def get(self, query):
        return self.request("GET", PATH + "?" + query)

    def post(self, data, content_type="text/xml; charset=utf-8", soapaction=None, extra=None):
        headers = {"Content-Type": content_type}
        if soapaction is not None:
            headers["SOAPAction"] = soapaction
        headers.update(extra or {})
        if isinstance(data, str):
            data = data.encode("utf-8")
        return self.request("POST", PATH, body=data, headers=headers)

    def call(self, op, body_xml, message_id=None, soap12=False, soapaction=None, action=None, to=None,
             omit=(), headers_xml="", content_type=None, raw_envelope=None):
        """Sends operation `op` with body_xml (the request element, in the
        contract namespace: use the prefix-less form made by `req`). Returns
        (http status, parsed root or None, raw response bytes)."""
        self.last_message_id = message_id = message_id or new_message_id()
        if action is None:
            action = ACTION_PREFIX + op
        if raw_envelope is None:
            raw_envelope = envelope(body_xml, action=action, message_id=message_id, to=to or URL,
                                    soap12=soap12, omit=omit, headers_xml=headers_xml)
        if content_type is None:
            content_type = "application/soap+xml; charset=utf-8" if soap12 else "text/xml; charset=utf-8"
        if soapaction is None and not soap12:
            soapaction = '"%s"' % action
        status, _, data = self.post(raw_envelope, content_type, soapaction)
        return status, parse(data), data


def parse(data):
    try:
        return ET.fromstring(data)
    except ET.ParseError:
        return None


def envelope(body_xml, action, message_id, to=URL, soap12=False, omit=(), headers_xml=""):
    env_ns = SOAP12 if soap12 else SOAP11
    hdr = []
    if "To" not in omit:
        hdr.append("<wsa:To>%s</wsa:To>" % escape(to))
    if "Action" not in omit:
        hdr.append("<wsa:Action>%s</wsa:Action>" % escape(action))
    if "MessageID" not in omit:
        hdr.append("<wsa:MessageID>%s</wsa:MessageID>" % escape(message_id))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<soap:Envelope xmlns:soap="%s" xmlns:wsa="%s">'
            "<soap:Header>%s%s</soap:Header>"
            "<soap:Body>%s</soap:Body></soap:Envelope>" % (env_ns, WSA, "".join(hdr), headers_xml, body_xml))


def req(op, inner):
    """The request element <OpRequest xmlns="urn:rodgate:rod:v1">inner</...>."""
    return '<%sRequest xmlns="%s">%s</%sRequest>' % (op, NS, inner, op)


def together(clients, calls):
    """Sends calls[i], (op, body) or (op, body, message_id), through
    clients[i], all released at the same moment: a first request per
    connection does the TLS handshakes before the barrier. Closes the clients
    and returns (status, body element or None, raw) per call."""
    for c in clients:
        c.get("wsdl")
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i):
        op, body, message_id = (tuple(calls[i]) + (None,))[:3]
        barrier.wait()
        status, root, raw = clients[i].call(op, body, message_id=message_id)
        results[i] = (status, body_elem(root), raw)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    for c in clients:
        c.close()
    return results


# ---- responses ------------------------------------------------------------------

def soap_body(root):
    for ns in (SOAP11, SOAP12):
        b = root.find("{%s}Body" % ns) if root is not None else None
        if b is not None:
            return b
    return None


def body_elem(root):
    """The single element in the Body (a response element or a Fault)."""
    b = soap_body(root)
    return b[0] if b is not None and len(b) else None


def header_value(root, name):
    for ns in (SOAP11, SOAP12):
        h = root.find("{%s}Header" % ns) if root is not None else None
        if h is not None:
            e = h.find("{%s}%s" % (WSA, name))
            return e.text.strip() if e is not None and e.text else None
    return None


def fault_elem(root):
    b = body_elem(root)
    return b if b is not None and local(b.tag) == "Fault" else None


def fault_fout(root):
    """The rod:fout of the fault detail (SOAP 1.1 detail or 1.2 env:Detail)."""
    f = fault_elem(root)
    if f is None:
        return None
    return f.find(".//" + q("fout"))


def fault_code(root):
    """The rod:fout/rod:code in the fault detail, or None when there is no fault."""
    fo = fault_fout(root)
    return text(fo, "code") if fo is not None else None


def fault_veld(root):
    fo = fault_fout(root)
    return text(fo, "veld") if fo is not None else None


def faultcode(root):
    """SOAP 1.1 faultcode / SOAP 1.2 Code/Value, the local part ('Client', 'Sender', ...)."""
    f = fault_elem(root)
    if f is None:
        return None
    e = f.find("faultcode")
    if e is None:
        e = f.find("{%s}Code/{%s}Value" % (SOAP12, SOAP12))
    if e is None or not e.text:
        return None
    return e.text.strip().split(":")[-1]


def fout_codes(elem):
    """Codes of the fout children of elem (a response or a resultaat)."""
    return [text(f, "code") for f in findall(elem, "fout")]


def fouten(elem):
    """(code, veld) of every fout child of elem."""
    return [(text(f, "code"), text(f, "veld")) for f in findall(elem, "fout")]


# ---- test data -------------------------------------------------------------------

def elfproef_sum(digits):
    w = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(int(d) * x for d, x in zip(digits, w))


def bsn_valid(s):
    return len(s) == 9 and s.isdigit() and elfproef_sum(s) % 11 == 0 and elfproef_sum(s) != 0


def onderwijsnummer_valid(s):
    return len(s) == 9 and s.isdigit() and s.startswith("10") and elfproef_sum(s) % 11 == 5


_registered = None


def _registered_numbers():
    """Numbers already in the register, when the development database can be
    read (tools/mariadb.sh): a random BSN of an earlier run would otherwise
    turn up again now and then (10,000 a batch out of 8e7 valid ones)."""
    global _registered
    if _registered is None:
        _registered = set()
        try:
            _registered = {r[0] for r in sql("SELECT pgn FROM persoon")}
        except Exception:  # unittest.SkipTest included: then random must do
            pass
    return _registered


def new_bsn():
    """A random BSN that passes the elfproef, never the same twice in this
    process and not one the register already holds (when it can be read)."""
    registered = _registered_numbers()
    while True:
        head = "%08d" % _rng.randrange(10_000_000, 100_000_000)
        last = sum(int(d) * w for d, w in zip(head, (9, 8, 7, 6, 5, 4, 3, 2))) % 11
        if last == 10:
            continue
        s = head + str(last)
        if not bsn_valid(s):
            continue
        with _lock:
            if s in USED_BSNS or s in registered:
                continue
            USED_BSNS.add(s)
        return s


def invalid_bsn():
    """Nine digits that fail the elfproef."""
    while True:
        s = "%09d" % _rng.randrange(100_000_000, 1_000_000_000)
        if not bsn_valid(s):
            with _lock:
                USED_BSNS.add(s)
            return s


def new_onderwijsnummer():
    """A valid onderwijsnummer from the top of the range (the register assigns
    its own from the bottom up, so the two do not meet), new in the register."""
    registered = _registered_numbers()
    while True:
        s = "10" + str(_rng.randrange(9_000_000, 10_000_000))
        if onderwijsnummer_valid(s) and s not in registered:
            with _lock:
                if s in USED_BSNS:
                    continue
                USED_BSNS.add(s)
            return s


def invalid_onderwijsnummer():
    """Matches the XSD pattern 10[0-9]{7} but fails the mod-11 = 5 check."""
    while True:
        s = "10%07d" % _rng.randrange(0, 10_000_000)
        if not onderwijsnummer_valid(s):
            return s


def new_name(prefix="Tst"):
    """A unique achternaam of letters only (so that searches for it are exact)."""
    letters = string.ascii_lowercase
    while True:
        n = prefix + "".join(_rng.choice(letters) for _ in range(10))
        with _lock:
            if n in USED_NAMES:
                continue
            USED_NAMES.add(n)
        return n


def note_name(name):
    with _lock:
        USED_NAMES.add(name)


def today():
    """The register's 'today' (Europe/Amsterdam; the dev gateway sets TZ)."""
    try:
        from zoneinfo import ZoneInfo
        return datetime.datetime.now(ZoneInfo("Europe/Amsterdam")).date()
    except Exception:  # no tzdata: UTC is at most one day off
        return datetime.datetime.utcnow().date()


def years_before(d, years):
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 February
        return d.replace(year=d.year - years, day=28)


def binnenland(postcode="1012AB", huisnummer=1, huisletter=None, toevoeging=None, straatnaam=None, plaatsnaam=None):
    x = "<postcode>%s</postcode><huisnummer>%d</huisnummer>" % (postcode, huisnummer)
    if huisletter:
        x += "<huisletter>%s</huisletter>" % huisletter
    if toevoeging:
        x += "<huisnummertoevoeging>%s</huisnummertoevoeging>" % escape(toevoeging)
    if straatnaam:
        x += "<straatnaam>%s</straatnaam>" % escape(straatnaam)
    if plaatsnaam:
        x += "<plaatsnaam>%s</plaatsnaam>" % escape(plaatsnaam)
    return "<adres><binnenland>%s</binnenland></adres>" % x


def buitenland(landcode="5010", regels=("Rue de la Loi 16",)):
    x = "<landcode>%s</landcode>" % landcode
    for i, r in enumerate(regels):
        if r is not None:
            x += "<adresregel%d>%s</adresregel%d>" % (i + 1, escape(r), i + 1)
    return "<adres><buitenland>%s</buitenland></adres>" % x


def leerling(bsn=None, onderwijsnummer=None, geslacht="VROUW", geboortedatum="2012-05-17", achternaam=None,
             voorvoegsels=None, voornamen=None, adres=None):
    x = ""
    if bsn:
        x += "<persoonsgebondenNummer><bsn>%s</bsn></persoonsgebondenNummer>" % bsn
    elif onderwijsnummer:
        x += "<persoonsgebondenNummer><onderwijsnummer>%s</onderwijsnummer></persoonsgebondenNummer>" % onderwijsnummer
    x += "<geslacht>%s</geslacht><geboortedatum>%s</geboortedatum>" % (geslacht, geboortedatum)
    if achternaam is not None:
        note_name(achternaam)
        x += "<achternaam>%s</achternaam>" % escape(achternaam)
    if voorvoegsels is not None:
        x += "<voorvoegsels>%s</voorvoegsels>" % escape(voorvoegsels)
    if voornamen is not None:
        x += "<voornamen>%s</voornamen>" % escape(voornamen)
    if adres:
        x += adres
    return "<leerling>%s</leerling>" % x


_DEFAULT = object()


def inschrijving(instellingscode="31XU", inschrijfdatum="2024-08-19", uitschrijfdatum=None, referentie=None,
                 bsn=_DEFAULT, onderwijsnummer=None, geslacht="VROUW", geboortedatum="2012-05-17",
                 achternaam=_DEFAULT, voorvoegsels=None, voornamen=None, adres=_DEFAULT, leerling_xml=None):
    """An <inschrijving> fragment. By default: a fresh BSN, a fresh achternaam
    and a binnenland address; pass None to leave one out."""
    if bsn is _DEFAULT:
        bsn = None if onderwijsnummer else new_bsn()
    if achternaam is _DEFAULT:
        achternaam = new_name()
    if adres is _DEFAULT:
        adres = binnenland()
    x = ""
    if referentie is not None:
        x += "<referentie>%s</referentie>" % escape(referentie)
    x += "<instellingscode>%s</instellingscode><inschrijfdatum>%s</inschrijfdatum>" % (instellingscode, inschrijfdatum)
    if uitschrijfdatum:
        x += "<uitschrijfdatum>%s</uitschrijfdatum>" % uitschrijfdatum
    x += leerling_xml or leerling(bsn=bsn, onderwijsnummer=onderwijsnummer, geslacht=geslacht,
                                  geboortedatum=geboortedatum, achternaam=achternaam, voorvoegsels=voorvoegsels,
                                  voornamen=voornamen, adres=adres)
    return "<inschrijving>%s</inschrijving>" % x


def aanleveren_body(items):
    return req("AanleverenInschrijving", "".join(items))


def pgn_xml(bsn=None, onderwijsnummer=None):
    if bsn:
        return "<persoonsgebondenNummer><bsn>%s</bsn></persoonsgebondenNummer>" % bsn
    return "<persoonsgebondenNummer><onderwijsnummer>%s</onderwijsnummer></persoonsgebondenNummer>" % onderwijsnummer


def wijzigen_body(instellingscode, inschrijfdatum, uitschrijfdatum=None, bsn=None, onderwijsnummer=None):
    x = "<instellingscode>%s</instellingscode>%s<inschrijfdatum>%s</inschrijfdatum>" % (
        instellingscode, pgn_xml(bsn, onderwijsnummer), inschrijfdatum)
    if uitschrijfdatum:
        x += "<uitschrijfdatum>%s</uitschrijfdatum>" % uitschrijfdatum
    return req("WijzigenInschrijving", x)


def overzicht_body(instellingscodes=(), zoek=None, peildatum=None, pagina=None, grootte=None, sinds=None,
                   met_adres=None):
    x = "".join("<instellingscode>%s</instellingscode>" % c for c in instellingscodes)
    if zoek is not None:
        x += "<zoekAchternaam>%s</zoekAchternaam>" % escape(zoek)
    if peildatum:
        x += "<peildatum>%s</peildatum>" % peildatum
    if pagina is not None:
        x += "<pagina>%d</pagina>" % pagina
    if grootte is not None:
        x += "<paginaGrootte>%d</paginaGrootte>" % grootte
    # version 1.1 (spec 9.2)
    if sinds is not None:
        x += "<gewijzigdSinds>%s</gewijzigdSinds>" % sinds
    if met_adres is not None:
        x += "<metAdres>%s</metAdres>" % ("true" if met_adres is True else "false")
    return req("OpvragenOverzicht", x)


def result_pgn(resultaat):
    """(kind, number) of a resultaat's persoonsgebondenNummer, or None."""
    p = find(resultaat, "persoonsgebondenNummer")
    if p is None or not len(p):
        return None
    return local(p[0].tag), p[0].text


# ---- raw requests ------------------------------------------------------------------

VALID_BODY = None  # set below: a valid read-only request body (finds nobody)


def raw_post(body_bytes, content_type="text/xml; charset=utf-8", soapaction='""', org="school-a"):
    """POSTs bytes as they are; returns (status, parsed root or None, raw bytes)."""
    status, _, data = client(org).post(body_bytes, content_type, soapaction)
    return status, parse(data), data


def overzicht_envelope(body_xml, msgid=None, soap12=False):
    """A complete envelope with the headers of OpvragenOverzicht around body_xml."""
    return envelope(body_xml, ACTION_PREFIX + "OpvragenOverzicht", msgid or new_message_id(), soap12=soap12)


# ---- shared clients -----------------------------------------------------------------

_clients = {}


def client(org):
    """A shared client per organisation (one keep-alive connection each; the
    tests run sequentially)."""
    c = _clients.get(org)
    if c is None:
        c = _clients[org] = RodClient(org)
    return c


# ---- SQL access to the development register (optional) ------------------------------

def sql(query):
    """Rows (lists of strings) of a query on the development database through
    tools/mariadb.sh; raises unittest.SkipTest when that is not available
    (for instance against a gateway on another machine)."""
    script = os.path.join(REPO, "tools", "mariadb.sh")
    if os.environ.get("RODGATE_NO_SQL") or not os.path.exists(script):
        raise unittest.SkipTest("no SQL access to the register")
    try:
        out = subprocess.run([script, "sql", "-N", "-B", "-e", query], cwd=REPO, capture_output=True, timeout=60,
                             check=True).stdout.decode("utf-8")
    except (OSError, subprocess.SubprocessError) as e:
        raise unittest.SkipTest("no SQL access to the register: %s" % e)
    return [line.split("\t") for line in out.splitlines() if line]


# ---- a TestCase with the common assertions ----------------------------------------------

DATETIME_WITH_ZONE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


class RodTestCase(unittest.TestCase):
    org = "school-a"
    maxDiff = None

    def call(self, op, body, org=None, **kw):
        return client(org or self.org).call(op, body, **kw)

    def assertSql(self, query, expected):
        """Checks the register's rows directly when the development database
        can be read; without SQL access only this check is left out."""
        try:
            rows = sql(query)
        except unittest.SkipTest:
            return
        self.assertEqual(rows, expected, query)

    def ok(self, op, body, org=None, **kw):
        """Calls op and returns the response element; fails on anything but
        HTTP 200 with <OpResponse>."""
        status, root, raw = self.call(op, body, org=org, **kw)
        self.assertEqual(status, 200, raw[:2000])
        elem = body_elem(root)
        self.assertIsNotNone(elem, raw[:2000])
        self.assertEqual(elem.tag, q(op + "Response"), raw[:2000])
        return elem

    def assertFault(self, result, code, http_status=500, kind="Client", veld=None):
        status, root, raw = result
        self.assertIsNotNone(root, raw[:2000])
        self.assertEqual(fault_code(root), code, raw[:2000])
        self.assertEqual(faultcode(root), kind, raw[:2000])
        self.assertEqual(status, http_status, raw[:2000])
        self.assertEqual(header_value(root, "Action"), FAULT_ACTION, raw[:2000])
        if veld is not None:
            self.assertEqual(fault_veld(root), veld, raw[:2000])
        return root

    def aanleveren(self, items, org=None, **kw):
        return self.ok("AanleverenInschrijving", aanleveren_body(items), org=org, **kw)

    def submit_one(self, item, org=None):
        resp = self.aanleveren([item], org=org)
        res = findall(resp, "resultaat")
        self.assertEqual(len(res), 1)
        return res[0]

    def assertAccepted(self, item, org=None):
        r = self.submit_one(item, org=org)
        self.assertEqual(text(r, "status"), "GELUKT", ET.tostring(r, "unicode"))
        self.assertEqual(fout_codes(r), [])
        self.assertIsNotNone(result_pgn(r))
        return r

    def assertRejected(self, item, codes, org=None):
        """The single item is AFGEKEURD with exactly these codes (a list: order
        of the response does not matter, multiplicity does)."""
        resp = self.aanleveren([item], org=org)
        self.assertEqual([text(resp, "aantalVerwerkt"), text(resp, "aantalGelukt"), text(resp, "aantalAfgekeurd")],
                         ["1", "0", "1"])
        r = find(resp, "resultaat")
        self.assertEqual(text(r, "status"), "AFGEKEURD", ET.tostring(r, "unicode"))
        self.assertIsNone(find(r, "persoonsgebondenNummer"), "a rejected item has no number")
        self.assertEqual(sorted(fout_codes(r)), sorted(codes), ET.tostring(r, "unicode"))
        for f in findall(r, "fout"):
            self.assertTrue((text(f, "omschrijving") or "").strip(), "every fout has an omschrijving")
        return r

    def overzicht(self, org=None, **kw):
        resp = self.ok("OpvragenOverzicht", overzicht_body(**kw), org=org)
        return resp

    def entries(self, resp):
        """(instellingscode, pgn, achternaam, inschrijfdatum, uitschrijfdatum) of
        every inschrijving in an OpvragenOverzicht response, in document order."""
        out = []
        for b in findall(resp, "instelling"):
            code = text(b, "instellingscode")
            for i in findall(b, "inschrijving"):
                l = find(i, "leerling")
                pgn = find(l, "persoonsgebondenNummer")
                out.append((code, pgn[0].text, text(l, "achternaam"), text(i, "inschrijfdatum"),
                            text(i, "uitschrijfdatum")))
        return out


VALID_BODY = overzicht_body(zoek="Zzqxjv")
