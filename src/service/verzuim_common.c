/* Helpers shared by the verzuim handlers. */
#include "service/verzuim_common.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "rules/address.h"
#include "rules/partial_date.h"
#include "rules/pgn.h"
#include "rules/verzuim_schema.h"
#include "store/alias.h"
#include "store/org.h"
#include "store/postcode.h"

/* ---- memory, time ------------------------------------------------------------ */

static void *soap_arena_alloc(void *ctx, size_t n)
{
    return rod_alloc(ctx, n);
}

rod_arena vz_arena(struct soap *soap)
{
    rod_arena a = {soap_arena_alloc, soap};
    return a;
}

void vz_now(char out[24])
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    char base[20];
    strftime(base, sizeof base, "%Y-%m-%d %H:%M:%S", &tm);
    snprintf(out, 24, "%.19s.%03u", base, (unsigned)(ts.tv_nsec / 1000000L) % 1000u);
}

char *vz_date_text(struct soap *soap, rod_date d)
{
    char buf[ROD_DATE_BUFSIZE];
    rod_date_format(d, buf);
    return rod_sdup(soap, buf);
}

LONG64 *vz_long(struct soap *soap, long long v)
{
    LONG64 *p = rod_alloc(soap, sizeof *p);
    if (p)
        *p = v;
    return p;
}

enum xsd__boolean *vz_bool(struct soap *soap, bool v)
{
    enum xsd__boolean *p = rod_alloc(soap, sizeof *p);
    if (p)
        *p = v ? xsd__boolean__true_ : xsd__boolean__false_;
    return p;
}

static enum xsd__boolean xbool(bool v)
{
    return v ? xsd__boolean__true_ : xsd__boolean__false_;
}

/* ---- enumerations: the generated code's and the rules', by contract name ------- */

enum rod__Status vz_status_value(struct soap *soap, rod_vz_status s)
{
    enum rod__Status e = rod__Status__GEREGISTREERD;
    soap_s2rod__Status(soap, rod_vz_status_name(s), &e);
    return e;
}

enum rod__Status *vz_status_out(struct soap *soap, rod_vz_status s)
{
    enum rod__Status *p = rod_alloc(soap, sizeof *p);
    if (p)
        *p = vz_status_value(soap, s);
    return p;
}

static enum rod__VerzuimSoort soort_out(struct soap *soap, rod_soort s)
{
    enum rod__VerzuimSoort e = rod__VerzuimSoort__OVERIG;
    soap_s2rod__VerzuimSoort(soap, rod_soort_name(s), &e);
    return e;
}

/* ---- the melding's table on the gSOAP side ------------------------------------- */

/* The generated struct of each group of rules/verzuim_schema.h, and where
 * each row's element is in it: the same table the rules walk, so the SOAP
 * conversions below are two walkers and no list of elements. */
#define VZ_STYPE_MELDING     struct rod__Melding
#define VZ_STYPE_LEERLING    struct rod__MeldingLeerling
#define VZ_STYPE_CONTACT     struct rod__Contactpersoon
#define VZ_STYPE_REGULIER    struct rod__RegulierAdres
#define VZ_STYPE_ALTERNATIEF struct rod__AlternatiefAdres
#define VZ_STYPE_VERZUIM     struct rod__Verzuim
#define VZ_STYPE_SCHOOL      struct rod__ContactpersoonSchool
#define VZ_STYPE_LESUREN     struct rod__Lesuren
#define VZ_STYPE_DAG         struct rod__Verzuimdag
#define VZ_STYPE_ACTIES      struct rod__ActiesSchool

#define VZ_SOAP_OFFSET_(g, path, member, soap_member, kind, max, req) offsetof(VZ_STYPE_##g, soap_member),

static const size_t soap_offset[ROD_VZ_MELDING_ROWS] = {ROD_VZ_MELDING_TABLE(VZ_SOAP_OFFSET_)};

#define RMEMBER(base, row, type)  ((type *)((char *)(base) + (row)->offset))
#define RCMEMBER(base, row, type) ((const type *)((const char *)(base) + (row)->offset))
#define SMEMBER(base, i, type)    ((type *)((char *)(base) + soap_offset[i]))
#define SCMEMBER(base, i, type)   ((const type *)((const char *)(base) + soap_offset[i]))

/* The gSOAP struct of a group that stands once in a melding, the same
 * member for the way in and the way out; NULL for the repeated groups
 * (CONTACT, DAG), the choice (REGULIER, ALTERNATIEF) and where the melding
 * lacks the group. */
static void *single_group(const struct rod__Melding *msg, rod_vz_group g)
{
    switch (g) {
    case ROD_VZG_MELDING:
        return (void *)msg;
    case ROD_VZG_LEERLING:
        return msg->leerling;
    case ROD_VZG_VERZUIM:
        return msg->verzuim;
    case ROD_VZG_SCHOOL:
        return msg->contactpersoonSchool;
    case ROD_VZG_LESUREN:
        return msg->lesuren;
    case ROD_VZG_ACTIES:
        return msg->actiesSchool;
    default:
        return NULL;
    }
}

