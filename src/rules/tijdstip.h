/* Points in time of the contract's filters (gewijzigdSinds of ZoekenVerzuim,
 * vanaf/tot of OpvragenBerichten): an xs:dateTime with any time zone, as
 * the register's UTC DATETIME(6) text, rounded towards the inclusive side
 * of the bound it is (the register stores microseconds at most). */
#ifndef ROD_RULES_TIJDSTIP_H
#define ROD_RULES_TIJDSTIP_H

#include <stdbool.h>

/* "YYYY-MM-DD HH:MM:SS.ffffff" plus its NUL. */
#define ROD_TIJDSTIP_BUFSIZE 27

typedef enum {
    ROD_TIJDSTIP_VANAF, /* a lower bound: a fraction beyond microseconds rounds up */
    ROD_TIJDSTIP_TOT    /* an upper bound: it rounds down */
} rod_tijdstip_grens;

/* Parses "YYYY-MM-DDTHH:MM:SS[.f+](Z|+hh:mm|-hh:mm)" (hour 24 only as
 * 24:00:00, the next day's midnight; offset at most 14:00) and writes the
 * same instant in UTC. An instant before year 1 or after 9999 in UTC is
 * clamped to the first or last microsecond of that range. Returns false,
 * leaving out untouched, unless the whole string matches and names a real
 * calendar day. */
bool rod_tijdstip_parse(const char *s, rod_tijdstip_grens grens, char out[ROD_TIJDSTIP_BUFSIZE]);

#endif
