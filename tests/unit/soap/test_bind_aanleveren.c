/* Unit tests for soap/bind_aanleveren.c: the request struct it builds from
 * the validated libxml2 tree equals the one gSOAP's own parser makes of the
 * same bytes (the skeleton's soap_get___rodw__AanleverenInschrijving, as
 * build/gen/soapServer.c calls it), for every valid AanleverenInschrijving
 * example of tests/data/valid/, bodies as tests/integration/rodclient.py
 * builds them (default namespace), and generated ones: every optional
 * element present and absent, whitespace to keep or trim, non-ASCII names,
 * character references, CDATA and comments inside values, CRLF line ends
 * between elements, SOAP 1.2, and a batch of 10,000. Both structs are written back with
 * gSOAP's soap_put and compared byte for byte (soap_put writes every field:
 * absent and empty strings, enumerations, integers, the choices). Each
 * example is also checked against the XSD first, so that only valid
 * requests are compared, as in the gateway. Where gSOAP's parser departs
 * from XML 1.0 (test_xml_not_gsoap) the binder's values are checked on
 * their own. The binder must refuse, never crash on, what the schema would
 * not allow. */
#include <dirent.h>
#include <libxml/parserInternals.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "soap/bind_aanleveren.h"
#include "soapH.h"
#include "unit.h"
#include "ut_example.h"
#include "xml/envelope.h"
#include "xml/tree.h"

/* gSOAP's namespace table is the gateway's own (src/soap/namespaces.c). */

#define ACTION "urn:rodgate:rod:v1/AanleverenInschrijving"
#define HEADERS                                                                         \
    "<wsa:To>https://localhost:8443/rod/v1</wsa:To><wsa:Action>" ACTION "</wsa:Action>" \
    "<wsa:MessageID>urn:uuid:6b1d3c4e-0000-4000-8000-00000000b1d0</wsa:MessageID>"

static rod_xml *x;

static int suite_init(void)
{
    char err[256];

    /* the suite of xml/envelope.c ran rod_xml_start and _stop before: its
     * loader that refuses every external entity would refuse the schema */
    xmlSetExternalEntityLoader(xmlNoNetExternalEntityLoader);
    if (rod_xml_start("xsd/rod-v1.xsd", err, sizeof err) != 0) {
        fprintf(stderr, "test_bind_aanleveren: %s\n", err);
        return -1;
    }
    x = rod_xml_new(64);
    return x ? 0 : -1;
}

static int suite_cleanup(void)
{
    rod_xml_free(x);
    x = NULL;
    rod_xml_stop();
    return 0;
}

/* A context as the gateway's workers have it (soap/app.c). */
static struct soap *new_soap(void)
{
    struct soap *s = soap_new1(SOAP_C_UTFSTRING | SOAP_XML_NOTYPE);

    if (s) {
        soap_set_namespaces(s, namespaces);
        s->maxlevel = 64 + 4;
    }
    return s;
}

static void free_soap(struct soap *s)
{
    soap_destroy(s);
    soap_end(s);
    soap_free(s);
}

/* The request written by gSOAP, malloc'ed; NULL on an error. */
static char *put(struct soap *s, const struct rod__AanleverenInschrijvingRequestType *r)
{
    const char *out = NULL;
    char *copy = NULL;

    s->os = &out;
    soap_serialize_rod__AanleverenInschrijvingRequestType(s, r);
    if (soap_begin_send(s) == SOAP_OK &&
        soap_put_rod__AanleverenInschrijvingRequestType(s, r, "rod:AanleverenInschrijvingRequest", "") ==
            SOAP_OK &&
        soap_end_send(s) == SOAP_OK && out)
        copy = strdup(out);
    s->os = NULL;
    return copy;
}

/* gSOAP's parse of the envelope, as the skeleton does it. */
static char *by_gsoap(const char *envelope)
{
    struct soap *s = new_soap();
    char *text = NULL;

    if (!s)
        return NULL;
    s->is = envelope;
    if (soap_begin_serve(s) == SOAP_OK) {
        struct __rodw__AanleverenInschrijving tmp;

        soap_default___rodw__AanleverenInschrijving(s, &tmp);
        if (soap_get___rodw__AanleverenInschrijving(s, &tmp, "-rodw:AanleverenInschrijving", NULL) &&
            soap_body_end_in(s) == SOAP_OK && soap_envelope_end_in(s) == SOAP_OK &&
            soap_end_recv(s) == SOAP_OK && tmp.rod__AanleverenInschrijvingRequest)
            text = put(s, tmp.rod__AanleverenInschrijvingRequest);
    }
    s->is = NULL;
    free_soap(s);
    return text;
}

