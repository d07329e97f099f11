/* Calendar dates (proleptic Gregorian, years 1..9999): validation, xs:date
 * parsing and formatting, day arithmetic, ages and the school year. */
#ifndef ROD_RULES_DATE_H
#define ROD_RULES_DATE_H

#include <stdbool.h>

typedef struct {
    int y, m, d;
} rod_date;

/* Length of "YYYY-MM-DD" plus its terminating NUL. */
#define ROD_DATE_BUFSIZE 11

bool rod_is_leap_year(int y);

/* Days in month m (1..12) of year y; 0 for a month outside 1..12. */
int rod_days_in_month(int y, int m);

/* True for a real calendar day in years 1..9999. */
bool rod_date_valid(int y, int m, int d);

/* Parses an xs:date: exactly "YYYY-MM-DD", optionally followed by a time zone
 * "Z", "+hh:mm" or "-hh:mm" (hh 00..14, mm 00..59, at most 14:00) that is
 * checked and then ignored. No surrounding white space: the caller trims.
 * Returns false, leaving *out untouched, unless the whole string matches and
 * names a real calendar day. */
bool rod_date_parse(const char *s, rod_date *out);

/* Writes "YYYY-MM-DD" and a NUL. d must be valid (see rod_date_valid). */
void rod_date_format(rod_date d, char out[ROD_DATE_BUFSIZE]);

/* Days since 1970-01-01 (negative before it) and back. */
long rod_date_to_days(rod_date d);
rod_date rod_date_from_days(long days);

/* Negative, zero or positive as a is before, equal to or after b. */
int rod_date_cmp(rod_date a, rod_date b);

/* d plus (or minus) whole years; 29 February lands on 28 February in a
 * non-leap year (contract 8.8). */
rod_date rod_date_add_years(rod_date d, int years);

/* Completed years of someone born on birth, on the day on: the largest n with
 * rod_date_add_years(birth, n) <= on. A 29-February child therefore turns a
 * year older on 28 February in non-leap years. -1 when on is before birth. */
int rod_age_on(rod_date birth, rod_date on);

/* 1 August that starts the school year containing today. */
rod_date rod_schooljaar_begin(rod_date today);

#endif
