/* XML escaping. */
#include "soap/xmltext.h"

#include <string.h>

#include "rules/text.h"

/* Length of the valid UTF-8 sequence at s that is an XML Char, 0 if none:
 * the controls but tab, LF and CR, and U+FFFE and U+FFFF, are not. */
static size_t xml_char(const unsigned char *s)
{
    uint32_t cp;
    size_t n = rod_utf8_decode(s, 4, &cp);
    if (n == 0)
        return 0;
    if (n == 1 && cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r')
        return 0;
    if (cp == 0xFFFE || cp == 0xFFFF)
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
        size_t n = xml_char(p);
        if (n == 0) {
            rod_buf_add(b, "?", 1);
            p++;
        } else {
            rod_buf_add(b, (const char *)p, n);
            p += n;
        }
    }
}