/* ---- melding in ---------------------------------------------------------------- */

static rod_optbool optbool_in(const enum xsd__boolean *b)
{
    return !b ? ROD_OPT_ABSENT : *b == xsd__boolean__true_ ? ROD_OPT_TRUE : ROD_OPT_FALSE;
}

/* Row i of the table from gSOAP struct s into rules struct r; text trimmed. */
static void row_in(struct soap *soap, int i, void *r, const void *s)
{
    const rod_vz_row *row = &rod_vz_melding_rows[i];

    switch (row->kind) {
    case ROD_VZK_TEXT:
        *RMEMBER(r, row, const char *) = rod_text(soap, *SCMEMBER(s, i, char *));
        break;
    case ROD_VZK_CODE: {
        const char *v = *SCMEMBER(s, i, char *);
        snprintf(RMEMBER(r, row, char), (size_t)row->max, "%s", v ? v : "");
        break;
    }
    case ROD_VZK_PGN: {
        bool is_bsn = false;
        const char *pgn = rod_pgn_value(*SCMEMBER(s, i, struct rod__PersoonsgebondenNummer *), &is_bsn);
        snprintf(RMEMBER(r, row, char), (size_t)row->max, "%s", pgn ? pgn : "");
        ((rod_melding *)r)->is_bsn = is_bsn;
        break;
    }
    case ROD_VZK_INT:
        *RMEMBER(r, row, int) = *SCMEMBER(s, i, int);
        break;
    case ROD_VZK_BOOL:
        *RMEMBER(r, row, bool) = *SCMEMBER(s, i, enum xsd__boolean) == xsd__boolean__true_;
        break;
    case ROD_VZK_TRUE:
        *RMEMBER(r, row, bool) = *SCMEMBER(s, i, enum xsd__boolean *) != NULL;
        break;
    case ROD_VZK_OPTBOOL:
        *RMEMBER(r, row, rod_optbool) = optbool_in(*SCMEMBER(s, i, enum xsd__boolean *));
        break;
    case ROD_VZK_SOORT:
        rod_soort_parse(soap_rod__VerzuimSoort2s(soap, *SCMEMBER(s, i, enum rod__VerzuimSoort)),
                        RMEMBER(r, row, rod_soort));
        break;
    case ROD_VZK_VERB: {
        const enum rod__Verbijzondering *v = *SCMEMBER(s, i, enum rod__Verbijzondering *);
        if (v)
            rod_vz_verbijzondering_parse(soap_rod__Verbijzondering2s(soap, *v),
                                         RMEMBER(r, row, rod_vz_verbijzondering));
        break;
    }
    case ROD_VZK_LESUUR: {
        rod_vz_dag *d = r;
        const struct rod__Verzuimdag *x = s;
        d->nlesuur = x->__sizelesuur;
        d->lesuur = x->lesuur;
        break;
    }
    case ROD_VZK_ACTIES: {
        rod_melding *m = r;
        const struct rod__ActiesSchool *x = s;
        for (int k = 0; k < x->__sizeondernomenActie && m->nacties < ROD_VZ_MAX_ACTIES; k++)
            if (rod_vz_actie_parse(soap_rod__OndernomenActie2s(soap, x->ondernomenActie[k]),
                                   &m->acties[m->nacties]))
                m->nacties++;
        break;
    }
    default:
        break;
    }
}

static void group_in(struct soap *soap, int from, int to, void *r, const void *s)
{
    for (int i = from; i < to; i++)
        row_in(soap, i, r, s);
}

/* The chosen afwijkend adres of a leerling, or NULL. */
static const void *afwijkend_in(const struct rod__MeldingLeerling *l, rod_afwijkend want)
{
    const struct rod__AfwijkendAdres *a = l ? l->afwijkendAdres : NULL;
    if (!a)
        return NULL;
    if (want == ROD_AFW_REGULIER &&
        a->__union_AfwijkendAdres == SOAP_UNION__rod__union_AfwijkendAdres_regulier)
        return a->union_AfwijkendAdres.regulier;
    if (want == ROD_AFW_ALTERNATIEF &&
        a->__union_AfwijkendAdres == SOAP_UNION__rod__union_AfwijkendAdres_alternatief)
        return a->union_AfwijkendAdres.alternatief;
    return NULL;
}

static void dagen_in(struct soap *soap, int from, int to, const struct rod__Lesuren *lu, rod_melding *m)
{
    if (!lu || lu->__sizeverzuimdag <= 0)
        return;
    rod_vz_dag *dagen = rod_alloc(soap, sizeof *dagen * (size_t)lu->__sizeverzuimdag);
    if (!dagen)
        return;
    memset(dagen, 0, sizeof *dagen * (size_t)lu->__sizeverzuimdag);
    for (int k = 0; k < lu->__sizeverzuimdag; k++)
        group_in(soap, from, to, &dagen[k], &lu->verzuimdag[k]);
    m->dagen = dagen;
    m->ndagen = lu->__sizeverzuimdag;
}

