/* Checks of a melding on its own, its canonical fields, and version
 * records. */
#include "rules/verzuim_melding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/ascii.h"

/* ---- issues ------------------------------------------------------------------ */

void rod_vz_issue_add(rod_vz_issues *is, rod_status code, const char *veld)
{
    if (is->n >= ROD_VZ_MAX_ISSUES)
        return;
    rod_vz_issue *x = &is->items[is->n++];

    x->code = code;
    snprintf(x->veld, sizeof x->veld, "%s", veld ? veld : "");
}

bool rod_vz_issues_has(const rod_vz_issues *is, rod_status code)
{
    for (int i = 0; i < is->n; i++)
        if (is->items[i].code == code)
            return true;
    return false;
}

/* ---- checks ------------------------------------------------------------------------ */

typedef struct {
    long day;
    int index;
} dated;

static int by_day(const void *a, const void *b)
{
    const dated *x = a, *y = b;

    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    return x->index - y->index;
}

static void dag_path(char *buf, size_t len, int i, const char *leaf)
{
    snprintf(buf, len, "melding/lesuren/verzuimdag[%d]/%s", i + 1, leaf);
}

static void check_dagen(const rod_melding *m, bool begin_ok, rod_date begin, bool upper_ok, rod_date upper,
                        rod_vz_issues *is)
{
    char veld[96];
    dated *order = m->ndagen > 0 ? calloc((size_t)m->ndagen, sizeof *order) : NULL;
    bool *reported = m->ndagen > 0 ? calloc((size_t)m->ndagen, sizeof *reported) : NULL;
    int nd = 0;

    for (int i = 0; i < m->ndagen; i++) {
        const rod_vz_dag *d = &m->dagen[i];
        rod_date dd;

        if (!rod_date_parse(d->datum, &dd)) {
            dag_path(veld, sizeof veld, i, "datum");
            rod_vz_issue_add(is, ROD_DATE_INVALID, veld);
        } else {
            if ((begin_ok && rod_date_cmp(dd, begin) < 0) || (upper_ok && rod_date_cmp(dd, upper) > 0)) {
                dag_path(veld, sizeof veld, i, "datum");
                rod_vz_issue_add(is, ROD_VERZUIMDAGEN_INVALID, veld);
                if (reported)
                    reported[i] = true;
            }
            if (order) {
                order[nd].day = rod_date_to_days(dd);
                order[nd].index = i;
                nd++;
            }
        }
        bool lesuur_bad = d->hele_dag ? d->nlesuur > 0 : d->nlesuur == 0;
        unsigned seen = 0;

        for (int k = 0; k < d->nlesuur; k++) {
            int u = d->lesuur[k];

            if (u < 1 || u > ROD_VZ_MAX_LESUUR || (seen & (1u << u)))
                lesuur_bad = true;
            else
                seen |= 1u << u;
        }
        if (lesuur_bad) {
            dag_path(veld, sizeof veld, i, "lesuur");
            rod_vz_issue_add(is, ROD_VERZUIMDAGEN_INVALID, veld);
        }
    }
    /* No datum twice: the later ones are reported. */
    if (order) {
        qsort(order, (size_t)nd, sizeof *order, by_day);
        for (int k = 1; k < nd; k++) {
            if (order[k].day != order[k - 1].day || reported[order[k].index])
                continue;
            dag_path(veld, sizeof veld, order[k].index, "datum");
            rod_vz_issue_add(is, ROD_VERZUIMDAGEN_INVALID, veld);
        }
    }
    free(order);
    free(reported);
}

