#!/usr/bin/env python3
"""Writes the fuzzers' seed corpora and the SOAP dictionary:

  tests/fuzz/corpus/pipeline/  every tests/data/{valid,invalid}/*.xml request,
                               wrapped in a SOAP envelope with WS-Addressing
                               headers, behind the variant byte of
                               tests/fuzz/fuzz_pipeline.c; plus hostile and
                               edge-case seeds and the other variants
  tests/fuzz/corpus/http/      request heads for tests/fuzz/fuzz_http.c
  tests/fuzz/soap.dict         SOAP, WS-Addressing and contract names (from the XSD)

Usage (from anywhere): tools/fuzz/make-corpus.py   -- replaces the three.
Only the standard library; output is deterministic."""
import hashlib
import os
import re
import shutil

TOP = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
FUZZ = os.path.join(TOP, "tests", "fuzz")
NS11 = "http://schemas.xmlsoap.org/soap/envelope/"
NS12 = "http://www.w3.org/2003/05/soap-envelope"
WSA = "http://www.w3.org/2005/08/addressing"
ROD = "urn:rodgate:rod:v1"
ENDPOINT = "https://localhost:8443/rod/v1"

# variant byte (fuzz_pipeline.c): bit 0 SOAP 1.2, bits 1-2 SOAPAction, bits 3-4 OIN, bits 5-6 Content-Type
SCHOOL, GEMEENTE, UNKNOWN, NO_OIN = 0, 1, 2, 3
SA_MATCH, SA_NONE, SA_WRONG, SA_EMPTY = 0, 1, 2, 3
CT_UTF8, CT_PLAIN, CT_QUOTED_OR_ACTION, CT_LATIN1 = 0, 1, 2, 3
GEMEENTE_ONLY = {"VerwerkenTerugkoppeling"}


def vbyte(v12=False, sa=SA_MATCH, oin=SCHOOL, ct=CT_UTF8):
    return (1 if v12 else 0) | (sa << 1) | (oin << 3) | (ct << 5)


def msgid(name):
    h = hashlib.sha256(name.encode()).hexdigest()
    return "urn:uuid:%s-%s-4%s-8%s-%s" % (h[0:8], h[8:12], h[13:16], h[17:20], h[20:32])


def envelope(body, op, name, v12=False, headers=None, action=None):
    ns = NS12 if v12 else NS11
    if headers is None:
        headers = ("<wsa:To>%s</wsa:To><wsa:Action>%s/%s</wsa:Action><wsa:MessageID>%s</wsa:MessageID>"
                   % (ENDPOINT, ROD, action or op, msgid(name)))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<s:Envelope xmlns:s="%s" xmlns:wsa="%s" xmlns:rod="%s">\n'
            '<s:Header>%s</s:Header>\n<s:Body>\n%s\n</s:Body>\n</s:Envelope>\n' % (ns, WSA, ROD, headers, body))


def request_body(path):
    """The request element of a tests/data file: no XML declaration, no comments."""
    text = open(path, encoding="utf-8").read()
    first = re.search(r"<!--\s*([a-z-]+)", text)
    who = first.group(1) if first else ""
    text = re.sub(r"<\?xml[^>]*\?>\s*", "", text)
    text = re.sub(r"<!--.*?-->\s*", "", text, flags=re.S)
    m = re.search(r"<(?:\w+:)?(\w+)Request\b", text)
    return text.strip(), (m.group(1) if m else "OpvragenOverzicht"), who


