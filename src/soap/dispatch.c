/* The gSOAP skeleton for one request, and the handler's status from its
 * return value (soap/service.h encodes it). */
#include "soap/dispatch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "soap/alloc.h"
#include "soap/bind_aanleveren.h"
#include "soap/service.h"
#include "soapH.h"

/* The output half of gSOAP's soap_serve___rodw__AanleverenInschrijving
 * (build/gen/soapServer.c) on a request struct bound from the tree: the
 * same handler, the same serialisation of the response and its SOAP
 * Header. What the skeleton does between parsing and the handler
 * (soap_body_end_in, soap_envelope_end_in, soap_end_recv) reads the end
 * tags that libxml2 has already found well-formed. */
static int serve_bound_aanleveren(struct soap *soap, rod_xml *xml)
{
    struct rod__AanleverenInschrijvingRequestType *req = rod_bind_aanleveren(soap, rod_xml_request(xml));
    /* the tree is not needed any more: its memory goes back before the
     * handler runs (a retry after a deadlock lets gSOAP parse the body) */
    rod_xml_done(xml);
    if (!req)
        return soap->error ? soap->error : SOAP_TAG_MISMATCH;
    struct rod__AanleverenInschrijvingResponseType resp;
    soap_default_rod__AanleverenInschrijvingResponseType(soap, &resp);
    soap->error = __rodw__AanleverenInschrijving(soap, req, &resp);
    if (soap->error)
        return soap->error;
    soap->encodingStyle = NULL; /* use SOAP literal style */
    soap_serializeheader(soap);
    soap_serialize_rod__AanleverenInschrijvingResponseType(soap, &resp);
    if (soap_begin_count(soap))
        return soap->error;
    if ((soap->mode & SOAP_IO_LENGTH)) {
        if (soap_envelope_begin_out(soap) || soap_putheader(soap) || soap_body_begin_out(soap) ||
            soap_put_rod__AanleverenInschrijvingResponseType(soap, &resp,
                                                             "rod:AanleverenInschrijvingResponse", "") ||
            soap_body_end_out(soap) || soap_envelope_end_out(soap))
            return soap->error;
    }
    if (soap_end_count(soap) || soap_response(soap, SOAP_OK) || soap_envelope_begin_out(soap) ||
        soap_putheader(soap) || soap_body_begin_out(soap) ||
        soap_put_rod__AanleverenInschrijvingResponseType(soap, &resp, "rod:AanleverenInschrijvingResponse",
                                                         "") ||
        soap_body_end_out(soap) || soap_envelope_end_out(soap) || soap_end_send(soap))
        return soap->error;
    return soap_closesock(soap);
}

rod_status rod_dispatch(struct soap *soap, rod_ctx *ctx, rod_operation op, const char *body, rod_xml *xml,
                        char **out, size_t *out_len, char *detail, size_t cap)
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
    bool bound = op == ROD_OP_AanleverenInschrijving && xml && rod_xml_request(xml);
    int rc = soap_begin_serve(soap)     ? soap->error
             : bound                    ? (serve_bound_aanleveren(soap, xml) ? soap->error : SOAP_OK)
             : soap_serve_request(soap) ? soap->error
                                        : SOAP_OK;
    if (xml)
        rod_xml_done(xml); /* also when gSOAP stopped before the binder */
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
