/* What a handler in service/ gets to know about its request: the database
 * connection to use, the calling organisation and the request's MessageID,
 * and where it leaves its first functional error code (for the log and the
 * audit) and what the overview of sent messages lists of it. Nothing else
 * of the worker: handlers neither commit, nor roll back, nor choose a
 * connection. */
#ifndef ROD_SOAP_CONTEXT_H
#define ROD_SOAP_CONTEXT_H

#include <stdbool.h>

#include "core/status.h"
#include "store/db.h"
#include "store/melding.h"
#include "store/org.h"

/* What a mutating handler tells the overview of sent messages
 * (OpvragenBerichten) about its request, beside gelukt/fout. */
typedef struct {
    bool batch; /* AanleverenInschrijving: the counts below */
    int verwerkt, gelukt, afgekeurd;
    long long meldingnummer; /* the melding of a verzuim operation; 0: none */
} rod_bericht_info;

typedef struct {
    rod_db *db;             /* in the request's transaction (mutating, verzuim reads) */
    rod_org org;            /* the caller */
    const char *message_id; /* the request's wsa:MessageID */
    char result[12];        /* first functional error code, "" when none */
    bool handler_ran;       /* set by rod_service_begin */
    rod_bericht_info bericht;
    bool out_of_memory; /* an allocation for the answer failed (soap/alloc.h): ROD-9002 */
    /* a change's melding write, sent with the stored response at the
     * request's end (store/melding.h, rod_vz_deferred) */
    rod_vz_deferred melding_write;
    /* the XSD validation of a batch, still running beside the handler
     * (soap/checks.c): rod_service_validated waits for it before the first
     * write; NULL when the checks finished it */
    rod_status (*await_checks)(void *arg);
    void *await_arg;
} rod_ctx;

#endif