void rod_vz_check_melding(const rod_melding *m, rod_date today, rod_vz_issues *is)
{
    rod_date begin = {0, 0, 0}, eind = {0, 0, 0};
    bool begin_ok = m->begindatum && rod_date_parse(m->begindatum, &begin);
    bool eind_ok = m->einddatum && rod_date_parse(m->einddatum, &eind);

    if (!begin_ok)
        rod_vz_issue_add(is, ROD_DATE_INVALID, "melding/verzuim/begindatum");
    if (m->einddatum && !eind_ok)
        rod_vz_issue_add(is, ROD_DATE_INVALID, "melding/verzuim/einddatum");
    if (begin_ok && eind_ok && rod_date_cmp(eind, begin) < 0)
        rod_vz_issue_add(is, ROD_EIND_BEFORE_BEGIN, "melding/verzuim/einddatum");
    if (begin_ok && rod_date_cmp(begin, today) > 0)
        rod_vz_issue_add(is, ROD_BEGIN_IN_FUTURE, "melding/verzuim/begindatum");

    if (!m->actie_gewenst && m->toelichting_actie == NULL)
        rod_vz_issue_add(is, ROD_TOELICHTING_ACTIE_REQUIRED, "melding/verzuim/toelichtingActieGewenst");
    if (m->met_prioriteit == ROD_OPT_TRUE && !m->actie_gewenst)
        rod_vz_issue_add(is, ROD_PRIORITEIT_WITHOUT_ACTIE, "melding/verzuim/metPrioriteit");
    bool anders = false;

    for (int i = 0; i < m->nacties; i++)
        anders |= m->acties[i] == ROD_VZ_ACTIE_ANDERS;
    if (anders && m->acties_toelichting == NULL)
        rod_vz_issue_add(is, ROD_TOELICHTING_ANDERS_REQUIRED, "melding/actiesSchool/toelichting");
    if (m->verbijzondering != ROD_VZ_VERB_GEEN && m->soort != ROD_SOORT_OVERIG)
        rod_vz_issue_add(is, ROD_VERBIJZONDERING_NOT_OVERIG, "melding/verzuim/verbijzondering");

    /* A verzuimdag lies within the period; an open period runs up to
	 * today (CONTRACT 4). */
    bool upper_ok = m->einddatum ? eind_ok : true;
    rod_date upper = m->einddatum ? eind : today;

    check_dagen(m, begin_ok, begin, upper_ok, upper, is);
}

/* ---- fields ------------------------------------------------------------------------- */

static const char *bool_text(bool b)
{
    return b ? "true" : "false";
}

static const char *opt_text(rod_optbool b, bool effective)
{
    if (b == ROD_OPT_ABSENT)
        return effective ? "false" : NULL;
    return b == ROD_OPT_TRUE ? "true" : "false";
}

