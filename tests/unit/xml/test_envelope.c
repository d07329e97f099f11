/* Unit tests for xml/envelope.c without a database: the XSD compiled once
 * for the suite, every example in tests/data/valid/ parsed, addressed and
 * validated in an envelope, every one in tests/data/invalid/ refused, and the
 * envelope faults: ROD-0001 (not well-formed, not UTF-8), ROD-0002 (envelope
 * shape), ROD-0003 (DOCTYPE, entity, depth), ROD-0004 (unknown body element,
 * wsa:Action or SOAPAction mismatch) and ROD-0006 (wsa headers missing).
 * The runner starts in the repository's top folder. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xml/envelope.h"
#include "unit.h"
#include "ut_example.h"

#define MAX_DEPTH 64
#define ACTION    "urn:rodgate:rod:v1/OpvragenOverzicht"
#define MSGID     "urn:uuid:6b1d3c4e-0000-4000-8000-000000000001"
#define TO        "<wsa:To>https://localhost:8443/rod/v1</wsa:To>"
#define HEADERS   TO "<wsa:Action>" ACTION "</wsa:Action><wsa:MessageID>" MSGID "</wsa:MessageID>"
#define OVERZICHT                                                                \
    "<rod:OpvragenOverzichtRequest "                                             \
    "xmlns:rod=\"urn:rodgate:rod:v1\"><rod:paginaGrootte>10</rod:paginaGrootte>" \
    "</rod:OpvragenOverzichtRequest>"

static rod_xml *x;

static int suite_init(void)
{
    char err[256];

    if (rod_xml_start("xsd/rod-v1.xsd", err, sizeof err) != 0) {
        fprintf(stderr, "test_envelope: %s\n", err);
        return -1;
    }
    x = rod_xml_new(MAX_DEPTH);
    return x ? 0 : -1;
}

static int suite_cleanup(void)
{
    rod_xml_free(x);
    x = NULL;
    rod_xml_stop();
    return 0;
}

/* A SOAP 1.1 envelope around `headers` and `body`; the caller frees it. */
static char *envelope(const char *headers, const char *body)
{
    static const char fmt[] = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
                              "xmlns:wsa=\"http://www.w3.org/2005/08/addressing\">\n"
                              "<s:Header>%s</s:Header>\n<s:Body>%s</s:Body>\n</s:Envelope>\n";
    size_t n = sizeof fmt + strlen(headers) + strlen(body);
    char *e = malloc(n);

    if (e)
        snprintf(e, n, fmt, headers, body);
    return e;
}

/* Step 1 alone on `text`. */
static rod_status parse_text(const char *text, rod_envelope *env)
{
    rod_status s = rod_xml_parse(x, text, strlen(text), 11, env);

    rod_xml_done(x);
    return s;
}

/* All three steps, as the pipeline runs them; stops at the first failure. */
static rod_status check_all(const char *text, size_t len, int soap_version, const char *soapaction,
                            rod_envelope *env)
{
    rod_status s = rod_xml_parse(x, text, len, soap_version, env);

    if (s == ROD_OK)
        s = rod_xml_check_addressing(x, soapaction, NULL, env);
    if (s == ROD_OK)
        s = rod_xml_validate(x, env);
    rod_xml_done(x);
    return s;
}

static rod_status check_envelope(const char *headers, const char *body, const char *soapaction,
                                 rod_envelope *env)
{
    char *e = envelope(headers, body);
    rod_status s = e ? check_all(e, strlen(e), 11, soapaction, env) : ROD_INTERNAL;

    free(e);
    return s;
}

/* Runs every example of tests/data/<kind>/ through the three steps in an
 * envelope whose wsa:Action is that of the operation the file is named
 * after (Operation.xml, Operation-case.xml). Returns how many files. */