/* The binder's struct of the validated tree; *valid says whether the
 * checks passed. */
static char *by_binder(const char *envelope, int soap_version, bool *valid)
{
    rod_envelope env;
    char *text = NULL;
    rod_status st = rod_xml_parse(x, envelope, strlen(envelope), soap_version, &env);

    if (st == ROD_OK)
        st = rod_xml_check_addressing(x, NULL, NULL, &env);
    /* as the pipeline: the XSD check of a large batch runs beside the
     * binder (soap/checks.c), its result taken afterwards */
    if (st == ROD_OK)
        rod_xml_validate_begin(x);
    if (st == ROD_OK && env.op == ROD_OP_AanleverenInschrijving) {
        struct soap *s = new_soap();

        /* as rod_dispatch: gSOAP reads the envelope up to the Body (the
         * SOAP version, the header), the binder the rest from the tree */
        if (s) {
            s->is = envelope;
            struct rod__AanleverenInschrijvingRequestType *r =
                soap_begin_serve(s) == SOAP_OK ? rod_bind_aanleveren(s, rod_xml_request(x)) : NULL;

            s->is = NULL;
            if (r)
                text = put(s, r);
            free_soap(s);
        }
    }
    if (st == ROD_OK)
        st = rod_xml_validate_end(x, &env);
    *valid = st == ROD_OK && env.op == ROD_OP_AanleverenInschrijving;
    if (!*valid) {
        free(text);
        text = NULL;
        fprintf(stderr, "\n  not valid: %s %s (%d:%d)\n", env.veld, env.detail, env.line, env.column);
    }
    rod_xml_done(x);
    return text;
}

static char *wrap(const char *body, int soap_version, const char *eol)
{
    const char *ns = soap_version == 12 ? "http://www.w3.org/2003/05/soap-envelope"
                                        : "http://schemas.xmlsoap.org/soap/envelope/";
    size_t n = strlen(body) + 600;
    char *e = malloc(n);

    if (e)
        snprintf(e, n,
                 "<s:Envelope xmlns:s=\"%s\" xmlns:wsa=\"http://www.w3.org/2005/08/addressing\">%s"
                 "<s:Header>" HEADERS "</s:Header>%s<s:Body>%s</s:Body>%s</s:Envelope>%s",
                 ns, eol, eol, body, eol, eol);
    return e;
}

/* Both ways on one request element; counts the compared bytes. */
static size_t compare_as(const char *name, const char *body, int soap_version, const char *eol)
{
    char *e = wrap(body, soap_version, eol);
    bool valid = false;
    char *a = e ? by_binder(e, soap_version, &valid) : NULL;
    char *b = e ? by_gsoap(e) : NULL;
    size_t n = a ? strlen(a) : 0;

    UT_CHECK(valid, "%s: valid against the XSD", name);
    UT_CHECK(a != NULL, "%s: bound from the tree", name);
    UT_CHECK(b != NULL, "%s: parsed by gSOAP", name);
    if (a && b && strcmp(a, b) != 0) {
        size_t i = 0;

        while (a[i] && a[i] == b[i])
            i++;
        UT_CHECK(false, "%s: differs at byte %zu: binder \"%.80s\" gSOAP \"%.80s\"", name, i,
                 a + (i > 20 ? i - 20 : 0), b + (i > 20 ? i - 20 : 0));
    }
    free(a);
    free(b);
    free(e);
    return n;
}

static size_t compare(const char *name, const char *body)
{
    return compare_as(name, body, 11, "\n");
}

