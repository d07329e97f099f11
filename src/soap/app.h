/* The application behind the server: per worker a gSOAP context, a libxml2
 * context and a database connection; per request the pipeline
 * HTTP -> checks (XML, operation, role, WS-Addressing, XSD) -> idempotency
 * -> gSOAP deserialisation -> handler -> response. */
#ifndef ROD_SOAP_APP_H
#define ROD_SOAP_APP_H

#include <stdbool.h>
#include <stddef.h>

#include "config/config.h"
#include "core/operations.h"
#include "core/status.h"
#include "net/server.h"
#include "store/db.h"
#include "store/org.h"
#include "xml/envelope.h"

struct soap;

typedef struct rod_worker {
    const rod_config *cfg;
    struct soap *soap;
    rod_xml *xml;
    rod_db *db;
    rod_db *db_cached; /* OpvragenOverzicht's, with the query cache */
    /* the current request */
    rod_org org;
    rod_envelope env;
    rod_status fault; /* set by a handler for a fault answer */
    char fault_detail[256];
    bool in_transaction;
    char result[12];  /* first functional error code, for the log */
    bool handler_ran; /* set by rod_service_begin */
} rod_worker;

/* Start-up: loads the WSDL/XSD texts to serve and checks the database is
 * reachable (a warning only: workers reconnect by themselves). */
int rod_app_init(const rod_config *cfg, char *err, size_t errlen);
void rod_app_free(void);
const rod_app *rod_app_callbacks(void);

/* The pipeline for one request, usable without sockets (tests, fuzzing). */
void rod_app_handle(rod_worker *w, const rod_request *req, rod_response *resp);
rod_worker *rod_worker_new(const rod_config *cfg);
void rod_worker_free(rod_worker *w);

#endif
