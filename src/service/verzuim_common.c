/* Helpers shared by the verzuim handlers. */
#include "service/verzuim_common.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "rules/address.h"
#include "rules/partial_date.h"
#include "rules/pgn.h"
#include "store/org.h"
#include "store/postcode.h"

/* ---- memory, time ------------------------------------------------------------ */

static void *soap_arena_alloc(void *ctx, size_t n)
{
    return soap_malloc(ctx, n);
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
    LONG64 *p = soap_malloc(soap, sizeof *p);
    if (p)
        *p = v;
    return p;
}

enum xsd__boolean *vz_bool(struct soap *soap, bool v)
{
    enum xsd__boolean *p = soap_malloc(soap, sizeof *p);
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
    enum rod__Status *p = soap_malloc(soap, sizeof *p);
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

/* ---- melding in ---------------------------------------------------------------- */

static const char *text(struct soap *soap, const char *s)
{
    return rod_text(soap, s);
}

void vz_melding_in(struct soap *soap, const struct rod__Melding *in, rod_melding *m)
{
    memset(m, 0, sizeof *m);
    m->verbijzondering = ROD_VZ_VERB_GEEN;
    m->soort = ROD_SOORT_COUNT;

    const struct rod__MeldingLeerling *l = in->leerling;
    if (l) {
        bool is_bsn = false;
        const char *pgn = rod_pgn_value(l->persoonsgebondenNummer, &is_bsn);
        snprintf(m->pgn, sizeof m->pgn, "%s", pgn ? pgn : "");
        m->is_bsn = is_bsn;
        m->email = text(soap, l->email);
        m->telefoon = text(soap, l->telefoon);
        for (int i = 0; i < l->__sizecontactpersoon && i < ROD_VZ_MAX_CONTACTPERSONEN; i++) {
            const struct rod__Contactpersoon *c = &l->contactpersoon[i];
            rod_vz_contactpersoon *x = &m->contact[m->ncontact++];
            x->naam = text(soap, c->naam);
            x->relatie = text(soap, c->relatie);
            x->email = text(soap, c->email);
            x->telefoon = text(soap, c->telefoon);
        }
        const struct rod__AfwijkendAdres *a = l->afwijkendAdres;
        if (a && a->__union_AfwijkendAdres == SOAP_UNION__rod__union_AfwijkendAdres_regulier &&
            a->union_AfwijkendAdres.regulier) {
            const struct rod__RegulierAdres *r = a->union_AfwijkendAdres.regulier;
            m->afwijkend = ROD_AFW_REGULIER;
            m->afw_straatnaam = text(soap, r->straatnaam);
            m->afw_huisnummer = r->huisnummer;
            m->afw_huisletter = text(soap, r->huisletter);
            m->afw_toevoeging = text(soap, r->huisnummertoevoeging);
            m->afw_postcode = text(soap, r->postcode);
        } else if (a && a->__union_AfwijkendAdres == SOAP_UNION__rod__union_AfwijkendAdres_alternatief &&
                   a->union_AfwijkendAdres.alternatief) {
            const struct rod__AlternatiefAdres *r = a->union_AfwijkendAdres.alternatief;
            m->afwijkend = ROD_AFW_ALTERNATIEF;
            m->afw_locatie = text(soap, r->aanduidingLocatie);
            m->afw_plaatsnaam = text(soap, r->plaatsnaam);
        }
    }
    const struct rod__Verzuim *v = in->verzuim;
    if (v) {
        snprintf(m->instellingscode, sizeof m->instellingscode, "%s",
                 v->instellingscode ? v->instellingscode : "");
        m->begindatum = text(soap, v->begindatum);
        m->einddatum = text(soap, v->einddatum);
        rod_soort_parse(soap_rod__VerzuimSoort2s(soap, v->soort), &m->soort);
        if (v->verbijzondering)
            rod_vz_verbijzondering_parse(soap_rod__Verbijzondering2s(soap, *v->verbijzondering),
                                         &m->verbijzondering);
        m->reden = text(soap, v->vermoedelijkeReden);
        m->toelichting = text(soap, v->toelichting);
        m->actie_gewenst = v->actieGewenst == xsd__boolean__true_;
        m->toelichting_actie = text(soap, v->toelichtingActieGewenst);
        m->met_prioriteit = !v->metPrioriteit                          ? ROD_OPT_ABSENT
                            : *v->metPrioriteit == xsd__boolean__true_ ? ROD_OPT_TRUE
                                                                       : ROD_OPT_FALSE;
        m->aanbiedercode = text(soap, v->onderwijsaanbiedercode);
        m->locatiecode = text(soap, v->onderwijslocatiecode);
    }
    const struct rod__ContactpersoonSchool *cs = in->contactpersoonSchool;
    if (cs) {
        m->cs_naam = text(soap, cs->naam);
        m->cs_functie = text(soap, cs->functie);
        m->cs_email = text(soap, cs->email);
        m->cs_telefoon = text(soap, cs->telefoon);
    }
    const struct rod__Lesuren *lu = in->lesuren;
    if (lu && lu->__sizeverzuimdag > 0) {
        rod_vz_dag *dagen = soap_malloc(soap, sizeof *dagen * (size_t)lu->__sizeverzuimdag);
        if (dagen) {
            for (int i = 0; i < lu->__sizeverzuimdag; i++) {
                const struct rod__Verzuimdag *d = &lu->verzuimdag[i];
                dagen[i].datum = text(soap, d->datum);
                dagen[i].hele_dag = d->heleDag == xsd__boolean__true_;
                dagen[i].nlesuur = d->__sizelesuur;
                dagen[i].lesuur = d->lesuur;
                dagen[i].toelichting = text(soap, d->toelichting);
            }
            m->dagen = dagen;
            m->ndagen = lu->__sizeverzuimdag;
        }
    } else if (lu && lu->alleLessenGemist) {
        m->alle_lessen_gemist = true;
    }
    const struct rod__ActiesSchool *as = in->actiesSchool;
    if (as) {
        for (int i = 0; i < as->__sizeondernomenActie && m->nacties < ROD_VZ_MAX_ACTIES; i++)
            if (rod_vz_actie_parse(soap_rod__OndernomenActie2s(soap, as->ondernomenActie[i]),
                                   &m->acties[m->nacties]))
                m->nacties++;
        m->acties_toelichting = text(soap, as->toelichting);
    }
    m->stuur_email = !in->stuurEmailNaarMelder                          ? ROD_OPT_ABSENT
                     : *in->stuurEmailNaarMelder == xsd__boolean__true_ ? ROD_OPT_TRUE
                                                                        : ROD_OPT_FALSE;
}

/* ---- melding out ----------------------------------------------------------------- */

static char *sdup(struct soap *soap, const char *s)
{
    return rod_sdup(soap, s);
}

#define NEW(soap, type, var)                             \
    struct type *var = soap_malloc((soap), sizeof *var); \
    soap_default_##type((soap), var)

struct rod__Melding *vz_melding_out(struct soap *soap, const rod_melding *m)
{
    NEW(soap, rod__Melding, out);