static void test_examples(void)
{
    DIR *d = opendir("tests/data/valid");
    struct dirent *de;
    int files = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    while ((de = readdir(d)) != NULL) {
        char path[400];

        if (strncmp(de->d_name, "AanleverenInschrijving", 22) != 0 || !strstr(de->d_name, ".xml"))
            continue;
        snprintf(path, sizeof path, "tests/data/valid/%s", de->d_name);
        char *text = ut_example(path);

        UT_CHECK(text != NULL, "%s is readable", path);
        if (!text)
            continue;
        files++;
        UT_CHECK(compare(path, text) > 0, "%s compared", path);
        compare_as(path, text, 12, "\r\n");
        free(text);
    }
    closedir(d);
    UT_CHECK(files >= 3, "%d AanleverenInschrijving examples in tests/data/valid", files);
}

#define REQ(items)                                                               \
    "<rod:AanleverenInschrijvingRequest xmlns:rod=\"urn:rodgate:rod:v1\">" items \
    "</rod:AanleverenInschrijvingRequest>"
#define MINIMAL_LL                                                                                \
    "<rod:leerling><rod:geslacht>MAN</rod:geslacht><rod:geboortedatum>2012</rod:geboortedatum></" \
    "rod:leerling>"
#define MINIMAL                                                                                         \
    "<rod:inschrijving><rod:instellingscode>31XU</rod:instellingscode><rod:inschrijfdatum>2024-08-19</" \
    "rod:inschrijfdatum>" MINIMAL_LL "</rod:inschrijving>"
#define FULL_BINNEN                                                                                     \
    "<rod:adres><rod:binnenland><rod:postcode>1012AB</rod:postcode><rod:huisnummer>15</rod:huisnummer>" \
    "<rod:huisletter>a</rod:huisletter><rod:huisnummertoevoeging>2hg</rod:huisnummertoevoeging>"        \
    "<rod:huisnummeraanduiding>by</rod:huisnummeraanduiding><rod:aanduidingLocatie>Naast de kerk"       \
    "</rod:aanduidingLocatie><rod:straatnaam>Damrak</rod:straatnaam><rod:plaatsnaam>Amsterdam"          \
    "</rod:plaatsnaam></rod:binnenland></rod:adres>"
#define FULL_BUITEN                                                                                 \
    "<rod:adres><rod:buitenland><rod:landcode>5010</rod:landcode><rod:adresregel1>Rue de la Loi 16" \
    "</rod:adresregel1><rod:adresregel2>1000 Bruxelles</rod:adresregel2><rod:adresregel3>Belgique"  \
    "</rod:adresregel3></rod:buitenland></rod:adres>"
#define FULL(pgn, adres)                                                                                   \
    "<rod:inschrijving><rod:referentie>ERP-1</rod:referentie><rod:instellingscode>31XU</"                  \
    "rod:instellingscode>"                                                                                 \
    "<rod:inschrijfdatum>2024-08-19</rod:inschrijfdatum><rod:uitschrijfdatum>2025-07-18"                   \
    "</rod:uitschrijfdatum><rod:leerling><rod:persoonsgebondenNummer>" pgn "</rod:persoonsgebondenNummer>" \
    "<rod:geslacht>ONBEKEND</rod:geslacht><rod:geboortedatum>2012-05</rod:geboortedatum>"                  \
    "<rod:achternaam>Vries</rod:achternaam><rod:voorvoegsels>de</rod:voorvoegsels>"                        \
    "<rod:voornamen>Jan Piet</rod:voornamen>" adres "</rod:leerling></rod:inschrijving>"

