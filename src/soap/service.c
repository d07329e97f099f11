/* Implementation of the handler helpers. */
#include "soap/service.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "rules/text.h"
#include "soap/alloc.h"
#include "store/org.h"
#include "tls/digest.h"

/* Above every error code of gSOAP (SOAP_STOP and its HTTP codes < 1000). */
#define HANDLER_FAULT_BASE 0x10000

/* Set by rod_service_begin for the handler running on this thread. */
static _Thread_local bool no_message_id;

rod_ctx *rod_service_begin(struct soap *soap, rod_operation op)
{
    rod_ctx *c = soap->user;
    c->handler_ran = true;
    no_message_id = false;
    struct SOAP_ENV__Header *h = rod_alloc(soap, sizeof *h);
    if (!h)
        return c; /* marked: the request ends with ROD-9002 */
    soap_default_SOAP_ENV__Header(soap, h);
    char action[128], msgid[46];
    snprintf(action, sizeof action, "%s%sResponse", ROD_ACTION_PREFIX, rod_operation_name(op));
    /* no random MessageID: the handler's answer becomes ROD-9002 in
     * rod_service_end (its transaction is rolled back like any fault) */
    no_message_id = !rod_uuid_urn(msgid);
    h->wsa5__Action = rod_sdup(soap, action);
    h->wsa5__MessageID = rod_sdup(soap, msgid);
    h->wsa5__RelatesTo = rod_alloc(soap, sizeof *h->wsa5__RelatesTo);
    if (h->wsa5__RelatesTo) {
        soap_default_wsa5__RelatesToType(soap, h->wsa5__RelatesTo);
        h->wsa5__RelatesTo->__item = rod_sdup(soap, c->message_id);
    }
    soap->header = h;
    return c;
}

int rod_service_end(rod_ctx *c, rod_status s)
{
    (void)c;
    if (no_message_id)
        s = ROD_INTERNAL;
    rod_kind k = rod_status_kind(s);
    if (k == ROD_KIND_FAULT_CLIENT || k == ROD_KIND_FAULT_SERVER)
        return HANDLER_FAULT_BASE + (int)s;
    return SOAP_OK;
}

rod_status rod_service_validated(rod_ctx *c)
{
    return c->await_checks ? c->await_checks(c->await_arg) : ROD_OK;
}

rod_status rod_service_status(int handler_rc)
{
    if (handler_rc <= HANDLER_FAULT_BASE || handler_rc >= HANDLER_FAULT_BASE + ROD_STATUS_COUNT)
        return ROD_OK;
    return (rod_status)(handler_rc - HANDLER_FAULT_BASE);
}

void rod_fouten_init(rod_fouten *f, struct soap *soap)
{
    f->soap = soap;
    f->items = NULL;
    f->n = f->cap = 0;
}

void rod_fout(rod_fouten *f, rod_status s, const char *veld, const char *detail)
{
    if (f->n == f->cap) {
        int cap = f->cap ? f->cap * 2 : 4;
        /* a fout that cannot be recorded must not turn into gelukt=true:
         * rod_alloc marks the request, which then ends with ROD-9002 */
        struct rod__Fout *items = rod_alloc(f->soap, sizeof *items * (size_t)cap);
        if (!items)
            return;
        if (f->n)
            memcpy(items, f->items, sizeof *items * (size_t)f->n);
        f->items = items;
        f->cap = cap;
    }
    rod_ctx *c = f->soap->user;
    if (c && !c->result[0])
        snprintf(c->result, sizeof c->result, "%s", rod_status_code(s));
    struct rod__Fout *x = &f->items[f->n++];
    soap_default_rod__Fout(f->soap, x);
    x->code = (char *)rod_status_code(s);
    x->omschrijving =
        detail ? rod_sprintf(f->soap, "%s %s", rod_status_text(s), detail) : (char *)rod_status_text(s);
    x->veld = veld && *veld ? rod_sdup(f->soap, veld) : NULL;
}

rod_status rod_check_instelling(rod_ctx *c, rod_fouten *f, const char *code, const char *veld, bool *ok)
{
    rod_instelling inst;
    bool exists = false;
    *ok = false;
    rod_status s = rod_instelling_get(c->db, code, &inst, &exists);
    if (s != ROD_OK)
        return s;
    if (!exists)
        rod_fout(f, ROD_INSTELLING_UNKNOWN, veld, NULL);
    else if (inst.organisatie_id != c->org.id)
        rod_fout(f, ROD_NOT_AUTHORISED, veld, NULL);
    else
        *ok = true;
    return ROD_OK;
}

rod_date rod_today(void)
{
    rod_date d;
    rod_clock_today(&d.y, &d.m, &d.d);
    return d;
}

char *rod_sdup(struct soap *soap, const char *s)
{
    return rod_alloc_strdup(soap, s);
}

char *rod_sprintf(struct soap *soap, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return rod_alloc_strdup(soap, buf);
}

char *rod_text(struct soap *soap, const char *s)
{
    if (!s)
        return NULL;
    char *copy = rod_alloc_strdup(soap, s);
    if (!copy)
        return NULL;
    char *t = rod_trim(copy);
    return *t ? t : NULL;
}

int *rod_sint(struct soap *soap, int v)
{
    int *p = rod_alloc(soap, sizeof *p);
    if (p)
        *p = v;
    return p;
}

const char *rod_pgn_value(const struct rod__PersoonsgebondenNummer *p, bool *is_bsn)
{
    *is_bsn = false;
    if (!p)
        return NULL;
    if (p->__union_PersoonsgebondenNummer == SOAP_UNION__rod__union_PersoonsgebondenNummer_bsn) {
        *is_bsn = true;
        return p->union_PersoonsgebondenNummer.bsn;
    }
    if (p->__union_PersoonsgebondenNummer == SOAP_UNION__rod__union_PersoonsgebondenNummer_onderwijsnummer)
        return p->union_PersoonsgebondenNummer.onderwijsnummer;
    return NULL;
}

struct rod__PersoonsgebondenNummer *rod_pgn_make(struct soap *soap, const char *pgn, bool is_bsn)
{
    struct rod__PersoonsgebondenNummer *p = rod_alloc(soap, sizeof *p);
    if (!p)
        return NULL;
    soap_default_rod__PersoonsgebondenNummer(soap, p);
    if (is_bsn) {
        p->__union_PersoonsgebondenNummer = SOAP_UNION__rod__union_PersoonsgebondenNummer_bsn;
        p->union_PersoonsgebondenNummer.bsn = rod_sdup(soap, pgn);
    } else {
        p->__union_PersoonsgebondenNummer = SOAP_UNION__rod__union_PersoonsgebondenNummer_onderwijsnummer;
        p->union_PersoonsgebondenNummer.onderwijsnummer = rod_sdup(soap, pgn);
    }
    return p;
}
