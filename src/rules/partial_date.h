/* OnvolledigeDatum: a birth date of which only the year, or the year and
 * month, may be known ("YYYY", "YYYY-MM" or "YYYY-MM-DD"). */
#ifndef ROD_RULES_PARTIAL_DATE_H
#define ROD_RULES_PARTIAL_DATE_H

#include <stdbool.h>

#include "rules/date.h"

typedef enum { ROD_PDATE_YEAR = 1, ROD_PDATE_MONTH = 2, ROD_PDATE_DAY = 3 } rod_pdate_precision;

/* Fields beyond the precision are 0 (m and d for YEAR, d for MONTH). */
typedef struct {
    int y, m, d;
    rod_pdate_precision precision;
} rod_pdate;

/* Parses the whole string; false (ROD-0206), leaving *out untouched, unless it
 * matches [0-9]{4}(-[0-9]{2}(-[0-9]{2})?)? and what it gives is real: year
 * 0001..9999, month 01..12, and a day that exists in that month. */
bool rod_pdate_parse(const char *s, rod_pdate *out);

/* The earliest day p can stand for: YYYY -> YYYY-01-01, YYYY-MM -> YYYY-MM-01.
 * The contract judges "in the future" and the minimum age by this day. */
rod_date rod_pdate_earliest(rod_pdate p);

/* The latest day p can stand for: YYYY -> YYYY-12-31, YYYY-MM -> the last day
 * of that month. */
rod_date rod_pdate_latest(rod_pdate p);

/* Contract 8.8: a partial date is in the future when its earliest possible day
 * is after today (ROD-0212). */
bool rod_pdate_in_future(rod_pdate p, rod_date today);

#endif