static void test_optional_elements(void)
{
    compare("minimal", REQ(MINIMAL));
    compare("full binnenland bsn", REQ(FULL("<rod:bsn>111222333</rod:bsn>", FULL_BINNEN)));
    compare("full buitenland onderwijsnummer",
            REQ(FULL("<rod:onderwijsnummer>101222331</rod:onderwijsnummer>", FULL_BUITEN)));
    compare(
        "minimal addresses",
        REQ("<rod:inschrijving><rod:instellingscode>31XU</rod:instellingscode><rod:inschrijfdatum>2024-08-19"
            "</rod:inschrijfdatum><rod:leerling><rod:geslacht>VROUW</rod:geslacht><rod:geboortedatum>"
            "2012-05-17</rod:geboortedatum><rod:adres><rod:binnenland><rod:postcode>9999ZZ</rod:postcode>"
            "<rod:huisnummer>99999</rod:huisnummer></rod:binnenland></rod:adres></rod:leerling>"
            "</rod:inschrijving><rod:inschrijving><rod:instellingscode>31XU</rod:instellingscode>"
            "<rod:inschrijfdatum>2024-08-19</rod:inschrijfdatum><rod:leerling><rod:geslacht>MAN"
            "</rod:geslacht><rod:geboortedatum>2012</rod:geboortedatum><rod:adres><rod:buitenland>"
            "<rod:landcode>0000</rod:landcode><rod:adresregel1>x</rod:adresregel1></rod:buitenland>"
            "</rod:adres></rod:leerling></rod:inschrijving>" MINIMAL));
    /* as tests/integration/rodclient.py writes them: the default namespace */
    compare("default namespace",
            "<AanleverenInschrijvingRequest xmlns=\"urn:rodgate:rod:v1\"><inschrijving><instellingscode>31XU"
            "</instellingscode><inschrijfdatum>2024-08-19</inschrijfdatum><leerling><persoonsgebondenNummer>"
            "<bsn>123456782</bsn></persoonsgebondenNummer><geslacht>VROUW</geslacht><geboortedatum>"
            "2012-05-17</geboortedatum><achternaam>Test-Achternaam-1</achternaam><adres><binnenland>"
            "<postcode>1012AB</postcode><huisnummer>1</huisnummer></binnenland></adres></leerling>"
            "</inschrijving></AanleverenInschrijvingRequest>");
}

static void test_text(void)
{
    /* whitespace is kept in strings (xs:string, never collapsed); the XSD
     * allows none around the integer and the enumerations */
    compare("whitespace",
            REQ("<rod:inschrijving>\n  <rod:referentie>  ERP  2024\t</rod:referentie>\n"
                "  <rod:instellingscode>31XU</rod:instellingscode>\n  <rod:inschrijfdatum>2024-08-19"
                "</rod:inschrijfdatum>\n  <rod:leerling>\n    <rod:geslacht>MAN</rod:geslacht>\n"
                "    <rod:geboortedatum>2012</rod:geboortedatum>\n    <rod:achternaam>\n  de   Vries \n"
                "</rod:achternaam>\n    <rod:voornamen> Jan\tPiet </rod:voornamen>\n    <rod:adres>"
                "<rod:binnenland><rod:postcode>1012AB</rod:postcode><rod:huisnummer>0012"
                "</rod:huisnummer><rod:straatnaam>  Dam  </rod:straatnaam></rod:binnenland></rod:adres>\n"
                "  </rod:leerling>\n</rod:inschrijving>"));
    compare(
        "non-ASCII",
        REQ("<rod:inschrijving><rod:referentie>ΑΒΓ-δ</rod:referentie><rod:instellingscode>31XU"
            "</rod:instellingscode><rod:inschrijfdatum>2024-08-19</rod:inschrijfdatum><rod:leerling>"
            "<rod:geslacht>VROUW</rod:geslacht><rod:geboortedatum>2012-05-17</rod:geboortedatum>"
            "<rod:achternaam>Nguyễn-Çelik Ødegård</rod:achternaam><rod:voorvoegsels>van ’t</rod:voorvoegsels>"
            "<rod:voornamen>Zoë Ñúñez 山田 😀</rod:voornamen><rod:adres><rod:buitenland><rod:landcode>6030"
            "</rod:landcode><rod:adresregel1>Straße "
            "5</rod:adresregel1><rod:adresregel2>Łódź</rod:adresregel2>"
            "</rod:buitenland></rod:adres></rod:leerling></rod:inschrijving>"));
    compare("references, CDATA, comments",
            REQ("<rod:inschrijving><rod:referentie>a&amp;b&lt;c&gt;&quot;&apos;&#x41;&#233;&#65536;&#xFFFD;</"
                "rod:referentie>"
                "<rod:instellingscode>3<!-- c -->1XU</rod:instellingscode><rod:inschrijfdatum>2024-08-19"
                "</rod:inschrijfdatum><rod:leerling><rod:geslacht>MAN</rod:geslacht><rod:geboortedatum>"
                "2012</rod:geboortedatum><rod:achternaam><![CDATA[O'Brien & <Zn>]]></rod:achternaam>"
                "<rod:voornamen>Jan<?pi x?> Piet</rod:voornamen><rod:adres><rod:binnenland><rod:postcode>"
                "1012AB</rod:postcode><rod:huisnummer>+7</rod:huisnummer><rod:aanduidingLocatie>a&#13;b&#10;c"
                "</rod:aanduidingLocatie></rod:binnenland></rod:adres></rod:leerling></rod:inschrijving>"));
}

