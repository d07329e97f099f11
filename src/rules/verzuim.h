/* Verzuim rules that need no melding content (spec 4): the contract's
 * verzuim enumerations, the status machine, verzuim periods and their
 * overlap, the hoofdinschrijving of a doorlopende leerroute and the date
 * limits of a withdrawal. Pure functions: no I/O, no clock. */
#ifndef ROD_RULES_VERZUIM_H
#define ROD_RULES_VERZUIM_H

#include <stdbool.h>

#include "rules/age.h"
#include "rules/date.h"

/* The enumerations of spec 4 in contract order. Each map keeps the
 * enumerator and its contract text together; NAME/PARSE are generated. */
#define ROD_VZ_STATUS_MAP(X)       \
    X(GEREGISTREERD)               \
    X(IN_BEHANDELING)              \
    X(AFGESLOTEN)                  \
    X(TER_KENNISGEVING_AANGENOMEN) \
    X(OVERGEDRAGEN_AAN_DERDEN)     \
    X(INGETROKKEN)

#define ROD_VZ_VERBIJZONDERING_MAP(X) \
    X(VERMOEDELIJK_ONGEOORLOOFD)      \
    X(MOGELIJK_LANGDURIG_ZIEK)

#define ROD_VZ_ACTIE_MAP(X)           \
    X(BRIEF_GESTUURD)                 \
    X(TELEFONISCH_CONTACT)            \
    X(CONTACT_OUDERS)                 \
    X(GESPREK_GEVOERD)                \
    X(VERZUIMDE_TIJD_INGEHAALD)       \
    X(INTERNE_BEGELEIDING)            \
    X(ZORGADVIESTEAM)                 \
    X(GESPREK_BEGELEIDENDE_INSTANTIE) \
    X(ANDERS)

#define ROD_VZ_REDEN_MAP(X)          \
    X(FOUTIEF_GEMELD_NIEUWE_MELDING) \
    X(GEEN_INSCHRIJVING)             \
    X(TEN_ONRECHTE_GEMELD)           \
    X(ANDERS)

#define ROD_VZ_HISTORIE_MAP(X) \
    X(AANGEMAAKT)              \
    X(GEWIJZIGD)               \
    X(INGETROKKEN)             \
    X(TERUGKOPPELING)

#define ROD_VZ_STATUS_E_(n) ROD_VZ_##n,
#define ROD_VZ_VERB_E_(n)   ROD_VZ_VERB_##n,
#define ROD_VZ_ACTIE_E_(n)  ROD_VZ_ACTIE_##n,
#define ROD_VZ_REDEN_E_(n)  ROD_VZ_REDEN_##n,
#define ROD_VZ_HIST_E_(n)   ROD_VZ_HIST_##n,

typedef enum { ROD_VZ_STATUS_MAP(ROD_VZ_STATUS_E_) ROD_VZ_STATUS_COUNT } rod_vz_status;
typedef enum {
    ROD_VZ_VERB_GEEN = -1,
    ROD_VZ_VERBIJZONDERING_MAP(ROD_VZ_VERB_E_) ROD_VZ_VERB_COUNT
} rod_vz_verbijzondering;
typedef enum { ROD_VZ_ACTIE_MAP(ROD_VZ_ACTIE_E_) ROD_VZ_ACTIE_COUNT } rod_vz_actie;
typedef enum { ROD_VZ_REDEN_GEEN = -1, ROD_VZ_REDEN_MAP(ROD_VZ_REDEN_E_) ROD_VZ_REDEN_COUNT } rod_vz_reden;
typedef enum { ROD_VZ_HISTORIE_MAP(ROD_VZ_HIST_E_) ROD_VZ_HIST_COUNT } rod_vz_historie;

/* The contract text of a value, NULL when out of range; parse is exact and
 * case-sensitive and leaves *out untouched on failure. */
