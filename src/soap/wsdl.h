/* Serves the WSDL and XSD files over GET (spec 1): ?wsdl and ?xsd=NAME,
 * with every schemaLocation and the soap:address rewritten to URLs on the
 * same server, so a client imports the service from its URL alone. */
#ifndef ROD_SOAP_WSDL_H
#define ROD_SOAP_WSDL_H

#include <stdbool.h>
#include <stddef.h>

#include "net/server.h"

/* Reads the WSDL and every *.xsd of xsd_dir once at start-up. */
int rod_wsdl_load(const char *wsdl_path, const char *xsd_dir, char *err, size_t errlen);
void rod_wsdl_free(void);

/* Answers the query string ("wsdl" or "xsd=rod-v1.xsd"). host is the Host
 * header (used when it is a plain host[:port]), fallback the listen
 * address. False when the query names nothing served. */
bool rod_wsdl_serve(const char *query, const char *host, const char *fallback, rod_response *resp);

#endif
