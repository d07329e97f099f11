/* The melding's schema as one table: every element of a melding (spec
 * 4) with its canonical path, where it lives in the rules' rod_melding and
 * in gSOAP's generated struct, and what kind of value it holds. The
 * canonical field list (verzuim_fields.h), its parsing, the snapshot, the
 * history's differences and the SOAP conversions (service/verzuim_common.c)
 * all walk this one table, so an element is described once. Pure: no I/O. */
#ifndef ROD_RULES_VERZUIM_SCHEMA_H
#define ROD_RULES_VERZUIM_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

/* Where a row's value lives. A group's C struct (rules side, gSOAP side):
 * MELDING, LEERLING, REGULIER, ALTERNATIEF, VERZUIM, SCHOOL, LESUREN,
 * ACTIES: rod_melding itself; CONTACT: rod_vz_contactpersoon (repeated,
 * path index [%d]); DAG: rod_vz_dag (repeated). REGULIER and ALTERNATIEF
 * are the choice of rod_melding.afwijkend. RECORD and TERUGKOPPELING:
 * rod_vz_record (the version around the melding). */
typedef enum {
    ROD_VZG_MELDING,
    ROD_VZG_LEERLING,
    ROD_VZG_CONTACT,
    ROD_VZG_REGULIER,
    ROD_VZG_ALTERNATIEF,
    ROD_VZG_VERZUIM,
    ROD_VZG_SCHOOL,
    ROD_VZG_LESUREN,
    ROD_VZG_DAG,
    ROD_VZG_ACTIES,
    ROD_VZG_RECORD,
    ROD_VZG_TERUGKOPPELING,
} rod_vz_group;

/* What a row's member is and how it is written as text. */
typedef enum {
    ROD_VZK_TEXT,    /* const char *, NULL when absent */
    ROD_VZK_CODE,    /* char[max], always present, exactly max-1 characters */
    ROD_VZK_PGN,     /* char[max] pgn with rod_melding.is_bsn; path + "bsn"/"onderwijsnummer" */
    ROD_VZK_INT,     /* int 1..max */
    ROD_VZK_BOOL,    /* bool, always present: "true"/"false" */
    ROD_VZK_TRUE,    /* bool, present only when true */
    ROD_VZK_OPTBOOL, /* rod_optbool */
    ROD_VZK_SOORT,   /* rod_soort, required */
    ROD_VZK_VERB,    /* rod_vz_verbijzondering, ROD_VZ_VERB_GEEN when absent */
    ROD_VZK_LESUUR,  /* const int *lesuur with rod_vz_dag.nlesuur: "3,1,2" */
    ROD_VZK_ACTIES,  /* rod_vz_actie[max] with rod_melding.nacties: "ANDERS,CONTACT_OUDERS" */
    ROD_VZK_STATUS,  /* rod_vz_status */
    ROD_VZK_WET,     /* rod_wet */
    ROD_VZK_REDEN,   /* rod_vz_reden, ROD_VZ_REDEN_GEEN when absent */
    ROD_VZK_MELDING, /* rod_vz_record.melding: the melding's own rows go here */
} rod_vz_kind;

/* The melding, in document order:
 * X(group, path, rules member, gSOAP member, kind, max, required).
 * Paths are relative to the melding element; "[%d]" is the 1-based index
 * of a repeated group. `required`: the XSD requires the element (of its
 * group, when the group is there); a stored melding without it is corrupt. */