def write(folder, name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def pipeline(out):
    n = 0
    for kind in ("valid", "invalid"):
        folder = os.path.join(TOP, "tests", "data", kind)
        for fn in sorted(os.listdir(folder)):
            if not fn.endswith(".xml"):
                continue
            body, op, who = request_body(os.path.join(folder, fn))
            oin = GEMEENTE if (op in GEMEENTE_ONLY or who.startswith("gemeente")) else SCHOOL
            stem = fn[:-4]
            write(out, "%s-%s.bin" % (kind, stem), bytes([vbyte(oin=oin)]) + envelope(body, op, stem).encode())
            n += 1
            # SOAP 1.2 for the valid requests of the implemented area, with the
            # action parameter in the media type
            if kind == "valid" and ("Inschrijving" in op or op == "OpvragenOverzicht"):
                write(out, "%s-%s-soap12.bin" % (kind, stem),
                      bytes([vbyte(v12=True, oin=oin, ct=CT_QUOTED_OR_ACTION)]) +
                      envelope(body, op, stem + "-12", v12=True).encode())
                n += 1

    ov_body, _, _ = request_body(os.path.join(TOP, "tests", "data", "valid", "OpvragenOverzicht.xml"))
    ov = envelope(ov_body, "OpvragenOverzicht", "variant").encode()

    def seed(name, vb, data):
        nonlocal n
        if isinstance(data, str):
            data = data.encode("utf-8")
        write(out, name + ".bin", bytes([vb]) + data)
        n += 1

    # the HTTP side of the request
    seed("variant-soapaction-absent", vbyte(sa=SA_NONE), ov)
    seed("variant-soapaction-wrong", vbyte(sa=SA_WRONG), ov)
    seed("variant-soapaction-empty", vbyte(sa=SA_EMPTY), ov)
    seed("variant-oin-gemeente", vbyte(oin=GEMEENTE), ov)
    seed("variant-oin-unknown", vbyte(oin=UNKNOWN), ov)
    seed("variant-oin-none", vbyte(oin=NO_OIN), ov)
    seed("variant-ct-plain", vbyte(ct=CT_PLAIN), ov)
    seed("variant-ct-quoted-charset", vbyte(ct=CT_QUOTED_OR_ACTION), ov)
    seed("variant-ct-latin1", vbyte(ct=CT_LATIN1), ov)
    seed("variant-soap11-body-as-soap12", vbyte(v12=True), ov)
    seed("variant-get-wsdl", 0xF0, "wsdl")
    seed("variant-get-xsd", 0xF1, "xsd=rod-v1.xsd")
    seed("variant-get-xsd-short-hostile-host", 0xF2, "xsd=rod-v1")
    seed("variant-get-xsd-traversal-no-host", 0xF3, "xsd=../../etc/passwd")
    seed("variant-put", 0xF8, ov)
    seed("variant-options", 0xFB, b"")
    seed("variant-post-other-path", 0xFC, ov)
    seed("variant-post-query-wsdl", 0xFF, ov)

    def hostile(name, body, op="OpvragenOverzicht", vb=0, headers=None, v12=False, raw=None, action=None):
        data = raw if raw is not None else envelope(body, op, name, v12=v12, headers=headers, action=action)
        seed("hostile-" + name, vb, data)

    small = "<rod:OpvragenOverzichtRequest><rod:paginaGrootte>2</rod:paginaGrootte></rod:OpvragenOverzichtRequest>"
    hdr = "<wsa:To>%s</wsa:To><wsa:Action>%s/OpvragenOverzicht</wsa:Action>" % (ENDPOINT, ROD)

    def with_msgid(m):
        return hdr + "<wsa:MessageID>%s</wsa:MessageID>" % m

    hostile("doctype-xxe", None, raw=(
        '<?xml version="1.0"?>\n<!DOCTYPE s:Envelope [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        + envelope(small, "OpvragenOverzicht", "xxe", headers=with_msgid("&xxe;")).split("\n", 1)[1]))
    lol = "".join('<!ENTITY l%d "&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;">' % ((i,) + (i - 1,) * 10)
                  for i in range(1, 10))
    hostile("billion-laughs", None, raw=(
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY l0 "lol">%s]>\n' % lol
        + envelope(small, "OpvragenOverzicht", "lol", headers=with_msgid("&l9;")).split("\n", 1)[1]))
    hostile("parameter-entity", None, raw=(
        '<!DOCTYPE x [<!ENTITY % p SYSTEM "http://127.0.0.1:1/x.dtd"> %p;]>'
        + envelope(small, "OpvragenOverzicht", "pe").split("\n", 1)[1]))
    hostile("undeclared-entity", small, headers=with_msgid("urn:uuid:&x;"))
    hostile("char-references", small, headers=with_msgid("urn:uuid:&#x41;&#65;&amp;&lt;&#x1F600;&#xD;x"))
    for depth in (63, 64, 65, 200):
        inner = "<rod:zoekAchternaam>" + "<a>" * depth + "x" + "</a>" * depth + "</rod:zoekAchternaam>"
        hostile("deep-nesting-%d" % depth, "<rod:OpvragenOverzichtRequest>%s</rod:OpvragenOverzichtRequest>" % inner)
    hostile("deep-header", small, headers=with_msgid("m-deep") + "<x>" * 70 + "</x>" * 70)
    hostile("invalid-utf8", None, raw=envelope(
        "<rod:OpvragenOverzichtRequest><rod:zoekAchternaam>ta@@</rod:zoekAchternaam></rod:OpvragenOverzichtRequest>",
        "OpvragenOverzicht", "utf8").encode().replace(b"@@", b"\xc3("))
    hostile("overlong-utf8", None, raw=envelope(
        "<rod:OpvragenOverzichtRequest><rod:zoekAchternaam>a@@</rod:zoekAchternaam></rod:OpvragenOverzichtRequest>",
        "OpvragenOverzicht", "overlong").encode().replace(b"@@", b"\xc0\xaf\xed\xa0\x80"))
    hostile("utf16-bom", None, raw=b"\xff\xfe" + envelope(small, "OpvragenOverzicht", "u16").encode("utf-16-le"))
    hostile("utf8-bom", None, raw=b"\xef\xbb\xbf" + envelope(small, "OpvragenOverzicht", "bom").encode())
    hostile("latin1-declaration", None, raw=envelope(small, "OpvragenOverzicht", "l1").replace(
        'encoding="UTF-8"', 'encoding="ISO-8859-1"').encode())
    hostile("nul-byte", None, raw=envelope(small, "OpvragenOverzicht", "nul").encode().replace(
        b"<s:Body>", b"<s:Body>\x00"))
    hostile("two-bodies", small + "</s:Body><s:Body>" + small)
    hostile("two-requests", small + small)
    hostile("body-text", "tekst" + small)
    hostile("header-after-body", None, raw=envelope(small, "OpvragenOverzicht", "hab").replace(
        "<s:Header>", "<s:X>").replace("</s:Header>", "</s:X>"))
    hostile("no-body", None, raw='<s:Envelope xmlns:s="%s"><s:Header/></s:Envelope>' % NS11)
    hostile("empty-body", "")
    hostile("not-envelope", None, raw="<rod:OpvragenOverzichtRequest xmlns:rod=\"%s\"/>" % ROD)
    hostile("soap12-envelope-as-11", None, raw=envelope(small, "OpvragenOverzicht", "v", v12=True))
    hostile("unknown-operation", "<rod:BestaatNietRequest/>", op="BestaatNiet")
    hostile("response-as-request", "<rod:OpvragenOverzichtResponse/>", op="OpvragenOverzichtResponse")
    hostile("wrong-namespace", '<x:OpvragenOverzichtRequest xmlns:x="urn:other"/>')
    hostile("fault-as-request", "<s:Fault><faultcode>s:Client</faultcode><faultstring>x</faultstring></s:Fault>",
            op="Fault")
    hostile("wsa-missing-to", small, headers="<wsa:Action>%s/OpvragenOverzicht</wsa:Action>"
            "<wsa:MessageID>urn:uuid:1</wsa:MessageID>" % ROD)
    hostile("wsa-missing-messageid", small, headers=hdr)
    hostile("wsa-empty-messageid", small, headers=with_msgid("  "))
    hostile("wsa-two-messageids", small, headers=with_msgid("a") + "<wsa:MessageID>b</wsa:MessageID>")
    hostile("wsa-action-mismatch", small, action="AanleverenInschrijving")
    hostile("wsa-old-namespace", small, headers=with_msgid("x").replace(
        "<wsa:To>", '<wsa:To xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing">'))
    # MessageIDs: long, multibyte at the 255-byte cut, markup
    hostile("messageid-long-multibyte", small, headers=with_msgid("urn:x:" + "é" * 200))
    hostile("messageid-cut-in-character", small, headers=with_msgid("urn:x:" + "a" * 248 + "€€€"))
    hostile("messageid-markup", small, headers=with_msgid("<![CDATA[<&>\"']]>&amp;"))
    # gSOAP sees the whole Header, which the XSD does not cover
    hostile("header-wsa-extras", small, headers=with_msgid("x-extra") +
            "<wsa:ReplyTo><wsa:Address>%s/anonymous</wsa:Address><wsa:ReferenceParameters><a>1</a>"
            "</wsa:ReferenceParameters></wsa:ReplyTo><wsa:From><wsa:Address>x</wsa:Address></wsa:From>"
            '<wsa:RelatesTo RelationshipType="%s/reply">urn:uuid:0</wsa:RelatesTo>' % (WSA, WSA))
    hostile("header-mustunderstand", small, headers=with_msgid("x-mu") +
            '<o:Security xmlns:o="urn:other" s:mustUnderstand="1"/>')
    hostile("header-href-multiref", small, headers=hdr +
            '<wsa:MessageID href="#m1"/><x id="m1" xmlns:x="urn:x">urn:uuid:ref</x>')
    hostile("header-xsi-type", small, headers=with_msgid("x-type").replace(
        "<wsa:To>", '<wsa:To xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                    'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xsi:type="xsd:int">'))
    hostile("body-encodingstyle", small.replace("<rod:OpvragenOverzichtRequest>",
                                                '<rod:OpvragenOverzichtRequest s:encodingStyle='
                                                '"http://schemas.xmlsoap.org/soap/encoding/">'))
    hostile("body-xsi-nil", "<rod:OpvragenOverzichtRequest xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
            "<rod:pagina xsi:nil=\"true\"/></rod:OpvragenOverzichtRequest>")
    hostile("body-cdata-pi-comment", "<rod:OpvragenOverzichtRequest><!-- c --><?pi x?><rod:zoekAchternaam>"
            "<![CDATA[ta]]></rod:zoekAchternaam></rod:OpvragenOverzichtRequest>")
    hostile("body-default-namespace", '<OpvragenOverzichtRequest xmlns="%s"><paginaGrootte>3</paginaGrootte>'
            "</OpvragenOverzichtRequest>" % ROD)
    hostile("overzicht-many-codes", "<rod:OpvragenOverzichtRequest>%s</rod:OpvragenOverzichtRequest>"
            % "".join("<rod:instellingscode>%02dXX</rod:instellingscode>" % i for i in range(70)))
    hostile("overzicht-last-page", "<rod:OpvragenOverzichtRequest><rod:pagina>2147483647</rod:pagina>"
            "<rod:paginaGrootte>1000</rod:paginaGrootte></rod:OpvragenOverzichtRequest>")
    hostile("overzicht-int-overflow", "<rod:OpvragenOverzichtRequest><rod:pagina>2147483648</rod:pagina>"
            "</rod:OpvragenOverzichtRequest>")
    hostile("overzicht-whitespace-int", "<rod:OpvragenOverzichtRequest><rod:pagina> +1 </rod:pagina>"
            "</rod:OpvragenOverzichtRequest>")
    # a batch of 20 pupils without a number: the array paths of the store
    pupil = ("<rod:inschrijving><rod:referentie>R%d</rod:referentie><rod:instellingscode>31XU</rod:instellingscode>"
             "<rod:inschrijfdatum>2023-08-21</rod:inschrijfdatum><rod:leerling><rod:geslacht>MAN</rod:geslacht>"
             "<rod:geboortedatum>2015-00-00</rod:geboortedatum><rod:achternaam>Ｆüzz%d</rod:achternaam>"
             "<rod:adres><rod:binnenland><rod:postcode>1012AB</rod:postcode><rod:huisnummer>%d</rod:huisnummer>"
             "</rod:binnenland></rod:adres></rod:leerling></rod:inschrijving>")
    hostile("batch-20", "<rod:AanleverenInschrijvingRequest>%s</rod:AanleverenInschrijvingRequest>"
            % "".join(pupil % (i, i, i + 1) for i in range(20)), op="AanleverenInschrijving")
    return n


def http(out):
    def head(*lines):
        return "\r\n".join(lines).encode() + b"\r\n\r\n"

    soap = b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body/></s:Envelope>'
    post = [b"POST /rod/v1 HTTP/1.1", b"Host: localhost:8443", b"Content-Type: text/xml; charset=utf-8",
            b'SOAPAction: "urn:rodgate:rod:v1/OpvragenOverzicht"']

    def req(extra=(), body=soap, chunked=False, first=None):
        lines = ([first] if first else post[:1]) + post[1:] + list(extra)
        if chunked:
            lines.append(b"Transfer-Encoding: chunked")
        else:
            lines.append(b"Content-Length: %d" % len(body))
        return b"\r\n".join(lines) + b"\r\n\r\n" + body

    def chunk(data, ext=b""):
        return b"%x%s\r\n%s\r\n" % (len(data), ext, data)

    chunked_body = chunk(soap[:30], b";name=value") + chunk(soap[30:]) + b"0\r\nX-Trailer: 1\r\n\r\n"
    seeds = {
        "post-content-length": req(),
        "post-chunked": req(body=chunked_body, chunked=True),
        "post-expect-continue": req([b"Expect: 100-continue"]),
        "pipelined-two": req() + req(body=chunk(soap) + b"0\r\n\r\n", chunked=True),
        "pipelined-get-post": head("GET /rod/v1?wsdl HTTP/1.1", "Host: localhost") + req(),
        "get-wsdl": head("GET /rod/v1?wsdl HTTP/1.1", "Host: localhost:8443", "Connection: close"),
        "http10-keep-alive": head("GET /rod/v1?xsd=rod-v1.xsd HTTP/1.0", "Connection: keep-alive"),
        "bad-cl-and-te": req([b"Transfer-Encoding: chunked"]),
        "bad-te-gzip": req([b"Transfer-Encoding: gzip, chunked"]),
        "bad-two-lengths": req([b"Content-Length: 5"]),
        "bad-obs-fold": head("POST /rod/v1 HTTP/1.1", "Host: x", "X-A: 1", " folded", "Content-Length: 0"),
        "bad-bare-lf": b"POST /rod/v1 HTTP/1.1\nHost: x\nContent-Length: 0\r\n\r\n",
        "bad-huge-length": head("POST /rod/v1 HTTP/1.1", "Host: x", "Content-Length: 999999999999999"),
        "bad-no-host": head("POST /rod/v1 HTTP/1.1", "Content-Length: 0"),
        "bad-two-hosts": head("GET / HTTP/1.1", "Host: a", "Host: b"),
        "bad-http2": head("GET / HTTP/2.0", "Host: a"),
        "bad-expect": head("POST /rod/v1 HTTP/1.1", "Host: a", "Expect: 200-ok", "Content-Length: 0"),
        "bad-space-in-name": head("GET / HTTP/1.1", "Host : a"),
        "bad-long-target": head("GET /" + "a" * 1100 + " HTTP/1.1", "Host: a"),
        "bad-absolute-target": head("GET http://x/rod/v1 HTTP/1.1", "Host: a"),
        "bad-long-soapaction": head("POST /rod/v1 HTTP/1.1", "Host: a", "SOAPAction: " + "x" * 600,
                                    "Content-Length: 0"),
        "get-with-body": head("GET /rod/v1 HTTP/1.1", "Host: a", "Content-Length: 3") + b"abc",
        "post-no-length": head("POST /rod/v1 HTTP/1.1", "Host: a"),
        "chunked-empty-size-line": req(body=b"\r\n\r\n" + req(), chunked=True),
        "chunked-size-overflow": req(body=b"fffffffffffffffffff\r\n", chunked=True),
        "chunked-bad-hex": req(body=b"1g\r\nx\r\n0\r\n\r\n", chunked=True),
        "chunked-missing-crlf": req(body=b"3\r\nabcX\r\n0\r\n\r\n", chunked=True),
        "incomplete-head": b"POST /rod/v1 HTTP/1.1\r\nHost: a\r\n",
        "incomplete-body": req()[:-10],
    }
    n = 0
    for i, (name, data) in enumerate(sorted(seeds.items())):
        # byte 0: connection mode, default limits, varying piece sizes
        write(out, name + ".bin", bytes([(i % 8) << 3]) + data)
        n += 1
    # the chunked decoder alone (bit 0), small limits too
    alone = {
        "alone-chunked": chunked_body,
        "alone-empty-size-line": b"\r\n\r\n",
        "alone-extension-only": b";x\r\n\r\n",
        "alone-limit": chunk(b"x" * 20) + b"0\r\n\r\n",
        "alone-trailer-bare-lf": b"0\r\nA: b\nC: d\r\n\r\n",
        "alone-upper-hex": b"A\r\n0123456789\r\n0\r\n\r\n",
    }
    for i, (name, data) in enumerate(sorted(alone.items())):
        write(out, name + ".bin", bytes([1 | ((i % 4) << 1) | ((i % 8) << 3)]) + data)
        n += 1
    return n


def dictionary(path):
    xsd = open(os.path.join(TOP, "xsd", "rod-v1.xsd"), encoding="utf-8").read()
    words = set()
    for name in re.findall(r'<xs:element name="(\w+)"', xsd):
        words.update(["<rod:%s>" % name, "</rod:%s>" % name])
    for value in re.findall(r'<xs:enumeration value="([^"]*)"', xsd):
        words.add(value)
    fixed = [
        NS11, NS12, WSA, ROD, "urn:rodgate:rod:v1/", "http://www.w3.org/2001/XMLSchema-instance",
        "<s:Envelope", "</s:Envelope>", "<s:Header>", "</s:Header>", "<s:Body>", "</s:Body>", "<s:Fault>",
        "xmlns:s=", "xmlns:wsa=", "xmlns:rod=", "xmlns=", "xmlns:xsi=",
        "<wsa:To>", "</wsa:To>", "<wsa:Action>", "</wsa:Action>", "<wsa:MessageID>", "</wsa:MessageID>",
        "<wsa:RelatesTo>", "<wsa:ReplyTo>", "<wsa:FaultTo>", "<wsa:From>", "<wsa:Address>",
        "<wsa:ReferenceParameters>", "mustUnderstand=\"1\"", "encodingStyle=", "xsi:type=", "xsi:nil=\"true\"",
        "href=\"#", "id=\"", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "encoding=\"UTF-16\"",
        "<!DOCTYPE", "<!ENTITY", "SYSTEM", "PUBLIC", "<![CDATA[", "]]>", "<!--", "-->", "<?", "?>",
        "&amp;", "&lt;", "&#x", "&#", "&#xD;", "urn:uuid:", "31XU", "31XV", "24GP", "111222333", "123456782",
        "1012AB", "9711AA", "2014-05-12", "2023-08-21", "2015-00-00", "6030", "5010", "Request", "Response",
        "true", "false", "2147483647", "-1", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xc0\xaf", "\xff",
    ]
    words.update(fixed)
    for op in re.findall(r'<xs:element name="(\w+)Request"', xsd):
        words.add(op)
    with open(path, "w", encoding="utf-8") as f:
        f.write("# SOAP, WS-Addressing and rodgate contract names for fuzz_pipeline\n"
                "# (written by tools/fuzz/make-corpus.py from xsd/rod-v1.xsd)\n")
        for w in sorted(words):
            esc = "".join("\\x%02x" % b if (b < 0x20 or b > 0x7e or chr(b) in '"\\') else chr(b)
                          for b in w.encode("utf-8"))
            f.write('"%s"\n' % esc)
    return len(words)


def http_dictionary(path):
    words = ["POST", "GET", "HEAD", " HTTP/1.1\r\n", " HTTP/1.0\r\n", "HTTP/2.0", "\r\n", "\r\n\r\n",
             "Host: ", "Content-Length: ", "Transfer-Encoding: chunked", "Transfer-Encoding: ", "chunked",
             "Content-Type: ", "text/xml; charset=utf-8", "application/soap+xml", "SOAPAction: ",
             "Connection: close", "Connection: keep-alive", "Expect: 100-continue", "/rod/v1", "?wsdl",
             "?xsd=rod-v1.xsd", "0\r\n\r\n", ";ext=1", "ffffffff", "\t", " "]
    with open(path, "w", encoding="utf-8") as f:
        f.write("# HTTP/1.1 tokens for fuzz_http (written by tools/fuzz/make-corpus.py)\n")
        for w in words:
            esc = "".join("\\x%02x" % ord(c) if (ord(c) < 0x20 or c in '"\\') else c for c in w)
            f.write('"%s"\n' % esc)


def main():
    for sub in ("pipeline", "http"):
        d = os.path.join(FUZZ, "corpus", sub)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
    p = pipeline(os.path.join(FUZZ, "corpus", "pipeline"))
    h = http(os.path.join(FUZZ, "corpus", "http"))
    w = dictionary(os.path.join(FUZZ, "soap.dict"))
    http_dictionary(os.path.join(FUZZ, "http.dict"))
    print("make-corpus: %d pipeline seeds, %d http seeds, %d dictionary words" % (p, h, w))


if __name__ == "__main__":
    main()