void vz_melding_in(struct soap *soap, const struct rod__Melding *in, rod_melding *m)
{
    memset(m, 0, sizeof *m);
    m->verbijzondering = ROD_VZ_VERB_GEEN;
    m->soort = ROD_SOORT_COUNT;

    const rod_vz_row *rows = rod_vz_melding_rows;
    const struct rod__MeldingLeerling *l = in->leerling;
    const struct rod__Lesuren *lu = in->lesuren;
    for (int i = 0; i < ROD_VZ_MELDING_ROWS;) {
        int end = rod_vz_group_end(rows, ROD_VZ_MELDING_ROWS, i);
        const void *s = single_group(in, rows[i].group);
        switch (rows[i].group) {
        case ROD_VZG_CONTACT:
            for (int k = 0; l && k < l->__sizecontactpersoon && k < ROD_VZ_MAX_CONTACTPERSONEN; k++)
                group_in(soap, i, end, &m->contact[m->ncontact++], &l->contactpersoon[k]);
            break;
        case ROD_VZG_REGULIER:
        case ROD_VZG_ALTERNATIEF: {
            rod_afwijkend kind = rows[i].group == ROD_VZG_REGULIER ? ROD_AFW_REGULIER : ROD_AFW_ALTERNATIEF;
            if ((s = afwijkend_in(l, kind)) != NULL)
                m->afwijkend = kind;
            break;
        }
        case ROD_VZG_LESUREN:
            /* a choice: alleLessenGemist only without verzuimdagen */
            if (lu && lu->__sizeverzuimdag > 0)
                s = NULL;
            break;
        case ROD_VZG_DAG:
            dagen_in(soap, i, end, lu, m);
            break;
        default:
            break;
        }
        if (s)
            group_in(soap, i, end, m, s);
        i = end;
    }
}

/* ---- melding out ----------------------------------------------------------------- */

static char *sdup(struct soap *soap, const char *s)
{
    return rod_sdup(soap, s);
}

/* A new gSOAP struct with its defaults; on an allocation failure the
 * enclosing function (all return a pointer) gives up with NULL: the request
 * is marked and ends with ROD-9002 (soap/alloc.h). */
#define NEW(soap, type, var)                           \
    struct type *var = rod_alloc((soap), sizeof *var); \
    if (!var)                                          \
        return NULL;                                   \
    soap_default_##type((soap), var)

/* Row i of the table from rules struct r into gSOAP struct s. */
static void row_out(struct soap *soap, int i, const void *r, void *s)
{
    const rod_vz_row *row = &rod_vz_melding_rows[i];

    switch (row->kind) {
    case ROD_VZK_TEXT:
        *SMEMBER(s, i, char *) = sdup(soap, *RCMEMBER(r, row, const char *));
        break;
    case ROD_VZK_CODE:
        *SMEMBER(s, i, char *) = sdup(soap, RCMEMBER(r, row, char));
        break;
    case ROD_VZK_PGN:
        *SMEMBER(s, i, struct rod__PersoonsgebondenNummer *) =
            rod_pgn_make(soap, RCMEMBER(r, row, char), ((const rod_melding *)r)->is_bsn);
        break;
    case ROD_VZK_INT:
        *SMEMBER(s, i, int) = *RCMEMBER(r, row, int);
        break;
    case ROD_VZK_BOOL:
        *SMEMBER(s, i, enum xsd__boolean) = xbool(*RCMEMBER(r, row, bool));
        break;
    case ROD_VZK_TRUE:
        if (*RCMEMBER(r, row, bool))
            *SMEMBER(s, i, enum xsd__boolean *) = vz_bool(soap, true);
        break;
    case ROD_VZK_OPTBOOL: {
        rod_optbool v = *RCMEMBER(r, row, rod_optbool);
        if (v != ROD_OPT_ABSENT)
            *SMEMBER(s, i, enum xsd__boolean *) = vz_bool(soap, v == ROD_OPT_TRUE);
        break;
    }
    case ROD_VZK_SOORT:
        *SMEMBER(s, i, enum rod__VerzuimSoort) = soort_out(soap, *RCMEMBER(r, row, rod_soort));
        break;
    case ROD_VZK_VERB: {
        rod_vz_verbijzondering v = *RCMEMBER(r, row, rod_vz_verbijzondering);
        if (v != ROD_VZ_VERB_GEEN) {
            enum rod__Verbijzondering *x = rod_alloc(soap, sizeof *x);
            if (!x)
                break;
            soap_s2rod__Verbijzondering(soap, rod_vz_verbijzondering_name(v), x);
            *SMEMBER(s, i, enum rod__Verbijzondering *) = x;
        }
        break;
    }
    case ROD_VZK_LESUUR: {
        const rod_vz_dag *d = r;
        struct rod__Verzuimdag *x = s;
        if (d->nlesuur > 0) {
            x->__sizelesuur = d->nlesuur;
            x->lesuur = rod_alloc(soap, sizeof *x->lesuur * (size_t)x->__sizelesuur);
            if (!x->lesuur) {
                x->__sizelesuur = 0;
                break;
            }
            memcpy(x->lesuur, d->lesuur, sizeof *x->lesuur * (size_t)x->__sizelesuur);
        }
        break;
    }
    case ROD_VZK_ACTIES: {
        const rod_melding *m = r;
        struct rod__ActiesSchool *x = s;
        x->__sizeondernomenActie = m->nacties;
        x->ondernomenActie =
            rod_alloc(soap, sizeof *x->ondernomenActie * (size_t)(m->nacties ? m->nacties : 1));
        if (!x->ondernomenActie) {
            x->__sizeondernomenActie = 0;
            break;
        }
        for (int k = 0; k < m->nacties; k++) {
            x->ondernomenActie[k] = rod__OndernomenActie__ANDERS;
            soap_s2rod__OndernomenActie(soap, rod_vz_actie_name(m->acties[k]), &x->ondernomenActie[k]);
        }
        break;
    }
    default:
        break;
    }
}

