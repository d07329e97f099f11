/* Building XML text by hand (faults): a growable buffer and escaping that
 * always yields well-formed UTF-8, whatever bytes it is given. */
#ifndef ROD_SOAP_XMLTEXT_H
#define ROD_SOAP_XMLTEXT_H

#include <stddef.h>

typedef struct {
    char *data;
    size_t len, cap;
    int failed;
} rod_buf;

void rod_buf_add(rod_buf *b, const char *s, size_t n);
void rod_buf_puts(rod_buf *b, const char *s);
/* Appends s escaped for element content; invalid UTF-8 and characters XML
 * forbids become '?'. */
void rod_buf_escape(rod_buf *b, const char *s);

#endif
