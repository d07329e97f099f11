#!/usr/bin/python3
"""The rodctl suite (tools/test.sh, suite `rodctl`): build/rodctl against the
running test gateway, with real files, real mTLS and the real register.

  - a CSV file of 25,000 rows with invalid rows among them: three requests,
    local problems reported as ROW:COLUMN: CODE, the register's own
    rejections in the result file, one result line per row;
  - the same kind of file stopped after the first request
    (RODCTL_STOP_AFTER_PART=1, and Ctrl-C) and run again: the first part is answered
    from the register's stored response (same MessageID, one stored
    message per part), each pupil stored once, the result file complete;
  - an XLSX file made by openpyxl (dates as Excel dates, a BSN as a number);
  - the overview exported as CSV and as XLSX and compared with the rows
    submitted;
  - the verzuim commands, a wrong certificate, an unreachable server, a
    fault, --help and the exit codes.

Environment (set by tools/test.sh): RODGATE_URL, RODGATE_PKI, RODGATE_LOG,
RODGATE_DBNAME. Ends with `N passed, M failed`."""

import csv
import datetime
import os
import re
import signal
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(REPO, "tests", "integration"))
import rodclient as rc  # noqa: E402  (new_bsn, invalid_bsn, sql, elfproef)

RODCTL = os.environ.get("RODCTL_BIN", os.path.join(REPO, "build", "rodctl"))
URL = os.environ.get("RODGATE_URL", "https://127.0.0.1:8443/rod/v1")
PKI = os.environ.get("RODGATE_PKI", os.path.join(REPO, "var", "pki"))
LOG = os.environ.get("RODGATE_LOG", "")
TMP = tempfile.mkdtemp(prefix="rodctl-test-")

HEADER = ["referentie", "instellingscode", "inschrijfdatum", "uitschrijfdatum", "bsn", "onderwijsnummer",
          "geslacht", "geboortedatum", "achternaam", "voorvoegsels", "voornamen", "postcode", "huisnummer",
          "huisletter", "huisnummertoevoeging", "huisnummeraanduiding", "aanduidingLocatie", "straatnaam",
          "plaatsnaam", "landcode", "adresregel1", "adresregel2", "adresregel3"]
COL = {name: i + 1 for i, name in enumerate(HEADER)}  # 1-based, as rodctl reports


def config(org="school-a", **over):
    path = os.path.join(TMP, "%s.conf" % org)
    settings = {"endpoint": URL, "cert": os.path.join(PKI, org + ".pem"), "key": os.path.join(PKI, org + ".key"),
                "ca": os.path.join(PKI, "ca.pem"), "timeout": "120"}
    settings.update(over)
    with open(path, "w") as f:
        f.write("# written by tests/rodctl/run.py\n")
        for k, v in settings.items():
            f.write("%s = %s\n" % (k, v))
    return path


