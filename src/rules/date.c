/* Calendar arithmetic on rod_date: the proleptic Gregorian calendar, written
 * out by hand so that no result depends on the C library's time zone or
 * locale. */
#include "rules/date.h"

#include <limits.h>
#include <stddef.h>

#include "rules/ascii.h"

bool rod_is_leap_year(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int rod_days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    if (m < 1 || m > 12)
        return 0;
    if (m == 2 && rod_is_leap_year(y))
        return 29;
    return days[m - 1];
}

bool rod_date_valid(int y, int m, int d)
{
    if (y < 1 || y > 9999)
        return false;
    if (m < 1 || m > 12)
        return false;
    return d >= 1 && d <= rod_days_in_month(y, m);
}

/* xs:date allows a zone of Z or +/-hh:mm up to 14:00; it does not move the
 * calendar day, so it is only checked. */
static bool zone_valid(const char *z)
{
    int hh, mm;

    if (z[0] == '\0')
        return true;
    if (z[0] == 'Z')
        return z[1] == '\0';
    if (z[0] != '+' && z[0] != '-')
        return false;
    if (!rod_ascii_read_digits(z + 1, 2, &hh) || z[3] != ':' || !rod_ascii_read_digits(z + 4, 2, &mm) ||
        z[6] != '\0')
        return false;
    if (mm > 59 || hh > 14)
        return false;
    return hh < 14 || mm == 0;
}

bool rod_date_parse(const char *s, rod_date *out)
{
    int y, m, d;

    if (s == NULL || out == NULL)
        return false;
    /* Each check stops at the first mismatch, so a NUL ends the scan before
	 * anything beyond a short string is read. */
    if (!rod_ascii_read_digits(s, 4, &y) || s[4] != '-' || !rod_ascii_read_digits(s + 5, 2, &m) ||
        s[7] != '-' || !rod_ascii_read_digits(s + 8, 2, &d))
        return false;
    if (!zone_valid(s + 10))
        return false;
    if (!rod_date_valid(y, m, d))
        return false;
    out->y = y;
    out->m = m;
    out->d = d;
    return true;
}

static void put_digits(char *out, int n, int value)
{
    /* Unsigned arithmetic keeps a bad value from ever writing a '-' or
	 * more than n characters. */
    unsigned v = (unsigned)value;

    for (int i = n - 1; i >= 0; i--) {
        out[i] = (char)('0' + v % 10u);
        v /= 10u;
    }
}

void rod_date_format(rod_date d, char out[ROD_DATE_BUFSIZE])
{
    put_digits(out, 4, d.y);
    out[4] = '-';
    put_digits(out + 5, 2, d.m);
    out[7] = '-';
    put_digits(out + 8, 2, d.d);
    out[10] = '\0';
}

/* Howard Hinnant's days_from_civil: years start on 1 March so that the leap
 * day falls at the end, and 400-year eras repeat exactly. */
long rod_date_to_days(rod_date d)
{
    long y = (long)d.y - (d.m <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long mp = (d.m + 9) % 12; /* March = 0 ... February = 11 */
    long doy = (153 * mp + 2) / 5 + d.d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

    return era * 146097 + doe - 719468;
}

/* The inverse, civil_from_days, from the same derivation. */
rod_date rod_date_from_days(long days)
{
    long z = days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    rod_date r;

    r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
    r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
    r.y = (int)(yoe + era * 400 + (r.m <= 2));
    return r;
}

int rod_date_cmp(rod_date a, rod_date b)
{
    if (a.y != b.y)
        return a.y < b.y ? -1 : 1;
    if (a.m != b.m)
        return a.m < b.m ? -1 : 1;
    if (a.d != b.d)
        return a.d < b.d ? -1 : 1;
    return 0;
}

rod_date rod_date_add_years(rod_date d, int years)
{
    /* Widened and clamped so that absurd inputs cannot overflow int; such
	 * a result is simply not a valid date. */
    long long y = (long long)d.y + years;

    if (y > INT_MAX)
        y = INT_MAX;
    if (y < INT_MIN)
        y = INT_MIN;
    d.y = (int)y;
    if (d.m == 2 && d.d == 29 && !rod_is_leap_year(d.y))
        d.d = 28;
    return d;
}

int rod_age_on(rod_date birth, rod_date on)
{
    int n;

    if (rod_date_cmp(on, birth) < 0)
        return -1;
    /* The birthday in on's year decides: before it, one year fewer. Going
	 * through rod_date_add_years makes a 29-February child's birthday fall
	 * on 28 February in non-leap years, the same rule as "one year
	 * earlier" in contract 8.8. */
    n = on.y - birth.y;
    if (rod_date_cmp(rod_date_add_years(birth, n), on) > 0)
        n--;
    return n;
}

rod_date rod_schooljaar_begin(rod_date today)
{
    rod_date start = {today.y, 8, 1};

    if (rod_date_cmp(today, start) < 0)
        start.y--;
    return start;
}
