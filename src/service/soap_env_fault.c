/* gSOAP's WS-Addressing import declares a one-way operation for receiving
 * Faults; a Fault is never a valid request here (ROD-0004 before dispatch),
 * so its service function only exists to link. */
#include "soap/service.h"

int SOAP_ENV__Fault(struct soap *soap, char *faultcode, char *faultstring, char *faultactor,
                    struct SOAP_ENV__Detail *detail, struct SOAP_ENV__Code *code,
                    struct SOAP_ENV__Reason *reason, char *node, char *role,
                    struct SOAP_ENV__Detail *detail12)
{
    (void)faultcode, (void)faultstring, (void)faultactor, (void)detail, (void)code, (void)reason, (void)node,
        (void)role, (void)detail12;
    return soap_send_empty_response(soap, SOAP_OK);
}
