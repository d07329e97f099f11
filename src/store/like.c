/* LIKE patterns. */
#include "store/like.h"

size_t rod_like_substring(char *out, size_t cap, const char *text)
{
    size_t o = 0;
    out[o++] = '%';
    /* room for an escape, the character, the closing '%' and the NUL */
    for (const char *c = text; c && *c && o + 3 < cap; c++) {
        if (*c == '%' || *c == '_' || *c == '!')
            out[o++] = '!';
        out[o++] = *c;
    }
    out[o++] = '%';
    out[o] = '\0';
    return o;
}