const char *rod_vz_status_name(rod_vz_status s);
bool rod_vz_status_parse(const char *s, rod_vz_status *out);
const char *rod_vz_verbijzondering_name(rod_vz_verbijzondering v);
bool rod_vz_verbijzondering_parse(const char *s, rod_vz_verbijzondering *out);
const char *rod_vz_actie_name(rod_vz_actie a);
bool rod_vz_actie_parse(const char *s, rod_vz_actie *out);
const char *rod_vz_reden_name(rod_vz_reden r);
bool rod_vz_reden_parse(const char *s, rod_vz_reden *out);
const char *rod_vz_historie_name(rod_vz_historie h);
bool rod_vz_historie_parse(const char *s, rod_vz_historie *out);
bool rod_wet_parse(const char *s, rod_wet *out);

/* ---- status machine ------------------------------------------------------ */

/* A school may change a melding only while it is GEREGISTREERD or
 * IN_BEHANDELING (ROD-0317; verzuimloket manual 2.3: "Als de melding de
 * status Geregistreerd of In behandeling heeft, kunt u deze nog wijzigen"). */
bool rod_vz_changeable(rod_vz_status s);

/* AFGESLOTEN, TER_KENNISGEVING_AANGENOMEN and OVERGEDRAGEN_AAN_DERDEN. */
bool rod_vz_final(rod_vz_status s);

/* A gemeente's feedback (ROD-0324): from GEREGISTREERD to IN_BEHANDELING or
 * a final status; from IN_BEHANDELING to a final status; nothing from a
 * final status or INGETROKKEN, and never to GEREGISTREERD or INGETROKKEN. */
bool rod_vz_transition_allowed(rod_vz_status from, rod_vz_status to);

/* ---- periods --------------------------------------------------------------- */

/* A verzuim period runs from begin through eind, both inclusive; eind NULL
 * is an open period that runs to infinity (spec 4, ROD-0306). */
bool rod_vz_periods_overlap(rod_date b1, const rod_date *e1, rod_date b2, const rod_date *e2);

/* Another melding of the same pupil, as far as the pupil rules need it. */
typedef struct {
    long long nummer;
    rod_soort soort;
    rod_vz_status status;
    rod_date begin;
    bool open;
    rod_date eind; /* when !open */
} rod_vz_periode;

/* The first melding in list (not withdrawn, nummer != self) whose period
 * overlaps b..e (e NULL: open); -1 when none does (ROD-0306). */
int rod_vz_first_overlap(const rod_vz_periode *list, int n, long long self, rod_date b, const rod_date *e);

/* Whether list holds a not withdrawn ZESTIEN_UUR_18MIN melding (nummer !=
 * self) that begins before begin; LANGDURIG_RELATIEF_18MIN needs one
 * (ROD-0305; verzuimloket manual 2.4: "en u daaraan voorafgaand tenminste 1
 * melding '16 uur per 4 weken' heeft doorgegeven"). */
bool rod_vz_has_earlier_zestien_uur(const rod_vz_periode *list, int n, long long self, rod_date begin);

/* ---- inschrijvingen ------------------------------------------------------- */

typedef struct {
    char instellingscode[5];
    rod_date in;
    bool has_uit;
    rod_date uit;
} rod_vz_inschrijving;

/* Active on d: in <= d and (no uitschrijfdatum or d <= uit). */
bool rod_vz_inschrijving_active(const rod_vz_inschrijving *i, rod_date d);

/* The hoofdinschrijving among the inschrijvingen active on `on`: the
 * earliest started, on a tie the lowest instellingscode (ROD-0309). The
 * index into list, or -1 when none is active. */
int rod_vz_hoofdinschrijving(const rod_vz_inschrijving *list, int n, rod_date on);

/* ---- withdrawal ------------------------------------------------------------ */

/* A melding whose begindatum lies before today's date one year earlier
 * cannot be withdrawn (ROD-0321); "one year earlier" than 29 February is
 * 28 February (spec 8.8). */
bool rod_vz_too_old_to_withdraw(rod_date begindatum, rod_date today);

/* Reason GEEN_INSCHRIJVING only for meldingen that begin on or after 1
 * August of the current school year (ROD-0322; B3/B4 manual 2.5: "mag alleen
 * bij meldingen met een startdatum op of na 1 augustus van het lopende
 * schooljaar"). */
bool rod_vz_geen_inschrijving_allowed(rod_date begindatum, rod_date today);

/* Whole days from `from` to `to`, at least 0 (aantalDagenStatus). */
int rod_vz_days_since(rod_date from, rod_date to);

#endif
