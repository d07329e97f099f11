/* Locale-independent ASCII character tests shared by the rules; <ctype.h> is
 * avoided because its answers depend on the current locale. */
#ifndef ROD_RULES_ASCII_H
#define ROD_RULES_ASCII_H

#include <stdbool.h>

static inline bool rod_ascii_digit(char c)
{
    return c >= '0' && c <= '9';
}

static inline bool rod_ascii_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

/* Reads exactly n digits from s into *value. Stops at the first non-digit
 * (a NUL included), so it never reads past the end of a shorter string. */
static inline bool rod_ascii_read_digits(const char *s, int n, int *value)
{
    int v = 0;

    for (int i = 0; i < n; i++) {
        if (!rod_ascii_digit(s[i]))
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *value = v;
    return true;
}

#endif
