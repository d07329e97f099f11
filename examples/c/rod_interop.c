/* A rodgate client in C on gSOAP (Debian gsoap, libgsoap-dev), and the
 * interop scenario of tests/interop/ (docs/interop.md).
 *
 * The client stubs come from the same WSDL as the gateway's:
 *   wsdl2h -c -t wsdl/typemap.dat -I xsd -o rod.h wsdl/rod-v1.wsdl
 *   soapcpp2 -c -C -L -x -w -I/usr/share/gsoap/import rod.h
 * (the build does this into build/gen-client/). WS-Addressing: gSOAP's
 * wsa5 header fields, set per call (wsa:To, wsa:Action, wsa:MessageID) and
 * wsa:RelatesTo checked in each answer. Mutual TLS: the organisation's PEM
 * certificate and key on gSOAP's OpenSSL context, the register's CA only.
 *
 * Environment: RODGATE_URL (https://127.0.0.1:8443/rod/v1), RODGATE_PKI
 * (var/pki: ca.pem, NAME.pem, NAME.key). Prints `ok`/`FAIL` per step and
 * the closing line `N passed, M failed`; exit 0 only when every step passed.
 * Build: see tests/interop/run.sh (client c). */
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "RodBinding.nsmap"
#include "soapH.h"

static const char *url, *pki;
static struct soap *school, *gemeente; /* school-a, gemeente-groningen (postcode 9711) */
static char called[32][40];
static int ncalled;
static char message_id[46], failure[512];

/* A gSOAP context presenting org's certificate; NULL when TLS cannot be set up. */
static struct soap *connect_as(const char *org)
{
    char ca[512], cert[512], key[512];
    snprintf(ca, sizeof ca, "%s/ca.pem", pki);
    snprintf(cert, sizeof cert, "%s/%s.pem", pki, org);
    snprintf(key, sizeof key, "%s/%s.key", pki, org);
    struct soap *s = soap_new1(SOAP_C_UTFSTRING | SOAP_IO_KEEPALIVE | SOAP_XML_STRICT);
    s->connect_timeout = s->recv_timeout = s->send_timeout = 60;
    if (soap_ssl_client_context(s,
                                SOAP_SSL_REQUIRE_SERVER_AUTHENTICATION | SOAP_SSL_NO_DEFAULT_CA_PATH |
                                    SOAP_TLSv1_2 | SOAP_TLSv1_3,
                                NULL, NULL, ca, NULL, NULL) != SOAP_OK ||
        !s->ctx || SSL_CTX_use_certificate_chain_file(s->ctx, cert) != 1 ||
        SSL_CTX_use_PrivateKey_file(s->ctx, key, SSL_FILETYPE_PEM) != 1) {
        soap_print_fault(s, stderr);
        return NULL;
    }
    return s;
}

/* The WS-Addressing headers of the next call of op; returns the action. */
static const char *address(struct soap *s, const char *op)
{
    unsigned char r[16];
    RAND_bytes(r, sizeof r);
    r[6] = (unsigned char)((r[6] & 0x0f) | 0x40);
    r[8] = (unsigned char)((r[8] & 0x3f) | 0x80);
    snprintf(message_id, sizeof message_id,
             "urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", r[0], r[1],
             r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13], r[14], r[15]);
    s->header = soap_malloc(s, sizeof *s->header);
    soap_default_SOAP_ENV__Header(s, s->header);
    s->header->wsa5__To = soap_strdup(s, url);
    s->header->wsa5__Action = soap_malloc(s, 64);
    snprintf(s->header->wsa5__Action, 64, "urn:rodgate:rod:v1/%s", op);
    s->header->wsa5__MessageID = soap_strdup(s, message_id);
    snprintf(called[ncalled++ % 32], sizeof called[0], "%s", op);
    return s->header->wsa5__Action;
}

static int fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(failure, sizeof failure, fmt, ap);
    va_end(ap);
    return -1;
}