static void group_out(struct soap *soap, int from, int to, const void *r, void *s)
{
    for (int i = from; i < to; i++)
        row_out(soap, i, r, s);
}

/* A repeated group: n gSOAP structs of ssize bytes (*size = n), each
 * defaulted with def and filled by rows [from, to) from the rules' n
 * structs of rsize bytes at r. NULL when n is 0 or memory runs out (then
 * *size stays 0). */
static void *repeated_out(struct soap *soap, int from, int to, const void *r, size_t rsize, int n,
                          size_t ssize, void (*def)(struct soap *, void *), int *size)
{
    char *items = n > 0 ? rod_alloc(soap, ssize * (size_t)n) : NULL;
    if (!items)
        return NULL;
    for (int k = 0; k < n; k++) {
        def(soap, items + ssize * (size_t)k);
        group_out(soap, from, to, (const char *)r + rsize * (size_t)k, items + ssize * (size_t)k);
    }
    *size = n;
    return items;
}

static void default_contact(struct soap *soap, void *p)
{
    soap_default_rod__Contactpersoon(soap, p);
}

static void default_dag(struct soap *soap, void *p)
{
    soap_default_rod__Verzuimdag(soap, p);
}

static struct rod__AfwijkendAdres *afwijkend_out(struct soap *soap, const rod_melding *m, int from, int to)
{
    NEW(soap, rod__AfwijkendAdres, a);
    if (m->afwijkend == ROD_AFW_REGULIER) {
        NEW(soap, rod__RegulierAdres, r);
        group_out(soap, from, to, m, r);
        a->__union_AfwijkendAdres = SOAP_UNION__rod__union_AfwijkendAdres_regulier;
        a->union_AfwijkendAdres.regulier = r;
    } else {
        NEW(soap, rod__AlternatiefAdres, r);
        group_out(soap, from, to, m, r);
        a->__union_AfwijkendAdres = SOAP_UNION__rod__union_AfwijkendAdres_alternatief;
        a->union_AfwijkendAdres.alternatief = r;
    }
    return a;
}

struct rod__Melding *vz_melding_out(struct soap *soap, const rod_melding *m)
{
    NEW(soap, rod__Melding, out);
    NEW(soap, rod__MeldingLeerling, l);
    NEW(soap, rod__Verzuim, v);
    NEW(soap, rod__ContactpersoonSchool, cs);
    NEW(soap, rod__Lesuren, lu);
    NEW(soap, rod__ActiesSchool, as);
    out->leerling = l;
    out->verzuim = v;
    out->contactpersoonSchool = cs;
    out->lesuren = lu;
    out->actiesSchool = as;

    const rod_vz_row *rows = rod_vz_melding_rows;
    for (int i = 0; i < ROD_VZ_MELDING_ROWS;) {
        int end = rod_vz_group_end(rows, ROD_VZ_MELDING_ROWS, i);
        void *s = single_group(out, rows[i].group);
        switch (rows[i].group) {
        case ROD_VZG_CONTACT:
            l->contactpersoon =
                repeated_out(soap, i, end, m->contact, sizeof *m->contact, m->ncontact,
                             sizeof *l->contactpersoon, default_contact, &l->__sizecontactpersoon);
            if (m->ncontact > 0 && !l->contactpersoon)
                return NULL;
            break;
        case ROD_VZG_REGULIER:
        case ROD_VZG_ALTERNATIEF:
            if (m->afwijkend == (rows[i].group == ROD_VZG_REGULIER ? ROD_AFW_REGULIER : ROD_AFW_ALTERNATIEF))
                l->afwijkendAdres = afwijkend_out(soap, m, i, end);
            break;
        case ROD_VZG_DAG: {
            /* a choice: verzuimdagen only without alleLessenGemist */
            int n = m->alle_lessen_gemist ? 0 : m->ndagen;
            lu->verzuimdag = repeated_out(soap, i, end, m->dagen, sizeof *m->dagen, n, sizeof *lu->verzuimdag,
                                          default_dag, &lu->__sizeverzuimdag);
            if (n > 0 && !lu->verzuimdag)
                return NULL;
            break;
        }
        default:
            break;
        }
        if (s)
            group_out(soap, i, end, m, s);
        i = end;
    }
    return out;
}

