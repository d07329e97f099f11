/* The application: the workers, the routing of a request, and what every
 * request leaves behind, its audit row and its log line. The audit row is
 * committed before the answer leaves the gateway (docs/design.md), so the
 * log line, written after it, never names a request the audit lacks. */
#include "soap/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/metrics.h"
#include "soap/checks.h"
#include "soap/fault.h"
#include "soap/transaction.h"
#include "soap/wsdl.h"
#include "soapH.h"

static const rod_config *app_cfg;

/* ---- workers ------------------------------------------------------------- */

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
    w->audit = rod_audit_sender_new(cfg);
    if (!w->soap || !w->xml || !w->db || !w->db_cached || !w->audit) {
        rod_worker_free(w);
        return NULL;
    }
    soap_set_namespaces(w->soap, namespaces);
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
    rod_audit_sender_free(w->audit);
    free(w);
}

static void *worker_init(int index)
{
    rod_metrics_bind_worker(index);
    rod_db_thread_begin();
    return rod_worker_new(app_cfg);
}

static void worker_handle(void *ctx, const rod_request *req, rod_response *resp)
{
    rod_app_handle(ctx, req, resp);
}

static void worker_free(void *ctx)
{
    rod_worker_free(ctx);
    rod_db_thread_end();
}

static const rod_app app_callbacks = {worker_init, worker_handle, worker_free};

const rod_app *rod_app_callbacks(void)
{
    return &app_callbacks;
}

int rod_app_start(const rod_config *cfg, char *err, size_t errlen)
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
                 "(tools/mariadb.sh load does) and grant EXECUTE on them to %s (sql/grants.sql)",
                 cfg->db_name, missing, cfg->db_user);
        rc = -1;
    }
    rod_db_free(db);
    return rc;
}

void rod_app_stop(void)
{
    rod_wsdl_free();
}

/* ---- answers ---------------------------------------------------------------- */

static void plain(rod_response *resp, int status, const char *text)
{
    resp->status = status;
    resp->content_type = "text/plain; charset=utf-8";
    resp->body = strdup(text);
    resp->body_len = resp->body ? strlen(text) : 0;
}

void rod_app_fault(rod_worker *w, rod_response *resp, rod_status s, const char *detail, const char *veld,
                   int line, int col)
{
    rod_fault f = {w->env.soap_version ? w->env.soap_version : 11,         s, detail, veld, line, col,
                   w->env.wsa_message_id[0] ? w->env.wsa_message_id : NULL};
    snprintf(w->fault_detail, sizeof w->fault_detail, "%s", detail ? detail : "");
    w->fault_line = line;
    w->fault_col = col;
    resp->body = rod_fault_render(&f, &resp->body_len, &resp->status, &resp->content_type);
    if (!resp->body)
        plain(resp, 500, "ROD-9002");
}

/* ---- one request ------------------------------------------------------------- */

static void reset(rod_worker *w)
{
    memset(&w->ctx, 0, sizeof w->ctx);
    memset(&w->env, 0, sizeof w->env);
    w->env.op = ROD_OP_COUNT;
    w->ctx.db = w->db;
    w->in_transaction = false;
    w->audited = false;
    w->fault_detail[0] = '\0';
    w->fault_line = w->fault_col = 0;
    w->t0_ms = rod_monotonic_ms();
    struct timespec wall;
    clock_gettime(CLOCK_REALTIME, &wall);
    w->t0_wall = (long long)wall.tv_sec * 1000 + wall.tv_nsec / 1000000;
}

static rod_status handle_post(rod_worker *w, const rod_request *req, rod_response *resp)
{
    rod_status s = rod_checks_run(w, req, resp);
    if (s != ROD_OK)
        return s;
    char detail[256] = "";
    s = rod_transaction_run(w, req, resp, detail, sizeof detail);
    if (s != ROD_OK && s == w->env.status)
        /* the XSD check that ran beside the transaction (a batch): its
         * fault as the checks would have answered it */
        rod_app_fault(w, resp, s, w->env.detail, w->env.veld, w->env.line, w->env.column);
    else if (s != ROD_OK)
        rod_app_fault(w, resp, s, detail[0] ? detail : NULL, NULL, 0, 0);
    return s;
}

static const char *operation_of(const rod_worker *w, const char *method)
{
    return w->env.op < ROD_OP_COUNT     ? rod_operation_name(w->env.op)
           : strcmp(method, "GET") == 0 ? "GET"
                                        : NULL;
}

static const char *result_of(const rod_worker *w, rod_status s)
{
    return s != ROD_OK ? rod_status_code(s) : w->ctx.result[0] ? w->ctx.result : "OK";
}

/* The request's audit row as it stands now: wall-clock start, caller,
 * operation, MessageID, result, HTTP status and duration so far. */
static void audit_entry(const rod_worker *w, const char *oin, const char *op, const char *result,
                        int http_status, rod_audit_entry *a)
{
    memset(a, 0, sizeof *a);
    a->epoch_ms = w->t0_wall;
    snprintf(a->oin, sizeof a->oin, "%s", oin ? oin : "");
    snprintf(a->operatie, sizeof a->operatie, "%s", op ? op : "");
    /* the client's MessageID, printable ASCII only (it is not personal data
     * by contract, but it must not carry control characters into reports) */
    rod_log_sanitise(a->message_id, sizeof a->message_id, w->env.wsa_message_id);
    snprintf(a->resultaat, sizeof a->resultaat, "%s", result);
    a->http_status = http_status;
    a->duur_ms = rod_monotonic_ms() - w->t0_ms;
}

void rod_app_audit_entry(const rod_worker *w, rod_status s, int http_status, rod_audit_entry *a)
{
    audit_entry(w, w->ctx.org.oin, operation_of(w, "POST"), result_of(w, s), http_status, a);
}

/* The log line's note on a fault: where and why an XML error is (ROD-0001);
 * the reason is the gateway's own text, never the request's. */
static void fault_note(const rod_worker *w, rod_status s, char *note, size_t cap)
{
    note[0] = '\0';
    if (s == ROD_XML_MALFORMED)
        snprintf(note, cap, "line=%d col=%d reason=\"%s\"", w->fault_line, w->fault_col,
                 w->fault_detail[0] ? w->fault_detail : rod_status_text(s));
}

void rod_app_handle(rod_worker *w, const rod_request *req, rod_response *resp)
{
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
    const char *oin = w->ctx.org.oin[0] ? w->ctx.org.oin : req->oin;
    const char *op = operation_of(w, req->method);
    const char *result = result_of(w, s);
    if (!w->audited) {
        /* read-only requests, replays and faults: handed to MariaDB
         * (autocommit) before the answer goes out, its commit not awaited */
        rod_audit_entry a;
        audit_entry(w, oin, op, result, resp->status, &a);
        if (rod_audit_send(w->audit, &a) != ROD_OK)
            rod_log_info("audit: row of request %s lost (database unavailable)", a.message_id);
    }
    char note[600];
    fault_note(w, s, note, sizeof note);
    double ms = rod_monotonic_ms() - w->t0_ms;
    rod_log_request_note(oin, op, w->env.wsa_message_id, result, resp->status, ms, note);
    /* the result as a status: a fault's, else the first functional error's */
    rod_status counted = s != ROD_OK ? s : w->ctx.result[0] ? rod_status_from_code(w->ctx.result) : ROD_OK;
    rod_metrics_request(w->env.op, counted, ms);
}
