/* Verzuim rules without melding content: enumerations, status machine,
 * periods, hoofdinschrijving and withdrawal dates. */
#include "rules/verzuim.h"

#include <stddef.h>
#include <string.h>

/* ---- enumeration texts ------------------------------------------------------- */

#define ROD_VZ_NAME_(n) #n,

static const char *const status_names[] = {ROD_VZ_STATUS_MAP(ROD_VZ_NAME_)};
static const char *const verb_names[] = {ROD_VZ_VERBIJZONDERING_MAP(ROD_VZ_NAME_)};
static const char *const actie_names[] = {ROD_VZ_ACTIE_MAP(ROD_VZ_NAME_)};
static const char *const reden_names[] = {ROD_VZ_REDEN_MAP(ROD_VZ_NAME_)};
static const char *const hist_names[] = {ROD_VZ_HISTORIE_MAP(ROD_VZ_NAME_)};

#undef ROD_VZ_NAME_

static const char *name_of(const char *const *names, int count, int v)
{
    /* compared as unsigned so that a negative value is out of range too */
    return (unsigned)v < (unsigned)count ? names[v] : NULL;
}

static int index_of(const char *const *names, int count, const char *s)
{
    if (s == NULL)
        return -1;
    for (int i = 0; i < count; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return -1;
}

#define ROD_VZ_NAME_FUNCS_(fn, type, names, count)     \
    const char *rod_vz_##fn##_name(type v)             \
    {                                                  \
        return name_of(names, count, (int)v);          \
    }                                                  \
    bool rod_vz_##fn##_parse(const char *s, type *out) \
    {                                                  \
        int i = index_of(names, count, s);             \
        if (i < 0 || out == NULL)                      \
            return false;                              \
        *out = (type)i;                                \
        return true;                                   \
    }

ROD_VZ_NAME_FUNCS_(status, rod_vz_status, status_names, ROD_VZ_STATUS_COUNT)
ROD_VZ_NAME_FUNCS_(verbijzondering, rod_vz_verbijzondering, verb_names, ROD_VZ_VERB_COUNT)
ROD_VZ_NAME_FUNCS_(actie, rod_vz_actie, actie_names, ROD_VZ_ACTIE_COUNT)
ROD_VZ_NAME_FUNCS_(reden, rod_vz_reden, reden_names, ROD_VZ_REDEN_COUNT)
ROD_VZ_NAME_FUNCS_(historie, rod_vz_historie, hist_names, ROD_VZ_HIST_COUNT)

#undef ROD_VZ_NAME_FUNCS_

/* The names are rod_wet_name's (rules/age.c): written once. */
bool rod_wet_parse(const char *s, rod_wet *out)
{
    static const rod_wet all[] = {ROD_WET_LEERPLICHTWET, ROD_WET_RMC_WET};

    for (size_t i = 0; s && out && i < sizeof all / sizeof all[0]; i++) {
        if (strcmp(rod_wet_name(all[i]), s) == 0) {
            *out = all[i];
            return true;
        }
    }
    return false;
}

/* ---- status machine -------------------------------------------------------- */

bool rod_vz_changeable(rod_vz_status s)
{
    return s == ROD_VZ_GEREGISTREERD || s == ROD_VZ_IN_BEHANDELING;
}

bool rod_vz_final(rod_vz_status s)
{
    return s == ROD_VZ_AFGESLOTEN || s == ROD_VZ_TER_KENNISGEVING_AANGENOMEN ||
           s == ROD_VZ_OVERGEDRAGEN_AAN_DERDEN;
}

bool rod_vz_transition_allowed(rod_vz_status from, rod_vz_status to)
{
    if (to != ROD_VZ_IN_BEHANDELING && !rod_vz_final(to))
        return false;
    if (from == ROD_VZ_GEREGISTREERD)
        return true;
    if (from == ROD_VZ_IN_BEHANDELING)
        return rod_vz_final(to);
    return false;
}

/* ---- periods ------------------------------------------------------------------- */

bool rod_vz_periods_overlap(rod_date b1, const rod_date *e1, rod_date b2, const rod_date *e2)
{
    /* [b1, e1] and [b2, e2] share a day when each begins on or before the
	 * other ends; an open end never ends. */
    bool first_starts_in_time = e2 == NULL || rod_date_cmp(b1, *e2) <= 0;
    bool second_starts_in_time = e1 == NULL || rod_date_cmp(b2, *e1) <= 0;

    return first_starts_in_time && second_starts_in_time;
}

int rod_vz_first_overlap(const rod_vz_periode *list, int n, long long self, rod_date b, const rod_date *e)
{
    for (int i = 0; i < n; i++) {
        const rod_vz_periode *p = &list[i];

        if (p->nummer == self || p->status == ROD_VZ_INGETROKKEN)
            continue;
        if (rod_vz_periods_overlap(p->begin, p->open ? NULL : &p->eind, b, e))
            return i;
    }
    return -1;
}

bool rod_vz_has_earlier_zestien_uur(const rod_vz_periode *list, int n, long long self, rod_date begin)
{
    for (int i = 0; i < n; i++) {
        const rod_vz_periode *p = &list[i];

        if (p->nummer != self && p->status != ROD_VZ_INGETROKKEN && p->soort == ROD_SOORT_ZESTIEN_UUR_18MIN &&
            rod_date_cmp(p->begin, begin) < 0)
            return true;
    }
    return false;
}

/* ---- inschrijvingen -------------------------------------------------------------- */

bool rod_vz_inschrijving_active(const rod_vz_inschrijving *i, rod_date d)
{
    return rod_date_cmp(i->in, d) <= 0 && (!i->has_uit || rod_date_cmp(d, i->uit) <= 0);
}

int rod_vz_hoofdinschrijving(const rod_vz_inschrijving *list, int n, rod_date on)
{
    int best = -1;

    for (int i = 0; i < n; i++) {
        if (!rod_vz_inschrijving_active(&list[i], on))
            continue;
        if (best < 0) {
            best = i;
            continue;
        }
        int c = rod_date_cmp(list[i].in, list[best].in);

        if (c < 0 || (c == 0 && strcmp(list[i].instellingscode, list[best].instellingscode) < 0))
            best = i;
    }
    return best;
}

/* ---- withdrawal -------------------------------------------------------------------- */

bool rod_vz_too_old_to_withdraw(rod_date begindatum, rod_date today)
{
    return rod_date_cmp(begindatum, rod_date_add_years(today, -1)) < 0;
}

bool rod_vz_geen_inschrijving_allowed(rod_date begindatum, rod_date today)
{
    return rod_date_cmp(begindatum, rod_schooljaar_begin(today)) >= 0;
}

int rod_vz_days_since(rod_date from, rod_date to)
{
    long d = rod_date_to_days(to) - rod_date_to_days(from);

    return d > 0 ? (int)d : 0;
}
