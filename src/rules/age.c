/* Age-dependent rules of the contract, on top of the calendar in date.c. */
#include "rules/age.h"

#include <stddef.h>
#include <string.h>

int rod_pdate_age_on(rod_pdate birth, rod_date on)
{
    return rod_age_on(rod_pdate_earliest(birth), on);
}

bool rod_old_enough_for_inschrijving(rod_pdate birth, rod_date today)
{
    return rod_pdate_age_on(birth, today) >= ROD_AGE_MIN_INSCHRIJVING;
}

rod_wet rod_wet_for(rod_pdate birth, rod_date begindatum)
{
    /* Leerplicht runs until the 18th birthday; from then on the RMC-wet
	 * applies. */
    if (rod_pdate_age_on(birth, begindatum) < ROD_AGE_ADULT)
        return ROD_WET_LEERPLICHTWET;
    return ROD_WET_RMC_WET;
}

const char *rod_wet_name(rod_wet w)
{
    switch (w) {
    case ROD_WET_LEERPLICHTWET:
        return "LEERPLICHTWET";
    case ROD_WET_RMC_WET:
        return "RMC_WET";
    }
    return NULL;
}

bool rod_soort_allowed_for_age(rod_soort s, int age)
{
    if (age < 0)
        return false;
    switch (s) {
    case ROD_SOORT_ZESTIEN_UUR_18MIN:
    case ROD_SOORT_LANGDURIG_RELATIEF_18MIN:
        return age < ROD_AGE_ADULT;
    case ROD_SOORT_ZESTIEN_UUR_18PLUS:
        return age >= ROD_AGE_ADULT;
    case ROD_SOORT_RMC_18PLUS:
        /* Handleiding verzuimloket v19.0, 2.4: "Als een leerling tussen
		 * 18 en 23 jaar zonder startkwalificatie ..." */
        return age >= ROD_AGE_ADULT && age < ROD_AGE_TOO_OLD_FOR_VERZUIM;
    case ROD_SOORT_OVERIG:
    case ROD_SOORT_LUXE:
        /* Not limited to leerplichtige pupils: Handleiding verzuimloket
		 * v19.0, 2.4, lists the age-bound soorten with "Is alleen
		 * zichtbaar als de leerling jonger is dan 18 jaar" or "18 jaar
		 * of ouder", and then says of these two: "De volgende varianten
		 * zijn altijd zichtbaar:: Overig verzuim: ... Luxe verzuim:
		 * ...". */
        return true;
    case ROD_SOORT_COUNT:
        break;
    }
    return false;
}

const char *rod_soort_name(rod_soort s)
{
#define ROD_SOORT_NAME_(name) #name,
    static const char *const names[ROD_SOORT_COUNT] = {ROD_SOORT_MAP(ROD_SOORT_NAME_)};
#undef ROD_SOORT_NAME_

    /* Compared as unsigned so that a negative value is out of range too. */
    if ((unsigned)s >= (unsigned)ROD_SOORT_COUNT)
        return NULL;
    return names[s];
}

bool rod_soort_parse(const char *s, rod_soort *out)
{
    if (s == NULL || out == NULL)
        return false;
    for (int i = 0; i < ROD_SOORT_COUNT; i++) {
        if (strcmp(s, rod_soort_name((rod_soort)i)) == 0) {
            *out = (rod_soort)i;
            return true;
        }
    }
    return false;
}

bool rod_too_old_for_verzuim(int age)
{
    return age >= ROD_AGE_TOO_OLD_FOR_VERZUIM;
}

bool rod_startkwalificatie_applies(const char *datum, rod_date begindatum)
{
    rod_date d;
    return datum && datum[0] && rod_date_parse(datum, &d) && rod_date_cmp(d, begindatum) <= 0;
}