static void melding_fields(const rod_melding *m, rod_fields *f, bool effective)
{
    char num[16];

    rod_fields_add(f,
                   m->is_bsn ? "leerling/persoonsgebondenNummer/bsn"
                             : "leerling/persoonsgebondenNummer/onderwijsnummer",
                   m->pgn);
    rod_fields_add(f, "leerling/email", m->email);
    rod_fields_add(f, "leerling/telefoon", m->telefoon);
    for (int i = 0; i < m->ncontact && i < ROD_VZ_MAX_CONTACTPERSONEN; i++) {
        const rod_vz_contactpersoon *c = &m->contact[i];

        rod_fields_addf_path(f, c->naam, "leerling/contactpersoon[%d]/naam", i + 1);
        rod_fields_addf_path(f, c->relatie, "leerling/contactpersoon[%d]/relatie", i + 1);
        rod_fields_addf_path(f, c->email, "leerling/contactpersoon[%d]/email", i + 1);
        rod_fields_addf_path(f, c->telefoon, "leerling/contactpersoon[%d]/telefoon", i + 1);
    }
    if (m->afwijkend == ROD_AFW_REGULIER) {
        snprintf(num, sizeof num, "%d", m->afw_huisnummer);
        rod_fields_add(f, "leerling/afwijkendAdres/regulier/straatnaam", m->afw_straatnaam);
        rod_fields_add(f, "leerling/afwijkendAdres/regulier/huisnummer", num);
        rod_fields_add(f, "leerling/afwijkendAdres/regulier/huisletter", m->afw_huisletter);
        rod_fields_add(f, "leerling/afwijkendAdres/regulier/huisnummertoevoeging", m->afw_toevoeging);
        rod_fields_add(f, "leerling/afwijkendAdres/regulier/postcode", m->afw_postcode);
    } else if (m->afwijkend == ROD_AFW_ALTERNATIEF) {
        rod_fields_add(f, "leerling/afwijkendAdres/alternatief/aanduidingLocatie", m->afw_locatie);
        rod_fields_add(f, "leerling/afwijkendAdres/alternatief/plaatsnaam", m->afw_plaatsnaam);
    }
    rod_fields_add(f, "verzuim/instellingscode", m->instellingscode);
    rod_fields_add(f, "verzuim/begindatum", m->begindatum);
    rod_fields_add(f, "verzuim/einddatum", m->einddatum);
    rod_fields_add(f, "verzuim/soort", rod_soort_name(m->soort));
    rod_fields_add(f, "verzuim/verbijzondering", rod_vz_verbijzondering_name(m->verbijzondering));
    rod_fields_add(f, "verzuim/vermoedelijkeReden", m->reden);
    rod_fields_add(f, "verzuim/toelichting", m->toelichting);
    rod_fields_add(f, "verzuim/actieGewenst", bool_text(m->actie_gewenst));
    rod_fields_add(f, "verzuim/toelichtingActieGewenst", m->toelichting_actie);
    rod_fields_add(f, "verzuim/metPrioriteit", opt_text(m->met_prioriteit, effective));
    rod_fields_add(f, "verzuim/onderwijsaanbiedercode", m->aanbiedercode);
    rod_fields_add(f, "verzuim/onderwijslocatiecode", m->locatiecode);
    rod_fields_add(f, "contactpersoonSchool/naam", m->cs_naam);
    rod_fields_add(f, "contactpersoonSchool/functie", m->cs_functie);
    rod_fields_add(f, "contactpersoonSchool/email", m->cs_email);
    rod_fields_add(f, "contactpersoonSchool/telefoon", m->cs_telefoon);
    if (m->alle_lessen_gemist)
        rod_fields_add(f, "lesuren/alleLessenGemist", "true");
    for (int i = 0; i < m->ndagen; i++) {
        const rod_vz_dag *d = &m->dagen[i];
        char uren[ROD_VZ_MAX_LESUUR * 4 + 8];
        size_t o = 0;

        uren[0] = '\0';
        for (int k = 0; k < d->nlesuur && o + 12 < sizeof uren; k++)
            o += (size_t)snprintf(uren + o, sizeof uren - o, "%s%d", k ? "," : "", d->lesuur[k]);
        rod_fields_addf_path(f, d->datum, "lesuren/verzuimdag[%d]/datum", i + 1);
        rod_fields_addf_path(f, bool_text(d->hele_dag), "lesuren/verzuimdag[%d]/heleDag", i + 1);
        rod_fields_addf_path(f, d->nlesuur ? uren : NULL, "lesuren/verzuimdag[%d]/lesuur", i + 1);
        rod_fields_addf_path(f, d->toelichting, "lesuren/verzuimdag[%d]/toelichting", i + 1);
    }
    char acties[ROD_VZ_MAX_ACTIES * 40];
    size_t o = 0;

    acties[0] = '\0';
    for (int i = 0; i < m->nacties && i < ROD_VZ_MAX_ACTIES; i++) {
        const char *name = rod_vz_actie_name(m->acties[i]);

        o += (size_t)snprintf(acties + o, sizeof acties - o, "%s%s", i ? "," : "", name ? name : "?");
    }
    rod_fields_add(f, "actiesSchool/ondernomenActie", m->nacties ? acties : NULL);
    rod_fields_add(f, "actiesSchool/toelichting", m->acties_toelichting);
    rod_fields_add(f, "stuurEmailNaarMelder", opt_text(m->stuur_email, effective));
}