/* After a call: SOAP_OK and an answer that relates to our MessageID. */
static int answered(struct soap *s, int rc)
{
    if (rc != SOAP_OK) {
        const struct rod__Fout *f = s->fault && s->fault->detail ? s->fault->detail->rod__fout : NULL;
        return fail("call failed: %s %s", f ? f->code : "", f ? f->omschrijving : *soap_faultstring(s));
    }
    if (!s->header || !s->header->wsa5__RelatesTo || !s->header->wsa5__RelatesTo->__item ||
        strcmp(s->header->wsa5__RelatesTo->__item, message_id) != 0)
        return fail("wsa:RelatesTo does not name our MessageID");
    return 0;
}

static char *day(struct soap *s, int offset)
{
    time_t t = time(NULL) + (time_t)offset * 86400;
    struct tm tm;
    localtime_r(&t, &tm);
    char *out = soap_malloc(s, 11);
    strftime(out, 11, "%Y-%m-%d", &tm);
    return out;
}

static char bsn[10], achternaam[32];

/* Nine random digits that pass the elfproef. */
static void new_bsn(char out[10])
{
    unsigned char r[8];
    do {
        RAND_bytes(r, sizeof r);
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            out[i] = (char)('0' + (i == 0 ? 1 + r[i] % 9 : r[i] % 10));
            sum += (out[i] - '0') * (9 - i);
        }
        out[8] = (char)('0' + sum % 11);
    } while (out[8] > '9');
    out[9] = '\0';
}
static LONG64 nummer;

static struct rod__PersoonsgebondenNummer *pgn(struct soap *s)
{
    struct rod__PersoonsgebondenNummer *p = soap_malloc(s, sizeof *p);
    p->__union_PersoonsgebondenNummer = SOAP_UNION__rod__union_PersoonsgebondenNummer_bsn;
    p->union_PersoonsgebondenNummer.bsn = bsn;
    return p;
}

static struct rod__Melding *melding(struct soap *s, char *einddatum)
{
    struct rod__Melding *m = soap_malloc(s, sizeof *m);
    soap_default_rod__Melding(s, m);
    m->leerling = soap_malloc(s, sizeof *m->leerling);
    soap_default_rod__MeldingLeerling(s, m->leerling);
    m->leerling->persoonsgebondenNummer = pgn(s);
    m->verzuim = soap_malloc(s, sizeof *m->verzuim);
    soap_default_rod__Verzuim(s, m->verzuim);
    m->verzuim->instellingscode = "31XU";
    m->verzuim->begindatum = day(s, -7);
    m->verzuim->einddatum = einddatum;
    m->verzuim->soort = rod__VerzuimSoort__ZESTIEN_USCOREUUR_USCORE18MIN;
    m->verzuim->vermoedelijkeReden = "Onbekend";
    m->verzuim->actieGewenst = xsd__boolean__true_;
    m->contactpersoonSchool = soap_malloc(s, sizeof *m->contactpersoonSchool);
    soap_default_rod__ContactpersoonSchool(s, m->contactpersoonSchool);
    m->contactpersoonSchool->naam = "M. de Groot";
    m->contactpersoonSchool->email = "verzuim@school.example.nl";
    m->lesuren = soap_malloc(s, sizeof *m->lesuren);
    soap_default_rod__Lesuren(s, m->lesuren);
    m->lesuren->alleLessenGemist = soap_malloc(s, sizeof(enum xsd__boolean));
    *m->lesuren->alleLessenGemist = xsd__boolean__true_;
    m->actiesSchool = soap_malloc(s, sizeof *m->actiesSchool);
    soap_default_rod__ActiesSchool(s, m->actiesSchool);
    m->actiesSchool->__sizeondernomenActie = 1;
    m->actiesSchool->ondernomenActie = soap_malloc(s, sizeof(enum rod__OndernomenActie));
    m->actiesSchool->ondernomenActie[0] = rod__OndernomenActie__BRIEF_USCOREGESTUURD;
    return m;
}

/* ---- one function per operation ------------------------------------------------------ */
/* Requests use designated initializers: a later version of the contract adds
 * optional elements at the end of a sequence, which then stay absent. */