/* ---- checks ---------------------------------------------------------------------------- */

static void issues_to_fouten(rod_fouten *f, const rod_vz_issues *is)
{
    for (int i = 0; i < is->n; i++)
        rod_fout(f, is->items[i].code, is->items[i].veld, NULL);
}

bool vz_check_request(rod_fouten *f, const rod_melding *m, rod_date today)
{
    bool pgn_ok = m->is_bsn ? rod_bsn_valid(m->pgn) : rod_onderwijsnummer_valid(m->pgn);
    if (!pgn_ok)
        rod_fout(f, m->is_bsn ? ROD_BSN_INVALID : ROD_ONDERWIJSNUMMER_INVALID,
                 m->is_bsn ? "melding/leerling/persoonsgebondenNummer/bsn"
                           : "melding/leerling/persoonsgebondenNummer/onderwijsnummer",
                 NULL);
    if (m->afwijkend == ROD_AFW_REGULIER && (!m->afw_postcode || !rod_postcode_valid(m->afw_postcode)))
        rod_fout(f, ROD_POSTCODE_INVALID, "melding/leerling/afwijkendAdres/regulier/postcode", NULL);
    rod_vz_issues is;
    is.n = 0;
    rod_vz_check_melding(m, today, &is);
    issues_to_fouten(f, &is);
    return pgn_ok;
}

rod_status vz_check_instelling(rod_ctx *w, rod_fouten *f, const char *code, bool *ok)
{
    return rod_check_instelling(w, f, code, "melding/verzuim/instellingscode", ok);
}

#define VELD_PGN "melding/leerling/persoonsgebondenNummer"

rod_status vz_check_leerling(rod_ctx *w, rod_arena *a, rod_fouten *f, const rod_melding *m,
                             const rod_vz_persoon *p, long long self, vz_leerling *out)
{
    memset(out, 0, sizeof *out);
    rod_date begin, eind;
    bool begin_ok = m->begindatum && rod_date_parse(m->begindatum, &begin);
    bool has_eind = m->einddatum && rod_date_parse(m->einddatum, &eind);
    if (!p) {
        rod_fout(f, ROD_LEERLING_NOT_FOUND, VELD_PGN, NULL);
        return ROD_OK;
    }
    rod_vz_inschrijving *ins;
    rod_vz_periode *per;
    int nins, nper;
    rod_status s = rod_vz_leerling_rijen(w->db, p->pgn, a, &ins, &nins, &per, &nper);
    if (s != ROD_OK)
        return s;
    int here = -1;
    for (int i = 0; i < nins; i++)
        if (strcmp(ins[i].instellingscode, m->instellingscode) == 0)
            here = i;
    if (here < 0) {
        /* not the caller's pupil at this instelling: "Geen gegevens gevonden" */
        rod_fout(f, ROD_LEERLING_NOT_FOUND, VELD_PGN, NULL);
        return ROD_OK;
    }
    bool active = begin_ok && rod_vz_inschrijving_active(&ins[here], begin);
    if (begin_ok && !active)
        rod_fout(f, ROD_LEERLING_NOT_FOUND, VELD_PGN, NULL);

    bool abroad = p->adres == ROD_ADRES_BUITENLAND;
    if (abroad)
        rod_fout(f, ROD_LEERLING_ABROAD, VELD_PGN, NULL);

    rod_pdate birth;
    bool birth_ok = p->geboortedatum && rod_pdate_parse(p->geboortedatum, &birth);
    if (!birth_ok)
        return ROD_INTERNAL; /* stored birth dates were checked when they were submitted */
    if (begin_ok) {
        int age = rod_pdate_age_on(birth, begin);
        if (rod_too_old_for_verzuim(age) || rod_startkwalificatie_applies(p->startkwalificatie, begin))
            rod_fout(f, ROD_LEERLING_TOO_OLD, VELD_PGN, NULL);
        if (m->soort != ROD_SOORT_COUNT && !rod_soort_allowed_for_age(m->soort, age))
            rod_fout(f, ROD_SOORT_AGE, "melding/verzuim/soort", NULL);
        out->wet = rod_wet_for(birth, begin);

        if (m->soort == ROD_SOORT_LANGDURIG_RELATIEF_18MIN &&
            !rod_vz_has_earlier_zestien_uur(per, nper, self, begin))
            rod_fout(f, ROD_NO_EARLIER_16UUR, "melding/verzuim/soort", NULL);
        bool period_ok = !m->einddatum || (has_eind && rod_date_cmp(eind, begin) >= 0);
        if (period_ok && rod_vz_first_overlap(per, nper, self, begin, m->einddatum ? &eind : NULL) >= 0)
            rod_fout(f, ROD_PERIOD_OVERLAP, "melding/verzuim/begindatum", NULL);
        if (active) {
            int hoofd = rod_vz_hoofdinschrijving(ins, nins, begin);
            if (hoofd >= 0 && strcmp(ins[hoofd].instellingscode, m->instellingscode) != 0)
                rod_fout(f, ROD_NOT_HOOFDINSCHRIJVING, "melding/verzuim/instellingscode", NULL);
        }
    }

    /* The uitvoerende instantie: the gemeente of the registered postcode. */
    if (!abroad) {
        const rod_postcode_range *range =
            p->adres == ROD_ADRES_BINNENLAND && p->postcode ? rod_postcode_find(p->postcode) : NULL;
        bool found = false;
        if (range && (s = rod_vz_gemeente(w->db, range->gemeentecode, &out->gemeente_id, out->gemeente_naam,
                                          &found)) != ROD_OK)
            return s;
        if (found)
            snprintf(out->gemeentecode, sizeof out->gemeentecode, "%s", range->gemeentecode);
        else
            rod_fout(f, ROD_NO_UITVOERENDE_INSTANTIE, VELD_PGN, NULL);
    }
    return ROD_OK;
}