/* Two things gSOAP's own parser reads differently from XML 1.0, where the
 * binder has what the XSD validated (libxml2's values): a line end
 * written as CR LF or CR is one LF (XML 1.0, 2.11; gSOAP kept the CR, a
 * reference &#13; is a CR in both), and a character reference of more
 * than six characters between '&' and ';' is its character alone (gSOAP
 * 2.8.124 left the ';' in the value: "&#x1F600;" and "&#128512;" gave
 * "😀;", "&#x00041;" "A;"; "&#65536;" and "&#xFFFD;" it reads right). */
static void test_xml_not_gsoap(void)
{
    static const char body[] =
        REQ("<rod:inschrijving><rod:referentie>&#x1F600;&#x00041;&#128512;</rod:referentie>"
            "<rod:instellingscode>31XU</rod:instellingscode><rod:inschrijfdatum>2024-08-19"
            "</rod:inschrijfdatum><rod:leerling><rod:geslacht>MAN</rod:geslacht><rod:geboortedatum>2012"
            "</rod:geboortedatum><rod:achternaam>a\r\nb\rc&#13;d\n</rod:achternaam></rod:leerling>"
            "</rod:inschrijving>");
    char *e = wrap(body, 11, "\r\n");
    rod_envelope env;
    struct soap *s = new_soap();

    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    rod_status st = rod_xml_parse(x, e, strlen(e), 11, &env);
    if (st == ROD_OK)
        st = rod_xml_check_addressing(x, NULL, NULL, &env);
    if (st == ROD_OK)
        st = rod_xml_validate(x, &env);
    UT_CHECK(st == ROD_OK, "valid against the XSD (%s)", env.detail);
    struct rod__AanleverenInschrijvingRequestType *r = rod_bind_aanleveren(s, rod_xml_request(x));
    rod_xml_done(x);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL_FATAL(r->__sizeinschrijving, 1);
    const struct rod__Inschrijving *i = &r->inschrijving[0];
    UT_CHECK(i->referentie && strcmp(i->referentie, "\xF0\x9F\x98\x80"
                                                    "A"
                                                    "\xF0\x9F\x98\x80") == 0,
             "references: \"%s\"", i->referentie ? i->referentie : "(null)");
    UT_CHECK(i->leerling && i->leerling->achternaam && strcmp(i->leerling->achternaam, "a\nb\nc\rd\n") == 0,
             "line ends normalised, &#13; kept");
    free_soap(s);
    free(e);
}

/* A batch of `n` inschrijvingen, each a little different. */
static char *batch(int n)
{
    size_t cap = (size_t)n * 900 + 200, off = 0;
    char *b = malloc(cap);

    if (!b)
        return NULL;
    off += (size_t)snprintf(b + off, cap - off,
                            "<rod:AanleverenInschrijvingRequest xmlns:rod=\"urn:rodgate:rod:v1\">");
    for (int i = 0; i < n; i++) {
        off += (size_t)snprintf(
            b + off, cap - off,
            "<rod:inschrijving>%s<rod:instellingscode>31X%c</"
            "rod:instellingscode><rod:inschrijfdatum>2024-08-%02d"
            "</rod:inschrijfdatum><rod:leerling><rod:persoonsgebondenNummer><rod:%s>%s%07d</rod:%s>"
            "</rod:persoonsgebondenNummer><rod:geslacht>%s</rod:geslacht><rod:geboortedatum>2012-05-17"
            "</rod:geboortedatum><rod:achternaam>Achternaam-%d</rod:achternaam>%s<rod:adres>"
            "<rod:binnenland><rod:postcode>1012AB</rod:postcode><rod:huisnummer>%d</rod:huisnummer>"
            "</rod:binnenland></rod:adres></rod:leerling></rod:inschrijving>",
            i % 3 ? "" : "<rod:referentie>R</rod:referentie>", i % 2 ? 'U' : 'V', 1 + i % 28,
            i % 2 ? "bsn" : "onderwijsnummer", i % 2 ? "11" : "10", i, i % 2 ? "bsn" : "onderwijsnummer",
            i % 3 == 0   ? "MAN"
            : i % 3 == 1 ? "VROUW"
                         : "ONBEKEND",
            i, i % 5 ? "" : "<rod:voornamen>Één</rod:voornamen>", 1 + i % 99999);
    }
    snprintf(b + off, cap - off, "</rod:AanleverenInschrijvingRequest>");
    return b;
}