static int aanleveren_inschrijving(void)
{
    struct soap *s = school;
    struct rod__AanleverenInschrijvingRequestType req = {0};
    struct rod__AanleverenInschrijvingResponseType resp;
    struct rod__Inschrijving i = {0};
    struct rod__Leerling l = {0};
    struct rod__Adres a = {0};
    struct rod__Binnenland b = {0};
    char geb[24];
    snprintf(geb, sizeof geb, "%04d-01-15", (atoi(day(s, 0)) - 12) % 10000);
    b.postcode = "9711AA";
    b.huisnummer = 1;
    a.__union_Adres = SOAP_UNION__rod__union_Adres_binnenland;
    a.union_Adres.binnenland = &b;
    l.persoonsgebondenNummer = pgn(s);
    l.geslacht = rod__Geslacht__VROUW;
    l.geboortedatum = geb;
    l.achternaam = achternaam;
    l.voornamen = "Anna";
    l.adres = &a;
    i.instellingscode = "31XU";
    i.inschrijfdatum = day(s, -700);
    i.leerling = &l;
    req.__sizeinschrijving = 1;
    req.inschrijving = &i;
    const char *act = address(s, "AanleverenInschrijving");
    if (answered(s, soap_call___rodw__AanleverenInschrijving(s, url, act, &req, &resp)))
        return -1;
    if (resp.aantalGelukt != 1 || resp.resultaat[0].status != rod__ResultaatStatus__GELUKT)
        return fail("aantalGelukt %d", resp.aantalGelukt);
    return 0;
}

static int wijzigen_inschrijving(void)
{
    struct rod__WijzigenInschrijvingRequestType req = {.instellingscode = "31XU",
                                                       .persoonsgebondenNummer = pgn(school),
                                                       .inschrijfdatum = day(school, -650)};
    struct rod__WijzigenInschrijvingResponseType resp;
    const char *act = address(school, "WijzigenInschrijving");
    if (answered(school, soap_call___rodw__WijzigenInschrijving(school, url, act, &req, &resp)))
        return -1;
    if (!resp.gelukt || !resp.inschrijving || strcmp(resp.inschrijving->inschrijfdatum, req.inschrijfdatum))
        return fail("gelukt %d", resp.gelukt);
    return 0;
}

static int opvragen_overzicht(void)
{
    char *codes[] = {"31XU"};
    struct rod__OpvragenOverzichtRequestType req = {
        .__sizeinstellingscode = 1, .instellingscode = codes, .zoekAchternaam = achternaam};
    struct rod__OpvragenOverzichtResponseType resp;
    const char *act = address(school, "OpvragenOverzicht");
    if (answered(school, soap_call___rodw__OpvragenOverzicht(school, url, act, &req, &resp)))
        return -1;
    if (!resp.gelukt || !resp.totaalAantal || *resp.totaalAantal != 1 || resp.__sizeinstelling != 1 ||
        strcmp(resp.instelling[0]
                   .inschrijving[0]
                   .leerling->persoonsgebondenNummer->union_PersoonsgebondenNummer.bsn,
               bsn))
        return fail("the overzicht does not hold the pupil");
    return 0;
}

static int opvragen_leerling(void)
{
    struct rod__OpvragenLeerlingRequestType req = {.persoonsgebondenNummer = pgn(school)};
    struct rod__OpvragenLeerlingResponseType resp;
    const char *act = address(school, "OpvragenLeerling");
    if (answered(school, soap_call___rodw__OpvragenLeerling(school, url, act, &req, &resp)))
        return -1;
    if (!resp.gelukt || !resp.verzuimMeldbaar || !*resp.verzuimMeldbaar || resp.__sizeinschrijving != 1)
        return fail("gelukt %d", resp.gelukt);
    return 0;
}

static int melden_verzuim(void)
{
    struct rod__MeldenVerzuimRequestType req = {.melding = melding(school, NULL)};
    struct rod__MeldenVerzuimResponseType resp;
    const char *act = address(school, "MeldenVerzuim");
    if (answered(school, soap_call___rodw__MeldenVerzuim(school, url, act, &req, &resp)))
        return -1;
    if (!resp.gelukt || !resp.meldingnummer || !resp.uitvoerendeInstantie ||
        strcmp(resp.uitvoerendeInstantie->gemeentecode, "0014"))
        return fail("gelukt %d %s", resp.gelukt, resp.__sizefout ? resp.fout[0].code : "");
    nummer = *resp.meldingnummer;
    return 0;
}

