/* UTF-8 decoding and the text formats of the contract's common types. */
#include "rules/text.h"

#include "rules/ascii.h"

/* Follows the table of well-formed sequences in Unicode 15 section 3.9
 * (table 3-7): the allowed range of the second byte is what excludes
 * overlongs, surrogates and code points above U+10FFFF. */
size_t rod_utf8_decode(const unsigned char *p, size_t n, uint32_t *cp)
{
    unsigned char b0 = p[0];
    unsigned char lo = 0x80, hi = 0xBF;
    size_t len;
    uint32_t v;

    if (b0 < 0x80) {
        *cp = b0;
        return 1;
    }
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2;
        v = b0 & 0x1Fu;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3;
        v = b0 & 0x0Fu;
        if (b0 == 0xE0)
            lo = 0xA0; /* below: overlong */
        else if (b0 == 0xED)
            hi = 0x9F; /* above: surrogates */
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4;
        v = b0 & 0x07u;
        if (b0 == 0xF0)
            lo = 0x90; /* below: overlong */
        else if (b0 == 0xF4)
            hi = 0x8F; /* above: beyond U+10FFFF */
    } else {
        /* 80..BF cannot start a sequence; C0, C1 and F5..FF never occur. */
        return 0;
    }
    if (n < len)
        return 0;
    if (p[1] < lo || p[1] > hi)
        return 0;
    v = (v << 6) | (p[1] & 0x3Fu);
    for (size_t i = 2; i < len; i++) {
        if (p[i] < 0x80 || p[i] > 0xBF)
            return 0;
        v = (v << 6) | (p[i] & 0x3Fu);
    }
    *cp = v;
    return len;
}

size_t rod_utf8_length(const char *s)
{
    size_t count = 0;

    if (s == NULL)
        return 0;
    /* Every code point has exactly one byte that is not a continuation
	 * byte (10xxxxxx). */
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0u) != 0x80u)
            count++;
    return count;
}

bool rod_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;

    if (s == NULL)
        return len == 0;
    while (i < len) {
        uint32_t cp;
        size_t step = rod_utf8_decode(p + i, len - i, &cp);

        if (step == 0)
            return false;
        i += step;
    }
    return true;
}

static bool xml_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

char *rod_trim(char *s)
{
    char *end;

    if (s == NULL)
        return NULL;
    while (xml_space(*s))
        s++;
    end = s;
    while (*end)
        end++;
    while (end > s && xml_space(end[-1]))
        end--;
    *end = '\0';
    return s;
}

/* White space anywhere in Unicode (the White_Space property) plus the C0 and
 * C1 controls and DEL: none belongs in an address, and a look-alike space
 * would make two addresses that read the same differ. */
static bool space_or_control(uint32_t cp)
{
    if (cp <= 0x20 || (cp >= 0x7F && cp <= 0x9F))
        return true;
    if (cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A))
        return true;
    return cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

bool rod_email_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n, i = 0, chars = 0, at = 0, ats = 0;

    if (s == NULL)
        return false;
    n = 0;
    while (p[n])
        n++;
    while (i < n) {
        uint32_t cp;
        size_t step = rod_utf8_decode(p + i, n - i, &cp);

        if (step == 0 || space_or_control(cp))
            return false;
        if (cp == '@') {
            ats++;
            at = i;
        }
        chars++;
        i += step;
    }
    if (chars > ROD_EMAIL_MAX_CHARS || ats != 1)
        return false;
    /* Both the local part and the domain must be non-empty. */
    return at > 0 && at < n - 1;
}

bool rod_telefoon_valid(const char *s)
{
    size_t n = 0;

    if (s == NULL)
        return false;
    /* All allowed characters are ASCII, so bytes and characters agree. */
    for (; s[n]; n++) {
        char c = s[n];

        if (!rod_ascii_digit(c) && c != ' ' && c != '+' && c != '-' && c != '(' && c != ')')
            return false;
        if (n >= ROD_TELEFOON_MAX_CHARS)
            return false;
    }
    return n >= 1;
}

bool rod_instellingscode_valid(const char *s)
{
    if (s == NULL)
        return false;
    return rod_ascii_digit(s[0]) && rod_ascii_digit(s[1]) && rod_ascii_upper(s[2]) && rod_ascii_upper(s[3]) &&
           s[4] == '\0';
}
