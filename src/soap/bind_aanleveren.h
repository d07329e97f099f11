/* The AanleverenInschrijving request struct built from the libxml2 tree
 * that the checks have already parsed and validated against the XSD, so
 * that the largest request (up to 10,000 inschrijvingen) is parsed once
 * instead of twice (docs/performance.md, "The batch parsed once"). */
#ifndef ROD_SOAP_BIND_AANLEVEREN_H
#define ROD_SOAP_BIND_AANLEVEREN_H

#include "xml/tree.h"

struct soap;
struct rod__AanleverenInschrijvingRequestType;

/* The struct gSOAP's soap_in_rod__AanleverenInschrijvingRequestType makes
 * of the same element, in soap's memory (freed by soap_end). NULL when an
 * allocation failed (soap->error is SOAP_EOM) or the element is not what
 * the XSD allows (soap->error is SOAP_TAG_MISMATCH or gSOAP's conversion
 * error); never crashes on any tree. */
struct rod__AanleverenInschrijvingRequestType *rod_bind_aanleveren(struct soap *soap,
                                                                   const rod_xml_node *request);

#endif