static int wijzigen_verzuim(void)
{
    int versie = 1;
    struct rod__WijzigenVerzuimRequestType req = {
        .meldingnummer = nummer, .versie = &versie, .melding = melding(school, day(school, -1))};
    struct rod__WijzigenVerzuimResponseType resp;
    const char *act = address(school, "WijzigenVerzuim");
    if (answered(school, soap_call___rodw__WijzigenVerzuim(school, url, act, &req, &resp)))
        return -1;
    return resp.gelukt && resp.versie && *resp.versie == 2 ? 0 : fail("gelukt %d", resp.gelukt);
}

static int zoeken_verzuim(void)
{
    struct rod__ZoekenVerzuimRequestType req = {0};
    struct rod__ZoekenVerzuimResponseType resp;
    req.meldingnummer = &nummer;
    const char *act = address(school, "ZoekenVerzuim");
    if (answered(school, soap_call___rodw__ZoekenVerzuim(school, url, act, &req, &resp)))
        return -1;
    return resp.gelukt && resp.__sizemelding == 1 && resp.melding[0].versie == 2 ? 0 : fail("no summary");
}

static int opvragen_melding(void)
{
    struct rod__OpvragenMeldingRequestType req = {.meldingnummer = nummer};
    struct rod__OpvragenMeldingResponseType resp;
    const char *act = address(gemeente, "OpvragenMelding");
    if (answered(gemeente, soap_call___rodw__OpvragenMelding(gemeente, url, act, &req, &resp)))
        return -1;
    return resp.gelukt && resp.meldendeInstelling && !strcmp(resp.meldendeInstelling, "31XU")
               ? 0
               : fail("melding");
}

static int verwerken_terugkoppeling(void)
{
    struct rod__Behandelaar b = {.naam = "L. Ambtenaar"};
    struct rod__VerwerkenTerugkoppelingRequestType req = {.meldingnummer = nummer,
                                                          .status =
                                                              rod__TerugkoppelingStatus__IN_USCOREBEHANDELING,
                                                          .behandelaar = &b};
    struct rod__VerwerkenTerugkoppelingResponseType resp;
    const char *act = address(gemeente, "VerwerkenTerugkoppeling");
    if (answered(gemeente, soap_call___rodw__VerwerkenTerugkoppeling(gemeente, url, act, &req, &resp)))
        return -1;
    return resp.gelukt && resp.versie && *resp.versie == 3 ? 0 : fail("gelukt %d", resp.gelukt);
}

static int opvragen_historie(void)
{
    struct rod__OpvragenHistorieRequestType req = {.meldingnummer = nummer};
    struct rod__OpvragenHistorieResponseType resp;
    const char *act = address(gemeente, "OpvragenHistorie");
    if (answered(gemeente, soap_call___rodw__OpvragenHistorie(gemeente, url, act, &req, &resp)))
        return -1;
    if (!resp.gelukt || resp.__sizehistorie != 3 ||
        resp.historie[0].actie != rod__HistorieActie__AANGEMAAKT ||
        resp.historie[2].actie != rod__HistorieActie__TERUGKOPPELING)
        return fail("historie of %d entries", resp.__sizehistorie);
    return 0;
}

static int intrekken_verzuim(void)
{
    struct rod__IntrekkenVerzuimRequestType req = {
        .meldingnummer = nummer, .reden = rod__RedenIntrekken__TEN_USCOREONRECHTE_USCOREGEMELD};
    struct rod__IntrekkenVerzuimResponseType resp;
    const char *act = address(school, "IntrekkenVerzuim");
    if (answered(school, soap_call___rodw__IntrekkenVerzuim(school, url, act, &req, &resp)))
        return -1;
    return resp.gelukt && resp.status && *resp.status == rod__Status__INGETROKKEN ? 0 : fail("not withdrawn");
}

/* Version 1.1: the school's newest IntrekkenVerzuim bericht is the one above. */
static int opvragen_berichten(void)
{
    enum rod__MutatieOperatie op = rod__MutatieOperatie__IntrekkenVerzuim;
    int one = 1;
    struct rod__OpvragenBerichtenRequestType req = {
        .__sizeoperatie = 1, .operatie = &op, .paginaGrootte = &one};
    struct rod__OpvragenBerichtenResponseType resp;
    const char *act = address(school, "OpvragenBerichten");
    if (answered(school, soap_call___rodw__OpvragenBerichten(school, url, act, &req, &resp)))
        return -1;
    if (!resp.gelukt || resp.__sizebericht != 1 || !resp.bericht[0].meldingnummer ||
        *resp.bericht[0].meldingnummer != nummer ||
        resp.bericht[0].resultaat != rod__BerichtResultaat__GELUKT)
        return fail("the newest IntrekkenVerzuim bericht is not the melding's");
    return 0;
}

