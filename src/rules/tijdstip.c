/* xs:dateTime to the register's UTC text (rules/tijdstip.h). */
#include "rules/tijdstip.h"

#include <stdio.h>

#include "rules/ascii.h"
#include "rules/date.h"

/* Exactly n digits at *p, and past them. */
static bool digits(const char **p, int n, int *out)
{
    if (!rod_ascii_read_digits(*p, n, out))
        return false;
    *p += n;
    return true;
}

static bool expect(const char **p, char c)
{
    if (**p != c)
        return false;
    (*p)++;
    return true;
}

/* ".f+": the microseconds, rounded up (VANAF) or down (TOT); *carry is set
 * when rounding up reaches a whole second. */
static bool fraction(const char **p, rod_tijdstip_grens grens, long *us, bool *carry)
{
    *us = 0;
    *carry = false;
    if (**p != '.')
        return true;
    (*p)++;
    if (!rod_ascii_digit(**p))
        return false;
    int n = 0;
    bool rest = false;
    for (; rod_ascii_digit(**p); (*p)++, n++) {
        if (n < 6)
            *us = *us * 10 + (**p - '0');
        else if (**p != '0')
            rest = true;
    }
    for (int i = n; i < 6; i++)
        *us *= 10;
    if (rest && grens == ROD_TIJDSTIP_VANAF && ++*us == 1000000) {
        *us = 0;
        *carry = true;
    }
    return true;
}

/* "Z", "+hh:mm" or "-hh:mm": minutes east of UTC. */
static bool zone(const char **p, int *minutes)
{
    if (expect(p, 'Z')) {
        *minutes = 0;
        return true;
    }
    char sign = **p;
    if (sign != '+' && sign != '-')
        return false;
    (*p)++;
    int hh, mm;
    if (!digits(p, 2, &hh) || !expect(p, ':') || !digits(p, 2, &mm))
        return false;
    if (mm > 59 || hh * 60 + mm > 14 * 60)
        return false;
    *minutes = (sign == '-' ? -1 : 1) * (hh * 60 + mm);
    return true;
}

bool rod_tijdstip_parse(const char *s, rod_tijdstip_grens grens, char out[ROD_TIJDSTIP_BUFSIZE])
{
    const char *p = s;
    int y, mo, d, h, mi, sec, offset;
    long us;
    bool carry;
    if (!digits(&p, 4, &y) || !expect(&p, '-') || !digits(&p, 2, &mo) || !expect(&p, '-') ||
        !digits(&p, 2, &d) || !expect(&p, 'T') || !digits(&p, 2, &h) || !expect(&p, ':') ||
        !digits(&p, 2, &mi) || !expect(&p, ':') || !digits(&p, 2, &sec) ||
        !fraction(&p, grens, &us, &carry) || !zone(&p, &offset) || *p != '\0')
        return false;
    if (!rod_date_valid(y, mo, d) || mi > 59 || sec > 59 || h > 24 || (h == 24 && (mi || sec || us)))
        return false;
    /* seconds since 1970 (negative before): well within a long long */
    long long days = rod_date_to_days((rod_date){y, mo, d});
    long long t = ((days * 24 + h) * 60 + mi) * 60 + sec - (long long)offset * 60 + (carry ? 1 : 0);
    long long first = rod_date_to_days((rod_date){1, 1, 1}) * 86400LL;
    long long last = rod_date_to_days((rod_date){9999, 12, 31}) * 86400LL + 86399;
    if (t < first) {
        t = first;
        us = 0;
    } else if (t > last) {
        t = last;
        us = 999999;
    }
    long long day = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    unsigned secs = (unsigned)(t - day * 86400); /* 0..86399 */
    rod_date utc = rod_date_from_days((long)day);
    char date[ROD_DATE_BUFSIZE];
    rod_date_format(utc, date);
    snprintf(out, ROD_TIJDSTIP_BUFSIZE, "%.10s %02u:%02u:%02u.%06u", date, (secs / 3600) % 24u,
             (secs / 60) % 60u, secs % 60u, (unsigned)us % 1000000u);
    return true;
}
