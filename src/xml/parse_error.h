/* libxml2's parser error codes as short fixed reasons for the fault's
 * omschrijving and the log: libxml2's own messages quote names and up to
 * 80 bytes of the request, which may be personal data, so they are never
 * passed on. */
#ifndef ROD_XML_PARSE_ERROR_H
#define ROD_XML_PARSE_ERROR_H

#include <stdbool.h>

/* A Dutch reason for libxml2 error `code` (xmlParserErrors), without any
 * request text; a generic one for codes not listed. */
const char *rod_xml_error_reason(int code);

/* Whether `code` is one of libxml2's size limits rather than malformed XML
 * (ROD-0003 instead of ROD-0001). */
bool rod_xml_error_is_limit(int code);

#endif