static int run_examples(const char *kind, bool valid)
{
    char folder[64];
    DIR *d;
    struct dirent *de;
    int files = 0;

    snprintf(folder, sizeof folder, "tests/data/%s", kind);
    d = opendir(folder);
    UT_CHECK(d != NULL, "%s is readable", folder);
    if (!d)
        return 0;
    while ((de = readdir(d)) != NULL) {
        size_t len = strlen(de->d_name);

        if (len < 5 || strcmp(de->d_name + len - 4, ".xml") != 0)
            continue;
        char path[400], op[128], headers[600];

        snprintf(path, sizeof path, "%s/%s", folder, de->d_name);
        snprintf(op, sizeof op, "%.*s", (int)strcspn(de->d_name, "-."), de->d_name);
        snprintf(headers, sizeof headers,
                 TO
                 "<wsa:Action>urn:rodgate:rod:v1/%s</wsa:Action><wsa:MessageID>urn:uuid:%d</wsa:MessageID>",
                 op, files);
        char *body = ut_example(path);

        UT_CHECK(body != NULL, "%s is readable", path);
        if (!body)
            continue;
        files++;
        rod_envelope env;
        rod_status s = check_envelope(headers, body, NULL, &env);

        if (valid) {
            UT_CHECK(s == ROD_OK, "%s: %s %s %s (line %d)", path, rod_status_code(s), env.veld, env.detail,
                     env.line);
            UT_CHECK(strcmp(rod_operation_name(env.op), op) == 0, "%s: operation %s", path,
                     rod_operation_name(env.op));
        } else {
            /* ROD-0003: an example that is also over a parse limit (max_attributes) */
            UT_CHECK(s == ROD_XSD_INVALID || s == ROD_UNKNOWN_OPERATION || s == ROD_XML_LIMIT,
                     "%s is refused with ROD-0002/0003/0004, got %s", path,
                     s == ROD_OK ? "OK" : rod_status_code(s));
        }
        free(body);
    }
    closedir(d);
    return files;
}

static void test_valid_examples(void)
{
    int n = run_examples("valid", true);

    UT_CHECK(n >= 20, "%d valid examples", n);
}

static void test_invalid_examples(void)
{
    int n = run_examples("invalid", false);

    UT_CHECK(n >= 20, "%d invalid examples", n);
}

static void test_result_of_a_good_request(void)
{
    rod_envelope env;
    char *e = envelope(HEADERS, OVERZICHT);
    rod_status s = rod_xml_parse(x, e, strlen(e), 11, &env);

    UT_CHECK(s == ROD_OK, "parses: %s", env.detail);
    UT_CHECK(env.op == ROD_OP_OpvragenOverzicht && env.soap_version == 11, "the operation and SOAP version");
    UT_CHECK(strcmp(env.wsa_message_id, MSGID) == 0, "the MessageID is known after step 1: [%s]",
             env.wsa_message_id);
    UT_CHECK(env.body_to > env.body_from && env.body_to <= strlen(e), "a span for the Body");
    UT_CHECK(strncmp(e + env.body_from, "<s:Body>", 8) == 0, "the span starts at <s:Body>: [%.12s]",
             e + env.body_from);
    UT_CHECK(strncmp(e + env.body_to - 9, "</s:Body>", 9) == 0, "and ends after </s:Body>");
    s = rod_xml_check_addressing(x, "\"" ACTION "\"", NULL, &env);
    UT_CHECK(s == ROD_OK, "addressing: %s", env.detail);
    UT_CHECK(strcmp(env.wsa_action, ACTION) == 0 && strcmp(env.wsa_to, "https://localhost:8443/rod/v1") == 0,
             "wsa:Action and wsa:To");
    s = rod_xml_validate(x, &env);
    UT_CHECK(s == ROD_OK, "validates: %s", env.detail);
    rod_xml_done(x);
    free(e);
}

