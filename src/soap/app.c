/* The request pipeline. Checks run in the order of CONTRACT 5 and 8:
 * organisation (ROD-0101), XML (ROD-0001/0003), envelope and operation
 * (ROD-0002/0004), role (ROD-0103), WS-Addressing (ROD-0006/0004), XSD
 * (ROD-0002); then mutating operations claim their MessageID inside the
 * transaction that also holds their data, so request and idempotency record
 * commit or vanish together. */
#include "soap/app.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/log.h"
#include "soap/fault.h"
#include "soap/wsdl.h"
#include "soapH.h"
#include "store/idempotency.h"
#include "tls/digest.h"

static const rod_config *app_cfg;

/* Only the namespaces the contract uses, so responses carry no clutter. */
struct Namespace namespaces[] = {
    {"SOAP-ENV", "http://schemas.xmlsoap.org/soap/envelope/", "http://www.w3.org/*/soap-envelope", NULL},
    {"SOAP-ENC", "http://schemas.xmlsoap.org/soap/encoding/", "http://www.w3.org/*/soap-encoding", NULL},
    {"xsi", "http://www.w3.org/2001/XMLSchema-instance", "http://www.w3.org/*/XMLSchema-instance", NULL},
    {"xsd", "http://www.w3.org/2001/XMLSchema", "http://www.w3.org/*/XMLSchema", NULL},
    {"rod", "urn:rodgate:rod:v1", NULL, NULL},
    {"wsa5", "http://www.w3.org/2005/08/addressing", NULL, NULL},
    {NULL, NULL, NULL, NULL}};

static int no_http_header(struct soap *soap, int status, ULONG64 count)
{
    (void)soap;
    (void)status;
    (void)count;
    return SOAP_OK;
}

rod_worker *rod_worker_new(const rod_config *cfg)
{
    rod_worker *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->cfg = cfg;
    /* UTF-8 strings as they are. No SOAP_XML_STRICT: libxml2 has already
     * validated the request against the XSD, and gSOAP's strict mode refuses
     * valid XML (whitespace written as character references between
     * elements, found by fuzzing: tests/fuzz/regressions/pipeline/f3-*). */
    w->soap = soap_new1(SOAP_C_UTFSTRING | SOAP_XML_NOTYPE);
    w->xml = rod_xml_new((int)cfg->max_depth);
    w->db = rod_db_new(cfg);
    w->db_cached = rod_db_new_cached(cfg);
    if (!w->soap || !w->xml || !w->db || !w->db_cached) {
        rod_worker_free(w);
        return NULL;
    }
    soap_set_namespaces(w->soap, namespaces);
    w->soap->user = w;
    w->soap->fresponse = no_http_header;
    w->soap->maxlevel = (unsigned int)cfg->max_depth + 4;
    w->soap->recv_maxlength = (ULONG64)cfg->max_body;
    rod_db_connect(w->db); /* early, not required: workers reconnect on demand */
    return w;
}

void rod_worker_free(rod_worker *w)
{
    if (!w)
        return;
    if (w->soap) {
        soap_destroy(w->soap);
        soap_end(w->soap);
        soap_free(w->soap);
    }
    rod_xml_free(w->xml);
    rod_db_free(w->db);
    rod_db_free(w->db_cached);
    free(w);
    mysql_thread_end();
}

static void *worker_init(int index)
{
    (void)index;
    mysql_thread_init();
    return rod_worker_new(app_cfg);
}

static void worker_handle(void *ctx, const rod_request *req, rod_response *resp)
{
    rod_app_handle(ctx, req, resp);
}

static void worker_free(void *ctx)
{
    rod_worker_free(ctx);
}

static const rod_app app_callbacks = {worker_init, worker_handle, worker_free};

const rod_app *rod_app_callbacks(void)
{
    return &app_callbacks;
}