bool vz_visible(const rod_ctx *w, const rod_vz_record *row)
{
    if (w->org.role == ROD_ROLE_GEMEENTE)
        return row->gemeente_id == w->org.id;
    return row->school_org_id == w->org.id;
}

bool vz_melding_of_row(rod_arena *a, rod_vz_record *row, rod_melding *m)
{
    rod_fields f;
    rod_fields_init(&f, a);
    if (!rod_fields_from_json(row->inhoud, &f) || !rod_vz_melding_from_fields(&f, m, a))
        return false;
    row->melding = m;
    return true;
}

/* The version of a change: the snapshot of `after`, the differences from
 * `before`, by the calling organisation; *d is `after` with the search
 * column of its melding. */
static rod_status make_version(rod_ctx *w, rod_arena *a, rod_vz_historie actie, const rod_vz_record *before,
                               const rod_vz_record *after, rod_vz_record *d, rod_vz_versie *v)
{
    rod_fields snap;
    rod_fields_init(&snap, a);
    rod_vz_record_fields(after, &snap);
    rod_changes changes;
    rod_changes_init(&changes, a);
    if (before)
        rod_vz_record_diff(before, after, &changes);
    const char *snapshot = snap.oom ? NULL : rod_fields_to_json(&snap, a);
    const char *wijzigingen = changes.oom ? NULL : rod_changes_to_json(&changes, a);
    if (!snapshot || !wijzigingen)
        return ROD_INTERNAL;

    *d = *after;
    if (after->melding)
        d->contactpersoon_naam = after->melding->cs_naam;
    memset(v, 0, sizeof *v);
    v->nummer = after->nummer;
    v->versie = after->versie;
    v->tijdstip = after->tijdstip;
    v->actie = actie;
    v->door_org_id = w->org.id;
    v->door_oin = w->org.oin;
    v->door_naam = w->org.naam;
    v->status = after->status;
    v->snapshot = snapshot;
    v->wijzigingen = wijzigingen;
    return ROD_OK;
}

rod_status vz_store_version(rod_ctx *w, rod_arena *a, rod_vz_historie actie, const rod_vz_record *before,
                            const rod_vz_record *after)
{
    rod_vz_record d;
    rod_vz_versie v;
    rod_status s = make_version(w, a, actie, before, after, &d, &v);
    if (s == ROD_OK)
        s = rod_vz_melding_update(w->db, &d);
    /* the version, which takes the melding clock, goes with the request's
     * last call (store/melding.h, rod_vz_deferred) */
    return s == ROD_OK ? rod_vz_defer_versie(w->db, a, &w->melding_write, &v) : s;
}

rod_status vz_store_new(rod_ctx *w, rod_arena *a, const rod_vz_record *rec, bool bevestiging,
                        const char *melder_email)
{
    rod_vz_record d;
    rod_vz_versie v;
    rod_status s = make_version(w, a, ROD_VZ_HIST_AANGEMAAKT, NULL, rec, &d, &v);
    return s == ROD_OK ? rod_vz_defer_nieuw(w->db, a, &w->melding_write, &d, &v, bevestiging, melder_email)
                       : s;
}

/* ---- response shapes ----------------------------------------------------------------- */

