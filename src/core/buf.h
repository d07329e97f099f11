/* A growable text buffer on the heap: the one of the gateway (XML of
 * faults, the WSDL, the JSON of meldingen). Appending never fails loudly:
 * after an allocation failure `failed` is set and further appends do
 * nothing. data is NUL-terminated after every append. */
#ifndef ROD_CORE_BUF_H
#define ROD_CORE_BUF_H

#include <stddef.h>

typedef struct {
    char *data;
    size_t len, cap;
    int failed;
} rod_buf;

void rod_buf_add(rod_buf *b, const char *s, size_t n);
void rod_buf_puts(rod_buf *b, const char *s);
/* Frees the data; the buffer is empty again. */
void rod_buf_free(rod_buf *b);

#endif