int rod_app_init(const rod_config *cfg, char *err, size_t errlen)
{
    app_cfg = cfg;
    if (rod_wsdl_load(cfg->wsdl_file, cfg->xsd_dir, err, errlen) != 0)
        return -1;
    rod_db *db = rod_db_new(cfg);
    if (!db) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int rc = 0;
    char missing[200];
    if (rod_db_connect(db) != ROD_OK) {
        rod_log_info("rodgate: database not reachable at %s yet; requests get ROD-9001 until it is",
                     cfg->db_socket);
    } else if (rod_db_missing_procedures(db, missing, sizeof missing) != ROD_OK) {
        rod_log_info("rodgate: could not list the stored procedures of database %s", cfg->db_name);
    } else if (missing[0]) {
        /* every mutating request would fail with ROD-9002: refuse to start */
        snprintf(err, errlen,
                 "database %s lacks the stored procedure(s) %s; apply sql/schema-procedures.sql "
                 "(tools/mariadb.sh load does) and grant EXECUTE on them",
                 cfg->db_name, missing);
        rc = -1;
    }
    rod_db_free(db);
    return rc;
}

void rod_app_free(void)
{
    rod_wsdl_free();
}

/* ---- responses ---------------------------------------------------------- */

static void plain(rod_response *resp, int status, const char *text)
{
    resp->status = status;
    resp->content_type = "text/plain; charset=utf-8";
    resp->body = strdup(text);
    resp->body_len = resp->body ? strlen(text) : 0;
}

static void fault(rod_worker *w, rod_response *resp, rod_status s, const char *detail, const char *veld,
                  int line, int col)
{
    rod_fault f = {w->env.soap_version ? w->env.soap_version : 11,         s, detail, veld, line, col,
                   w->env.wsa_message_id[0] ? w->env.wsa_message_id : NULL};
    resp->body = rod_fault_render(&f, &resp->body_len, &resp->status, &resp->content_type);
    if (!resp->body)
        plain(resp, 500, "ROD-9002");
}

static void env_fault(rod_worker *w, rod_response *resp)
{
    fault(w, resp, w->env.status, w->env.detail, w->env.veld, w->env.line, w->env.column);
}

/* ---- content type ------------------------------------------------------- */

/* Parses "type/subtype; charset=...; action=..." into the SOAP version (0 if
 * neither SOAP media type), and checks the charset is UTF-8. */
static int soap_version_of(const char *ct, char *action, size_t action_len, bool *charset_ok)
{
    *charset_ok = true;
    action[0] = '\0';
    if (!ct)
        return 0;
    size_t tl = strcspn(ct, ";");
    while (tl > 0 && (ct[tl - 1] == ' ' || ct[tl - 1] == '\t'))
        tl--;
    int version = 0;
    if (tl == 8 && strncasecmp(ct, "text/xml", 8) == 0)
        version = 11;
    else if (tl == 20 && strncasecmp(ct, "application/soap+xml", 20) == 0)
        version = 12;
    for (const char *p = strchr(ct, ';'); p; p = strchr(p + 1, ';')) {
        const char *q = p + 1;
        while (*q == ' ' || *q == '\t')
            q++;
        size_t nl = strcspn(q, "=;");
        if (q[nl] != '=')
            continue;
        const char *v = q + nl + 1;
        size_t vl = strcspn(v, ";");
        while (vl > 0 && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
            vl--;
        if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') {
            v++;
            vl -= 2;
        }
        if (nl == 7 && strncasecmp(q, "charset", 7) == 0)
            *charset_ok =
                (vl == 5 && strncasecmp(v, "utf-8", 5) == 0) || (vl == 4 && strncasecmp(v, "utf8", 4) == 0);
        else if (nl == 6 && strncasecmp(q, "action", 6) == 0 && vl < action_len) {
            memcpy(action, v, vl);
            action[vl] = '\0';
        }
    }
    return version;
}

/* ---- the pipeline -------------------------------------------------------- */

static void reset(rod_worker *w)
{
    memset(&w->org, 0, sizeof w->org);
    memset(&w->env, 0, sizeof w->env);
    w->env.op = ROD_OP_COUNT;
    w->fault = ROD_OK;
    w->fault_detail[0] = '\0';
    w->in_transaction = false;
    w->result[0] = '\0';
}

