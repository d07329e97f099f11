/* Helpers shared by the handlers in service/: response WS-Addressing
 * headers, the list of functional errors (`fout`), and strings in the
 * request's gSOAP memory (freed with the request). */
#ifndef ROD_SOAP_SERVICE_H
#define ROD_SOAP_SERVICE_H

#include "core/operations.h"
#include "core/status.h"
#include "soap/app.h"
#include "soapH.h"

/* Called first by each handler: the worker of this request and the response
 * headers (wsa:Action, a fresh wsa:MessageID, wsa:RelatesTo). */
rod_worker *rod_service_begin(struct soap *soap, rod_operation op);

/* Ends a handler. A fault-kind status is answered as a SOAP Fault by the
 * pipeline; the gSOAP response is then discarded. */
int rod_service_end(rod_worker *w, rod_status s);

typedef struct {
    struct soap *soap;
    struct rod__Fout *items;
    int n, cap;
} rod_fouten;

void rod_fouten_init(rod_fouten *f, struct soap *soap);
/* Adds one functional error; detail (may be NULL) is appended to the
 * standard text, veld is the path of the offending element. */
void rod_fout(rod_fouten *f, rod_status s, const char *veld, const char *detail);

char *rod_sdup(struct soap *soap, const char *s);
char *rod_sprintf(struct soap *soap, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The trimmed text, or NULL when s is NULL or only white space. */
char *rod_text(struct soap *soap, const char *s);
int *rod_sint(struct soap *soap, int v);

/* gSOAP's PersoonsgebondenNummer <-> a 9-digit string and its kind. */
const char *rod_pgn_value(const struct rod__PersoonsgebondenNummer *p, bool *is_bsn);
struct rod__PersoonsgebondenNummer *rod_pgn_make(struct soap *soap, const char *pgn, bool is_bsn);

#endif
