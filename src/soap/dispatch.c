/* The gSOAP skeleton for one request, and the handler's status from its
 * return value (soap/service.h encodes it). */
#include "soap/dispatch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "soap/alloc.h"
#include "soap/service.h"
#include "soapH.h"

rod_status rod_dispatch(struct soap *soap, rod_ctx *ctx, rod_operation op, const char *body, char **out,
                        size_t *out_len, char *detail, size_t cap)
{
    const char *text = NULL;
    soap->user = ctx;
    soap->is = body;
    soap->os = &text;
    ctx->handler_ran = false;
    ctx->out_of_memory = false;
    rod_alloc_request_begin();
    /* one request: no keep-alive loop of soap_serve, no fault written by
     * gSOAP (faults are rendered by soap/fault.c) */
    int rc = soap_begin_serve(soap) ? soap->error : soap_serve_request(soap) ? soap->error : SOAP_OK;
    soap->is = NULL;
    soap->os = NULL;
    soap->user = NULL;
    /* an allocation failed (the handler's or gSOAP's own): the answer may
     * lack what the handler could not record, a functional error among
     * them, so it must not go out; the caller rolls the transaction back */
    if (ctx->out_of_memory || rc == SOAP_EOM) {
        rod_log_info("gsoap: request of %s ended: out of memory", rod_operation_name(op));
        return ROD_INTERNAL;
    }
    rod_status handler = rod_service_status(rc);
    if (handler != ROD_OK)
        return handler;
    if (rc == SOAP_MUSTUNDERSTAND) {
        /* a header block the client marked mustUnderstand and this service
         * does not know (spec 1: only WS-Addressing is understood): the
         * caller's error, not an internal one */
        snprintf(
            detail, cap,
            "Het SOAP-headerblok met mustUnderstand wordt niet ondersteund; alleen WS-Addressing-headers "
            "worden begrepen.");
        return ROD_XSD_INVALID;
    }
    if (rc != SOAP_OK && !ctx->handler_ran) {
        /* gSOAP refused the request before any handler ran: something in
         * the (unvalidated) SOAP Header it cannot read, e.g. text between
         * header blocks. The caller's error, never a server fault. */
        snprintf(
            detail, cap,
            "De SOAP-header kon niet worden verwerkt: alleen WS-Addressing-headerblokken zonder losse tekst "
            "worden ondersteund.");
        return ROD_XSD_INVALID;
    }
    if (rc != SOAP_OK || !text) {
        rod_log_info("gsoap: request of %s not processed (gSOAP error %d)", rod_operation_name(op), rc);
        return ROD_INTERNAL;
    }
    *out_len = strlen(text);
    *out = malloc(*out_len + 1);
    if (!*out)
        return ROD_INTERNAL;
    memcpy(*out, text, *out_len + 1);
    return ROD_OK;
}

void rod_dispatch_end(struct soap *soap)
{
    soap_destroy(soap);
    soap_end(soap);
}
