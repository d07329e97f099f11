/* A linear pre-scan of a request's raw bytes before libxml2 sees them: it
 * counts what libxml2 2.9.14 handles in time growing with the square of a
 * count (attributes and namespace declarations of one element, namespace
 * declarations in scope) and what makes the tree large (nodes), and
 * measures names and texts. Refusing there costs one pass over the bytes;
 * refusing inside libxml2 comes too late (its duplicate-attribute and
 * namespace checks run before any SAX callback). Pure: no libxml2. */
#ifndef ROD_XML_PRESCAN_H
#define ROD_XML_PRESCAN_H

#include <stddef.h>

typedef struct {
    long max_attributes;      /* per element, namespace declarations included */
    long max_ns_per_element;  /* xmlns and xmlns:p declarations of one element */
    long max_ns_per_document; /* all namespace declarations of the request */
    long max_nodes;           /* elements, attributes, comments, PIs, CDATA sections */
    long max_name_bytes;      /* an element's or attribute's (qualified) name */
    long max_text_bytes;      /* one text, attribute value, comment, PI or CDATA section */
} rod_xml_limits;

typedef enum {
    ROD_SCAN_OK,
    ROD_SCAN_DTD, /* <!DOCTYPE or any other declaration */
    ROD_SCAN_ATTRIBUTES,
    ROD_SCAN_NS_ELEMENT,
    ROD_SCAN_NS_DOCUMENT,
    ROD_SCAN_NODES,
    ROD_SCAN_NAME,
    ROD_SCAN_TEXT,
} rod_scan_result;

/* Scans p[0, len). Returns the first limit exceeded, with *at the byte
 * offset of the construct that exceeded it. Malformed input is not judged
 * here (libxml2 reports it): the scan only counts, and never reads past
 * len. */
rod_scan_result rod_xml_prescan(const char *p, size_t len, const rod_xml_limits *lim, size_t *at);

/* 1-based line and column (in bytes) of offset `at` in p. */
void rod_xml_line_column(const char *p, size_t len, size_t at, int *line, int *column);

#endif
