"""Helpers for the verzuim integration tests (spec 4), on top of rodclient.

Environment as rodclient (RODGATE_URL, RODGATE_PKI), plus RODGATE_DBNAME for the
SQL checks through tools/mariadb.sh (default rodgate).
"""

import datetime
import os
import subprocess
import unittest
from xml.sax.saxutils import escape

from rodclient import (REPO, RodTestCase, binnenland, child_names, findall, fout_codes, fouten, inschrijving, new_bsn,
                       new_name, req, text, today, years_before)

SCHOOL_A, SCHOOL_B = "school-a", "school-b"
AMSTERDAM, GRONINGEN = "gemeente-amsterdam", "gemeente-groningen"
OIN = {
    SCHOOL_A: "00000001003214345000",
    SCHOOL_B: "00000001005432101000",
    GRONINGEN: "00000001001589623000",
    AMSTERDAM: "00000001002564440000",
}
ALL_STATUSES = ("GEREGISTREERD", "IN_BEHANDELING", "AFGESLOTEN", "TER_KENNISGEVING_AANGENOMEN",
                "OVERGEDRAGEN_AAN_DERDEN", "INGETROKKEN")


def day(offset=0):
    """The register's today plus offset days, as YYYY-MM-DD."""
    return (today() + datetime.timedelta(days=offset)).isoformat()


def born(years, days=0):
    """A birth date `years` years (and `days` days) before today."""
    return (years_before(today(), years) - datetime.timedelta(days=days)).isoformat()


def schoolyear_start(d=None):
    d = d or today()
    start = datetime.date(d.year, 8, 1)
    return start if d >= start else datetime.date(d.year - 1, 8, 1)


# ---- SQL -------------------------------------------------------------------------------