static void test_batch(void)
{
    char *b = batch(10000);

    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    UT_CHECK(compare("10000 inschrijvingen", b) > 10000 * 300, "the batch is written in full");
    free(b);
}

/* The batch with one impossible date in its last item (an xs:date error). */
static char *invalid_batch(int n)
{
    char *b = batch(n);
    char *at = b ? strstr(b, "<rod:inschrijfdatum>2024-08-") : NULL;

    for (char *p = at; p; p = strstr(p + 1, "<rod:inschrijfdatum>2024-08-"))
        at = p;
    if (at)
        memcpy(at + strlen("<rod:inschrijfdatum>"), "2024-02-30", 10);
    return b;
}

/* The XSD check on a thread of its own (rod_xml_validate_begin, a tree of
 * 256 KiB or more) finds what rod_xml_validate finds, with the same path,
 * text and place; _end gives the same status again; the tree may be let
 * go of (rod_xml_done) before the result is taken, and the next parse
 * waits for the thread. */
static void test_validated_beside(void)
{
    char *bad = invalid_batch(2000), *good = batch(2000);
    char *eb = bad ? wrap(bad, 11, "\n") : NULL, *eg = good ? wrap(good, 11, "\n") : NULL;
    rod_envelope sync, beside, again;

    CU_ASSERT_PTR_NOT_NULL_FATAL(eb);
    CU_ASSERT_PTR_NOT_NULL_FATAL(eg);
    CU_ASSERT_FATAL(strlen(eb) > (256u << 10));
    CU_ASSERT_EQUAL_FATAL(rod_xml_parse(x, eb, strlen(eb), 11, &sync), ROD_OK);
    UT_CHECK(rod_xml_validate(x, &sync) == ROD_XSD_INVALID, "the whole check refuses the date");
    UT_CHECK(!rod_xml_validating(x), "the whole check leaves nothing running");
    rod_xml_done(x);

    CU_ASSERT_EQUAL_FATAL(rod_xml_parse(x, eb, strlen(eb), 11, &beside), ROD_OK);
    rod_xml_validate_begin(x);
    UT_CHECK(rod_xml_validating(x), "a large tree is checked beside the worker");
    rod_xml_done(x); /* the worker lets go first: the thread releases the tree */
    UT_CHECK(rod_xml_validate_end(x, &beside) == ROD_XSD_INVALID, "the check beside refuses it too");
    UT_CHECK(!rod_xml_validating(x), "its status is taken");
    UT_CHECK(rod_xml_validate_end(x, &again) == ROD_XSD_INVALID, "and gives it again");
    UT_CHECK(sync.status == beside.status && strcmp(sync.veld, beside.veld) == 0 &&
                 strcmp(sync.detail, beside.detail) == 0 && sync.line == beside.line &&
                 sync.column == beside.column,
             "the same fault: %s \"%s\" %d:%d / %s \"%s\" %d:%d", sync.veld, sync.detail, sync.line,
             sync.column, beside.veld, beside.detail, beside.line, beside.column);
    UT_CHECK(strstr(beside.veld, "inschrijving[2000]") != NULL, "names the last item: %s", beside.veld);

    /* begun and never taken: the next parse waits for the thread */
    CU_ASSERT_EQUAL_FATAL(rod_xml_parse(x, eg, strlen(eg), 11, &beside), ROD_OK);
    rod_xml_validate_begin(x);
    CU_ASSERT_EQUAL_FATAL(rod_xml_parse(x, eg, strlen(eg), 11, &beside), ROD_OK);
    UT_CHECK(rod_xml_validate_end(x, &beside) == ROD_OK, "after a parse nothing is pending");
    rod_xml_validate_begin(x);
    UT_CHECK(rod_xml_validate_end(x, &beside) == ROD_OK, "the valid batch passes beside the worker");
    rod_xml_done(x);
    free(eb);
    free(eg);
    free(bad);
    free(good);
}

