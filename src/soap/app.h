/* The application behind the server (net/): per worker a gSOAP context, a
 * libxml2 context and two database connections; per request the path
 *   rod_app_handle (app.c: route, then record the audit row and log line)
 *   -> rod_checks_run (checks.c: organisation, XML, role, addressing, XSD)
 *   -> rod_transaction_run (transaction.c: MessageID claim, transaction,
 *      retry on deadlock, stored response)
 *   -> rod_dispatch (dispatch.c: gSOAP skeleton) -> the handler (service/). */
#ifndef ROD_SOAP_APP_H
#define ROD_SOAP_APP_H

#include <stdbool.h>
#include <stddef.h>

#include "config/config.h"
#include "core/status.h"
#include "net/server.h"
#include "soap/context.h"
#include "store/audit.h"
#include "store/db.h"
#include "xml/envelope.h"

struct soap;

typedef struct rod_worker {
    const rod_config *cfg;
    struct soap *soap;
    rod_xml *xml;
    rod_db *db;
    rod_db *db_cached;       /* OpvragenOverzicht's, with the query cache */
    rod_audit_sender *audit; /* the audit rows of requests that store nothing else */
    /* the current request */
    double t0_ms;      /* monotonic start */
    long long t0_wall; /* wall clock start, ms since the epoch, UTC */
    rod_ctx ctx;
    rod_envelope env;
    bool in_transaction; /* between the transaction's start and its end */
    bool audited;        /* the audit row went with the request's transaction */
    /* what the fault answer said (for the log line) */
    char fault_detail[512];
    int fault_line, fault_col;
} rod_worker;

/* Start-up: loads the WSDL/XSD texts to serve and checks the database is
 * reachable (a warning only: workers reconnect by themselves). */
int rod_app_start(const rod_config *cfg, char *err, size_t errlen);
void rod_app_stop(void);
const rod_app *rod_app_callbacks(void);

/* The pipeline for one request, usable without sockets (tests, fuzzing). */
void rod_app_handle(rod_worker *w, const rod_request *req, rod_response *resp);
rod_worker *rod_worker_new(const rod_config *cfg);
void rod_worker_free(rod_worker *w);

/* Renders the fault answer of status s (detail NULL: the status's own text)
 * and remembers what it said for the log line. */
void rod_app_fault(rod_worker *w, rod_response *resp, rod_status s, const char *detail, const char *veld,
                   int line, int col);

/* The audit row of the current request as it stands now. */
void rod_app_audit_entry(const rod_worker *w, rod_status s, int http_status, rod_audit_entry *a);

#endif
