/* The melding of spec 4 as plain C data (no SOAP, no SQL): the checks
 * that need only the melding and today's date (ROD-0307, 0308, 0310..0314),
 * its canonical field list (verzuim_fields.h) and back, and the record of
 * one version (status, melding, terugkoppeling, withdrawal) whose field
 * differences make the history; the conversions walk the table of
 * verzuim_schema.h. Pure: no I/O. */
#ifndef ROD_RULES_VERZUIM_MELDING_H
#define ROD_RULES_VERZUIM_MELDING_H

#include <stdbool.h>

#include "core/status.h"
#include "rules/age.h"
#include "rules/date.h"
#include "rules/verzuim.h"
#include "rules/verzuim_fields.h"

#define ROD_VZ_MAX_CONTACTPERSONEN 5
#define ROD_VZ_MAX_ACTIES          ROD_VZ_ACTIE_COUNT
#define ROD_VZ_MAX_LESUUR          16

/* An optional boolean: absent, false or true. An absent metPrioriteit or
 * stuurEmailNaarMelder means false (spec 4) but is stored as absent, so
 * that the melding is returned as it was sent. */
typedef enum { ROD_OPT_ABSENT = 0, ROD_OPT_FALSE, ROD_OPT_TRUE } rod_optbool;

typedef enum { ROD_AFW_GEEN = 0, ROD_AFW_REGULIER, ROD_AFW_ALTERNATIEF } rod_afwijkend;

/* Strings are trimmed text as sent, NULL when absent. */
typedef struct {
    const char *naam, *relatie, *email, *telefoon;
} rod_vz_contactpersoon;

typedef struct {
    const char *datum; /* YYYY-MM-DD */
    bool hele_dag;
    int nlesuur;
    const int *lesuur;
    const char *toelichting;
} rod_vz_dag;

typedef struct {
    /* leerling */
    char pgn[10];
    bool is_bsn;
    const char *email, *telefoon;
    int ncontact;
    rod_vz_contactpersoon contact[ROD_VZ_MAX_CONTACTPERSONEN];
    rod_afwijkend afwijkend;
    const char *afw_straatnaam, *afw_huisletter, *afw_toevoeging, *afw_postcode;
    int afw_huisnummer;
    const char *afw_locatie, *afw_plaatsnaam;
    /* verzuim */
    char instellingscode[5];
    const char *begindatum, *einddatum; /* einddatum NULL: open */
    rod_soort soort;
    rod_vz_verbijzondering verbijzondering;
    const char *reden, *toelichting;
    bool actie_gewenst;
    const char *toelichting_actie;
    rod_optbool met_prioriteit;
    const char *aanbiedercode, *locatiecode;
    /* contactpersoonSchool */
    const char *cs_naam, *cs_functie, *cs_email, *cs_telefoon;
    /* lesuren: alleLessenGemist or 1..n verzuimdagen */
    bool alle_lessen_gemist;
    int ndagen;
    const rod_vz_dag *dagen;
    /* actiesSchool */
    int nacties;
    rod_vz_actie acties[ROD_VZ_MAX_ACTIES];
    const char *acties_toelichting;
    rod_optbool stuur_email;
} rod_melding;

/* The effective value of an optional boolean. */
static inline bool rod_optbool_value(rod_optbool b)
{
    return b == ROD_OPT_TRUE;
}

/* Functional errors found by a check: a code and the path of the element
 * (melding/verzuim/einddatum). */
typedef struct {
    rod_status code;
    char veld[96];
} rod_vz_issue;

#define ROD_VZ_MAX_ISSUES 64

typedef struct {
    int n;
    rod_vz_issue items[ROD_VZ_MAX_ISSUES];
} rod_vz_issues;

void rod_vz_issue_add(rod_vz_issues *is, rod_status code, const char *veld);

/* The rules that need only the melding and today (spec 4):
 * ROD-0307 einddatum before begindatum; ROD-0308 begindatum after today;
 * ROD-0310 actieGewenst false without toelichtingActieGewenst; ROD-0311
 * metPrioriteit true without actieGewenst; ROD-0312 ANDERS without
 * actiesSchool/toelichting; ROD-0313 verbijzondering with a soort other than
 * OVERIG; ROD-0314 a verzuimdag outside begindatum..einddatum (..today when
 * open), a datum twice, heleDag with lesuren, not heleDag without, a lesuur
 * twice or outside 1..16. Every failing rule is added to issues. Dates must
 * be valid (the XSD guarantees it); an unparsable date is ROD-0206. */
void rod_vz_check_melding(const rod_melding *m, rod_date today, rod_vz_issues *issues);

/* The canonical fields of the melding, in document order, paths relative to
 * the melding element ("leerling/persoonsgebondenNummer/bsn",
 * "leerling/contactpersoon[2]/naam", "verzuim/einddatum",
 * "lesuren/verzuimdag[1]/lesuur"). Repeated simple values (lesuur,
 * ondernomenActie) are one field, comma-separated in the order sent;
 * booleans are "true"/"false"; absent elements have no field. */
void rod_vz_melding_fields(const rod_melding *m, rod_fields *out);

/* The melding back from its fields; other paths (those of the record) are
 * ignored. False when a melding field is unknown or malformed. */
bool rod_vz_melding_from_fields(const rod_fields *f, rod_melding *m, rod_arena *a);

/* The terugkoppeling of the uitvoerende instantie (datum NULL: none). */
typedef struct {
    const char *datum, *organisatie, *naam, *functie, *telefoon, *email, *toelichting;
} rod_vz_terugkoppeling;

/* A melding as the register keeps it: the one model the rules, the store
 * and the handlers share. The first part is what a version stands for (its
 * snapshot); the second the melding row's columns (store/melding.h); the
 * last what is read with the row's context. */
typedef struct {
    /* the version */
    rod_vz_status status;
    rod_wet wet;
    const rod_melding *melding;
    rod_vz_terugkoppeling tk;
    const char *reden_afgesloten;
    rod_vz_reden reden_intrekken; /* ROD_VZ_REDEN_GEEN: none */
    const char *toelichting_intrekken;
    /* the row */
    long long nummer;
    int versie;
    const char *status_datum, *melddatum; /* YYYY-MM-DD, local */
    const char *tijdstip;                 /* written only: UTC "YYYY-MM-DD HH:MM:SS.mmm" */
    const char *instellingscode, *pgn;
    rod_soort soort;
    const char *begindatum, *einddatum; /* einddatum NULL: open */
    bool met_prioriteit;
    const char *contactpersoon_naam; /* written only */
    long long gemeente_id;
    const char *inhoud; /* the melding's fields, JSON */
    /* the context (read with the row) */
    long long school_org_id; /* the organisation of the instelling */
    const char *gemeentecode, *gemeente_naam;
} rod_vz_record;

/* "status", "wet", the melding's fields, then "terugkoppeling/datum" ..
 * "terugkoppeling/toelichting", "redenAfgesloten", "redenIntrekken",
 * "toelichtingIntrekken": the snapshot of a version. */
void rod_vz_record_fields(const rod_vz_record *r, rod_fields *out);

/* A snapshot's version part (m receives the melding, r->melding points to
 * it; the row part is zero); false when malformed. */
bool rod_vz_record_from_fields(const rod_fields *f, rod_vz_record *r, rod_melding *m, rod_arena *a);

/* The field differences from one version to the next, in document order.
 * An absent metPrioriteit or stuurEmailNaarMelder counts as "false" here, so
 * leaving out a default is no change. */
void rod_vz_record_diff(const rod_vz_record *before, const rod_vz_record *after, rod_changes *out);

#endif