struct rod__UitvoerendeInstantie *vz_instantie(struct soap *soap, const char *gemeentecode, const char *naam)
{
    NEW(soap, rod__UitvoerendeInstantie, u);
    u->gemeentecode = sdup(soap, gemeentecode);
    u->naam = sdup(soap, naam);
    return u;
}

struct rod__Adres *vz_adres_out(struct soap *soap, const rod_vz_persoon *p)
{
    if (p->adres == ROD_ADRES_BINNENLAND) {
        NEW(soap, rod__Adres, a);
        NEW(soap, rod__Binnenland, b);
        b->postcode = sdup(soap, p->postcode);
        b->huisnummer = p->huisnummer;
        b->huisletter = sdup(soap, p->huisletter);
        b->huisnummertoevoeging = sdup(soap, p->toevoeging);
        if (p->aanduiding) {
            b->huisnummeraanduiding = rod_alloc(soap, sizeof *b->huisnummeraanduiding);
            if (!b->huisnummeraanduiding)
                return NULL;
            *b->huisnummeraanduiding = rod__Huisnummeraanduiding__by;
            soap_s2rod__Huisnummeraanduiding(soap, p->aanduiding, b->huisnummeraanduiding);
        }
        b->aanduidingLocatie = sdup(soap, p->aanduiding_locatie);
        b->straatnaam = sdup(soap, p->straatnaam);
        b->plaatsnaam = sdup(soap, p->plaatsnaam);
        a->__union_Adres = SOAP_UNION__rod__union_Adres_binnenland;
        a->union_Adres.binnenland = b;
        return a;
    }
    if (p->adres == ROD_ADRES_BUITENLAND) {
        NEW(soap, rod__Adres, a);
        NEW(soap, rod__Buitenland, b);
        b->landcode = sdup(soap, p->landcode);
        b->adresregel1 = sdup(soap, p->regel1);
        b->adresregel2 = sdup(soap, p->regel2);
        b->adresregel3 = sdup(soap, p->regel3);
        a->__union_Adres = SOAP_UNION__rod__union_Adres_buitenland;
        a->union_Adres.buitenland = b;
        return a;
    }
    return NULL;
}

struct rod__LeerlingGegevens *vz_leerling_out(struct soap *soap, const rod_vz_persoon *p)
{
    NEW(soap, rod__LeerlingGegevens, l);
    l->persoonsgebondenNummer = rod_pgn_make(soap, p->pgn, p->is_bsn);
    soap_s2rod__Geslacht(soap, p->geslacht, &l->geslacht);
    l->geboortedatum = sdup(soap, p->geboortedatum);
    l->achternaam = sdup(soap, p->achternaam);
    l->voorvoegsels = sdup(soap, p->voorvoegsels);
    l->voornamen = sdup(soap, p->voornamen);
    l->adres = vz_adres_out(soap, p);
    return l;
}

void vz_samenvatting_out(struct soap *soap, const rod_vz_samenvatting *in, rod_date today,
                         struct rod__MeldingSamenvatting *out)
{
    soap_default_rod__MeldingSamenvatting(soap, out);
    out->meldingnummer = in->nummer;
    out->versie = in->versie;
    out->persoonsgebondenNummer = rod_pgn_make(soap, in->pgn, in->is_bsn);
    out->achternaam = sdup(soap, in->achternaam);
    out->voornamen = sdup(soap, in->voornamen);
    out->soort = soort_out(soap, in->soort);
    out->status = vz_status_value(soap, in->status);
    out->begindatum = sdup(soap, in->begindatum);
    out->einddatum = in->open ? NULL : sdup(soap, in->einddatum);
    out->melddatum = sdup(soap, in->melddatum);
    out->instellingscode = sdup(soap, in->instellingscode);
    out->uitvoerendeInstantie = vz_instantie(soap, in->gemeentecode, in->gemeente_naam);
    out->metPrioriteit = xbool(in->met_prioriteit);
    rod_date since;
    out->aantalDagenStatus = rod_date_parse(in->status_datum, &since) ? rod_vz_days_since(since, today) : 0;
    out->laatstGewijzigd = sdup(soap, in->laatst_gewijzigd);
}

rod_status vz_lock_melding(rod_ctx *w, long long meldingnummer, rod_arena *a, rod_vz_record *row,
                           rod_vz_persoon *persoon, bool *persoon_found, bool *visible)
{
    bool found = false;
    *visible = false;
    if (persoon_found)
        *persoon_found = false;
    rod_status s = rod_vz_melding_lock(w->db, meldingnummer, a, row, &found);
    if (s != ROD_OK || !found)
        return s;
    /* the caller's own data of the pupil (spec 9.8): only the reporting
     * school may change a melding, any other caller finds it not visible */
    if (persoon && (s = rod_vz_persoon_lock(w->db, row->pgn, w->org.id, a, persoon, persoon_found)) != ROD_OK)
        return s;
    if ((s = rod_vz_melding_context(w->db, a, row)) != ROD_OK)
        return s;
    *visible = vz_visible(w, row);
    return ROD_OK;
}

