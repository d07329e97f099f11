#!/usr/bin/python3
"""A rodgate client on python3-zeep (Debian package), and the interop scenario
of tests/interop/ (docs/interop.md).

zeep reads the service from its ?wsdl URL alone (the XSD import is a URL on
the same server) and adds wsa:To, wsa:Action and wsa:MessageID by itself,
because the WSDL declares every action with wsam:Action. Mutual TLS is a
requests.Session with the organisation's certificate.

Environment: RODGATE_URL (https://127.0.0.1:8443/rod/v1), RODGATE_PKI
(var/pki: ca.pem, NAME.pem, NAME.key). Prints `ok`/`FAIL` per step and the
closing line `N passed, M failed`; exit 0 only when every step passed.
"""
import datetime
import os
import random
import string
import sys

import requests
import zeep
from zeep import Client, Settings
from zeep.transports import Transport

URL = os.environ.get("RODGATE_URL", "https://127.0.0.1:8443/rod/v1")
PKI = os.environ.get("RODGATE_PKI", "var/pki")
SCHOOL, GEMEENTE = "school-a", "gemeente-groningen"  # the melding's postcode 9711 is Groningen's


def connect(org):
    """A zeep client that presents org's certificate (NAME.pem/NAME.key)."""
    session = requests.Session()
    session.trust_env = False  # REQUESTS_CA_BUNDLE would silently override verify
    session.verify = os.path.join(PKI, "ca.pem")
    session.cert = (os.path.join(PKI, org + ".pem"), os.path.join(PKI, org + ".key"))
    return Client(URL + "?wsdl", transport=Transport(session=session), settings=Settings(strict=True))


CALLED = set()  # operations called, for the coverage step


def call(c, org, operation, **request):
    """Calls operation as org with the request element's children."""
    CALLED.add(operation)
    return getattr(c[org].service, operation)(**request)


def rod_fout(client, fault):
    """The typed detail of a RodFault: rod:fout decoded by the WSDL's schema."""
    element = fault.detail.find("{urn:rodgate:rod:v1}fout") if fault.detail is not None else None
    if element is None:
        raise AssertionError("fault without detail/rod:fout: %s" % fault.message)
    return client.get_element("{urn:rodgate:rod:v1}fout").parse(element, client.wsdl.types)


# ---- test data ------------------------------------------------------------------------------

def new_bsn():
    """Nine random digits that pass the elfproef."""
    while True:
        head = "%08d" % random.randrange(10_000_000, 100_000_000)
        last = sum(int(d) * w for d, w in zip(head, (9, 8, 7, 6, 5, 4, 3, 2))) % 11
        if last != 10 and head[0] != "0":
            return head + str(last)


def day(offset):
    return datetime.date.today() + datetime.timedelta(days=offset)


def melding(s, einddatum=None):
    return {
        "leerling": {"persoonsgebondenNummer": {"bsn": s["bsn"]}},
        "verzuim": {"instellingscode": "31XU", "begindatum": day(-7), "einddatum": einddatum,
                    "soort": "ZESTIEN_UUR_18MIN", "vermoedelijkeReden": "Onbekend", "actieGewenst": True},
        "contactpersoonSchool": {"naam": "M. de Groot", "email": "verzuim@school.example.nl"},
        "lesuren": {"alleLessenGemist": True},
        "actiesSchool": {"ondernomenActie": ["BRIEF_GESTUURD"]},
    }


def check(cond, what):
    if not cond:
        raise AssertionError(what)


# ---- one function per operation: state in, assertions on the answer -------------------------

def aanleveren_inschrijving(c, s):
    r = call(c, SCHOOL, "AanleverenInschrijving", inschrijving=[{
        "instellingscode": "31XU", "inschrijfdatum": day(-700),
        "leerling": {"persoonsgebondenNummer": {"bsn": s["bsn"]}, "geslacht": "VROUW",
                     "geboortedatum": "%d-01-15" % (day(0).year - 12), "achternaam": s["achternaam"],
                     "voornamen": "Anna", "adres": {"binnenland": {"postcode": "9711AA", "huisnummer": 1}}}}])
    check(r.aantalVerwerkt == 1 and r.aantalGelukt == 1, "aantalGelukt %s of %s" % (r.aantalGelukt, r.aantalVerwerkt))
    check(r.resultaat[0].status == "GELUKT", "resultaat %s" % r.resultaat[0].status)
    check(r.resultaat[0].persoonsgebondenNummer.bsn == s["bsn"], "bsn not echoed")