/* Version 1.1 (9.1): a pupil enrolled without a number gets an
 * onderwijsnummer; the school then links the BSN the pupil received. */
static int koppelen_bsn(void)
{
    struct soap *s = school;
    char naam[40], geb[24], nieuw[10];
    snprintf(naam, sizeof naam, "%sk", achternaam);
    snprintf(geb, sizeof geb, "%04d-03-02", (atoi(day(s, 0)) - 10) % 10000);
    struct rod__Binnenland b = {.postcode = "9711AA", .huisnummer = 2};
    struct rod__Adres a = {.__union_Adres = SOAP_UNION__rod__union_Adres_binnenland,
                           .union_Adres.binnenland = &b};
    struct rod__Leerling l = {
        .geslacht = rod__Geslacht__MAN, .geboortedatum = geb, .achternaam = naam, .adres = &a};
    struct rod__Inschrijving i = {.instellingscode = "31XU", .inschrijfdatum = day(s, -30), .leerling = &l};
    struct rod__AanleverenInschrijvingRequestType req = {.__sizeinschrijving = 1, .inschrijving = &i};
    struct rod__AanleverenInschrijvingResponseType resp;
    const char *act = address(s, "AanleverenInschrijving");
    if (answered(s, soap_call___rodw__AanleverenInschrijving(s, url, act, &req, &resp)))
        return -1;
    const struct rod__PersoonsgebondenNummer *p =
        resp.__sizeresultaat == 1 ? resp.resultaat[0].persoonsgebondenNummer : NULL;
    if (!p ||
        p->__union_PersoonsgebondenNummer != SOAP_UNION__rod__union_PersoonsgebondenNummer_onderwijsnummer)
        return fail("no onderwijsnummer assigned");
    new_bsn(nieuw);
    struct rod__KoppelenBsnRequestType kreq = {.instellingscode = "31XU",
                                               .onderwijsnummer =
                                                   p->union_PersoonsgebondenNummer.onderwijsnummer,
                                               .bsn = nieuw};
    struct rod__KoppelenBsnResponseType kresp;
    act = address(s, "KoppelenBsn");
    if (answered(s, soap_call___rodw__KoppelenBsn(s, url, act, &kreq, &kresp)))
        return -1;
    if (!kresp.gelukt || !kresp.persoonsgebondenNummer ||
        strcmp(kresp.persoonsgebondenNummer->union_PersoonsgebondenNummer.bsn, nieuw))
        return fail("gelukt %d %s", kresp.gelukt, kresp.__sizefout ? kresp.fout[0].code : "");
    return 0;
}

/* gelukt=false: a melding that does not exist (ROD-0316), in a normal response. */
static int functional_error(void)
{
    struct rod__OpvragenMeldingRequestType req = {.meldingnummer = 999999999999LL};
    struct rod__OpvragenMeldingResponseType resp;
    const char *act = address(gemeente, "OpvragenMelding");
    if (answered(gemeente, soap_call___rodw__OpvragenMelding(gemeente, url, act, &req, &resp)))
        return -1;
    if (resp.gelukt || resp.__sizefout != 1 || strcmp(resp.fout[0].code, "ROD-0316"))
        return fail("expected gelukt false with ROD-0316");
    return 0;
}

/* A gemeente calling a school operation: SOAP fault ROD-0103, its detail
 * decoded by the stubs into the typed rod:fout. */
