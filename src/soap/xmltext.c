/* Growable text buffer with XML escaping. */
#include "soap/xmltext.h"

#include <stdlib.h>
#include <string.h>

void rod_buf_add(rod_buf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d) {
            b->failed = 1;
            return;
        }
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void rod_buf_puts(rod_buf *b, const char *s)
{
    rod_buf_add(b, s, strlen(s));
}

/* Length of the valid UTF-8 sequence at s (XML Char production), 0 if none. */
static size_t utf8_char(const unsigned char *s)
{
    unsigned c = s[0];
    if (c < 0x80)
        return (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') ? 1 : 0;
    size_t n;
    unsigned cp;
    if ((c & 0xE0) == 0xC0) {
        n = 2;
        cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        n = 3;
        cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        n = 4;
        cp = c & 0x07;
    } else
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    static const unsigned min[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF)
        return 0;
    return n;
}

void rod_buf_escape(rod_buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (p && *p) {
        switch (*p) {
        case '&':
            rod_buf_puts(b, "&amp;");
            p++;
            continue;
        case '<':
            rod_buf_puts(b, "&lt;");
            p++;
            continue;
        case '>':
            rod_buf_puts(b, "&gt;");
            p++;
            continue;
        case '"':
            rod_buf_puts(b, "&quot;");
            p++;
            continue;
        default:
            break;
        }
        size_t n = utf8_char(p);
        if (n == 0) {
            rod_buf_add(b, "?", 1);
            p++;
        } else {
            rod_buf_add(b, (const char *)p, n);
            p += n;
        }
    }
}