static void test_soap12(void)
{
    const char *e = "<e:Envelope xmlns:e=\"http://www.w3.org/2003/05/soap-envelope\" "
                    "xmlns:wsa=\"http://www.w3.org/2005/08/addressing\"><e:Header>" HEADERS "</e:Header>"
                    "<e:Body>" OVERZICHT "</e:Body></e:Envelope>";
    rod_envelope env;

    UT_CHECK(check_all(e, strlen(e), 12, NULL, &env) == ROD_OK, "a SOAP 1.2 envelope: %s", env.detail);
    UT_CHECK(check_all(e, strlen(e), 11, NULL, &env) == ROD_XSD_INVALID && strcmp(env.veld, "Envelope") == 0,
             "is no SOAP 1.1 envelope (text/xml)");
    char *e11 = envelope(HEADERS, OVERZICHT);

    UT_CHECK(check_all(e11, strlen(e11), 12, NULL, &env) == ROD_XSD_INVALID, "and the other way round");
    free(e11);
    /* the media type's action parameter (spec 8.2) */
    rod_status s = rod_xml_parse(x, e, strlen(e), 12, &env);

    if (s == ROD_OK)
        s = rod_xml_check_addressing(x, NULL, "urn:rodgate:rod:v1/ZoekenVerzuim", &env);
    UT_CHECK(s == ROD_UNKNOWN_OPERATION && strcmp(env.veld, "Content-Type") == 0,
             "an action parameter unlike wsa:Action: ROD-0004 on Content-Type");
    rod_xml_done(x);
}

static void test_rod_0001_not_well_formed(void)
{
    static const struct {
        const char *text;
        size_t len; /* 0: strlen */
        const char *what;
    } rows[] = {
        {"<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>", 0, "not closed"},
        {"<a><b></a></b>", 0, "tags crossed"},
        {"", 0, "empty"},
        {"plain text", 0, "no element"},
        {"<a>\xe9t\xe9</a>", 0, "Latin-1 bytes"},
        {"\xfe\xff\x00<\x00a\x00/\x00>", 10, "UTF-16 with a byte order mark"},
        {"<a>x\0y</a>", 10, "a NUL byte"},
        {"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>", 0, "another encoding declared"},
        {"<a/><b/>", 0, "two root elements"},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        rod_envelope env;
        size_t len = rows[i].len ? rows[i].len : strlen(rows[i].text);
        rod_status s = rod_xml_parse(x, rows[i].text, len, 11, &env);

        rod_xml_done(x);
        UT_CHECK(s == ROD_XML_MALFORMED, "%s: ROD-0001, got %s (%s)", rows[i].what, rod_status_code(s),
                 env.detail);
        UT_CHECK(env.detail[0] != '\0', "%s: a detail", rows[i].what);
    }
}

static void test_rod_0003_dtd_entity_depth(void)
{
    rod_envelope env;
    char *e = envelope(HEADERS, OVERZICHT);
    size_t n = strlen(e) + 200;
    char *doctype = malloc(n);

    if (!doctype || !e) {
        free(doctype);
        free(e);
        return;
    }
    snprintf(doctype, n, "<!DOCTYPE s:Envelope [<!ENTITY x \"y\">]>%s", e);
    UT_CHECK(parse_text(doctype, &env) == ROD_XML_LIMIT && strstr(env.detail, "DOCTYPE") != NULL,
             "a DOCTYPE: ROD-0003 [%s]", env.detail);
    snprintf(doctype, n, "<?xml version=\"1.0\"?>\n<!DOCTYPE a SYSTEM \"file:///etc/passwd\">%s", e);
    UT_CHECK(parse_text(doctype, &env) == ROD_XML_LIMIT, "an external DTD: ROD-0003 [%s]", env.detail);
    free(doctype);
    free(e);

    e = envelope(HEADERS,
                 "<rod:OpvragenOverzichtRequest xmlns:rod=\"urn:rodgate:rod:v1\"><rod:paginaGrootte>&ten;"
                 "</rod:paginaGrootte></rod:OpvragenOverzichtRequest>");
    UT_CHECK(parse_text(e, &env) == ROD_XML_LIMIT &&
                 strcmp(env.detail, "Entiteiten zijn niet toegestaan.") == 0,
             "an entity reference: ROD-0003 [%s]", env.detail);
    free(e);

    /* Envelope and Body are levels 1 and 2 */
    char deep[MAX_DEPTH * 8 + 8];

    for (int levels = MAX_DEPTH - 2; levels <= MAX_DEPTH - 1; levels++) {
        size_t off = 0;

        for (int i = 0; i < levels; i++)
            off += (size_t)snprintf(deep + off, sizeof deep - off, "<a>");
        for (int i = 0; i < levels; i++)
            off += (size_t)snprintf(deep + off, sizeof deep - off, "</a>");
        e = envelope(HEADERS, deep);
        rod_status s = parse_text(e, &env);

        if (levels == MAX_DEPTH - 2)
            UT_CHECK(s == ROD_UNKNOWN_OPERATION,
                     "%d levels are within the limit (an unknown element then): %s", levels + 2,
                     rod_status_code(s));
        else
            UT_CHECK(s == ROD_XML_LIMIT && strstr(env.detail, "64") != NULL, "%d levels: ROD-0003 [%s]",
                     levels + 2, env.detail);
        free(e);
    }
}

