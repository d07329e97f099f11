/* Runs gSOAP's generated skeleton on a request the checks have passed: it
 * deserialises the Body from memory, calls the operation's handler in
 * service/ and serialises the response to memory. */
#ifndef ROD_SOAP_DISPATCH_H
#define ROD_SOAP_DISPATCH_H

#include <stddef.h>

#include "core/operations.h"
#include "core/status.h"
#include "soap/context.h"
#include "xml/envelope.h"

struct soap;

/* ROD_OK with the response in *out (malloc'ed, *out_len bytes), or the
 * handler's fault status, or the caller's error for a SOAP Header that
 * gSOAP cannot read (then detail[cap] says why in Dutch). xml (or NULL):
 * the checks' validated tree of an AanleverenInschrijving, kept for this
 * call; its Body is then bound from the tree instead of parsed again by
 * gSOAP (soap/bind_aanleveren.h), and the tree is released
 * (rod_xml_done) before the call returns. */
rod_status rod_dispatch(struct soap *soap, rod_ctx *ctx, rod_operation op, const char *body, rod_xml *xml,
                        char **out, size_t *out_len, char *detail, size_t cap);

/* Forgets the request's gSOAP memory (structs, strings). */
void rod_dispatch_end(struct soap *soap);

#endif
