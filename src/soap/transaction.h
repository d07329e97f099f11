/* One request, one transaction. A mutating request claims its MessageID,
 * runs its handler, stores its response and its audit row, and commits, all
 * in one transaction, retried after a deadlock; a repeat gets the stored
 * response (same Body) or ROD-0005. A read-only request runs in a READ ONLY
 * snapshot (the overview: on the query-cache connection, without one). */
#ifndef ROD_SOAP_TRANSACTION_H
#define ROD_SOAP_TRANSACTION_H

#include "core/status.h"
#include "net/server.h"
#include "soap/app.h"

/* Runs the checked request's handler; ROD_OK with the answer in resp, or
 * the status of the fault to answer (nothing of the request is stored
 * then). Sets w->audited when the audit row committed with the request. */
rod_status rod_transaction_run(rod_worker *w, const rod_request *req, rod_response *resp, char *detail,
                               size_t cap);

#endif