    NEW(soap, rod__MeldingLeerling, l);
    l->persoonsgebondenNummer = rod_pgn_make(soap, m->pgn, m->is_bsn);
    l->email = sdup(soap, m->email);
    l->telefoon = sdup(soap, m->telefoon);
    if (m->ncontact > 0) {
        l->__sizecontactpersoon = m->ncontact;
        l->contactpersoon = soap_malloc(soap, sizeof *l->contactpersoon * (size_t)m->ncontact);
        for (int i = 0; i < m->ncontact; i++) {
            struct rod__Contactpersoon *c = &l->contactpersoon[i];
            soap_default_rod__Contactpersoon(soap, c);
            c->naam = sdup(soap, m->contact[i].naam);
            c->relatie = sdup(soap, m->contact[i].relatie);
            c->email = sdup(soap, m->contact[i].email);
            c->telefoon = sdup(soap, m->contact[i].telefoon);
        }
    }
    if (m->afwijkend != ROD_AFW_GEEN) {
        NEW(soap, rod__AfwijkendAdres, a);
        if (m->afwijkend == ROD_AFW_REGULIER) {
            NEW(soap, rod__RegulierAdres, r);
            r->straatnaam = sdup(soap, m->afw_straatnaam);
            r->huisnummer = m->afw_huisnummer;
            r->huisletter = sdup(soap, m->afw_huisletter);
            r->huisnummertoevoeging = sdup(soap, m->afw_toevoeging);
            r->postcode = sdup(soap, m->afw_postcode);
            a->__union_AfwijkendAdres = SOAP_UNION__rod__union_AfwijkendAdres_regulier;
            a->union_AfwijkendAdres.regulier = r;
        } else {
            NEW(soap, rod__AlternatiefAdres, r);
            r->aanduidingLocatie = sdup(soap, m->afw_locatie);
            r->plaatsnaam = sdup(soap, m->afw_plaatsnaam);
            a->__union_AfwijkendAdres = SOAP_UNION__rod__union_AfwijkendAdres_alternatief;
            a->union_AfwijkendAdres.alternatief = r;
        }
        l->afwijkendAdres = a;
    }
    out->leerling = l;