void rod_vz_melding_fields(const rod_melding *m, rod_fields *out)
{
    melding_fields(m, out, false);
}

/* ---- fields back to a melding ----------------------------------------------------------- */

static bool parse_bool(const char *v, bool *out)
{
    if (strcmp(v, "true") == 0)
        *out = true;
    else if (strcmp(v, "false") == 0)
        *out = false;
    else
        return false;
    return true;
}

static bool parse_opt(const char *v, rod_optbool *out)
{
    bool b;

    if (!parse_bool(v, &b))
        return false;
    *out = b ? ROD_OPT_TRUE : ROD_OPT_FALSE;
    return true;
}

static bool parse_int(const char *v, int min, int max, int *out)
{
    char *end;
    long x = strtol(v, &end, 10);

    if (end == v || *end != '\0' || x < min || x > max)
        return false;
    *out = (int)x;
    return true;
}

/* "name[N]/leaf" after prefix: N (1-based) and leaf. */
static bool indexed(const char *path, const char *prefix, int *index, const char **leaf)
{
    size_t pl = strlen(prefix);

    if (strncmp(path, prefix, pl) != 0)
        return false;
    const char *p = path + pl;
    int n = 0, digits = 0;

    while (rod_ascii_digit(*p) && digits < 7) {
        n = n * 10 + (*p++ - '0');
        digits++;
    }
    if (digits == 0 || n < 1 || p[0] != ']' || p[1] != '/')
        return false;
    *index = n;
    *leaf = p + 2;
    return true;
}

static bool is_melding_path(const char *path)
{
    static const char *const tops[] = {"leerling/", "verzuim/", "contactpersoonSchool/", "lesuren/",
                                       "actiesSchool/"};

    for (size_t i = 0; i < sizeof tops / sizeof tops[0]; i++)
        if (strncmp(path, tops[i], strlen(tops[i])) == 0)
            return true;
    return strcmp(path, "stuurEmailNaarMelder") == 0;
}

static bool set_contact(rod_melding *m, int index, const char *leaf, const char *v)
{
    if (index > ROD_VZ_MAX_CONTACTPERSONEN)
        return false;
    rod_vz_contactpersoon *c = &m->contact[index - 1];

    if (index > m->ncontact)
        m->ncontact = index;
    if (strcmp(leaf, "naam") == 0)
        c->naam = v;
    else if (strcmp(leaf, "relatie") == 0)
        c->relatie = v;
    else if (strcmp(leaf, "email") == 0)
        c->email = v;
    else if (strcmp(leaf, "telefoon") == 0)
        c->telefoon = v;
    else
        return false;
    return true;
}

static bool parse_lesuren(const char *v, rod_vz_dag *d, rod_arena *a)
{
    int count = 1;

    for (const char *p = v; *p; p++)
        count += *p == ',';
    int *uren = rod_arena_alloc(a, sizeof *uren * (size_t)count);

    if (uren == NULL)
        return false;
    const char *p = v;

    for (int k = 0; k < count; k++) {
        char part[12];
        size_t n = strcspn(p, ",");

        if (n == 0 || n >= sizeof part)
            return false;
        memcpy(part, p, n);
        part[n] = '\0';
        if (!parse_int(part, 1, ROD_VZ_MAX_LESUUR, &uren[k]))
            return false;
        p += n + (p[n] == ',');
    }
    d->lesuur = uren;
    d->nlesuur = count;
    return true;
}

static bool set_dag(rod_vz_dag *d, const char *leaf, const char *v, rod_arena *a, bool *has_hele_dag)
{
    if (strcmp(leaf, "datum") == 0)
        d->datum = v;
    else if (strcmp(leaf, "heleDag") == 0)
        return (*has_hele_dag = parse_bool(v, &d->hele_dag));
    else if (strcmp(leaf, "lesuur") == 0)
        return parse_lesuren(v, d, a);
    else if (strcmp(leaf, "toelichting") == 0)
        d->toelichting = v;
    else
        return false;
    return true;
}