/* Runs the generated gSOAP skeleton on the checked request: it
 * deserialises, calls the handler in service/ and serialises. */
static rod_status run_gsoap(rod_worker *w, const rod_request *req, char **out, size_t *out_len)
{
    struct soap *soap = w->soap;
    const char *text = NULL;
    soap->is = req->body;
    soap->os = &text;
    w->handler_ran = false;
    int rc = soap_serve(soap);
    soap->is = NULL;
    soap->os = NULL;
    if (w->fault != ROD_OK)
        return w->fault;
    if (rc == SOAP_MUSTUNDERSTAND) {
        /* a header block the client marked mustUnderstand and this service
         * does not know (CONTRACT 1: only WS-Addressing is understood): the
         * caller's error, not an internal one */
        snprintf(
            w->fault_detail, sizeof w->fault_detail,
            "Het SOAP-headerblok met mustUnderstand wordt niet ondersteund; alleen WS-Addressing-headers "
            "worden begrepen.");
        return ROD_XSD_INVALID;
    }
    if (rc != SOAP_OK && !w->handler_ran) {
        /* gSOAP refused the request before any handler ran: something in
         * the (unvalidated) SOAP Header it cannot read, e.g. text between
         * header blocks. The caller's error, never a server fault. */
        snprintf(
            w->fault_detail, sizeof w->fault_detail,
            "De SOAP-header kon niet worden verwerkt: alleen WS-Addressing-headerblokken zonder losse tekst "
            "worden ondersteund.");
        return ROD_XSD_INVALID;
    }
    if (rc != SOAP_OK || !text) {
        rod_log_info("gsoap: request of %s not processed (gSOAP error %d)", rod_operation_name(w->env.op),
                     rc);
        return ROD_INTERNAL;
    }
    *out_len = strlen(text);
    *out = malloc(*out_len + 1);
    if (!*out)
        return ROD_INTERNAL;
    memcpy(*out, text, *out_len + 1);
    return ROD_OK;
}

static const char *content_type_for(int version)
{
    return version == 12 ? "application/soap+xml; charset=utf-8" : "text/xml; charset=utf-8";
}

/* After a deadlock InnoDB has rolled the whole transaction back: forget the
 * attempt and, after a short random pause, run the request again. Two
 * concurrent requests for the same new pupil, or batches that share pupils,
 * can deadlock; that is no "database unavailable" (ROD-9001) for the client. */
#define MUTATING_ATTEMPTS 8

static bool retry_after_deadlock(rod_worker *w, int attempt)
{
    if (!rod_db_deadlocked(w->db) || attempt + 1 >= MUTATING_ATTEMPTS)
        return false;
    soap_destroy(w->soap);
    soap_end(w->soap);
    w->fault = ROD_OK;
    w->fault_detail[0] = '\0';
    w->result[0] = '\0';
    unsigned int seed = (unsigned int)rod_monotonic_ms() ^ (unsigned int)(uintptr_t)w;
    struct timespec pause = {0, (long)(1 + rand_r(&seed) % (5 << attempt)) * 1000000L};
    nanosleep(&pause, NULL);
    return true;
}

/* Mutating operations: claim the MessageID and run the handler in one
 * transaction; replay the stored response of an earlier identical request. */
