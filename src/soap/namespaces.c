/* The namespace table gSOAP's library looks up by name (`namespaces`):
 * only the namespaces the contract uses, so responses carry no clutter.
 * A file of its own so that the unit runner links the gateway's table. */
#include "soapH.h"

struct Namespace namespaces[] = {
    {"SOAP-ENV", "http://schemas.xmlsoap.org/soap/envelope/", "http://www.w3.org/*/soap-envelope", NULL},
    {"SOAP-ENC", "http://schemas.xmlsoap.org/soap/encoding/", "http://www.w3.org/*/soap-encoding", NULL},
    {"xsi", "http://www.w3.org/2001/XMLSchema-instance", "http://www.w3.org/*/XMLSchema-instance", NULL},
    {"xsd", "http://www.w3.org/2001/XMLSchema", "http://www.w3.org/*/XMLSchema", NULL},
    {"rod", "urn:rodgate:rod:v1", NULL, NULL},
    {"wsa5", "http://www.w3.org/2005/08/addressing", NULL, NULL},
    {NULL, NULL, NULL, NULL}};