static bool parse_acties(const char *v, rod_melding *m)
{
    const char *p = v;

    m->nacties = 0;
    while (*p) {
        char name[48];
        size_t n = strcspn(p, ",");

        if (n == 0 || n >= sizeof name || m->nacties >= ROD_VZ_MAX_ACTIES)
            return false;
        memcpy(name, p, n);
        name[n] = '\0';
        if (!rod_vz_actie_parse(name, &m->acties[m->nacties++]))
            return false;
        p += n + (p[n] == ',');
    }
    return m->nacties > 0;
}

/* One melding field that is neither indexed nor a dag. */
static bool set_simple(rod_melding *m, const char *path, const char *v, bool *has_actie_gewenst)
{
    if (strcmp(path, "leerling/persoonsgebondenNummer/bsn") == 0 ||
        strcmp(path, "leerling/persoonsgebondenNummer/onderwijsnummer") == 0) {
        if (strlen(v) != 9)
            return false;
        snprintf(m->pgn, sizeof m->pgn, "%s", v);
        m->is_bsn = path[strlen("leerling/persoonsgebondenNummer/")] == 'b';
    } else if (strcmp(path, "leerling/email") == 0) {
        m->email = v;
    } else if (strcmp(path, "leerling/telefoon") == 0) {
        m->telefoon = v;
    } else if (strncmp(path, "leerling/afwijkendAdres/regulier/", 33) == 0) {
        const char *leaf = path + 33;

        m->afwijkend = ROD_AFW_REGULIER;
        if (strcmp(leaf, "straatnaam") == 0)
            m->afw_straatnaam = v;
        else if (strcmp(leaf, "huisnummer") == 0)
            return parse_int(v, 1, 99999, &m->afw_huisnummer);
        else if (strcmp(leaf, "huisletter") == 0)
            m->afw_huisletter = v;
        else if (strcmp(leaf, "huisnummertoevoeging") == 0)
            m->afw_toevoeging = v;
        else if (strcmp(leaf, "postcode") == 0)
            m->afw_postcode = v;
        else
            return false;
    } else if (strncmp(path, "leerling/afwijkendAdres/alternatief/", 36) == 0) {
        const char *leaf = path + 36;

        m->afwijkend = ROD_AFW_ALTERNATIEF;
        if (strcmp(leaf, "aanduidingLocatie") == 0)
            m->afw_locatie = v;
        else if (strcmp(leaf, "plaatsnaam") == 0)
            m->afw_plaatsnaam = v;
        else
            return false;
    } else if (strcmp(path, "verzuim/instellingscode") == 0) {
        if (strlen(v) != 4)
            return false;
        snprintf(m->instellingscode, sizeof m->instellingscode, "%s", v);
    } else if (strcmp(path, "verzuim/begindatum") == 0) {
        m->begindatum = v;
    } else if (strcmp(path, "verzuim/einddatum") == 0) {
        m->einddatum = v;
    } else if (strcmp(path, "verzuim/soort") == 0) {
        return rod_soort_parse(v, &m->soort);
    } else if (strcmp(path, "verzuim/verbijzondering") == 0) {
        return rod_vz_verbijzondering_parse(v, &m->verbijzondering);
    } else if (strcmp(path, "verzuim/vermoedelijkeReden") == 0) {
        m->reden = v;
    } else if (strcmp(path, "verzuim/toelichting") == 0) {
        m->toelichting = v;
    } else if (strcmp(path, "verzuim/actieGewenst") == 0) {
        return (*has_actie_gewenst = parse_bool(v, &m->actie_gewenst));
    } else if (strcmp(path, "verzuim/toelichtingActieGewenst") == 0) {
        m->toelichting_actie = v;
    } else if (strcmp(path, "verzuim/metPrioriteit") == 0) {
        return parse_opt(v, &m->met_prioriteit);
    } else if (strcmp(path, "verzuim/onderwijsaanbiedercode") == 0) {
        m->aanbiedercode = v;
    } else if (strcmp(path, "verzuim/onderwijslocatiecode") == 0) {
        m->locatiecode = v;
    } else if (strcmp(path, "contactpersoonSchool/naam") == 0) {
        m->cs_naam = v;
    } else if (strcmp(path, "contactpersoonSchool/functie") == 0) {
        m->cs_functie = v;
    } else if (strcmp(path, "contactpersoonSchool/email") == 0) {
        m->cs_email = v;
    } else if (strcmp(path, "contactpersoonSchool/telefoon") == 0) {
        m->cs_telefoon = v;
    } else if (strcmp(path, "lesuren/alleLessenGemist") == 0) {
        if (strcmp(v, "true") != 0)
            return false;
        m->alle_lessen_gemist = true;
    } else if (strcmp(path, "actiesSchool/ondernomenActie") == 0) {
        return parse_acties(v, m);
    } else if (strcmp(path, "actiesSchool/toelichting") == 0) {
        m->acties_toelichting = v;
    } else if (strcmp(path, "stuurEmailNaarMelder") == 0) {
        return parse_opt(v, &m->stuur_email);
    } else {
        return false;
    }
    return true;
}

