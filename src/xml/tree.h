/* Read-only access to the elements of a parsed, validated request, for
 * code outside xml/ that must not include libxml2 (soap/bind_aanleveren.c
 * builds gSOAP's request struct from the tree instead of letting gSOAP
 * parse the same bytes again). The nodes belong to the rod_xml they came
 * from and live until its rod_xml_done or next rod_xml_parse. */
#ifndef ROD_XML_TREE_H
#define ROD_XML_TREE_H

#include <stdbool.h>
#include <stddef.h>

#include "xml/envelope.h"

/* An element of the tree (libxml2's xmlNode, opaque here). */
typedef struct rod_xml_node rod_xml_node;

/* The request element (the Body's only child) of the document kept by a
 * successful rod_xml_parse; NULL when there is none. */
const rod_xml_node *rod_xml_request(const rod_xml *x);

/* The first element child of n, the next element sibling of n; NULL when
 * there is none (or n is NULL). Text, comments and PIs are skipped. */
const rod_xml_node *rod_xml_child(const rod_xml_node *n);
const rod_xml_node *rod_xml_next(const rod_xml_node *n);

/* Whether n is the element `name` of the contract's namespace. */
bool rod_xml_is(const rod_xml_node *n, const char *name);

/* The character data of n (its text and CDATA children joined, comments
 * and PIs left out, as an XML parser reports it): copies at most cap - 1
 * bytes and a NUL into dst (when cap > 0) and returns the full length,
 * like snprintf. */
size_t rod_xml_text(const rod_xml_node *n, char *dst, size_t cap);

#endif
