/* The checks on a POSTed request before any handler runs, in the order of
 * spec 5 and 8: Content-Type, organisation by OIN (ROD-0101), XML
 * (ROD-0001/0003), envelope and operation (ROD-0002/0004), role
 * (ROD-0103), WS-Addressing (ROD-0006/0004), XSD (ROD-0002). */
#ifndef ROD_SOAP_CHECKS_H
#define ROD_SOAP_CHECKS_H

#include "core/status.h"
#include "net/server.h"
#include "soap/app.h"

/* ROD_OK when the request may be processed (w->ctx.org and w->env filled);
 * otherwise the fault is already rendered into resp and its status
 * returned. The XSD check of a large AanleverenInschrijving may still be
 * running on ROD_OK (xml/envelope.h, rod_xml_validate_begin): its result
 * comes from rod_xml_validate_end, which w->ctx.await_checks calls for the
 * handler and soap/transaction.c before any answer. */
rod_status rod_checks_run(rod_worker *w, const rod_request *req, rod_response *resp);

#endif