def rodctl(*args, org="school-a", env=None, conf=None, timeout=600):
    e = dict(os.environ)
    e.pop("RODCTL_STOP_AFTER_PART", None)
    e.update(env or {})
    p = subprocess.run([RODCTL, "--config", conf or config(org)] + list(args), capture_output=True, env=e,
                       timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def token():
    return "".join(rc._rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(8)).capitalize()


def make_rows(tok, n):
    """n rows of pupils whose achternaam starts with tok; every 500th row
    breaks a local rule, every 700th (that is not one of those) a rule only
    the register can check. Returns (rows, expected) where expected[i] is
    (code, column) or None for a row that should be stored."""
    rows, expected = [], []
    today = datetime.date.today()
    local_bad = [("ROD-0204", "bsn"), ("ROD-0206", "geboortedatum"), ("ROD-0002", "geslacht"),
                 ("ROD-0207", "geboortedatum"), ("ROD-0208", "achternaam"), ("ROD-0210", "postcode")]
    for i in range(n):
        with_bsn = i % 2 == 0
        row = {h: "" for h in HEADER}
        row.update(referentie="%s-%05d" % (tok, i), instellingscode="31XU" if i % 3 else "31XV",
                   inschrijfdatum="2025-08-25", geslacht=("MAN", "VROUW", "ONBEKEND")[i % 3],
                   geboortedatum="%04d-%02d-%02d" % (2008 + i % 10, 1 + i % 12, 1 + i % 28),
                   achternaam="%s%05d" % (tok, i), voornamen="Kind %d" % i)
        if i % 7 == 0:
            row["voorvoegsels"] = "van der"
        if with_bsn:
            row["bsn"] = rc.new_bsn()
        else:
            row.update(postcode="1071AB", huisnummer=str(1 + i % 999), straatnaam="Museumplein",
                       plaatsnaam="Amsterdam")
        exp = None
        if i % 500 == 250:
            code, col = local_bad[(i // 500) % len(local_bad)]
            exp = (code, col)
            if code == "ROD-0204":
                row["bsn"] = rc.invalid_bsn()
                row.update(postcode="", huisnummer="", straatnaam="", plaatsnaam="")
            elif code == "ROD-0206":
                row["geboortedatum"] = "2013-02-30"
            elif code == "ROD-0002":
                row["geslacht"] = "X"
            elif code == "ROD-0207":
                row["geboortedatum"] = "%04d" % today.year
            elif code == "ROD-0208":
                row.update(bsn="", achternaam="", postcode="1071AB", huisnummer="3")
            elif code == "ROD-0210":
                row.update(bsn="", postcode="1234SA", huisnummer="3")
        elif i % 700 == 350:
            if (i // 700) % 2:
                row["instellingscode"] = "24GP"  # school-b's: ROD-0102
                exp = ("ROD-0102", None)
            else:
                row["inschrijfdatum"] = "1970-01-01"  # before 31XU/31XV were founded: ROD-0202
                exp = ("ROD-0202", None)
        rows.append(row)
        expected.append(exp)
    return rows, expected


def write_csv(path, rows, delimiter=";"):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=delimiter)
        w.writerow(HEADER)
        for r in rows:
            w.writerow([r[h] for h in HEADER])


def read_result(path):
    with open(path, newline="", encoding="utf-8") as f:
        lines = list(csv.reader(f, delimiter=";"))
    assert lines[0] == ["rij", "status", "persoonsgebondenNummer", "referentie", "fouten"], lines[0]
    return lines[1:]


def read_overview_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        lines = list(csv.reader(f, delimiter=";"))
    return lines[0], lines[1:]


def log_offset():
    return os.path.getsize(LOG) if LOG and os.path.exists(LOG) else 0


def aanleveren_ids(offset):
    """The MessageIDs of the AanleverenInschrijving requests in the gateway's
    log after offset, in order."""
    if not LOG or not os.path.exists(LOG):
        raise unittest.SkipTest("no gateway log (RODGATE_LOG)")
    with open(LOG, "rb") as f:
        f.seek(offset)
        text = f.read().decode("utf-8", "replace")
    return re.findall(r"op=AanleverenInschrijving msgid=(\S+) result=\S+ http=200", text)


def stored_pupil(row):
    """The overview's key fields of a submitted row."""
    return (row["instellingscode"], row["geslacht"], row["geboortedatum"], row["achternaam"], row["voorvoegsels"],
            row["voornamen"], row["inschrijfdatum"])


class Aanleveren(unittest.TestCase):
    """The 25,000-row file, its overview, and the interrupted run."""

    def check_complete(self, result, rows, expected):
        self.assertEqual(len(result), len(rows), "one result line per input row")
        for i, (line, row, exp) in enumerate(zip(result, rows, expected)):
            rij, status, pgn, ref, fouten = line
            self.assertEqual((rij, ref), (str(i + 2), row["referentie"]))
            if exp is None:
                self.assertEqual(status, "GELUKT", line)
                if row["bsn"]:
                    self.assertEqual(pgn, row["bsn"])
                else:
                    self.assertTrue(rc.onderwijsnummer_valid(pgn), line)
            else:
                self.assertEqual(status, "AFGEKEURD", line)
                self.assertEqual(pgn, "")
                self.assertIn(exp[0], fouten, line)

    def test_25000_rows_three_requests_and_overview(self):
        tok = token()
        rows, expected = make_rows(tok, 25000)
        path = os.path.join(TMP, "groot.csv")
        write_csv(path, rows)
        offset = log_offset()
        code, out, err = rodctl("aanleveren", path)
        self.assertEqual(code, 1, "rows were rejected: exit 1\n" + out + err[-2000:])
        ids = aanleveren_ids(offset)
        self.assertEqual(len(ids), 3, "25,000 rows minus the invalid ones go in three requests")
        self.assertEqual(len(set(ids)), 3)
        self.assertIn("3 verzoeken beantwoord", out)
        # every local problem as ROW:COLUMN: CODE, with the template column
        for i, exp in enumerate(expected):
            if exp and exp[1]:
                self.assertRegex(err, r"(?m)^%d:%d: %s " % (i + 2, COL[exp[1]], exp[0]))
        result = read_result(os.path.join(TMP, "groot.resultaat.csv"))
        self.check_complete(result, rows, expected)

        # the overview, all pages, against what was stored
        ocsv, oxlsx = os.path.join(TMP, "overzicht.csv"), os.path.join(TMP, "overzicht.xlsx")
        code, out, err = rodctl("overzicht", "--zoek", tok, "--csv", ocsv)
        self.assertEqual(code, 0, out + err)
        head, lines = read_overview_csv(ocsv)
        want = sorted(stored_pupil(r) for r, e in zip(rows, expected) if e is None)
        got = sorted(tuple(ln[head.index(k)] for k in ("instellingscode", "geslacht", "geboortedatum", "achternaam",
                                                          "voorvoegsels", "voornamen", "inschrijfdatum"))
                     for ln in lines)
        self.assertEqual(len(got), len(want))
        self.assertEqual(got, want)
        pgns = {ln[head.index("bsn")] or ln[head.index("onderwijsnummer")] for ln in lines}
        self.assertEqual(pgns, {line[2] for line in result if line[1] == "GELUKT"})
        code, out, err = rodctl("overzicht", "--zoek", tok, "--xlsx", oxlsx)
        self.assertEqual(code, 0, out + err)
        import openpyxl
        ws = openpyxl.load_workbook(oxlsx, read_only=True).active
        xl = [[c if c is not None else "" for c in r] for r in ws.iter_rows(values_only=True)]
        self.assertEqual(xl[0], head)
        self.assertEqual(xl[1:], lines, "the XLSX export holds the same rows as the CSV export")
        # --instelling narrows the overview
        code, out, err = rodctl("overzicht", "--zoek", tok, "--instelling", "31XV", "--csv", ocsv)
        self.assertEqual(code, 0, out + err)
        _, lines = read_overview_csv(ocsv)
        self.assertEqual(len(lines), sum(1 for r, e in zip(rows, expected) if e is None and r["instellingscode"] == "31XV"))

    def test_interrupted_after_first_request_then_run_again(self):
        tok = token()
        rows, expected = make_rows(tok, 25000)
        path = os.path.join(TMP, "onderbroken.csv")
        write_csv(path, rows, delimiter=",")  # also: a comma-separated file
        offset = log_offset()
        code, out, err = rodctl("aanleveren", path, env={"RODCTL_STOP_AFTER_PART": "1"})
        self.assertEqual(code, 7, "stopped before the end: exit 7\n" + out + err[-2000:])
        first = aanleveren_ids(offset)
        self.assertEqual(len(first), 1)
        part1 = read_result(os.path.join(TMP, "onderbroken.resultaat.csv"))
        self.assertEqual(len(part1), len(rows))
        statuses = [line[1] for line in part1]
        self.assertEqual(statuses.count("NIET_VERZONDEN"), sum(1 for e in expected if e is None or e[1] is None)
                         - 10000)
        assigned = {line[0]: line[2] for line in part1 if line[1] == "GELUKT"}

        offset = log_offset()
        code, out, err = rodctl("aanleveren", path)
        self.assertEqual(code, 1, out + err[-2000:])
        again = aanleveren_ids(offset)
        self.assertEqual(len(again), 3)
        self.assertEqual(again[0], first[0], "part 1 again with the same MessageID")
        ids = ",".join("'%s'" % m for m in set(again))
        stored = rc.sql("SELECT COUNT(*) FROM verwerkt_bericht WHERE message_id IN (%s)" % ids)
        self.assertEqual(stored[0][0], "3", "one stored message per part: part 1 was not processed twice")
        result = read_result(os.path.join(TMP, "onderbroken.resultaat.csv"))
        self.check_complete(result, rows, expected)
        for rij, pgn in assigned.items():
            self.assertEqual(result[int(rij) - 2][2], pgn, "the stored answer of part 1")
        # each pupil once in the register
        ocsv = os.path.join(TMP, "onderbroken-overzicht.csv")
        code, out, err = rodctl("overzicht", "--zoek", tok, "--csv", ocsv)
        self.assertEqual(code, 0, out + err)
        head, lines = read_overview_csv(ocsv)
        self.assertEqual(len(lines), sum(1 for e in expected if e is None))
        pgns = [ln[head.index("bsn")] or ln[head.index("onderwijsnummer")] for ln in lines]
        self.assertEqual(len(pgns), len(set(pgns)), "no pupil twice")


    def test_ctrl_c_during_the_run_then_run_again(self):
        """SIGINT once part 1 is answered: exit 7, a result file with part 1,
        and a second run that completes it without a part processed twice."""
        tok = token()
        rows, expected = make_rows(tok, 21000)
        path = os.path.join(TMP, "ctrl-c.csv")
        write_csv(path, rows)
        offset = log_offset()
        p = subprocess.Popen([RODCTL, "--config", config(), "aanleveren", path], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
        for line in p.stderr:
            if line.startswith(b"deel 1/3: beantwoord"):
                p.send_signal(signal.SIGINT)
                break
        err = p.stderr.read().decode("utf-8")
        p.stdout.read()
        self.assertEqual(p.wait(timeout=120), 7, err)
        self.assertIn("interrupted", err)
        first = read_result(os.path.join(TMP, "ctrl-c.resultaat.csv"))
        self.assertEqual(len(first), len(rows))
        self.assertIn("NIET_VERZONDEN", {line[1] for line in first}, "stopped before the last part")
        self.assertEqual(sum(1 for line in first if line[1] == "GELUKT") >= 9900, True)
        code, out, err = rodctl("aanleveren", path)
        self.assertEqual(code, 1, out + err[-2000:])
        ids = aanleveren_ids(offset)
        stored = rc.sql("SELECT COUNT(*) FROM verwerkt_bericht WHERE message_id IN (%s)" %
                        ",".join("'%s'" % m for m in set(ids)))
        self.assertEqual(len(set(ids)), 3)
        self.assertEqual(stored[0][0], "3")
        self.check_complete(read_result(os.path.join(TMP, "ctrl-c.resultaat.csv")), rows, expected)


    def test_message_id_taken_by_another_body(self):
        """The MessageID is the documented hash of the file and the part: a
        request that took it first with another body makes the part ROD-0005,
        reported with what to do."""
        import hashlib
        import uuid
        rows, _ = make_rows(token(), 3)
        path = os.path.join(TMP, "bezet.csv")
        write_csv(path, rows)
        with open(path, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        b = bytearray(hashlib.sha256(("rodctl:AanleverenInschrijving:1:" + digest).encode()).digest()[:16])
        b[6] = (b[6] & 0x0F) | 0x50
        b[8] = (b[8] & 0x3F) | 0x80
        mid = "urn:uuid:" + str(uuid.UUID(bytes=bytes(b)))
        other = rc.req("AanleverenInschrijving", "<inschrijving><instellingscode>31XU</instellingscode>"
                       "<inschrijfdatum>2025-08-25</inschrijfdatum><leerling><persoonsgebondenNummer><bsn>%s</bsn>"
                       "</persoonsgebondenNummer><geslacht>MAN</geslacht><geboortedatum>2012</geboortedatum>"
                       "</leerling></inschrijving>" % rc.new_bsn())
        status, _, _ = rc.client("school-a").call("AanleverenInschrijving", other, message_id=mid)
        self.assertEqual(status, 200)
        code, out, err = rodctl("aanleveren", path)
        self.assertEqual(code, 5, err)
        self.assertIn("ROD-0005", err)
        self.assertIn("send a corrected copy of the file", err)
        self.assertEqual([line[1] for line in read_result(os.path.join(TMP, "bezet.resultaat.csv"))],
                         ["NIET_VERZONDEN"] * 3)


class Xlsx(unittest.TestCase):
    def test_xlsx_file(self):
        import openpyxl
        tok = token()
        rows, expected = make_rows(tok, 40)
        rows[3]["geboortedatum"] = "2015-13-01"  # ROD-0206
        expected[3] = ("ROD-0206", "geboortedatum")
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(HEADER)
        for i, r in enumerate(rows):
            cells = [r[h] or None for h in HEADER]
            if i % 2 == 1:  # a date typed into Excel: a date cell, stored as a day number
                d = datetime.date.fromisoformat(r["inschrijfdatum"])
                cells[HEADER.index("inschrijfdatum")] = d
            if r["bsn"]:  # a BSN typed as a number
                cells[HEADER.index("bsn")] = int(r["bsn"])
            if i % 5 == 0 and r["huisnummer"]:
                cells[HEADER.index("huisnummer")] = int(r["huisnummer"])
            ws.append(cells)
        path = os.path.join(TMP, "leerlingen.xlsx")
        wb.save(path)
        code, out, err = rodctl("aanleveren", "--resultaat", os.path.join(TMP, "leerlingen-uit.xlsx"), path)
        self.assertEqual(code, 1, out + err)
        self.assertRegex(err, r"(?m)^5:%d: ROD-0206 " % COL["geboortedatum"])
        res = openpyxl.load_workbook(os.path.join(TMP, "leerlingen-uit.xlsx")).active
        lines = [[c if c is not None else "" for c in r] for r in res.iter_rows(values_only=True)][1:]
        self.assertEqual(len(lines), 40)
        for line, exp in zip(lines, expected):
            self.assertEqual(line[1], "GELUKT" if exp is None else "AFGEKEURD", line)
        ocsv = os.path.join(TMP, "xlsx-overzicht.csv")
        code, out, err = rodctl("overzicht", "--zoek", tok, "--csv", ocsv)
        self.assertEqual(code, 0, out + err)
        head, got = read_overview_csv(ocsv)
        want = sorted(stored_pupil(r) for r, e in zip(rows, expected) if e is None)
        self.assertEqual(sorted(tuple(ln[head.index(k)] for k in ("instellingscode", "geslacht", "geboortedatum",
                                                                   "achternaam", "voorvoegsels", "voornamen",
                                                                   "inschrijfdatum")) for ln in got), want)


MELDING = """<?xml version="1.0" encoding="UTF-8"?>
<rod:MeldenVerzuimRequest xmlns:rod="urn:rodgate:rod:v1">
  <rod:melding>
    <rod:leerling><rod:persoonsgebondenNummer><rod:bsn>{bsn}</rod:bsn></rod:persoonsgebondenNummer></rod:leerling>
    <rod:verzuim>
      <rod:instellingscode>31XU</rod:instellingscode>
      <rod:begindatum>{begin}</rod:begindatum>
      <rod:soort>OVERIG</rod:soort>
      <rod:vermoedelijkeReden>Onbekend</rod:vermoedelijkeReden>
      <rod:actieGewenst>true</rod:actieGewenst>
    </rod:verzuim>
    <rod:contactpersoonSchool><rod:naam>J. de Mentor</rod:naam><rod:email>mentor@school.example</rod:email></rod:contactpersoonSchool>
    <rod:lesuren><rod:alleLessenGemist>true</rod:alleLessenGemist></rod:lesuren>
    <rod:actiesSchool><rod:ondernomenActie>BRIEF_GESTUURD</rod:ondernomenActie></rod:actiesSchool>
  </rod:melding>
</rod:MeldenVerzuimRequest>
"""


class Verzuim(unittest.TestCase):
    def test_melding_commands(self):
        bsn = rc.new_bsn()
        path = os.path.join(TMP, "een.csv")
        row = {h: "" for h in HEADER}
        row.update(instellingscode="31XU", inschrijfdatum="2024-08-20", bsn=bsn, geslacht="VROUW",
                   geboortedatum="2012-05-05", achternaam=token(), postcode="1071AB", huisnummer="7")
        write_csv(path, [row])
        code, out, err = rodctl("aanleveren", "--quiet", path)
        self.assertEqual(code, 0, out + err)
        code, out, err = rodctl("leerling", bsn)
        self.assertEqual(code, 0, err)
        self.assertIn("<rod:verzuimMeldbaar>true</rod:verzuimMeldbaar>", out)

        begin = (datetime.date.today() - datetime.timedelta(days=10)).isoformat()
        mfile = os.path.join(TMP, "melding.xml")
        with open(mfile, "w") as f:
            f.write(MELDING.format(bsn=bsn, begin=begin))
        code, out, err = rodctl("melding", "melden", mfile)
        self.assertEqual(code, 0, err)
        nr = re.search(r"<rod:meldingnummer>(\d+)</rod:meldingnummer>", out).group(1)
        # the same file again: the stored answer (same MessageID), not a second melding
        code, again, err = rodctl("melding", "melden", mfile)
        self.assertEqual((code, again), (0, out), err)
        # --nieuw: a fresh MessageID, so the register judges it anew: it overlaps the first
        code, _, err = rodctl("melding", "melden", "--nieuw", mfile)
        self.assertEqual(code, 1)
        self.assertIn("ROD-0306", err)
        code, out, err = rodctl("melding", "opvragen", nr)
        self.assertEqual(code, 0, err)
        self.assertIn("<rod:status>GEREGISTREERD</rod:status>", out)
        code, out, err = rodctl("melding", "zoeken", "--pgn", bsn)
        self.assertEqual(code, 0, err)
        self.assertEqual(out.count("<rod:meldingnummer>%s</rod:meldingnummer>" % nr), 1)
        code, out, err = rodctl("melding", "wijzigen", nr, mfile, "--versie", "1")
        self.assertEqual(code, 0, err)
        self.assertIn("<rod:versie>2</rod:versie>", out)
        code, out, err = rodctl("melding", "historie", nr)
        self.assertEqual(code, 0, err)
        self.assertEqual(out.count("<rod:historie>"), 2)
        code, out, err = rodctl("melding", "intrekken", nr, "--reden", "ANDERS")
        self.assertEqual(code, 1, "ANDERS without toelichting: ROD-0323")
        self.assertIn("ROD-0323", err)
        code, out, err = rodctl("melding", "intrekken", nr, "--reden", "TEN_ONRECHTE_GEMELD")
        self.assertEqual(code, 0, err)
        self.assertIn("<rod:status>INGETROKKEN</rod:status>", out)
        code, out, err = rodctl("melding", "opvragen", "999999999999")
        self.assertEqual(code, 1)
        self.assertIn("ROD-0316", err)


class Examples(unittest.TestCase):
    def test_example_files(self):
        """examples/rodctl/: the template file (one row invalid on purpose) and the melding."""
        res = os.path.join(TMP, "voorbeeld.resultaat.csv")
        code, out, err = rodctl("aanleveren", "--resultaat", res, os.path.join(REPO, "examples/rodctl/inschrijvingen.csv"))
        self.assertEqual(code, 1, out + err)
        self.assertRegex(err, r"(?m)^5:5: ROD-0204 ")
        self.assertEqual([line[1] for line in read_result(res)], ["GELUKT", "GELUKT", "GELUKT", "AFGEKEURD"])
        xml = subprocess.run(["xmllint", "--noout", "--schema", os.path.join(REPO, "xsd/rod-v1.xsd"),
                              os.path.join(REPO, "examples/rodctl/melding.xml")], capture_output=True)
        self.assertEqual(xml.returncode, 0, xml.stderr)


class Errors(unittest.TestCase):
    def setUp(self):
        self.csv = os.path.join(TMP, "fout.csv")
        write_csv(self.csv, make_rows(token(), 2)[0])

    def test_refused_certificates(self):
        for name, alert in (("expired", "expired"), ("revoked", "revoked"), ("untrusted", "unknown ca")):
            conf = config(cert=os.path.join(PKI, name + ".pem"), key=os.path.join(PKI, name + ".key"))
            code, out, err = rodctl("overzicht", "--csv", os.path.join(TMP, "x.csv"), conf=conf)
            self.assertEqual(code, 3, err)
            self.assertIn("refused our certificate", err)
            self.assertIn(alert, err)

    def test_untrusted_server(self):
        conf = config(ca=os.path.join(PKI, "untrusted.pem"))
        code, out, err = rodctl("aanleveren", self.csv, conf=conf)
        self.assertEqual(code, 3, err)
        self.assertIn("certificate verify failed", err)

    def test_unreachable(self):
        conf = config(endpoint="https://127.0.0.1:1/rod/v1")
        code, out, err = rodctl("aanleveren", self.csv, conf=conf)
        self.assertEqual(code, 4, err)
        self.assertIn("cannot reach", err)
        result = read_result(os.path.join(TMP, "fout.resultaat.csv"))
        self.assertEqual([line[1] for line in result], ["NIET_VERZONDEN"] * 2)

    def test_fault_unknown_organisation(self):
        code, out, err = rodctl("overzicht", "--csv", os.path.join(TMP, "x.csv"), org="unknown-org")
        self.assertEqual(code, 5, err)
        self.assertIn("ROD-0101", err)

    def test_pkcs12(self):
        p12 = os.path.join(TMP, "school-a.p12")
        subprocess.run(["openssl", "pkcs12", "-export", "-in", os.path.join(PKI, "school-a.pem"), "-inkey",
                        os.path.join(PKI, "school-a.key"), "-passout", "pass:geheim", "-out", p12], check=True)
        conf = config(cert="", key="", pkcs12=p12, password="geheim")
        with open(conf) as f:
            text = "".join(line for line in f if not line.startswith(("cert =", "key =")))
        with open(conf, "w") as f:
            f.write(text)
        code, out, err = rodctl("overzicht", "--zoek", "zz", "--csv", os.path.join(TMP, "x.csv"), conf=conf)
        self.assertEqual(code, 0, err)
        with open(conf, "a") as f:
            f.write("password = fout\n")
        code, out, err = rodctl("overzicht", "--csv", os.path.join(TMP, "x.csv"), conf=conf)
        self.assertEqual(code, 3, err)
        self.assertIn("wrong password", err)

    def test_usage_and_help(self):
        for args in (["--help"], ["aanleveren", "--help"], ["overzicht", "--help"], ["melding", "--help"],
                     ["melding", "zoeken", "--help"], ["leerling", "--help"]):
            code, out, err = rodctl(*args)
            self.assertEqual(code, 0, args)
            self.assertIn("usage: rodctl", out)
        for args in (["bestaatniet"], ["aanleveren"], ["overzicht", "--csv"], ["melding", "verwijderen"],
                     ["aanleveren", os.path.join(TMP, "geen.csv")]):
            code, out, err = rodctl(*args)
            self.assertEqual(code, 2, args)
        bad = os.path.join(TMP, "bad.conf")
        with open(bad, "w") as f:
            f.write("endpoint = https://x/rod/v1\ntimeout = nul\n")
        code, out, err = rodctl("overzicht", "--csv", "x.csv", conf=bad)
        self.assertEqual(code, 2)
        self.assertIn("bad.conf:2: timeout", err)
        hdr = os.path.join(TMP, "kop.csv")
        with open(hdr, "w") as f:
            f.write("instellingscode;geboortedatum;kleur\n31XU;2014;rood\n")
        code, out, err = rodctl("aanleveren", hdr)
        self.assertEqual(code, 2)
        self.assertIn("unknown column 'kleur'", err)


def main():
    if not os.access(RODCTL, os.X_OK):
        print("FAIL %s is missing: make build/rodctl" % RODCTL)
        print("0 passed, 1 failed")
        return 1
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__])
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    failed = len(result.failures) + len(result.errors)
    skipped = len(result.skipped)
    print("%d passed, %d failed%s" % (result.testsRun - failed - skipped, failed,
                                      ", %d skipped" % skipped if skipped else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