/* What the XSD refuses never reaches the binder, but a tree that is not
 * the schema's shape is refused, not read. */
static void test_refuses(void)
{
    static const char *const bodies[] = {
        REQ(""),
        REQ("<rod:inschrijving><rod:instellingscode>31XU</rod:instellingscode></rod:inschrijving>"),
        REQ("<rod:inschrijving><rod:onbekend/></rod:inschrijving>"),
        REQ("<rod:inschrijving><rod:instellingscode>31XU</rod:instellingscode><rod:inschrijfdatum>2024-08-19"
            "</rod:inschrijfdatum><rod:leerling><rod:geslacht>MAN</rod:geslacht><rod:geslacht>MAN"
            "</rod:geslacht><rod:geboortedatum>2012</rod:geboortedatum></rod:leerling></rod:inschrijving>"),
        REQ("<rod:inschrijving><rod:instellingscode>31XU</rod:instellingscode><rod:inschrijfdatum>2024-08-19"
            "</rod:inschrijfdatum><rod:leerling><rod:geslacht>MEISJE</rod:geslacht><rod:geboortedatum>2012"
            "</rod:geboortedatum></rod:leerling></rod:inschrijving>"),
        REQ("<rod:inschrijving><rod:instellingscode>31XU</rod:instellingscode><rod:inschrijfdatum>2024-08-19"
            "</rod:inschrijfdatum><rod:leerling><rod:geslacht>MAN</rod:geslacht><rod:geboortedatum>2012"
            "</rod:geboortedatum><rod:adres><rod:binnenland><rod:postcode>1012AB</"
            "rod:postcode><rod:huisnummer>"
            "0</rod:huisnummer></rod:binnenland></rod:adres></rod:leerling></rod:inschrijving>"),
        REQ("<rod:inschrijving><rod:instellingscode>31XU</rod:instellingscode><rod:inschrijfdatum>2024-08-19"
            "</rod:inschrijfdatum><rod:leerling><rod:geslacht>MAN</rod:geslacht><rod:geboortedatum>2012"
            "</rod:geboortedatum><rod:persoonsgebondenNummer/></rod:leerling></rod:inschrijving>"),
        "<rod:WijzigenInschrijvingRequest xmlns:rod=\"urn:rodgate:rod:v1\"/>",
    };
    struct soap *s = new_soap();

    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    UT_CHECK(rod_bind_aanleveren(s, NULL) == NULL, "no tree: refused");
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        char *e = wrap(bodies[i], 11, "");
        rod_envelope env;

        CU_ASSERT_PTR_NOT_NULL_FATAL(e);
        /* parsed only: these are not valid against the XSD */
        rod_status st = rod_xml_parse(x, e, strlen(e), 11, &env);
        UT_CHECK(st == ROD_OK || st == ROD_UNKNOWN_OPERATION, "body %zu parses", i);
        UT_CHECK(rod_bind_aanleveren(s, rod_xml_request(x)) == NULL && s->error != SOAP_OK,
                 "body %zu refused by the binder", i);
        rod_xml_done(x);
        soap_end(s);
        free(e);
    }
    free_soap(s);
}

void test_bind_aanleveren_register(void)
{
    CU_pSuite s = CU_add_suite("soap/bind_aanleveren", suite_init, suite_cleanup);

    CU_add_test(s, "valid examples of tests/data", test_examples);
    CU_add_test(s, "optional elements present and absent", test_optional_elements);
    CU_add_test(s, "whitespace, non-ASCII, references", test_text);
    CU_add_test(s, "line ends and long references as XML 1.0 has them", test_xml_not_gsoap);
    CU_add_test(s, "a batch of 10,000", test_batch);
    CU_add_test(s, "not the schema's shape: refused", test_refuses);
    CU_add_test(s, "the XSD check beside the binder: the same result", test_validated_beside);
}