def run_sql(query):
    """(exit code, stdout, stderr) of a query on the test database; SkipTest
    when tools/mariadb.sh cannot reach it."""
    script = os.path.join(REPO, "tools", "mariadb.sh")
    if os.environ.get("RODGATE_NO_SQL") or not os.path.exists(script):
        raise unittest.SkipTest("no SQL access to the register")
    try:
        p = subprocess.run([script, "sql", "-N", "-B", "-e", query], cwd=REPO, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as e:
        raise unittest.SkipTest("no SQL access to the register: %s" % e)
    out, err = p.stdout.decode("utf-8"), p.stderr.decode("utf-8")
    if p.returncode != 0 and ("Can't connect" in err or "Unknown database" in err):
        raise unittest.SkipTest("no SQL access to the register: %s" % err.strip())
    return p.returncode, out, err


def sql_rows(query):
    rc, out, err = run_sql(query)
    if rc != 0:
        raise AssertionError("SQL failed: %s\n%s" % (query, err))
    return [line.split("\t") for line in out.splitlines() if line]


# ---- message fragments ---------------------------------------------------------------------

def opt(name, value):
    if value is None:
        return ""
    if isinstance(value, bool):
        value = "true" if value else "false"
    return "<%s>%s</%s>" % (name, escape(str(value)), name)


def pgn(bsn=None, onderwijsnummer=None):
    if onderwijsnummer:
        return ("<persoonsgebondenNummer><onderwijsnummer>%s</onderwijsnummer></persoonsgebondenNummer>"
                % onderwijsnummer)
    return "<persoonsgebondenNummer><bsn>%s</bsn></persoonsgebondenNummer>" % bsn


def melding_xml(bsn=None, onderwijsnummer=None, instellingscode="31XU", begindatum=None, einddatum=None,
                soort="ZESTIEN_UUR_18MIN", verbijzondering=None, reden="Onbekend", toelichting=None,
                actie_gewenst=True, toelichting_actie=None, met_prioriteit=None, aanbiedercode=None,
                locatiecode=None, cs_naam="M. de Groot", cs_functie=None, cs_email="verzuim@school.example.nl",
                cs_telefoon=None, dagen=None, acties=("BRIEF_GESTUURD",), acties_toelichting=None,
                stuur_email=None, email=None, telefoon=None, contactpersonen=(), afwijkend=None):
    """A <melding>. dagen None: alleLessenGemist; else a list of
    (datum, heleDag, [lesuren], toelichting-or-None). contactpersonen: dicts
    with naam, relatie, email, telefoon. afwijkend: ("regulier", dict) or
    ("alternatief", dict)."""
    begindatum = begindatum or day(-7)
    x = "<leerling>" + pgn(bsn, onderwijsnummer) + opt("email", email) + opt("telefoon", telefoon)
    for c in contactpersonen:
        x += "<contactpersoon>%s%s%s%s</contactpersoon>" % (
            opt("naam", c.get("naam")), opt("relatie", c.get("relatie")), opt("email", c.get("email")),
            opt("telefoon", c.get("telefoon")))
    if afwijkend:
        kind, a = afwijkend
        if kind == "regulier":
            inner = (opt("straatnaam", a["straatnaam"]) + opt("huisnummer", a["huisnummer"]) +
                     opt("huisletter", a.get("huisletter")) +
                     opt("huisnummertoevoeging", a.get("huisnummertoevoeging")) + opt("postcode", a["postcode"]))
        else:
            inner = opt("aanduidingLocatie", a["aanduidingLocatie"]) + opt("plaatsnaam", a["plaatsnaam"])
        x += "<afwijkendAdres><%s>%s</%s></afwijkendAdres>" % (kind, inner, kind)
    x += "</leerling>"
    x += ("<verzuim>" + opt("instellingscode", instellingscode) + opt("begindatum", begindatum) +
          opt("einddatum", einddatum) + opt("soort", soort) + opt("verbijzondering", verbijzondering) +
          opt("vermoedelijkeReden", reden) + opt("toelichting", toelichting) + opt("actieGewenst", actie_gewenst) +
          opt("toelichtingActieGewenst", toelichting_actie) + opt("metPrioriteit", met_prioriteit) +
          opt("onderwijsaanbiedercode", aanbiedercode) + opt("onderwijslocatiecode", locatiecode) + "</verzuim>")
    x += ("<contactpersoonSchool>" + opt("naam", cs_naam) + opt("functie", cs_functie) + opt("email", cs_email) +
          opt("telefoon", cs_telefoon) + "</contactpersoonSchool>")
    if dagen is None:
        x += "<lesuren><alleLessenGemist>true</alleLessenGemist></lesuren>"
    else:
        x += "<lesuren>"
        for datum, hele_dag, uren, toel in dagen:
            x += ("<verzuimdag>" + opt("datum", datum) + opt("heleDag", hele_dag) +
                  "".join(opt("lesuur", u) for u in uren) + opt("toelichting", toel) + "</verzuimdag>")
        x += "</lesuren>"
    x += ("<actiesSchool>" + "".join(opt("ondernomenActie", a) for a in acties) +
          opt("toelichting", acties_toelichting) + "</actiesSchool>")
    x += opt("stuurEmailNaarMelder", stuur_email)
    return "<melding>%s</melding>" % x


def melden_body(**kw):
    return req("MeldenVerzuim", melding_xml(**kw))


def wijzigen_body(nummer, versie=None, **kw):
    return req("WijzigenVerzuim", opt("meldingnummer", nummer) + opt("versie", versie) + melding_xml(**kw))


def intrekken_body(nummer, reden="TEN_ONRECHTE_GEMELD", toelichting=None, versie=None):
    return req("IntrekkenVerzuim", opt("meldingnummer", nummer) + opt("reden", reden) +
               opt("toelichting", toelichting) + opt("versie", versie))


def terugkoppeling_body(nummer, status="IN_BEHANDELING", naam="L. Skywalker", functie=None, telefoon=None,
                        email=None, toelichting=None, reden_afgesloten=None):
    b = "<behandelaar>%s%s%s%s</behandelaar>" % (opt("naam", naam), opt("functie", functie),
                                                 opt("telefoon", telefoon), opt("email", email))
    return req("VerwerkenTerugkoppeling", opt("meldingnummer", nummer) + opt("status", status) + b +
               opt("toelichting", toelichting) + opt("redenAfgesloten", reden_afgesloten))


def zoeken_body(nummer=None, bsn=None, instellingscode=None, instantie=None, contactpersoon=None, statussen=(),
                pagina=None, grootte=None):
    x = opt("meldingnummer", nummer)
    if bsn:
        x += pgn(bsn)
    x += opt("instellingscode", instellingscode) + opt("uitvoerendeInstantieNaam", instantie)
    x += opt("naamContactpersoon", contactpersoon) + "".join(opt("status", s) for s in statussen)
    x += opt("pagina", pagina) + opt("paginaGrootte", grootte)
    return req("ZoekenVerzuim", x)


# ---- the test case ------------------------------------------------------------------------------

class VerzuimTestCase(RodTestCase):
    org = SCHOOL_A

    # pupils

    def enrol(self, instellingscode="31XU", inschrijfdatum=None, uitschrijfdatum=None, geboortedatum=None,
              postcode="1012AB", adres=None, org=None, bsn=None, achternaam=None, voornamen="Anna"):
        """Submits an inschrijving (a fresh BSN unless given) and returns the BSN."""
        bsn = bsn or new_bsn()
        item = inschrijving(instellingscode=instellingscode, inschrijfdatum=inschrijfdatum or day(-700),
                            uitschrijfdatum=uitschrijfdatum, bsn=bsn, geboortedatum=geboortedatum or born(12),
                            achternaam=achternaam or new_name(), voornamen=voornamen,
                            adres=adres if adres is not None else binnenland(postcode))
        self.assertAccepted(item, org=org or (SCHOOL_B if instellingscode == "24GP" else SCHOOL_A))
        return bsn

    # operations

    def melden(self, org=None, **kw):
        return self.ok("MeldenVerzuim", melden_body(**kw), org=org)

    def melden_ok(self, org=None, **kw):
        """Reports and returns the meldingnummer; fails unless gelukt."""
        resp = self.melden(org=org, **kw)
        self.assertGelukt(resp)
        return int(text(resp, "meldingnummer"))

    def wijzigen(self, nummer, versie=None, org=None, **kw):
        return self.ok("WijzigenVerzuim", wijzigen_body(nummer, versie, **kw), org=org)

    def intrekken(self, nummer, org=None, **kw):
        return self.ok("IntrekkenVerzuim", intrekken_body(nummer, **kw), org=org)

    def terugkoppeling(self, nummer, org=AMSTERDAM, **kw):
        return self.ok("VerwerkenTerugkoppeling", terugkoppeling_body(nummer, **kw), org=org)

    def zoeken(self, org=None, **kw):
        return self.ok("ZoekenVerzuim", zoeken_body(**kw), org=org)

    def opvragen(self, nummer, org=None):
        return self.ok("OpvragenMelding", req("OpvragenMelding", opt("meldingnummer", nummer)), org=org)

    def historie(self, nummer, versie=None, org=None):
        body = req("OpvragenHistorie", opt("meldingnummer", nummer) + opt("versie", versie))
        return self.ok("OpvragenHistorie", body, org=org)

    def leerling(self, bsn, org=None):
        return self.ok("OpvragenLeerling", req("OpvragenLeerling", pgn(bsn)), org=org)

    # assertions

    def assertGelukt(self, resp):
        self.assertEqual(text(resp, "gelukt"), "true", fouten(resp))
        self.assertEqual(fout_codes(resp), [])

    def assertFouten(self, resp, codes, exact=True):
        """gelukt=false with these codes (a list; order does not matter,
        multiplicity does when exact) and nothing else in the response."""
        self.assertEqual(text(resp, "gelukt"), "false")
        got = fout_codes(resp)
        if exact:
            self.assertEqual(sorted(got), sorted(codes), fouten(resp))
        else:
            for c in codes:
                self.assertIn(c, got, fouten(resp))
        names = child_names(resp)
        self.assertEqual(set(names), {"gelukt", "fout"}, "only gelukt and fout when gelukt is false: %s" % names)
        for f in findall(resp, "fout"):
            self.assertTrue((text(f, "omschrijving") or "").strip())
        return resp

    def assertFout(self, resp, code, veld=None):
        """gelukt=false and a fout with this code (and veld, when given)."""
        self.assertEqual(text(resp, "gelukt"), "false", fouten(resp))
        pairs = fouten(resp)
        if veld is None:
            self.assertIn(code, [c for c, _ in pairs], pairs)
        else:
            self.assertIn((code, veld), pairs)
        return resp

    def assertNotFound(self, resp):
        """ROD-0316 exactly as for a melding that does not exist."""
        self.assertFouten(resp, ["ROD-0316"])
        self.assertEqual(fouten(resp), [("ROD-0316", "meldingnummer")])
        return resp


def summary(melding):
    """(meldingnummer, status) of a MeldingSamenvatting."""
    return int(text(melding, "meldingnummer")), text(melding, "status")


def numbers(resp):
    return [int(text(m, "meldingnummer")) for m in findall(resp, "melding")]

