/* The verzuim operations (CONTRACT 4) are published in the WSDL but not yet
 * implemented: they answer fault ROD-9002 with a clear text until then. */
#include "soap/service.h"

#define PENDING(Op)                                                                                            \
    int __rodw__##Op(struct soap *soap, struct rod__##Op##RequestType *req, struct rod__##Op##ResponseType *resp) \
    {                                                                                                          \
        (void)req;                                                                                             \
        (void)resp;                                                                                            \
        rod_worker *w = rod_service_begin(soap, ROD_OP_##Op);                                                  \
        snprintf(w->fault_detail, sizeof w->fault_detail, "Operatie %s is nog niet beschikbaar.", #Op);        \
        return rod_service_end(w, ROD_INTERNAL);                                                               \
    }

PENDING(MeldenVerzuim)
PENDING(WijzigenVerzuim)
PENDING(IntrekkenVerzuim)
PENDING(ZoekenVerzuim)
PENDING(OpvragenMelding)
PENDING(OpvragenHistorie)
PENDING(VerwerkenTerugkoppeling)
PENDING(OpvragenLeerling)

/* gSOAP's WS-Addressing import declares a one-way operation for receiving
 * Faults; a Fault is never a valid request here (ROD-0004 before dispatch). */
int SOAP_ENV__Fault(struct soap *soap, char *faultcode, char *faultstring, char *faultactor,
                    struct SOAP_ENV__Detail *detail, struct SOAP_ENV__Code *code, struct SOAP_ENV__Reason *reason,
                    char *node, char *role, struct SOAP_ENV__Detail *detail12)
{
    (void)faultcode, (void)faultstring, (void)faultactor, (void)detail, (void)code, (void)reason, (void)node,
        (void)role, (void)detail12;
    return soap_send_empty_response(soap, SOAP_OK);
}