    NEW(soap, rod__Verzuim, v);
    v->instellingscode = sdup(soap, m->instellingscode);
    v->begindatum = sdup(soap, m->begindatum);
    v->einddatum = sdup(soap, m->einddatum);
    v->soort = soort_out(soap, m->soort);
    if (m->verbijzondering != ROD_VZ_VERB_GEEN) {
        v->verbijzondering = soap_malloc(soap, sizeof *v->verbijzondering);
        soap_s2rod__Verbijzondering(soap, rod_vz_verbijzondering_name(m->verbijzondering),
                                    v->verbijzondering);
    }
    v->vermoedelijkeReden = sdup(soap, m->reden);
    v->toelichting = sdup(soap, m->toelichting);
    v->actieGewenst = xbool(m->actie_gewenst);
    v->toelichtingActieGewenst = sdup(soap, m->toelichting_actie);
    if (m->met_prioriteit != ROD_OPT_ABSENT)
        v->metPrioriteit = vz_bool(soap, m->met_prioriteit == ROD_OPT_TRUE);
    v->onderwijsaanbiedercode = sdup(soap, m->aanbiedercode);
    v->onderwijslocatiecode = sdup(soap, m->locatiecode);
    out->verzuim = v;

    NEW(soap, rod__ContactpersoonSchool, cs);
    cs->naam = sdup(soap, m->cs_naam);
    cs->functie = sdup(soap, m->cs_functie);
    cs->email = sdup(soap, m->cs_email);
    cs->telefoon = sdup(soap, m->cs_telefoon);
    out->contactpersoonSchool = cs;

    NEW(soap, rod__Lesuren, lu);
    if (m->alle_lessen_gemist) {
        lu->alleLessenGemist = vz_bool(soap, true);
    } else if (m->ndagen > 0) {
        lu->__sizeverzuimdag = m->ndagen;
        lu->verzuimdag = soap_malloc(soap, sizeof *lu->verzuimdag * (size_t)m->ndagen);
        for (int i = 0; i < m->ndagen; i++) {
            struct rod__Verzuimdag *d = &lu->verzuimdag[i];
            soap_default_rod__Verzuimdag(soap, d);
            d->datum = sdup(soap, m->dagen[i].datum);
            d->heleDag = xbool(m->dagen[i].hele_dag);
            if (m->dagen[i].nlesuur > 0) {
                d->__sizelesuur = m->dagen[i].nlesuur;
                d->lesuur = soap_malloc(soap, sizeof *d->lesuur * (size_t)d->__sizelesuur);
                memcpy(d->lesuur, m->dagen[i].lesuur, sizeof *d->lesuur * (size_t)d->__sizelesuur);
            }
            d->toelichting = sdup(soap, m->dagen[i].toelichting);
        }
    }
    out->lesuren = lu;

    NEW(soap, rod__ActiesSchool, as);
    as->__sizeondernomenActie = m->nacties;
    as->ondernomenActie =
        soap_malloc(soap, sizeof *as->ondernomenActie * (size_t)(m->nacties ? m->nacties : 1));
    for (int i = 0; i < m->nacties; i++) {
        as->ondernomenActie[i] = rod__OndernomenActie__ANDERS;
        soap_s2rod__OndernomenActie(soap, rod_vz_actie_name(m->acties[i]), &as->ondernomenActie[i]);
    }
    as->toelichting = sdup(soap, m->acties_toelichting);
    out->actiesSchool = as;