static void test_rod_0002_envelope_shape(void)
{
    static const struct {
        const char *text, *veld, *what;
    } rows[] = {
        {"<Envelope><Body/></Envelope>", "Envelope", "an Envelope in no namespace"},
        {"<s:Envelope xmlns:s=\"urn:other\"><s:Body/></s:Envelope>", "Envelope", "another namespace"},
        {"<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Header/></s:Envelope>", "Body",
         "no Body"},
        {"<s:Envelope "
         "xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body/><s:Header/></s:Envelope>",
         "Envelope", "a Header after the Body"},
        {"<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body/><s:Body/></s:Envelope>",
         "Envelope", "two Bodies"},
        {"<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Header/><s:Header/><s:Body/>"
         "</s:Envelope>",
         "Envelope", "two Headers"},
        {"<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">text<s:Body/></s:Envelope>",
         "Envelope", "text in the Envelope"},
        {"<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body> <!-- c --> </s:Body>"
         "</s:Envelope>",
         "Body", "an empty Body"},
        {"<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>x" OVERZICHT "</s:Body>"
         "</s:Envelope>",
         "Body", "text beside the request element"},
        {"<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>" OVERZICHT OVERZICHT
         "</s:Body></s:Envelope>",
         "Body", "two request elements"},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        rod_envelope env;
        rod_status s = parse_text(rows[i].text, &env);

        UT_CHECK(s == ROD_XSD_INVALID && strcmp(env.veld, rows[i].veld) == 0,
                 "%s: ROD-0002 on %s, got %s on %s", rows[i].what, rows[i].veld, rod_status_code(s),
                 env.veld);
    }
}

static void test_rod_0004_unknown_body_element(void)
{
    static const struct {
        const char *body, *what;
    } rows[] = {
        {"<rod:OnbekendRequest xmlns:rod=\"urn:rodgate:rod:v1\"/>", "an unknown request"},
        {"<rod:OpvragenOverzichtResponse xmlns:rod=\"urn:rodgate:rod:v1\"/>", "a response element"},
        {"<OpvragenOverzichtRequest/>", "a request element in no namespace"},
        {"<rod:OpvragenOverzichtRequest xmlns:rod=\"urn:rodgate:rod:v2\"/>", "another namespace"},
        /* checked before the second element counts (spec 8.1) */
        {"<x:Other xmlns:x=\"urn:x\"/>" OVERZICHT, "an unknown element first"},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        rod_envelope env;
        char *e = envelope(HEADERS, rows[i].body);
        rod_status s = parse_text(e, &env);

        UT_CHECK(s == ROD_UNKNOWN_OPERATION && strcmp(env.veld, "Body") == 0, "%s: ROD-0004, got %s [%s]",
                 rows[i].what, rod_status_code(s), env.detail);
        UT_CHECK(strcmp(env.wsa_message_id, MSGID) == 0, "%s: the fault can relate to the MessageID",
                 rows[i].what);
        free(e);
    }
}