#define ROD_VZ_MELDING_TABLE(X)                                                                              \
    X(LEERLING, "leerling/persoonsgebondenNummer/", pgn, persoonsgebondenNummer, PGN, 10, true)              \
    X(LEERLING, "leerling/email", email, email, TEXT, 0, false)                                              \
    X(LEERLING, "leerling/telefoon", telefoon, telefoon, TEXT, 0, false)                                     \
    X(CONTACT, "leerling/contactpersoon[%d]/naam", naam, naam, TEXT, 0, true)                                \
    X(CONTACT, "leerling/contactpersoon[%d]/relatie", relatie, relatie, TEXT, 0, false)                      \
    X(CONTACT, "leerling/contactpersoon[%d]/email", email, email, TEXT, 0, false)                            \
    X(CONTACT, "leerling/contactpersoon[%d]/telefoon", telefoon, telefoon, TEXT, 0, false)                   \
    X(REGULIER, "leerling/afwijkendAdres/regulier/straatnaam", afw_straatnaam, straatnaam, TEXT, 0, true)    \
    X(REGULIER, "leerling/afwijkendAdres/regulier/huisnummer", afw_huisnummer, huisnummer, INT, 99999, true) \
    X(REGULIER, "leerling/afwijkendAdres/regulier/huisletter", afw_huisletter, huisletter, TEXT, 0, false)   \
    X(REGULIER, "leerling/afwijkendAdres/regulier/huisnummertoevoeging", afw_toevoeging,                     \
      huisnummertoevoeging, TEXT, 0, false)                                                                  \
    X(REGULIER, "leerling/afwijkendAdres/regulier/postcode", afw_postcode, postcode, TEXT, 0, true)          \
    X(ALTERNATIEF, "leerling/afwijkendAdres/alternatief/aanduidingLocatie", afw_locatie, aanduidingLocatie,  \
      TEXT, 0, true)                                                                                         \
    X(ALTERNATIEF, "leerling/afwijkendAdres/alternatief/plaatsnaam", afw_plaatsnaam, plaatsnaam, TEXT, 0,    \
      true)                                                                                                  \
    X(VERZUIM, "verzuim/instellingscode", instellingscode, instellingscode, CODE, 5, true)                   \
    X(VERZUIM, "verzuim/begindatum", begindatum, begindatum, TEXT, 0, true)                                  \
    X(VERZUIM, "verzuim/einddatum", einddatum, einddatum, TEXT, 0, false)                                    \
    X(VERZUIM, "verzuim/soort", soort, soort, SOORT, 0, true)                                                \
    X(VERZUIM, "verzuim/verbijzondering", verbijzondering, verbijzondering, VERB, 0, false)                  \
    X(VERZUIM, "verzuim/vermoedelijkeReden", reden, vermoedelijkeReden, TEXT, 0, true)                       \
    X(VERZUIM, "verzuim/toelichting", toelichting, toelichting, TEXT, 0, false)                              \
    X(VERZUIM, "verzuim/actieGewenst", actie_gewenst, actieGewenst, BOOL, 0, true)                           \
    X(VERZUIM, "verzuim/toelichtingActieGewenst", toelichting_actie, toelichtingActieGewenst, TEXT, 0,       \
      false)                                                                                                 \
    X(VERZUIM, "verzuim/metPrioriteit", met_prioriteit, metPrioriteit, OPTBOOL, 0, false)                    \
    X(VERZUIM, "verzuim/onderwijsaanbiedercode", aanbiedercode, onderwijsaanbiedercode, TEXT, 0, false)      \
    X(VERZUIM, "verzuim/onderwijslocatiecode", locatiecode, onderwijslocatiecode, TEXT, 0, false)            \
    X(SCHOOL, "contactpersoonSchool/naam", cs_naam, naam, TEXT, 0, true)                                     \
    X(SCHOOL, "contactpersoonSchool/functie", cs_functie, functie, TEXT, 0, false)                           \
    X(SCHOOL, "contactpersoonSchool/email", cs_email, email, TEXT, 0, true)                                  \
    X(SCHOOL, "contactpersoonSchool/telefoon", cs_telefoon, telefoon, TEXT, 0, false)                        \
    X(LESUREN, "lesuren/alleLessenGemist", alle_lessen_gemist, alleLessenGemist, TRUE, 0, false)             \
    X(DAG, "lesuren/verzuimdag[%d]/datum", datum, datum, TEXT, 0, true)                                      \
    X(DAG, "lesuren/verzuimdag[%d]/heleDag", hele_dag, heleDag, BOOL, 0, true)                               \
    X(DAG, "lesuren/verzuimdag[%d]/lesuur", lesuur, lesuur, LESUUR, 16, false)                               \
    X(DAG, "lesuren/verzuimdag[%d]/toelichting", toelichting, toelichting, TEXT, 0, false)                   \
    X(ACTIES, "actiesSchool/ondernomenActie", acties, ondernomenActie, ACTIES, 0, true)                      \
    X(ACTIES, "actiesSchool/toelichting", acties_toelichting, toelichting, TEXT, 0, false)                   \
    X(MELDING, "stuurEmailNaarMelder", stuur_email, stuurEmailNaarMelder, OPTBOOL, 0, false)

/* One row of the table. */
typedef struct {
    rod_vz_group group;
    const char *path;
    size_t offset; /* of the member in the group's rules struct */
    rod_vz_kind kind;
    int max;
    bool required;
} rod_vz_row;

#define ROD_VZ_COUNT_ROW_(g, path, member, soap_member, kind, max, req) +1
enum { ROD_VZ_MELDING_ROWS = 0 ROD_VZ_MELDING_TABLE(ROD_VZ_COUNT_ROW_) };

/* The melding's rows (ROD_VZ_MELDING_ROWS of them, in the order of
 * ROD_VZ_MELDING_TABLE) and the version record's (status, wet, the
 * melding, terugkoppeling, reasons; *n set). */
extern const rod_vz_row rod_vz_melding_rows[ROD_VZ_MELDING_ROWS];
const rod_vz_row *rod_vz_record_rows(int *n);

/* The end of the run of rows of one group that begins at row i. */
int rod_vz_group_end(const rod_vz_row *rows, int n, int i);

#endif