bool rod_vz_melding_from_fields(const rod_fields *f, rod_melding *m, rod_arena *a)
{
    memset(m, 0, sizeof *m);
    m->verbijzondering = ROD_VZ_VERB_GEEN;
    m->soort = ROD_SOORT_COUNT;

    /* how many verzuimdagen: the highest index */
    int ndagen = 0;

    for (int i = 0; i < f->n; i++) {
        int index;
        const char *leaf;

        if (indexed(f->items[i].path, "lesuren/verzuimdag[", &index, &leaf) && index > ndagen)
            ndagen = index;
    }
    rod_vz_dag *dagen = NULL;
    bool *hele_dag_seen = NULL;

    if (ndagen > 0) {
        if (ndagen > f->n)
            return false; /* an index far beyond the fields there are */
        dagen = rod_arena_alloc(a, sizeof *dagen * (size_t)ndagen);
        hele_dag_seen = rod_arena_alloc(a, sizeof *hele_dag_seen * (size_t)ndagen);
        if (dagen == NULL || hele_dag_seen == NULL)
            return false;
        memset(dagen, 0, sizeof *dagen * (size_t)ndagen);
        memset(hele_dag_seen, 0, sizeof *hele_dag_seen * (size_t)ndagen);
    }
    bool has_actie_gewenst = false;

    for (int i = 0; i < f->n; i++) {
        const char *path = f->items[i].path, *v = f->items[i].value;
        int index;
        const char *leaf;
        bool ok;

        if (!is_melding_path(path))
            continue;
        if (indexed(path, "leerling/contactpersoon[", &index, &leaf))
            ok = set_contact(m, index, leaf, v);
        else if (indexed(path, "lesuren/verzuimdag[", &index, &leaf))
            ok = set_dag(&dagen[index - 1], leaf, v, a, &hele_dag_seen[index - 1]);
        else
            ok = set_simple(m, path, v, &has_actie_gewenst);
        if (!ok)
            return false;
    }
    m->dagen = dagen;
    m->ndagen = ndagen;

    /* what the XSD requires of a melding */
    if (!m->pgn[0] || !m->instellingscode[0] || !m->begindatum || m->soort == ROD_SOORT_COUNT || !m->reden ||
        !has_actie_gewenst || !m->cs_naam || !m->cs_email || m->nacties == 0)
        return false;
    if (m->alle_lessen_gemist == (ndagen > 0))
        return false;
    for (int i = 0; i < ndagen; i++)
        if (!dagen[i].datum || !hele_dag_seen[i])
            return false;
    for (int i = 0; i < m->ncontact; i++)
        if (!m->contact[i].naam)
            return false;
    if (m->afwijkend == ROD_AFW_REGULIER && (!m->afw_straatnaam || !m->afw_huisnummer || !m->afw_postcode))
        return false;
    if (m->afwijkend == ROD_AFW_ALTERNATIEF && (!m->afw_locatie || !m->afw_plaatsnaam))
        return false;
    return true;
}