static void test_rod_0006_wsa_missing(void)
{
    static const struct {
        const char *headers, *veld;
    } rows[] = {
        {"<wsa:Action>" ACTION "</wsa:Action><wsa:MessageID>" MSGID "</wsa:MessageID>", "Header/wsa:To"},
        {TO "<wsa:MessageID>" MSGID "</wsa:MessageID>", "Header/wsa:Action"},
        {TO "<wsa:Action>" ACTION "</wsa:Action>", "Header/wsa:MessageID"},
        {TO "<wsa:Action>" ACTION "</wsa:Action><wsa:MessageID> \n </wsa:MessageID>", "Header/wsa:MessageID"},
        {TO "<wsa:Action>" ACTION "</wsa:Action><MessageID>" MSGID "</MessageID>", "Header/wsa:MessageID"},
        {TO "<wsa:Action>" ACTION "</wsa:Action><x:MessageID xmlns:x=\"http://schemas.xmlsoap.org/ws/2004/08/"
            "addressing\">" MSGID "</x:MessageID>",
         "Header/wsa:MessageID"},
        {"", "Header/wsa:To"},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        rod_envelope env;
        rod_status s = check_envelope(rows[i].headers, OVERZICHT, NULL, &env);

        UT_CHECK(s == ROD_WSA_MISSING && strcmp(env.veld, rows[i].veld) == 0,
                 "row %zu: ROD-0006 on %s, got %s on %s", i, rows[i].veld, rod_status_code(s), env.veld);
    }
    rod_envelope env;
    const char *no_header =
        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>" OVERZICHT
        "</s:Body></s:Envelope>";

    UT_CHECK(check_all(no_header, strlen(no_header), 11, NULL, &env) == ROD_WSA_MISSING, "no Header at all");
}

static void test_rod_0004_action_mismatch(void)
{
    static const struct {
        const char *headers, *soapaction, *veld;
        rod_status want;
    } rows[] = {
        {TO "<wsa:Action>urn:rodgate:rod:v1/ZoekenVerzuim</wsa:Action><wsa:MessageID>" MSGID
            "</wsa:MessageID>",
         NULL, "Header/wsa:Action", ROD_UNKNOWN_OPERATION},
        {TO "<wsa:Action>urn:rodgate:rod:v1/OpvragenOverzichtResponse</wsa:Action><wsa:MessageID>" MSGID
            "</wsa:MessageID>",
         NULL, "Header/wsa:Action", ROD_UNKNOWN_OPERATION},
        {HEADERS, "\"urn:rodgate:rod:v1/ZoekenVerzuim\"", "SOAPAction", ROD_UNKNOWN_OPERATION},
        {HEADERS, "urn:rodgate:rod:v1/ZoekenVerzuim", "SOAPAction", ROD_UNKNOWN_OPERATION},
        {HEADERS, "\"\"", "", ROD_OK},
        {HEADERS, "", "", ROD_OK},
        {HEADERS, "\"" ACTION "\"", "", ROD_OK},
        {HEADERS, ACTION, "", ROD_OK},
        {TO "<wsa:Action>\n  " ACTION "  </wsa:Action><wsa:MessageID>" MSGID "</wsa:MessageID>", NULL, "",
         ROD_OK},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        rod_envelope env;
        rod_status s = check_envelope(rows[i].headers, OVERZICHT, rows[i].soapaction, &env);

        UT_CHECK(s == rows[i].want && strcmp(env.veld, rows[i].veld) == 0,
                 "row %zu: %s on [%s], got %s on [%s] %s", i,
                 rows[i].want == ROD_OK ? "OK" : rod_status_code(rows[i].want), rows[i].veld,
                 s == ROD_OK ? "OK" : rod_status_code(s), env.veld, env.detail);
    }
}