    if (m->stuur_email != ROD_OPT_ABSENT)
        out->stuurEmailNaarMelder = vz_bool(soap, m->stuur_email == ROD_OPT_TRUE);
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

rod_status vz_check_instelling(rod_worker *w, rod_fouten *f, const char *code, bool *ok)
{
    rod_instelling inst;
    bool exists = false;
    *ok = false;
    rod_status s = rod_instelling_get(w->db, code, &inst, &exists);
    if (s != ROD_OK)
        return s;
    if (!exists)
        rod_fout(f, ROD_INSTELLING_UNKNOWN, "melding/verzuim/instellingscode", NULL);
    else if (inst.organisatie_id != w->org.id)
        rod_fout(f, ROD_NOT_AUTHORISED, "melding/verzuim/instellingscode", NULL);
    else
        *ok = true;
    return ROD_OK;
}

#define VELD_PGN "melding/leerling/persoonsgebondenNummer"

rod_status vz_check_pupil(rod_worker *w, rod_arena *a, rod_fouten *f, const rod_melding *m,
                          const rod_vz_persoon *p, long long self, vz_pupil *out)
{
    memset(out, 0, sizeof *out);
    rod_date begin, eind;
    bool begin_ok = m->begindatum && rod_date_parse(m->begindatum, &begin);
    bool has_eind = m->einddatum && rod_date_parse(m->einddatum, &eind);
    if (!p) {
        rod_fout(f, ROD_PUPIL_NOT_FOUND, VELD_PGN, NULL);
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
        rod_fout(f, ROD_PUPIL_NOT_FOUND, VELD_PGN, NULL);
        return ROD_OK;
    }
    bool active = begin_ok && rod_vz_inschrijving_active(&ins[here], begin);
    if (begin_ok && !active)
        rod_fout(f, ROD_PUPIL_NOT_FOUND, VELD_PGN, NULL);

    bool abroad = p->adres == ROD_ADRES_BUITENLAND;
    if (abroad)
        rod_fout(f, ROD_PUPIL_ABROAD, VELD_PGN, NULL);

    rod_pdate birth;
    bool birth_ok = p->geboortedatum && rod_pdate_parse(p->geboortedatum, &birth);
    if (!birth_ok)
        return ROD_INTERNAL; /* stored birth dates were checked when they were submitted */
    if (begin_ok) {
        int age = rod_pdate_age_on(birth, begin);
        if (rod_too_old_for_verzuim(age) || p->startkwalificatie)
            rod_fout(f, ROD_PUPIL_TOO_OLD, VELD_PGN, NULL);
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

bool vz_visible(const rod_worker *w, const rod_vz_melding_row *row)
{
    if (w->org.role == ROD_ROLE_GEMEENTE)
        return row->gemeente_id == w->org.id;
    return row->school_org_id == w->org.id;
}

bool vz_record_of_row(rod_arena *a, const rod_vz_melding_row *row, rod_vz_record *r, rod_melding *m)
{
    rod_fields f;
    rod_fields_init(&f, a);
    if (!rod_fields_from_json(row->inhoud, &f) || !rod_vz_melding_from_fields(&f, m, a))
        return false;
    memset(r, 0, sizeof *r);
    r->status = row->status;
    r->wet = row->wet;
    r->melding = m;
    r->tk_datum = row->tk_datum;
    r->tk_organisatie = row->tk_organisatie;
    r->tk_naam = row->tk_naam;
    r->tk_functie = row->tk_functie;
    r->tk_telefoon = row->tk_telefoon;
    r->tk_email = row->tk_email;
    r->tk_toelichting = row->tk_toelichting;
    r->reden_afgesloten = row->reden_afgesloten;
    r->reden_intrekken = row->reden_intrekken;
    r->toelichting_intrekken = row->toelichting_intrekken;
    return true;
}

void vz_data_of_row(const rod_vz_melding_row *row, rod_vz_melding_data *d)
{
    memset(d, 0, sizeof *d);
    d->nummer = row->nummer;
    d->versie = row->versie;
    d->status = row->status;
    d->status_datum = row->status_datum;
    d->melddatum = row->melddatum;
    d->wet = row->wet;
    d->instellingscode = row->instellingscode;
    d->pgn = row->pgn;
    d->soort = row->soort;
    d->begindatum = row->begindatum;
    d->einddatum = row->open ? NULL : row->einddatum;
    d->met_prioriteit = row->met_prioriteit;
    d->gemeente_id = row->gemeente_id;
    d->inhoud = row->inhoud;
    d->tk_datum = row->tk_datum;
    d->tk_organisatie = row->tk_organisatie;
    d->tk_naam = row->tk_naam;
    d->tk_functie = row->tk_functie;
    d->tk_telefoon = row->tk_telefoon;
    d->tk_email = row->tk_email;
    d->tk_toelichting = row->tk_toelichting;
    d->reden_afgesloten = row->reden_afgesloten;
    d->reden_intrekken = row->reden_intrekken;
    d->toelichting_intrekken = row->toelichting_intrekken;
}

/* The version of a change: the snapshot of `after`, the differences from
 * `before`, by the calling organisation; *d is data with the search column
 * of `after`. */
static rod_status make_version(rod_worker *w, rod_arena *a, const rod_vz_melding_data *data,
                               rod_vz_historie actie, const rod_vz_record *before, const rod_vz_record *after,
                               rod_vz_melding_data *d, rod_vz_versie *v)
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

    *d = *data;
    if (after->melding)
        d->contactpersoon_naam = after->melding->cs_naam;
    memset(v, 0, sizeof *v);
    v->nummer = data->nummer;
    v->versie = data->versie;
    v->tijdstip = data->tijdstip;
    v->actie = actie;
    v->door_org_id = w->org.id;
    v->door_oin = w->org.oin;
    v->door_naam = w->org.naam;
    v->status = data->status;
    v->snapshot = snapshot;
    v->wijzigingen = wijzigingen;
    return ROD_OK;
}

rod_status vz_store_version(rod_worker *w, rod_arena *a, const rod_vz_melding_data *data,
                            rod_vz_historie actie, const rod_vz_record *before, const rod_vz_record *after)
{
    rod_vz_melding_data d;
    rod_vz_versie v;
    rod_status s = make_version(w, a, data, actie, before, after, &d, &v);
    if (s == ROD_OK)
        s = rod_vz_melding_update(w->db, &d);
    return s == ROD_OK ? rod_vz_versie_insert(w->db, &v) : s;
}

rod_status vz_store_new(rod_worker *w, rod_arena *a, const rod_vz_melding_data *data,
                        const rod_vz_record *rec, bool bevestiging, const char *melder_email)
{
    rod_vz_melding_data d;
    rod_vz_versie v;
    rod_status s = make_version(w, a, data, ROD_VZ_HIST_AANGEMAAKT, NULL, rec, &d, &v);
    return s == ROD_OK ? rod_vz_melding_nieuw(w->db, &d, &v, bevestiging, melder_email) : s;
}

/* ---- response shapes ----------------------------------------------------------------- */

struct rod__UitvoerendeInstantie *vz_instantie(struct soap *soap, const char *gemeentecode, const char *naam)
{
    NEW(soap, rod__UitvoerendeInstantie, u);
    u->gemeentecode = sdup(soap, gemeentecode);
    u->naam = sdup(soap, naam);
    return u;
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
    if (p->adres == ROD_ADRES_BINNENLAND) {
        NEW(soap, rod__Adres, a);
        NEW(soap, rod__Binnenland, b);
        b->postcode = sdup(soap, p->postcode);
        b->huisnummer = p->huisnummer;
        b->huisletter = sdup(soap, p->huisletter);
        b->huisnummertoevoeging = sdup(soap, p->toevoeging);
        if (p->aanduiding) {
            b->huisnummeraanduiding = soap_malloc(soap, sizeof *b->huisnummeraanduiding);
            *b->huisnummeraanduiding = rod__Huisnummeraanduiding__by;
            soap_s2rod__Huisnummeraanduiding(soap, p->aanduiding, b->huisnummeraanduiding);
        }
        b->aanduidingLocatie = sdup(soap, p->aanduiding_locatie);
        b->straatnaam = sdup(soap, p->straatnaam);
        b->plaatsnaam = sdup(soap, p->plaatsnaam);
        a->__union_Adres = SOAP_UNION__rod__union_Adres_binnenland;
        a->union_Adres.binnenland = b;
        l->adres = a;
    } else if (p->adres == ROD_ADRES_BUITENLAND) {
        NEW(soap, rod__Adres, a);
        NEW(soap, rod__Buitenland, b);
        b->landcode = sdup(soap, p->landcode);
        b->adresregel1 = sdup(soap, p->regel1);
        b->adresregel2 = sdup(soap, p->regel2);
        b->adresregel3 = sdup(soap, p->regel3);
        a->__union_Adres = SOAP_UNION__rod__union_Adres_buitenland;
        a->union_Adres.buitenland = b;
        l->adres = a;
    }
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
}

rod_status vz_lock_melding(rod_worker *w, long long meldingnummer, rod_arena *a, rod_vz_melding_row *row,
                           rod_vz_persoon *persoon, bool *persoon_found, bool *visible)
{
    bool found = false;
    *visible = false;
    if (persoon_found)
        *persoon_found = false;
    rod_status s = rod_vz_melding_lock(w->db, meldingnummer, a, row, &found);
    if (s != ROD_OK || !found)
        return s;
    if (persoon && (s = rod_vz_persoon_lock(w->db, row->pgn, a, persoon, persoon_found)) != ROD_OK)
        return s;
    if ((s = rod_vz_melding_context(w->db, a, row)) != ROD_OK)
        return s;
    *visible = vz_visible(w, row);
    return ROD_OK;
}

rod_status vz_get_melding(rod_worker *w, long long meldingnummer, rod_arena *a, rod_vz_melding_row *row,
                          bool *visible)
{
    bool found = false;
    rod_status s = rod_vz_melding_get(w->db, meldingnummer, a, row, &found);
    *visible = s == ROD_OK && found && vz_visible(w, row);
    return s;
}