static rod_status run_mutating(rod_worker *w, const rod_request *req, rod_response *resp,
                               const unsigned char sha[32])
{
    const char *opname = rod_operation_name(w->env.op);
    for (int attempt = 0; attempt < MUTATING_ATTEMPTS; attempt++) {
        rod_status s;
        rod_dbrc claim = rod_idem_begin(w->db, w->org.id, w->env.wsa_message_id, sha, opname);
        if (claim == ROD_DB_ERR) {
            rod_db_rollback(w->db);
            if (retry_after_deadlock(w, attempt))
                continue;
            return rod_db_status(w->db);
        }
        if (claim == ROD_DB_DUP) {
            rod_db_rollback(w->db);
            unsigned char stored[32];
            char ct[101] = "", *body = NULL;
            size_t len = 0;
            bool found = false;
            s = rod_idem_fetch(w->db, w->org.id, w->env.wsa_message_id, stored, &body, &len, ct, &found);
            if (s != ROD_OK)
                return s;
            if (!found)
                continue; /* the first attempt rolled back meanwhile: process afresh */
            if (memcmp(stored, sha, 32) != 0) {
                free(body);
                return ROD_MESSAGEID_REUSED;
            }
            resp->status = 200;
            resp->content_type =
                strncmp(ct, "application/soap+xml", 20) == 0 ? content_type_for(12) : content_type_for(11);
            resp->body = body;
            resp->body_len = len;
            return ROD_OK;
        }
        w->in_transaction = true;
        char *out = NULL;
        size_t out_len = 0;
        s = run_gsoap(w, req, &out, &out_len);
        if (s == ROD_OK)
            s = rod_idem_finish(w->db, w->org.id, w->env.wsa_message_id,
                                content_type_for(w->env.soap_version), out, out_len);
        w->in_transaction = false;
        if (s != ROD_OK) {
            rod_db_rollback(w->db);
            free(out);
            if (s == ROD_UNAVAILABLE && retry_after_deadlock(w, attempt))
                continue;
            return s;
        }
        resp->status = 200;
        resp->content_type = content_type_for(w->env.soap_version);
        resp->body = out;
        resp->body_len = out_len;
        return ROD_OK;
    }
    return ROD_UNAVAILABLE;
}

static rod_status run_readonly(rod_worker *w, const rod_request *req, rod_response *resp)
{
    /* The verzuim reads chain several queries and get one consistent
     * snapshot. OpvragenOverzicht reads a counter and then its page, each a
     * single statement; it skips the two extra round trips of a
     * transaction, which are a third of its cost (docs/performance.md). */
    bool snapshot = w->env.op != ROD_OP_OpvragenOverzicht;
    rod_status s = snapshot ? rod_db_begin(w->db, true) : ROD_OK;
    if (s != ROD_OK)
        return s;
    w->in_transaction = snapshot;
    /* the overview's statements may be answered by the query cache, on a
     * connection of their own (store/db.h) */
    rod_db *main_db = w->db;
    if (!snapshot)
        w->db = w->db_cached;
    char *out = NULL;
    size_t out_len = 0;
    s = run_gsoap(w, req, &out, &out_len);
    w->db = main_db;
    w->in_transaction = false;
    if (snapshot)
        rod_db_rollback(w->db);
    if (s != ROD_OK)
        return s;
    resp->status = 200;
    resp->content_type = content_type_for(w->env.soap_version);
    resp->body = out;
    resp->body_len = out_len;
    return ROD_OK;
}

