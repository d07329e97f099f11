#!/usr/bin/python3
"""Keeps docs/interface.md (the interface specification) consistent with the
code and the published contract files, and the SoapUI project with both:

  - every code of src/core/status.h is in the spec's error table with the
    same kind and the same Dutch text, and every code the spec or src/ names
    exists in status.h;
  - every operation of the WSDL has its section in the spec, and the spec
    describes no operation the WSDL lacks;
  - every element name and every enumeration value of the XSD appears in the
    spec (in backticks, alone or as the last step of a path);
  - every operation's section names an example request that exists;
  - the SoapUI project tests the main path of every WSDL operation with
    WS-Addressing switched on, and tools/soapui-replay refuses features it
    does not implement and its assertions fail on wrong answers;
  - nothing in the project points outside the repository for the spec.

Standard library (and lxml, through tools/soapui-replay). Prints one line per check and `N passed, M failed`.
"""

import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SPEC = os.path.join(REPO, "docs", "interface.md")
STATUS_H = os.path.join(REPO, "src", "core", "status.h")
XSD = os.path.join(REPO, "xsd", "rod-v1.xsd")
WSDL = os.path.join(REPO, "wsdl", "rod-v1.wsdl")
SOAPUI = os.path.join(REPO, "soapui", "rodgate-soapui-project.xml")
REPLAY = os.path.join(REPO, "tools", "soapui-replay")
XS = "{http://www.w3.org/2001/XMLSchema}"
WSDL_NS = "{http://schemas.xmlsoap.org/wsdl/}"
CON = "{http://eviware.com/soapui/config}"
KINDS = {"ROD_KIND_FOUT": "fout", "ROD_KIND_FAULT_CLIENT": "fault Client", "ROD_KIND_FAULT_SERVER": "fault Server"}


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def status_table():
    """code -> (kind, Dutch text) from the X-macro table of status.h."""
    src = read(STATUS_H)
    rows = {}
    row = re.compile(r'X\((\w+),[\s\\]*"([^"]*)",[\s\\]*(ROD_KIND_\w+),[\s\\]*((?:"(?:[^"\\]|\\.)*"[\s\\]*)+)\)')
    for m in row.finditer(src):
        name, code, kind, texts = m.groups()
        if code:
            rows[code] = (KINDS[kind], "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', texts)))
    if len(rows) < 10:
        raise AssertionError("could not read the status table of %s (%d rows)" % (STATUS_H, len(rows)))
    return rows


def spec_error_rows():
    """code -> (kind, omschrijving) from the table of section 6."""
    spec = read(SPEC)
    m = re.search(r"^## 6\. .*?$(.*?)^## ", spec, re.M | re.S)
    if not m:
        raise AssertionError("docs/interface.md has no section '## 6.'")
    rows = {}
    for line in m.group(1).splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and re.fullmatch(r"ROD-\d{4}", cells[0]):
            if cells[0] in rows:
                raise AssertionError("%s twice in the error table" % cells[0])
            rows[cells[0]] = (cells[1], cells[2])
    return rows


def check_codes_match_status_table():
    status, spec = status_table(), spec_error_rows()
    problems = []
    for code, (kind, text) in sorted(status.items()):
        if code not in spec:
            problems.append("%s (status.h) is missing from the spec's error table" % code)
            continue
        if spec[code][0] != kind:
            problems.append("%s: kind %r in the spec, %r in status.h" % (code, spec[code][0], kind))
        if spec[code][1] != text:
            problems.append("%s: omschrijving differs\n  spec:     %s\n  status.h: %s" % (code, spec[code][1], text))
    for code in sorted(set(spec) - set(status)):
        problems.append("%s is in the spec's error table but not in status.h" % code)
    return problems


def check_every_code_named_exists():
    status = status_table()
    problems = []
    for code in sorted(set(re.findall(r"ROD-\d{4}", read(SPEC))) - set(status)):
        problems.append("the spec names %s, which status.h does not have" % code)
    spec_codes = set(spec_error_rows())
    for root, _, files in os.walk(os.path.join(REPO, "src")):
        for f in files:
            if f.endswith((".c", ".h")):
                for code in set(re.findall(r"ROD-\d{4}", read(os.path.join(root, f)))):
                    if code not in spec_codes:
                        problems.append("%s in src/%s is not in the spec's error table"
                                        % (code, os.path.relpath(os.path.join(root, f), os.path.join(REPO, "src"))))
    return problems


def wsdl_operations():
    root = ET.parse(WSDL).getroot()
    ops = [op.get("name") for pt in root.iter(WSDL_NS + "portType") for op in pt.findall(WSDL_NS + "operation")]
    if not ops:
        raise AssertionError("no operations in %s" % WSDL)
    return ops


def check_every_operation_described():
    spec = read(SPEC)
    headings = set(re.findall(r"^### \d+\.\d+ (\w+) \([^)]*; (?:mutating|read-only)\)", spec, re.M))
    ops = set(wsdl_operations())
    problems = ["operation %s (WSDL) has no section '### N.M %s (role; mutating|read-only)' in the spec" % (op, op)
                for op in sorted(ops - headings)]
    problems += ["the spec describes operation %s, which the WSDL does not have" % op
                 for op in sorted(headings - ops)]
    for op in sorted(ops & headings):
        for elem in (op + "Request", op + "Response"):
            if "`%s`" % elem not in spec:
                problems.append("the spec never names `%s`" % elem)
    return problems


def check_examples_exist():
    """Each operation's section names example files, and every example file
    the spec names exists (tests/data/valid/, validated by suite xsd-examples)."""
    spec = read(SPEC)
    problems = []
    valid = os.path.join(REPO, "tests", "data", "valid")
    for token in sorted(set(re.findall(r"`((?:[\w./-]+/)?[\w-]+\.xml)`", spec))):
        path = os.path.join(REPO, token) if "/" in token else os.path.join(valid, token)
        if not os.path.exists(path) and not token.startswith("soapui/"):
            problems.append("the spec names example %s, which does not exist" % token)
    sections = re.split(r"^### ", spec, flags=re.M)
    for op in wsdl_operations():
        body = next((sec for sec in sections if re.match(r"\d+\.\d+ %s \(" % op, sec)), "")
        if not re.search(r"Example: `tests/data/valid/%s[\w-]*\.xml`" % op, body):
            problems.append("the section of %s names no example tests/data/valid/%s*.xml" % (op, op))
    return problems


def backticked_names(spec):
    """Every name in backticks, and the last step of every backticked path."""
    names = set()
    for token in re.findall(r"`([^`\n]+)`", spec):
        names.add(token)
        names.add(token.rsplit("/", 1)[-1])
    return names


def check_every_xsd_element_in_spec():
    root = ET.parse(XSD).getroot()
    named = backticked_names(read(SPEC))
    problems = []
    for name in sorted({e.get("name") for e in root.iter(XS + "element") if e.get("name")}):
        if name not in named:
            problems.append("XSD element %s does not appear in the spec" % name)
    for value in sorted({e.get("value") for e in root.iter(XS + "enumeration")}):
        if value not in named:
            problems.append("XSD enumeration value %s does not appear in the spec" % value)
    return problems


def check_soapui_covers_every_operation():
    root = ET.parse(SOAPUI).getroot()
    problems = []
    main_path = set()
    for step in root.iter(CON + "testStep"):
        if step.get("type") != "request":
            continue
        op = step.findtext("%sconfig/%soperation" % (CON, CON))
        req = step.find("%sconfig/%srequest" % (CON, CON))
        if req.get("useWsAddressing") != "true" or req.find(CON + "wsaConfig") is None:
            problems.append("step %r does not switch on WS-Addressing" % step.get("name"))
        for a in req.findall(CON + "assertion"):
            if a.get("type") == "XPath Match":
                path = a.findtext("%sconfiguration/path" % CON) or ""
                content = a.findtext("%sconfiguration/content" % CON)
                if path.rstrip().endswith("Response/rod:gelukt") and content == "true":
                    main_path.add(op)
                if path.rstrip().endswith("/rod:status") and "resultaat" in path and content == "GELUKT":
                    main_path.add(op)
    for op in wsdl_operations():
        if op not in main_path:
            problems.append("no SoapUI step asserts the main path (gelukt true / GELUKT) of %s" % op)
    return problems


def check_replayer_refuses_unknown_features():
    """The replayer must fail loudly (exit 2, before sending anything) on a
    feature it does not implement, and accept the project as it is."""
    problems = []
    good = subprocess.run([sys.executable, REPLAY, "--check", SOAPUI], capture_output=True, text=True)
    if good.returncode != 0:
        problems.append("soapui-replay --check refuses the project: %s" % (good.stdout + good.stderr)[-500:])
    text = read(SOAPUI)
    mutations = {
        "an XQuery Match assertion": text.replace('type="XPath Match"', 'type="XQuery Match"', 1),
        "a Groovy script step": text.replace('<con:testStep type="transfer"', '<con:testStep type="groovy"', 1),
        "a Groovy expression": text.replace("${=java.util.UUID.randomUUID()}", "${=new Random().nextInt()}", 1),
        "WS-Addressing switched off": text.replace('useWsAddressing="true"', 'useWsAddressing="false"', 1),
        "a wsa:ReplyTo": text.replace('<con:wsaConfig ', '<con:wsaConfig replyTo="urn:x" ', 1),
        "an XPath prologue it cannot read": text.replace("declare namespace rod=", "declare default element namespace rod=", 1),
    }
    with tempfile.TemporaryDirectory() as tmp:
        for what, body in mutations.items():
            if body == text:
                problems.append("mutation %r did not apply: the project changed shape" % what)
                continue
            path = os.path.join(tmp, "p.xml")
            with open(path, "w", encoding="utf-8") as f:
                f.write(body)
            r = subprocess.run([sys.executable, REPLAY, "--check", path], capture_output=True, text=True)
            if r.returncode != 2 or "UNSUPPORTED" not in r.stdout:
                problems.append("soapui-replay accepted %s (exit %d)" % (what, r.returncode))
    return problems


def check_replayer_assertions_can_fail():
    """The replayer's assertions, fed synthetic responses: each must pass on
    the right answer and fail on a wrong one, and the two fault assertions
    keep SoapUI's inverted names."""
    import importlib.machinery
    import importlib.util
    loader = importlib.machinery.SourceFileLoader("soapui_replay", REPLAY)
    spec = importlib.util.spec_from_loader("soapui_replay", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    rep = mod.Replayer(mod.Project(SOAPUI), None, os.path.join(REPO, "var", "pki"), XSD)
    env = ('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:rod="urn:rodgate:rod:v1">'
           "<s:Body>%s</s:Body></s:Envelope>")
    good = (env % "<rod:OpvragenMeldingResponse><rod:gelukt>false</rod:gelukt><rod:fout><rod:code>ROD-0316</rod:code>"
            "<rod:omschrijving>De melding is niet gevonden.</rod:omschrijving></rod:fout></rod:OpvragenMeldingResponse>")
    invalid = env % "<rod:OpvragenMeldingResponse><rod:fout/></rod:OpvragenMeldingResponse>"
    fault = (env % "<s:Fault><faultcode>s:Client</faultcode><faultstring>ROD-0002: x</faultstring><detail><rod:fout>"
             "<rod:code>ROD-0002</rod:code><rod:omschrijving>x</rod:omschrijving></rod:fout></detail></s:Fault>")

    def assertion(kind, path=None, content=None):
        a = ET.Element(CON + "assertion", {"type": kind})
        if path is not None:
            cfg = ET.SubElement(a, CON + "configuration")
            ET.SubElement(cfg, "path").text = ("declare namespace rod='urn:rodgate:rod:v1';\n"
                                               "declare namespace soap='http://schemas.xmlsoap.org/soap/envelope/';\n" + path)
            ET.SubElement(cfg, "content").text = content
            ET.SubElement(cfg, "allowWildcards").text = "false"
        return mod.etree.fromstring(ET.tostring(a))

    code = "//rod:fout[1]/rod:code"
    cases = [  # (assertion, response, should pass)
        (assertion("SOAP Response"), good, True),
        (assertion("SOAP Response"), "not xml <", False),
        (assertion("SOAP Response"), "<a/>", False),
        (assertion("Schema Compliance"), good, True),
        (assertion("Schema Compliance"), invalid, False),
        (assertion("Schema Compliance"), fault, True),
        (assertion("XPath Match", code, "ROD-0316"), good, True),
        (assertion("XPath Match", code, "ROD-0317"), good, False),
        (assertion("XPath Match", "//rod:meldingnummer", "1"), good, False),
        (assertion("XPath Match", "count(//rod:fout)", "1"), good, True),
        (assertion("SOAP Fault Assertion"), good, True),       # SoapUI's "Not SOAP Fault"
        (assertion("SOAP Fault Assertion"), fault, False),
        (assertion("Not SOAP Fault Assertion"), fault, True),  # SoapUI's "SOAP Fault"
        (assertion("Not SOAP Fault Assertion"), good, False),
    ]
    problems = []
    for a, response, should_pass in cases:
        failure = rep.assertion(a, 200, response.encode())
        if (failure is None) != should_pass:
            problems.append("%s %s on %s: %s" % (a.get("type"), (a.findtext(".//path") or "").split("\n")[-1],
                                                 response[:90], failure or "passed, expected to fail"))
    return problems


def check_no_pointer_outside_repository():
    problems = []
    pattern = re.compile(r"\.\./shared|/work/shared|shared/CONTRACT|CONTRACT\.md")
    for top in ("README.md", "docs", "tests", "tools", "soapui", "conf", "sql", "certs", "src", "Makefile"):
        path = os.path.join(REPO, top)
        files = [path] if os.path.isfile(path) else [os.path.join(r, f) for r, _, fs in os.walk(path) for f in fs]
        for f in files:
            if f == os.path.abspath(__file__) or "/__pycache__/" in f or "/corpus/" in f:
                continue
            try:
                text = read(f)
            except (UnicodeDecodeError, OSError):
                continue
            for n, line in enumerate(text.splitlines(), 1):
                if pattern.search(line):
                    problems.append("%s:%d points outside the repository: %s"
                                    % (os.path.relpath(f, REPO), n, line.strip()[:100]))
    return problems


CHECKS = [
    check_codes_match_status_table,
    check_every_code_named_exists,
    check_every_operation_described,
    check_every_xsd_element_in_spec,
    check_examples_exist,
    check_soapui_covers_every_operation,
    check_replayer_refuses_unknown_features,
    check_replayer_assertions_can_fail,
    check_no_pointer_outside_repository,
]


def main():
    passed = failed = 0
    for check in CHECKS:
        try:
            problems = check()
        except (AssertionError, OSError, ET.ParseError) as e:
            problems = [str(e)]
        if problems:
            failed += 1
            print("FAIL %s" % check.__name__)
            for p in problems:
                print("     %s" % p)
        else:
            passed += 1
            print("ok   %s" % check.__name__)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