def wijzigen_inschrijving(c, s):
    r = call(c, SCHOOL, "WijzigenInschrijving", instellingscode="31XU", persoonsgebondenNummer={"bsn": s["bsn"]},
             inschrijfdatum=day(-650))
    check(r.gelukt is True, "gelukt %s %s" % (r.gelukt, r.fout))
    check(r.inschrijving.inschrijfdatum == day(-650), "inschrijfdatum %s" % r.inschrijving.inschrijfdatum)


def opvragen_overzicht(c, s):
    r = call(c, SCHOOL, "OpvragenOverzicht", instellingscode=["31XU"], zoekAchternaam=s["achternaam"])
    check(r.gelukt is True and r.totaalAantal == 1, "gelukt %s totaalAantal %s" % (r.gelukt, r.totaalAantal))
    check([b.instellingscode for b in r.instelling] == ["31XU"], "instelling blocks")
    check(r.instelling[0].inschrijving[0].leerling.persoonsgebondenNummer.bsn == s["bsn"], "bsn in the overzicht")


def opvragen_leerling(c, s):
    r = call(c, SCHOOL, "OpvragenLeerling", persoonsgebondenNummer={"bsn": s["bsn"]})
    check(r.gelukt is True and r.verzuimMeldbaar is True, "gelukt %s meldbaar %s" % (r.gelukt, r.verzuimMeldbaar))
    check([i.instellingscode for i in r.inschrijving] == ["31XU"], "inschrijvingen")
    check("ZESTIEN_UUR_18MIN" in r.toegestaneSoort, "toegestaneSoort %s" % r.toegestaneSoort)


def melden_verzuim(c, s):
    r = call(c, SCHOOL, "MeldenVerzuim", melding=melding(s))
    check(r.gelukt is True, "gelukt %s %s" % (r.gelukt, r.fout))
    check(r.meldingnummer > 0 and r.versie == 1 and r.status == "GEREGISTREERD", "nummer/versie/status")
    check(r.uitvoerendeInstantie.gemeentecode == "0014", "gemeente %s" % r.uitvoerendeInstantie.gemeentecode)
    s["nummer"] = r.meldingnummer


def wijzigen_verzuim(c, s):
    r = call(c, SCHOOL, "WijzigenVerzuim", meldingnummer=s["nummer"], versie=1, melding=melding(s, einddatum=day(-1)))
    check(r.gelukt is True and r.versie == 2, "gelukt %s versie %s %s" % (r.gelukt, r.versie, r.fout))


def zoeken_verzuim(c, s):
    r = call(c, SCHOOL, "ZoekenVerzuim", meldingnummer=s["nummer"])
    check(r.gelukt is True and r.totaalAantal == 1, "totaalAantal %s" % r.totaalAantal)
    m = r.melding[0]
    check(m.meldingnummer == s["nummer"] and m.versie == 2 and m.einddatum == day(-1), "summary %s" % m)


def opvragen_melding(c, s):
    r = call(c, GEMEENTE, "OpvragenMelding", meldingnummer=s["nummer"])
    check(r.gelukt is True and r.versie == 2, "gelukt %s versie %s" % (r.gelukt, r.versie))
    check(r.meldendeInstelling == "31XU" and r.uitvoerendeInstantie.gemeentecode == "0014", "instelling/gemeente")
    check(r.melding.leerling.persoonsgebondenNummer.bsn == s["bsn"], "bsn of the melding")


def verwerken_terugkoppeling(c, s):
    r = call(c, GEMEENTE, "VerwerkenTerugkoppeling", meldingnummer=s["nummer"], status="IN_BEHANDELING",
             behandelaar={"naam": "L. Ambtenaar"})
    check(r.gelukt is True and r.versie == 3 and r.status == "IN_BEHANDELING",
          "versie %s status %s" % (r.versie, r.status))


def opvragen_historie(c, s):
    r = call(c, GEMEENTE, "OpvragenHistorie", meldingnummer=s["nummer"])
    acties = [h.actie for h in r.historie]
    check(r.gelukt is True and acties == ["AANGEMAAKT", "GEWIJZIGD", "TERUGKOPPELING"], "acties %s" % acties)