static rod_status handle_post(rod_worker *w, const rod_request *req, rod_response *resp)
{
    char ct_action[256];
    bool charset_ok;
    int version = soap_version_of(req->content_type, ct_action, sizeof ct_action, &charset_ok);
    w->env.soap_version = version ? version : 11;
    if (!version) {
        fault(w, resp, ROD_XSD_INVALID,
              "Content-Type moet text/xml (SOAP 1.1) of application/soap+xml (SOAP 1.2) zijn.",
              "Content-Type", 0, 0);
        return ROD_XSD_INVALID;
    }
    if (!charset_ok) {
        fault(w, resp, ROD_XML_MALFORMED, "Alleen charset=utf-8 is toegestaan.", "Content-Type", 0, 0);
        return ROD_XML_MALFORMED;
    }
    /* Who is calling: the OIN of the verified certificate. */
    bool found = false;
    if (req->oin) {
        rod_status s = rod_org_by_oin(w->db, req->oin, &w->org, &found);
        if (s != ROD_OK) {
            fault(w, resp, s, NULL, NULL, 0, 0);
            return s;
        }
    }
    if (!found) {
        fault(w, resp, ROD_ORG_UNKNOWN,
              req->oin ? "Het OIN uit het certificaat (subject.serialNumber) is niet geregistreerd."
                       : "Het certificaat bevat geen OIN van 20 cijfers in subject.serialNumber.",
              NULL, 0, 0);
        return ROD_ORG_UNKNOWN;
    }
    rod_status s = rod_xml_parse(w->xml, req->body, req->body_len, version, &w->env);
    if (s == ROD_OK && !rod_operation_allowed(w->env.op, w->org.role)) {
        char d[200];
        snprintf(d, sizeof d, "Operatie %s is niet toegestaan voor de rol %s.", rod_operation_name(w->env.op),
                 w->org.role == ROD_ROLE_GEMEENTE ? "GEMEENTE" : "SCHOOL");
        rod_xml_done(w->xml);
        fault(w, resp, ROD_ROLE_NOT_ALLOWED, d, NULL, 0, 0);
        return ROD_ROLE_NOT_ALLOWED;
    }
    if (s == ROD_OK)
        s = rod_xml_check_addressing(w->xml, req->soapaction, ct_action[0] ? ct_action : NULL, &w->env);
    if (s == ROD_OK)
        s = rod_xml_validate(w->xml, &w->env);
    rod_xml_done(w->xml);
    if (s != ROD_OK) {
        env_fault(w, resp);
        return s;
    }
    if (rod_operation_mutating(w->env.op)) {
        unsigned char sha[32];
        rod_sha256(req->body + w->env.body_from, w->env.body_to - w->env.body_from, sha);
        s = run_mutating(w, req, resp, sha);
    } else
        s = run_readonly(w, req, resp);
    soap_destroy(w->soap);
    soap_end(w->soap);
    if (s != ROD_OK)
        fault(w, resp, s, w->fault_detail[0] ? w->fault_detail : NULL, NULL, 0, 0);
    return s;
}

void rod_app_handle(rod_worker *w, const rod_request *req, rod_response *resp)
{
    double t0 = rod_monotonic_ms();
    reset(w);
    rod_status s = ROD_OK;
    const char *path_end = req->target + strcspn(req->target, "?");
    bool endpoint = (size_t)(path_end - req->target) == 7 && strncmp(req->target, "/rod/v1", 7) == 0;
    if (!endpoint) {
        plain(resp, 404, "Niet gevonden. Het SOAP-endpoint is /rod/v1.\n");
    } else if (strcmp(req->method, "GET") == 0) {
        if (!rod_wsdl_serve(*path_end ? path_end + 1 : "", req->host, app_cfg->listen, resp))
            plain(resp, 404, "Gebruik ?wsdl of ?xsd=NAAM.\n");
    } else if (strcmp(req->method, "POST") == 0) {
        s = handle_post(w, req, resp);
    } else {
        plain(resp, 405, "Alleen POST (SOAP) en GET (?wsdl, ?xsd=) zijn toegestaan.\n");
    }
    double ms = rod_monotonic_ms() - t0;
    const char *oin = w->org.oin[0] ? w->org.oin : req->oin;
    const char *op = w->env.op < ROD_OP_COUNT          ? rod_operation_name(w->env.op)
                     : strcmp(req->method, "GET") == 0 ? "GET"
                                                       : NULL;
    const char *result = s != ROD_OK ? rod_status_code(s) : w->result[0] ? w->result : "OK";
    rod_log_request(oin, op, w->env.wsa_message_id, result, resp->status, ms);

    rod_audit_entry a;
    memset(&a, 0, sizeof a);
    struct timespec wall;
    clock_gettime(CLOCK_REALTIME, &wall);
    a.epoch_ms = (long long)wall.tv_sec * 1000 + wall.tv_nsec / 1000000;
    snprintf(a.oin, sizeof a.oin, "%s", oin ? oin : "");
    snprintf(a.operatie, sizeof a.operatie, "%s", op ? op : "");
    /* the client's MessageID, printable ASCII only (it is not personal data
     * by contract, but it must not carry control characters into reports) */
    rod_log_sanitise(a.message_id, sizeof a.message_id, w->env.wsa_message_id);
    snprintf(a.resultaat, sizeof a.resultaat, "%s", result);
    a.http_status = resp->status;
    a.duur_ms = ms;
    rod_audit_record(&a);
}
