/* Parsing of OnvolledigeDatum and the range of days a partial date covers. */
#include "rules/partial_date.h"

#include <stddef.h>

#include "rules/ascii.h"

bool rod_pdate_parse(const char *s, rod_pdate *out)
{
    rod_pdate p = {0, 0, 0, ROD_PDATE_YEAR};

    if (s == NULL || out == NULL)
        return false;
    /* Each part is read only when the part before it ended in '-', so a
	 * short string is never read past its NUL. */
    if (!rod_ascii_read_digits(s, 4, &p.y) || p.y < 1)
        return false;
    if (s[4] != '\0') {
        if (s[4] != '-' || !rod_ascii_read_digits(s + 5, 2, &p.m))
            return false;
        if (p.m < 1 || p.m > 12)
            return false;
        p.precision = ROD_PDATE_MONTH;
        if (s[7] != '\0') {
            if (s[7] != '-' || !rod_ascii_read_digits(s + 8, 2, &p.d))
                return false;
            if (s[10] != '\0' || !rod_date_valid(p.y, p.m, p.d))
                return false;
            p.precision = ROD_PDATE_DAY;
        }
    }
    *out = p;
    return true;
}

rod_date rod_pdate_earliest(rod_pdate p)
{
    rod_date r = {p.y, 1, 1};

    if (p.precision >= ROD_PDATE_MONTH)
        r.m = p.m;
    if (p.precision >= ROD_PDATE_DAY)
        r.d = p.d;
    return r;
}

rod_date rod_pdate_latest(rod_pdate p)
{
    rod_date r = {p.y, 12, 31};

    if (p.precision >= ROD_PDATE_MONTH) {
        r.m = p.m;
        r.d = rod_days_in_month(p.y, p.m);
    }
    if (p.precision >= ROD_PDATE_DAY)
        r.d = p.d;
    return r;
}

bool rod_pdate_in_future(rod_pdate p, rod_date today)
{
    return rod_date_cmp(rod_pdate_earliest(p), today) > 0;
}
