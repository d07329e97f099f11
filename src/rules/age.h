/* The contract's age rules: the minimum age for an inschrijving, the wet a
 * verzuim falls under, which verzuimsoort fits which age, and the age limit
 * for verzuim. */
#ifndef ROD_RULES_AGE_H
#define ROD_RULES_AGE_H

#include <stdbool.h>

#include "rules/date.h"
#include "rules/partial_date.h"

/* Age limits of the contract, in completed years. */
#define ROD_AGE_MIN_INSCHRIJVING    4
#define ROD_AGE_ADULT               18
#define ROD_AGE_TOO_OLD_FOR_VERZUIM 23

/* Age on the day on of a pupil with a possibly partial birth date. Every age
 * rule uses the earliest possible birthday (YYYY -> 1 January, YYYY-MM -> the
 * 1st), as the contract prescribes for the minimum age: one rule for all
 * keeps a pupil from being, say, 17 for one check and 18 for another on the
 * same day. -1 when on is before that birthday. */
int rod_pdate_age_on(rod_pdate birth, rod_date on);

/* At least 4 years old on today, the day the register receives the data
 * (ROD-0207); a partial birth date counts from its earliest possible day. */
bool rod_old_enough_for_inschrijving(rod_pdate birth, rod_date today);

typedef enum { ROD_WET_LEERPLICHTWET, ROD_WET_RMC_WET } rod_wet;

/* LEERPLICHTWET when the pupil is under 18 on begindatum, else RMC_WET. */
rod_wet rod_wet_for(rod_pdate birth, rod_date begindatum);

/* The contract's Wet text ("LEERPLICHTWET", "RMC_WET"); NULL if out of range. */
const char *rod_wet_name(rod_wet w);

/* VerzuimSoort, in contract order. ROD_SOORT_MAP keeps the enumeration and
 * its contract text together (libuv's X-macro): X(enumerator suffix). */
#define ROD_SOORT_MAP(X)        \
    X(ZESTIEN_UUR_18MIN)        \
    X(LANGDURIG_RELATIEF_18MIN) \
    X(ZESTIEN_UUR_18PLUS)       \
    X(RMC_18PLUS)               \
    X(OVERIG)                   \
    X(LUXE)

#define ROD_SOORT_ENUMERATOR_(name) ROD_SOORT_##name,
typedef enum { ROD_SOORT_MAP(ROD_SOORT_ENUMERATOR_) ROD_SOORT_COUNT } rod_soort;
#undef ROD_SOORT_ENUMERATOR_

/* Whether soort fits a pupil of age completed years on begindatum (ROD-0304):
 * the *_18MIN soorten under 18, ZESTIEN_UUR_18PLUS from 18, RMC_18PLUS from
 * 18 up to 23, OVERIG and LUXE at every age. A negative age (not yet born)
 * or an unknown soort allows nothing. Being 23 or older is a separate rule
 * (rod_too_old_for_verzuim, ROD-0303). */
bool rod_soort_allowed_for_age(rod_soort s, int age);

/* The contract's enumeration text of s, e.g. "ZESTIEN_UUR_18MIN"; NULL if s is
 * not a rod_soort. */
const char *rod_soort_name(rod_soort s);

/* Exact, case-sensitive match of a contract enumeration text. Returns false,
 * leaving *out untouched, for anything else. */
bool rod_soort_parse(const char *s, rod_soort *out);

/* 23 or older: no verzuim can be reported (ROD-0303). */
bool rod_too_old_for_verzuim(int age);

/* A startkwalificatie dated datum ("YYYY-MM-DD"; NULL or "" for none) makes
 * the pupil not reportable for a melding beginning on begindatum when it is
 * dated on or before that day (ROD-0303). */
bool rod_startkwalificatie_applies(const char *datum, rod_date begindatum);

#endif