/* ---- records ----------------------------------------------------------------------------- */

static void record_fields(const rod_vz_record *r, rod_fields *f, bool effective)
{
    rod_fields_add(f, "status", rod_vz_status_name(r->status));
    rod_fields_add(f, "wet", rod_wet_name(r->wet));
    if (r->melding)
        melding_fields(r->melding, f, effective);
    if (r->tk_datum) {
        rod_fields_add(f, "terugkoppeling/datum", r->tk_datum);
        rod_fields_add(f, "terugkoppeling/organisatie", r->tk_organisatie);
        rod_fields_add(f, "terugkoppeling/naamBehandelaar", r->tk_naam);
        rod_fields_add(f, "terugkoppeling/functieBehandelaar", r->tk_functie);
        rod_fields_add(f, "terugkoppeling/telefoonBehandelaar", r->tk_telefoon);
        rod_fields_add(f, "terugkoppeling/emailBehandelaar", r->tk_email);
        rod_fields_add(f, "terugkoppeling/toelichting", r->tk_toelichting);
    }
    rod_fields_add(f, "redenAfgesloten", r->reden_afgesloten);
    rod_fields_add(f, "redenIntrekken", rod_vz_reden_name(r->reden_intrekken));
    rod_fields_add(f, "toelichtingIntrekken", r->toelichting_intrekken);
}

void rod_vz_record_fields(const rod_vz_record *r, rod_fields *out)
{
    record_fields(r, out, false);
}

bool rod_vz_record_from_fields(const rod_fields *f, rod_vz_record *r, rod_melding *m, rod_arena *a)
{
    memset(r, 0, sizeof *r);
    r->reden_intrekken = ROD_VZ_REDEN_GEEN;
    if (!rod_vz_status_parse(rod_fields_get(f, "status"), &r->status) ||
        !rod_wet_parse(rod_fields_get(f, "wet"), &r->wet))
        return false;
    r->tk_datum = rod_fields_get(f, "terugkoppeling/datum");
    r->tk_organisatie = rod_fields_get(f, "terugkoppeling/organisatie");
    r->tk_naam = rod_fields_get(f, "terugkoppeling/naamBehandelaar");
    r->tk_functie = rod_fields_get(f, "terugkoppeling/functieBehandelaar");
    r->tk_telefoon = rod_fields_get(f, "terugkoppeling/telefoonBehandelaar");
    r->tk_email = rod_fields_get(f, "terugkoppeling/emailBehandelaar");
    r->tk_toelichting = rod_fields_get(f, "terugkoppeling/toelichting");
    r->reden_afgesloten = rod_fields_get(f, "redenAfgesloten");
    r->toelichting_intrekken = rod_fields_get(f, "toelichtingIntrekken");
    const char *reden = rod_fields_get(f, "redenIntrekken");

    if (reden && !rod_vz_reden_parse(reden, &r->reden_intrekken))
        return false;
    if (!rod_vz_melding_from_fields(f, m, a))
        return false;
    r->melding = m;
    return true;
}

void rod_vz_record_diff(const rod_vz_record *before, const rod_vz_record *after, rod_changes *out)
{
    rod_fields b, n;

    rod_fields_init(&b, out->arena);
    rod_fields_init(&n, out->arena);
    record_fields(before, &b, true);
    record_fields(after, &n, true);
    if (b.oom || n.oom) {
        out->oom = true;
        return;
    }
    rod_fields_diff(&b, &n, out);
}
