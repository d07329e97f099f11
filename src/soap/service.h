/* Helpers shared by the handlers in service/: response WS-Addressing
 * headers, the list of functional errors (`fout`), and strings in the
 * request's gSOAP memory (freed with the request). */
#ifndef ROD_SOAP_SERVICE_H
#define ROD_SOAP_SERVICE_H

#include "core/operations.h"
#include "core/status.h"
#include "rules/date.h"
#include "soap/alloc.h"
#include "soap/context.h"
#include "soapH.h"

/* Called first by each handler: the request's context and the response
 * headers (wsa:Action, a fresh wsa:MessageID, wsa:RelatesTo). */
rod_ctx *rod_service_begin(struct soap *soap, rod_operation op);

/* A handler's return value: SOAP_OK for a response (gelukt or not), or a
 * fault-kind status encoded so that gSOAP stops before serialising and the
 * pipeline answers it as a SOAP Fault (rod_service_status decodes it). */
int rod_service_end(rod_ctx *c, rod_status s);
/* Waits for the checks' XSD validation when it still runs beside the
 * handler (a batch, soap/checks.c): ROD_OK when the request is valid,
 * ROD_XSD_INVALID when not (the handler ends with it, writing nothing). A
 * handler calls it before its first write. */
rod_status rod_service_validated(rod_ctx *c);

/* The status a handler returned: a fault status, or ROD_OK for anything
 * else (a response, or a gSOAP error of its own). */
rod_status rod_service_status(int handler_rc);

typedef struct {
    struct soap *soap;
    struct rod__Fout *items;
    int n, cap;
} rod_fouten;

void rod_fouten_init(rod_fouten *f, struct soap *soap);
/* Adds one functional error; detail (may be NULL) is appended to the
 * standard text, veld is the path of the offending element. */
void rod_fout(rod_fouten *f, rod_status s, const char *veld, const char *detail);

/* ROD-0201 / ROD-0102 (spec 8.5) for instellingscode `code` at path
 * veld: *ok when the instelling is the caller's. */
rod_status rod_check_instelling(rod_ctx *c, rod_fouten *f, const char *code, const char *veld, bool *ok);

/* The register's today (core/clock.h) as a rules date. */
rod_date rod_today(void);

char *rod_sdup(struct soap *soap, const char *s);
char *rod_sprintf(struct soap *soap, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The trimmed text, or NULL when s is NULL or only white space. */
char *rod_text(struct soap *soap, const char *s);
int *rod_sint(struct soap *soap, int v);

/* gSOAP's PersoonsgebondenNummer <-> a 9-digit string and its kind. */
const char *rod_pgn_value(const struct rod__PersoonsgebondenNummer *p, bool *is_bsn);
struct rod__PersoonsgebondenNummer *rod_pgn_make(struct soap *soap, const char *pgn, bool is_bsn);

#endif