rod_status vz_get_melding(rod_ctx *w, long long meldingnummer, rod_arena *a, rod_vz_record *row,
                          bool *visible)
{
    bool found = false;
    rod_status s = rod_vz_melding_get(w->db, meldingnummer, a, row, &found);
    *visible = s == ROD_OK && found && vz_visible(w, row);
    return s;
}

/* ---- the openings and closings of the handlers ---------------------------------- */

void vz_begin(vz_request *r, struct soap *soap, rod_operation op)
{
    r->soap = soap;
    r->w = rod_service_begin(soap, op);
    r->a = vz_arena(soap);
    rod_fouten_init(&r->f, soap);
    r->today = rod_today();
}

bool vz_begin_melding(vz_request *r, struct soap *soap, rod_operation op, const struct rod__Melding *in)
{
    vz_begin(r, soap, op);
    vz_melding_in(soap, in, &r->m);
    return vz_check_request(&r->f, &r->m, r->today);
}

rod_status vz_resolve_pupil(vz_request *r, bool pgn_ok)
{
    return pgn_ok ? rod_alias_resolve_one(r->w->db, r->m.pgn, &r->m.is_bsn, true) : ROD_OK;
}

rod_status vz_open_melding(vz_request *r, long long meldingnummer, bool lock, rod_vz_record *row,
                           rod_vz_persoon *persoon, bool *persoon_found)
{
    bool visible = false;
    rod_status s = lock ? vz_lock_melding(r->w, meldingnummer, &r->a, row, persoon, persoon_found, &visible)
                        : vz_get_melding(r->w, meldingnummer, &r->a, row, &visible);
    if (s != ROD_OK)
        return s;
    if (!visible) {
        rod_fout(&r->f, ROD_MELDING_NOT_FOUND, "meldingnummer", NULL);
        return ROD_MELDING_NOT_FOUND;
    }
    return ROD_OK;
}

rod_status vz_open_change(vz_request *r, long long meldingnummer, vz_change *c, rod_vz_persoon *persoon,
                          bool *persoon_found)
{
    rod_status s = vz_open_melding(r, meldingnummer, true, &c->row, persoon, persoon_found);
    if (s == ROD_OK && !vz_melding_of_row(&r->a, &c->row, &c->melding))
        s = ROD_INTERNAL;
    return s;
}

rod_status vz_begin_change(vz_request *r, struct soap *soap, rod_operation op, long long meldingnummer,
                           vz_change *c)
{
    vz_begin(r, soap, op);
    r->w->bericht.meldingnummer = meldingnummer; /* OpvragenBerichten */
    return vz_open_change(r, meldingnummer, c, NULL, NULL);
}

void vz_check_versie(vz_request *r, const rod_vz_record *row, const int *versie)
{
    if (versie && *versie != row->versie)
        rod_fout(&r->f, ROD_VERSION_CONFLICT, "versie",
                 rod_sprintf(r->soap, "(actuele versie %d)", row->versie));
}

void vz_next_version(const rod_vz_record *row, rod_vz_record *after, char now[24])
{
    vz_now(now);
    *after = *row;
    after->versie = row->versie + 1;
    after->tijdstip = now;
}

rod_status vz_store_change(vz_request *r, rod_vz_historie actie, const rod_vz_record *before,
                           const rod_vz_record *after, const char *notificatie)
{
    rod_status s = vz_store_version(r->w, &r->a, actie, before, after);
    if (s == ROD_OK && notificatie)
        s = rod_vz_notificatie(r->w->db, before->nummer, notificatie, before->gemeente_id, NULL,
                               after->tijdstip);
    return s;
}

int vz_serve_read(struct soap *soap, rod_operation op, long long meldingnummer, vz_read_body body,
                  const void *req, void *resp, enum xsd__boolean *gelukt, int *nfout, struct rod__Fout **fout)
{
    vz_request r;
    vz_begin(&r, soap, op);
    rod_vz_record row;
    rod_status s = vz_open_melding(&r, meldingnummer, false, &row, NULL, NULL);
    if (s == ROD_OK)
        s = body(&r, &row, req, resp);
    *gelukt = r.f.n == 0 ? xsd__boolean__true_ : xsd__boolean__false_;
    *nfout = r.f.n;
    *fout = r.f.items;
    return rod_service_end(r.w, s);
}

void vz_samenvattingen_out(struct soap *soap, const rod_vz_samenvatting *rows, int n, rod_date today,
                           int *size, struct rod__MeldingSamenvatting **out)
{
    *size = n;
    if (n <= 0)
        return;
    *out = rod_alloc(soap, sizeof **out * (size_t)n);
    if (!*out) {
        *size = 0;
        return;
    }
    for (int i = 0; i < n; i++)
        vz_samenvatting_out(soap, &rows[i], today, &(*out)[i]);
}