static int typed_fault(void)
{
    int one = 1;
    struct rod__OpvragenOverzichtRequestType req = {.paginaGrootte = &one};
    struct rod__OpvragenOverzichtResponseType resp;
    const char *act = address(gemeente, "OpvragenOverzicht");
    int rc = soap_call___rodw__OpvragenOverzicht(gemeente, url, act, &req, &resp);
    const struct rod__Fout *f =
        gemeente->fault && gemeente->fault->detail ? gemeente->fault->detail->rod__fout : NULL;
    if (rc != SOAP_FAULT || !f || strcmp(f->code, "ROD-0103") || !f->omschrijving)
        return fail("expected SOAP fault ROD-0103, got %d", rc);
    if (!strstr(*soap_faultcode(gemeente), "Client"))
        return fail("faultcode %s", *soap_faultcode(gemeente));
    return 0;
}

/* The WSDL (from ?wsdl) has no operation that the steps above left out. */
static int every_operation_called(void)
{
    char wsdl_url[600];
    snprintf(wsdl_url, sizeof wsdl_url, "%s?wsdl", url);
    size_t len = 0;
    char *body = NULL;
    if (soap_GET(school, wsdl_url, NULL) || soap_begin_recv(school) ||
        !(body = soap_http_get_body(school, &len)) || soap_end_recv(school))
        return fail("GET %s failed", wsdl_url);
    soap_closesock(school);
    char *pt = body ? strstr(body, "<wsdl:portType") : NULL,
         *end = pt ? strstr(pt, "</wsdl:portType>") : NULL;
    int offered = 0;
    for (char *p = pt; p && end && (p = strstr(p, "operation name=\"")) && p < end; p += 16) {
        char name[64];
        if (sscanf(p + 16, "%63[^\"]", name) != 1)
            continue;
        offered++;
        int found = 0;
        for (int i = 0; i < ncalled && i < 32; i++)
            found |= !strcmp(called[i], name);
        if (!found)
            return fail("operation %s of the WSDL not called", name);
    }
    return offered >= 13 ? 0 : fail("only %d operations found in the WSDL", offered);
}

int main(void)
{
    url = getenv("RODGATE_URL") ? getenv("RODGATE_URL") : "https://127.0.0.1:8443/rod/v1";
    pki = getenv("RODGATE_PKI") ? getenv("RODGATE_PKI") : "var/pki";
    static const struct {
        const char *name;
        int (*run)(void);
    } steps[] = {{"aanleveren_inschrijving", aanleveren_inschrijving},
                 {"wijzigen_inschrijving", wijzigen_inschrijving},
                 {"opvragen_overzicht", opvragen_overzicht},
                 {"opvragen_leerling", opvragen_leerling},
                 {"melden_verzuim", melden_verzuim},
                 {"wijzigen_verzuim", wijzigen_verzuim},
                 {"zoeken_verzuim", zoeken_verzuim},
                 {"opvragen_melding", opvragen_melding},
                 {"verwerken_terugkoppeling", verwerken_terugkoppeling},
                 {"opvragen_historie", opvragen_historie},
                 {"intrekken_verzuim", intrekken_verzuim},
                 {"opvragen_berichten", opvragen_berichten},
                 {"koppelen_bsn", koppelen_bsn},
                 {"functional_error", functional_error},
                 {"soap_fault", typed_fault},
                 {"every_operation_called", every_operation_called}};
    int n = (int)(sizeof steps / sizeof *steps), passed = 0, failed = 0;
    soap_ssl_init();
    school = connect_as("school-a");
    gemeente = connect_as("gemeente-groningen");
    if (!school || !gemeente) {
        printf("FAIL c TLS set-up with %s\n0 passed, %d failed\n", pki, n);
        return 1;
    }
    /* a random BSN that passes the elfproef, and an achternaam of this run */
    unsigned char r[4];
    new_bsn(bsn);
    RAND_bytes(r, sizeof r);
    snprintf(achternaam, sizeof achternaam, "Interopc%02x%02x%02x%02x", r[0], r[1], r[2], r[3]);
    for (int i = 0; i < n; i++) {
        failure[0] = '\0';
        if (steps[i].run() == 0) {
            passed++;
            printf("ok   c %s\n", steps[i].name);
        } else {
            failed++;
            printf("FAIL c %s: %s\n", steps[i].name, failure);
        }
        soap_destroy(school);
        soap_end(school);
        soap_destroy(gemeente);
        soap_end(gemeente);
    }
    printf("%d passed, %d failed\n", passed, failed);
    soap_free(school);
    soap_free(gemeente);
    return failed ? 1 : 0;
}
