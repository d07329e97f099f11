/* Building XML text by hand (faults) in a rod_buf (core/buf.h): escaping
 * that always yields well-formed UTF-8, whatever bytes it is given. */
#ifndef ROD_SOAP_XMLTEXT_H
#define ROD_SOAP_XMLTEXT_H

#include "core/buf.h"

/* Appends s escaped for element content; invalid UTF-8 and characters XML
 * forbids become '?'. */
void rod_buf_escape(rod_buf *b, const char *s);

#endif