def intrekken_verzuim(c, s):
    r = call(c, SCHOOL, "IntrekkenVerzuim", meldingnummer=s["nummer"], reden="TEN_ONRECHTE_GEMELD")
    check(r.gelukt is True and r.versie == 4 and r.status == "INGETROKKEN",
          "versie %s status %s" % (r.versie, r.status))


def opvragen_berichten(c, s):
    """Version 1.1: the school's newest IntrekkenVerzuim bericht is the one above."""
    r = call(c, SCHOOL, "OpvragenBerichten", operatie=["IntrekkenVerzuim"], paginaGrootte=1)
    check(r.gelukt is True and len(r.bericht) == 1, "gelukt %s %s" % (r.gelukt, r.fout))
    b = r.bericht[0]
    check(b.meldingnummer == s["nummer"] and b.resultaat == "GELUKT", "bericht %s" % b)


def functional_error(c, s):
    """gelukt=false: a melding that does not exist (ROD-0316), in a normal response."""
    r = call(c, GEMEENTE, "OpvragenMelding", meldingnummer=999999999999)
    check(r.gelukt is False, "gelukt %s" % r.gelukt)
    check([f.code for f in r.fout] == ["ROD-0316"] and r.fout[0].omschrijving, "fout %s" % r.fout)


def soap_fault(c, s):
    """A gemeente calling a school operation: SOAP fault ROD-0103, detail/rod:fout decoded."""
    try:
        call(c, GEMEENTE, "OpvragenOverzicht", paginaGrootte=1)
    except zeep.exceptions.Fault as fault:
        fout = rod_fout(c[GEMEENTE], fault)
        check(fault.code.endswith("Client"), "faultcode %s" % fault.code)
        check(fout.code == "ROD-0103" and fout.omschrijving, "fout %s" % fout)
        return
    raise AssertionError("no SOAP fault")


def koppelen_bsn(c, s):
    """Version 1.1 (9.1): a pupil enrolled without a number gets an
    onderwijsnummer; the school then links the BSN the pupil received."""
    r = call(c, SCHOOL, "AanleverenInschrijving", inschrijving=[{
        "instellingscode": "31XU", "inschrijfdatum": day(-30),
        "leerling": {"geslacht": "MAN", "geboortedatum": "%d-03-02" % (day(0).year - 10),
                     "achternaam": s["achternaam"] + "k", "adres": {"binnenland": {"postcode": "9711AA",
                                                                                   "huisnummer": 2}}}}])
    onderwijsnummer = r.resultaat[0].persoonsgebondenNummer.onderwijsnummer
    check(r.aantalGelukt == 1 and onderwijsnummer, "no onderwijsnummer assigned: %s" % r.resultaat[0])
    bsn = new_bsn()
    r = call(c, SCHOOL, "KoppelenBsn", instellingscode="31XU", onderwijsnummer=onderwijsnummer, bsn=bsn)
    check(r.gelukt is True and r.persoonsgebondenNummer.bsn == bsn, "gelukt %s %s" % (r.gelukt, r.fout))


def every_operation_called(c, s):
    """The WSDL has no operation that the steps above left out."""
    offered = {name for pt in c[SCHOOL].wsdl.port_types.values() for name in pt.operations}
    check(offered - CALLED == set(), "operations of the WSDL not called: %s" % sorted(offered - CALLED))


STEPS = [aanleveren_inschrijving, wijzigen_inschrijving, opvragen_overzicht, opvragen_leerling, melden_verzuim,
         wijzigen_verzuim, zoeken_verzuim, opvragen_melding, verwerken_terugkoppeling, opvragen_historie,
         intrekken_verzuim, opvragen_berichten, koppelen_bsn, functional_error, soap_fault, every_operation_called]


def main():
    try:
        clients = {org: connect(org) for org in (SCHOOL, GEMEENTE)}
    except Exception as e:  # no WSDL: every step fails
        print("FAIL zeep loading %s?wsdl: %s: %s" % (URL, type(e).__name__, e))
        print("0 passed, %d failed" % len(STEPS))
        return 1
    state = {"bsn": new_bsn(), "achternaam": "Interop" + "".join(random.choice(string.ascii_lowercase)
                                                                 for _ in range(10))}
    passed = failed = 0
    for step in STEPS:
        try:
            step(clients, state)
            passed += 1
            print("ok   zeep %s" % step.__name__)
        except Exception as e:  # one step's failure is reported, the others still run
            failed += 1
            print("FAIL zeep %s: %s: %s" % (step.__name__, type(e).__name__, e))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