static void test_wsa_twice_or_too_long(void)
{
    rod_envelope env;
    char headers[1024], id[300];

    snprintf(headers, sizeof headers, "%s<wsa:MessageID>urn:uuid:2</wsa:MessageID>", HEADERS);
    UT_CHECK(check_envelope(headers, OVERZICHT, NULL, &env) == ROD_XSD_INVALID &&
                 strcmp(env.veld, "Header/wsa:MessageID") == 0,
             "two MessageIDs: ROD-0002 [%s]", env.detail);
    memset(id, 'i', sizeof id);
    id[255] = '\0';
    snprintf(headers, sizeof headers,
             TO "<wsa:Action>" ACTION "</wsa:Action><wsa:MessageID>%s</wsa:MessageID>", id);
    UT_CHECK(check_envelope(headers, OVERZICHT, NULL, &env) == ROD_OK, "a MessageID of 255 characters: %s",
             env.detail);
    id[255] = 'i';
    id[256] = '\0';
    snprintf(headers, sizeof headers,
             TO "<wsa:Action>" ACTION "</wsa:Action><wsa:MessageID>%s</wsa:MessageID>", id);
    UT_CHECK(check_envelope(headers, OVERZICHT, NULL, &env) == ROD_XSD_INVALID &&
                 env.wsa_message_id[0] == '\0',
             "a MessageID of 256 characters: ROD-0002, not cut [%s]", env.detail);
}

static void test_xsd_error_has_path_and_position(void)
{
    rod_envelope env;
    rod_status s =
        check_envelope(HEADERS,
                       "\n<rod:OpvragenOverzichtRequest xmlns:rod=\"urn:rodgate:rod:v1\">\n"
                       "  <rod:paginaGrootte>1001</rod:paginaGrootte>\n</rod:OpvragenOverzichtRequest>",
                       NULL, &env);

    UT_CHECK(s == ROD_XSD_INVALID, "paginaGrootte 1001: ROD-0002, got %s", rod_status_code(s));
    UT_CHECK(strcmp(env.veld, "OpvragenOverzichtRequest/paginaGrootte") == 0, "veld [%s]", env.veld);
    UT_CHECK(env.line == 5, "on line 5, got %d", env.line);
    UT_CHECK(env.detail[0] != '\0', "with a detail");
}

static void test_large_request_in_the_arena(void)
{
    /* from 256 KiB on a request is parsed into the arena (xml/arena.c) */
    size_t pad = (size_t)300 << 10;
    char *comment = malloc(4 + pad + sizeof("-->" OVERZICHT));
    rod_envelope env;

    if (!comment)
        return;

    memcpy(comment, "<!--", 4);
    memset(comment + 4, 'c', pad);
    memcpy(comment + 4 + pad, "-->" OVERZICHT, sizeof("-->" OVERZICHT));
    for (int round = 0; round < 2; round++) {
        UT_CHECK(check_envelope(HEADERS, comment, NULL, &env) == ROD_OK, "round %d: a 300 KiB request: %s",
                 round, env.detail);
        UT_CHECK(check_envelope(HEADERS, OVERZICHT, NULL, &env) == ROD_OK, "round %d: then a small one",
                 round);
    }
    free(comment);
}

void test_envelope_register(void)
{
    static const ut_test tests[] = {
        {"valid examples validate", test_valid_examples},
        {"invalid examples are refused", test_invalid_examples},
        {"the result of a good request", test_result_of_a_good_request},
        {"SOAP 1.2", test_soap12},
        {"ROD-0001 not well-formed", test_rod_0001_not_well_formed},
        {"ROD-0003 DTD, entity, depth", test_rod_0003_dtd_entity_depth},
        {"ROD-0002 envelope shape", test_rod_0002_envelope_shape},
        {"ROD-0004 unknown body element", test_rod_0004_unknown_body_element},
        {"ROD-0006 wsa header missing", test_rod_0006_wsa_missing},
        {"ROD-0004 action mismatch", test_rod_0004_action_mismatch},
        {"wsa header twice or too long", test_wsa_twice_or_too_long},
        {"XSD error with path and position", test_xsd_error_has_path_and_position},
        {"a large request in the arena", test_large_request_in_the_arena},
    };

    ut_register_suite_with("xml/envelope", suite_init, suite_cleanup, tests, UT_COUNT(tests));
}
