/* Elfproef checks for BSN and onderwijsnummer, and onderwijsnummer generation. */
#include "rules/pgn.h"

#include <stddef.h>

#include "rules/ascii.h"

/* The elfproef weights shared by BSN and onderwijsnummer; the last digit
 * counts negatively. */
static const int weights[9] = {9, 8, 7, 6, 5, 4, 3, 2, -1};

/* Weighted sum of exactly 9 ASCII digits; false for any other string. */
static bool weighted_sum(const char *s, int *sum)
{
    int total = 0;

    if (s == NULL)
        return false;
    for (int i = 0; i < 9; i++) {
        if (!rod_ascii_digit(s[i]))
            return false;
        total += weights[i] * (s[i] - '0');
    }
    if (s[9] != '\0')
        return false;
    *sum = total;
    return true;
}

/* C's % keeps the sign of the dividend, and the sum can be negative
 * (e.g. 000000009 gives -9), so fold the remainder into 0..10. */
static int mod11(int v)
{
    int r = v % 11;

    return r < 0 ? r + 11 : r;
}

bool rod_bsn_valid(const char *s)
{
    int sum;

    if (!weighted_sum(s, &sum))
        return false;
    /* A sum of 0 (000000000, 000000012, ...) passes the plain elfproef but
	 * is not an issued number. */
    return sum != 0 && mod11(sum) == 0;
}

bool rod_onderwijsnummer_valid(const char *s)
{
    int sum;

    if (!weighted_sum(s, &sum))
        return false;
    if (s[0] != '1' || s[1] != '0')
        return false;
    return mod11(sum) == 5;
}

bool rod_onderwijsnummer_from_seq(unsigned long seq, char out[ROD_PGN_BUFSIZE])
{
    unsigned long rest = seq;
    int sum = 0;
    int check;

    out[0] = '\0';
    if (seq > ROD_ONDERWIJSNUMMER_SEQ_MAX)
        return false;
    /* Fill the six sequence digits from the right; the prefix "10" adds
	 * 9 * 1 + 8 * 0 to the sum. */
    for (int i = 7; i >= 2; i--) {
        int digit = (int)(rest % 10UL);

        rest /= 10UL;
        out[i] = (char)('0' + digit);
        sum += weights[i] * digit;
    }
    sum += weights[0] * 1 + weights[1] * 0;
    /* The check digit c counts as -c, so sum - c = 5 (mod 11) gives
	 * c = sum - 5 (mod 11); a result of 10 is no digit. */
    check = mod11(sum - 5);
    if (check > 9) {
        out[0] = '\0';
        return false;
    }
    out[0] = '1';
    out[1] = '0';
    out[8] = (char)('0' + check);
    out[9] = '\0';
    return true;
}
