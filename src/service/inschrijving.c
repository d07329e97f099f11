/* Handlers of AanleverenInschrijving, WijzigenInschrijving and
 * OpvragenOverzicht: gSOAP structs in, rules from rules/, storage in
 * store/, gSOAP structs out. Every failing rule is reported, not only the
 * first (spec 2). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/address.h"
#include "rules/age.h"
#include "rules/date.h"
#include "rules/partial_date.h"
#include "rules/pgn.h"
#include "rules/tijdstip.h"
#include "service/verzuim_common.h"
#include "soap/service.h"
#include "store/alias.h"
#include "store/inschrijving.h"
#include "store/org.h"

/* ---- instellingen of one request ------------------------------------------ */

typedef struct {
    rod_instelling inst;
    bool exists;
} inst_entry;

typedef struct {
    rod_ctx *w;
    inst_entry items[64];
    int n;
} inst_cache;

/* Looks up an instelling once per request. */
static rod_status inst_lookup(inst_cache *c, const char *code, const inst_entry **out)
{
    for (int i = 0; i < c->n; i++)
        if (strcmp(c->items[i].inst.code, code) == 0) {
            *out = &c->items[i];
            return ROD_OK;
        }
    static __thread inst_entry scratch;
    inst_entry *e = c->n < 64 ? &c->items[c->n] : &scratch;
    memset(e, 0, sizeof *e);
    rod_status s = rod_instelling_get(c->w->db, code, &e->inst, &e->exists);
    if (s != ROD_OK)
        return s;
    snprintf(e->inst.code, sizeof e->inst.code, "%s", code);
    if (c->n < 64)
        c->n++;
    *out = e;
    return ROD_OK;
}

/* ROD-0201 / ROD-0102 (spec 8.5). Returns the instelling when it is the
 * caller's. */
static rod_status check_instelling(inst_cache *c, rod_fouten *f, const char *code, const char *veld,
                                   const rod_instelling **out)
{
    const inst_entry *e;
    *out = NULL;
    rod_status s = inst_lookup(c, code, &e);
    if (s != ROD_OK)
        return s;
    if (!e->exists)
        rod_fout(f, ROD_INSTELLING_UNKNOWN, veld, NULL);
    else if (e->inst.organisatie_id != c->w->org.id)
        rod_fout(f, ROD_NOT_AUTHORISED, veld, NULL);
    else
        *out = &e->inst;
    return ROD_OK;
}

/* ROD-0202, ROD-0203 */
static void check_dates(rod_fouten *f, const rod_instelling *inst, const char *in, const char *uit,
                        const char *veld_in)
{
    rod_date din, duit, opgericht;
    if (!rod_date_parse(in, &din)) {
        rod_fout(f, ROD_DATE_INVALID, veld_in, NULL);
        return;
    }
    if (inst && rod_date_parse(inst->oprichtingsdatum, &opgericht) && rod_date_cmp(din, opgericht) < 0)
        rod_fout(f, ROD_BEFORE_OPRICHTING, veld_in,
                 rod_sprintf(f->soap, "(oprichtingsdatum %s)", inst->oprichtingsdatum));
    if (uit && rod_date_parse(uit, &duit) && rod_date_cmp(din, duit) > 0)
        rod_fout(f, ROD_INSCHRIJF_AFTER_UITSCHRIJF, veld_in, NULL);
}

/* ROD-0204 / ROD-0205; the number into out. */
static bool check_pgn(rod_fouten *f, const struct rod__PersoonsgebondenNummer *p, const char *prefix,
                      char out[10], bool *is_bsn)
{
    const char *v = rod_pgn_value(p, is_bsn);
    if (!v)
        return false;
    if (*is_bsn ? !rod_bsn_valid(v) : !rod_onderwijsnummer_valid(v)) {
        rod_fout(f, *is_bsn ? ROD_BSN_INVALID : ROD_ONDERWIJSNUMMER_INVALID,
                 rod_sprintf(f->soap, "%s/%s", prefix, *is_bsn ? "bsn" : "onderwijsnummer"), NULL);
        return false;
    }
    snprintf(out, 10, "%s", v);
    return true;
}

static const char *geslacht_name(enum rod__Geslacht g)
{
    return g == rod__Geslacht__MAN ? "MAN" : g == rod__Geslacht__VROUW ? "VROUW" : "ONBEKEND";
}

/* Converts and checks a submitted leerling (spec 3). */
static void check_leerling(struct soap *soap, rod_fouten *f, const struct rod__Leerling *l, rod_date today,
                           bool has_pgn, rod_persoon_data *p)
{
    memset(p, 0, sizeof *p);
    p->geslacht = geslacht_name(l->geslacht);
    p->geboortedatum = l->geboortedatum;
    p->achternaam = rod_text(soap, l->achternaam);
    p->voorvoegsels = rod_text(soap, l->voorvoegsels);
    p->voornamen = rod_text(soap, l->voornamen);

    rod_pdate birth;
    if (!rod_pdate_parse(l->geboortedatum, &birth))
        rod_fout(f, ROD_DATE_INVALID, "leerling/geboortedatum", NULL);
    else if (rod_pdate_in_future(birth, today))
        rod_fout(f, ROD_DATE_IN_FUTURE, "leerling/geboortedatum", NULL);
    else if (!rod_old_enough_for_inschrijving(birth, today))
        rod_fout(f, ROD_TOO_YOUNG, "leerling/geboortedatum", NULL);

    const struct rod__Adres *a = l->adres;
    if (a && a->__union_Adres == SOAP_UNION__rod__union_Adres_binnenland && a->union_Adres.binnenland) {
        const struct rod__Binnenland *b = a->union_Adres.binnenland;
        p->adres = ROD_ADRES_BINNENLAND;
        p->postcode = rod_text(soap, b->postcode);
        p->huisnummer = b->huisnummer;
        p->huisletter = rod_text(soap, b->huisletter);
        p->toevoeging = rod_text(soap, b->huisnummertoevoeging);
        p->aanduiding = b->huisnummeraanduiding
                            ? (*b->huisnummeraanduiding == rod__Huisnummeraanduiding__by ? "by" : "to")
                            : NULL;
        p->aanduiding_locatie = rod_text(soap, b->aanduidingLocatie);
        p->straatnaam = rod_text(soap, b->straatnaam);
        p->plaatsnaam = rod_text(soap, b->plaatsnaam);
        if (!p->postcode || !rod_postcode_valid(p->postcode))
            rod_fout(f, ROD_POSTCODE_INVALID, "leerling/adres/binnenland/postcode", NULL);
    } else if (a && a->__union_Adres == SOAP_UNION__rod__union_Adres_buitenland &&
               a->union_Adres.buitenland) {
        const struct rod__Buitenland *b = a->union_Adres.buitenland;
        p->adres = ROD_ADRES_BUITENLAND;
        p->landcode = b->landcode;
        p->regel1 = rod_text(soap, b->adresregel1);
        p->regel2 = rod_text(soap, b->adresregel2);
        p->regel3 = rod_text(soap, b->adresregel3);
        if (!p->landcode || !rod_landcode_valid_foreign(p->landcode))
            rod_fout(f, ROD_FOREIGN_ADDRESS_INVALID, "leerling/adres/buitenland/landcode",
                     "Landcode 6030 (Nederland) is geen buitenlands adres.");
        if (!rod_adresregels_valid(p->regel1 != NULL, p->regel2 != NULL, p->regel3 != NULL))
            rod_fout(f, ROD_FOREIGN_ADDRESS_INVALID,
                     !p->regel1 ? "leerling/adres/buitenland/adresregel1"
                                : "leerling/adres/buitenland/adresregel3",
                     NULL);
    }
    if (!has_pgn) {
        if (!p->achternaam)
            rod_fout(f, ROD_NAME_ADDRESS_REQUIRED, "leerling/achternaam", NULL);
        if (p->adres == ROD_ADRES_GEEN)
            rod_fout(f, ROD_NAME_ADDRESS_REQUIRED, "leerling/adres", NULL);
    }
}

/* ---- response shapes ---------------------------------------------------------- */

/* The address of an overview row (metAdres) through the shape of the
 * verzuim responses, so both write an Adres the same way. */
static struct rod__Adres *overzicht_adres(struct soap *soap, const rod_inschrijving_row *r)
{
#define OR_NULL(f) (r->f[0] ? r->f : NULL)
    rod_vz_persoon p = {.adres = r->adres,
                        .postcode = OR_NULL(postcode),
                        .huisnummer = r->huisnummer,
                        .huisletter = OR_NULL(huisletter),
                        .toevoeging = OR_NULL(toevoeging),
                        .aanduiding = OR_NULL(aanduiding),
                        .aanduiding_locatie = OR_NULL(aanduiding_locatie),
                        .straatnaam = OR_NULL(straatnaam),
                        .plaatsnaam = OR_NULL(plaatsnaam),
                        .landcode = OR_NULL(landcode),
                        .regel1 = OR_NULL(regel1),
                        .regel2 = OR_NULL(regel2),
                        .regel3 = OR_NULL(regel3)};
#undef OR_NULL
    return vz_adres_out(soap, &p);
}

static struct rod__OverzichtLeerling *overzicht_leerling(struct soap *soap, const rod_inschrijving_row *r)
{
    struct rod__OverzichtLeerling *l = rod_alloc(soap, sizeof *l);
    if (!l)
        return NULL; /* marked: ROD-9002 */
    soap_default_rod__OverzichtLeerling(soap, l);
    l->persoonsgebondenNummer = rod_pgn_make(soap, r->pgn, r->is_bsn);
    soap_s2rod__Geslacht(soap, r->geslacht, &l->geslacht);
    l->geboortedatum = rod_sdup(soap, r->geboortedatum);
    l->achternaam = r->has_achternaam ? rod_sdup(soap, r->achternaam) : NULL;
    l->voorvoegsels = r->has_voorvoegsels ? rod_sdup(soap, r->voorvoegsels) : NULL;
    l->voornamen = r->has_voornamen ? rod_sdup(soap, r->voornamen) : NULL;
    return l;
}

/* ---- AanleverenInschrijving ------------------------------------------------------ */

int __rodw__AanleverenInschrijving(struct soap *soap, struct rod__AanleverenInschrijvingRequestType *req,
                                   struct rod__AanleverenInschrijvingResponseType *resp)
{
    rod_ctx *w = rod_service_begin(soap, ROD_OP_AanleverenInschrijving);
    int n = req->__sizeinschrijving;
    rod_date today = rod_today();
    inst_cache cache = {.w = w};
    rod_status s = ROD_OK;
    rod_inschrijving_data *data = calloc((size_t)(n > 0 ? n : 1), sizeof *data);
    int *slot = calloc((size_t)(n > 0 ? n : 1), sizeof *slot);
    rod_fouten *fouten = rod_alloc(soap, sizeof *fouten * (size_t)(n > 0 ? n : 1));
    if (!data || !slot || !fouten) {
        s = ROD_INTERNAL;
        goto out;
    }
    int nvalid = 0;
    for (int i = 0; i < n; i++) {
        struct rod__Inschrijving *it = &req->inschrijving[i];
        rod_fouten *f = &fouten[i];
        rod_fouten_init(f, soap);
        rod_inschrijving_data *d = &data[nvalid];
        memset(d, 0, sizeof *d);
        const rod_instelling *inst;
        if ((s = check_instelling(&cache, f, it->instellingscode, "instellingscode", &inst)) != ROD_OK)
            goto out;
        check_dates(f, inst, it->inschrijfdatum, it->uitschrijfdatum, "inschrijfdatum");
        bool has_pgn = it->leerling->persoonsgebondenNummer != NULL;
        if (has_pgn)
            check_pgn(f, it->leerling->persoonsgebondenNummer, "leerling/persoonsgebondenNummer", d->pgn,
                      &d->is_bsn);
        check_leerling(soap, f, it->leerling, today, has_pgn, &d->p);
        if (f->n == 0) {
            d->instellingscode = it->instellingscode;
            d->inschrijfdatum = it->inschrijfdatum;
            d->uitschrijfdatum = it->uitschrijfdatum;
            slot[i] = nvalid++;
        } else
            slot[i] = -1;
    }
    /* a fout that could not be recorded would make its item look valid */
    if (rod_alloc_failed(soap)) {
        s = ROD_INTERNAL;
        goto out;
    }
    /* the XSD check of a large batch ran beside the rules (soap/checks.c):
     * nothing is written before it has passed */
    if ((s = rod_service_validated(w)) != ROD_OK)
        goto out;
    if ((s = rod_store_inschrijvingen(w->db, w->org.id, data, nvalid)) != ROD_OK)
        goto out;

    resp->aantalVerwerkt = n;
    resp->aantalGelukt = nvalid;
    resp->aantalAfgekeurd = n - nvalid;
    w->bericht = (rod_bericht_info){true, n, nvalid, n - nvalid, 0}; /* OpvragenBerichten */
    resp->__sizeresultaat = n;
    resp->resultaat = rod_alloc(soap, sizeof *resp->resultaat * (size_t)(n > 0 ? n : 1));
    if (!resp->resultaat) {
        s = ROD_INTERNAL;
        goto out;
    }
    for (int i = 0; i < n; i++) {
        struct rod__InschrijvingResultaat *r = &resp->resultaat[i];
        soap_default_rod__InschrijvingResultaat(soap, r);
        r->volgnummer = i + 1;
        r->referentie = req->inschrijving[i].referentie;
        if (slot[i] >= 0) {
            r->status = rod__ResultaatStatus__GELUKT;
            r->persoonsgebondenNummer = rod_pgn_make(soap, data[slot[i]].pgn, data[slot[i]].is_bsn);
        } else {
            r->status = rod__ResultaatStatus__AFGEKEURD;
            r->__sizefout = fouten[i].n;
            r->fout = fouten[i].items;
        }
    }
out:
    free(data);
    free(slot);
    return rod_service_end(w, s);
}

/* ---- WijzigenInschrijving --------------------------------------------------------- */

int __rodw__WijzigenInschrijving(struct soap *soap, struct rod__WijzigenInschrijvingRequestType *req,
                                 struct rod__WijzigenInschrijvingResponseType *resp)
{
    rod_ctx *w = rod_service_begin(soap, ROD_OP_WijzigenInschrijving);
    inst_cache cache = {.w = w};
    rod_fouten f;
    rod_fouten_init(&f, soap);
    const rod_instelling *inst;
    rod_status s = check_instelling(&cache, &f, req->instellingscode, "instellingscode", &inst);
    if (s != ROD_OK)
        return rod_service_end(w, s);
    char pgn[10] = "";
    bool is_bsn;
    bool pgn_ok = check_pgn(&f, req->persoonsgebondenNummer, "persoonsgebondenNummer", pgn, &is_bsn);
    /* an old onderwijsnummer is the pupil of its BSN (spec 9.1) */
    if (pgn_ok && (s = rod_alias_resolve_one(w->db, pgn, &is_bsn, true)) != ROD_OK)
        return rod_service_end(w, s);
    check_dates(&f, inst, req->inschrijfdatum, req->uitschrijfdatum, "inschrijfdatum");
    rod_inschrijving_row row;
    if (f.n > 0 && inst && pgn_ok) {
        /* every rule that fails (spec 2): with wrong dates, also say
         * that there is nothing to change; only at the caller's own
         * instelling, so nothing leaks */
        bool found;
        if ((s = rod_store_inschrijving_exists(w->db, req->instellingscode, pgn, ROD_READ_FOR_UPDATE,
                                               &found)) != ROD_OK)
            return rod_service_end(w, s);
        if (!found)
            rod_fout(&f, ROD_INSCHRIJVING_NOT_FOUND, "persoonsgebondenNummer", NULL);
    }
    if (f.n == 0) {
        bool found;
        s = rod_store_wijzig_inschrijving(w->db, req->instellingscode, pgn, req->inschrijfdatum,
                                          req->uitschrijfdatum, &row, &found);
        if (s != ROD_OK)
            return rod_service_end(w, s);
        if (!found)
            rod_fout(&f, ROD_INSCHRIJVING_NOT_FOUND, "persoonsgebondenNummer", NULL);
    }
    resp->gelukt = f.n == 0 ? xsd__boolean__true_ : xsd__boolean__false_;
    resp->__sizefout = f.n;
    resp->fout = f.items;
    if (f.n == 0) {
        struct rod__OpgeslagenInschrijving *o = rod_alloc(soap, sizeof *o);
        if (!o)
            return rod_service_end(w, ROD_INTERNAL);
        soap_default_rod__OpgeslagenInschrijving(soap, o);
        o->instellingscode = rod_sdup(soap, row.instellingscode);
        o->leerling = overzicht_leerling(soap, &row);
        o->inschrijfdatum = rod_sdup(soap, row.inschrijfdatum);
        o->uitschrijfdatum = row.has_uitschrijfdatum ? rod_sdup(soap, row.uitschrijfdatum) : NULL;
        o->laatstGewijzigd = rod_sdup(soap, row.laatst_gewijzigd);
        resp->inschrijving = o;
    }
    return rod_service_end(w, ROD_OK);
}

/* ---- OpvragenOverzicht ---------------------------------------------------------- */

#define MAX_SCOPE ROD_OVERZICHT_MAX_SCOPE

int __rodw__OpvragenOverzicht(struct soap *soap, struct rod__OpvragenOverzichtRequestType *req,
                              struct rod__OpvragenOverzichtResponseType *resp)
{
    rod_ctx *w = rod_service_begin(soap, ROD_OP_OpvragenOverzicht);
    rod_fouten f;
    rod_fouten_init(&f, soap);
    rod_status s = ROD_OK;
    static __thread rod_instelling scope[MAX_SCOPE];
    int nscope = 0;
    if (req->__sizeinstellingscode > 0) {
        inst_cache cache = {.w = w};
        for (int i = 0; i < req->__sizeinstellingscode; i++) {
            const rod_instelling *inst;
            const char *veld = req->__sizeinstellingscode > 1
                                   ? rod_sprintf(soap, "instellingscode[%d]", i + 1)
                                   : "instellingscode";
            if ((s = check_instelling(&cache, &f, req->instellingscode[i], veld, &inst)) != ROD_OK)
                return rod_service_end(w, s);
            bool dup = false;
            for (int j = 0; inst && j < nscope; j++)
                dup |= strcmp(scope[j].code, inst->code) == 0;
            if (inst && !dup && nscope < MAX_SCOPE)
                scope[nscope++] = *inst;
        }
        /* code order, as the portal lists them */
        for (int i = 1; i < nscope; i++)
            for (int j = i; j > 0 && strcmp(scope[j - 1].code, scope[j].code) > 0; j--) {
                rod_instelling t = scope[j];
                scope[j] = scope[j - 1];
                scope[j - 1] = t;
            }
    } else if ((s = rod_instellingen_of(w->db, w->org.id, scope, MAX_SCOPE, &nscope)) != ROD_OK)
        return rod_service_end(w, s);

    resp->gelukt = f.n == 0 ? xsd__boolean__true_ : xsd__boolean__false_;
    resp->__sizefout = f.n;
    resp->fout = f.items;
    if (f.n)
        return rod_service_end(w, ROD_OK);

    int pagina = req->pagina ? *req->pagina : 1;
    int grootte = req->paginaGrootte ? *req->paginaGrootte : 100;
    const char *codes[MAX_SCOPE];
    for (int i = 0; i < nscope; i++)
        codes[i] = scope[i].code;
    /* 1.1: gewijzigdSinds in the register's UTC form (the XSD checked its
     * shape; a day that does not exist, e.g. 30 February, is ROD-0002 as
     * for any other XSD facet) */
    char sinds[ROD_TIJDSTIP_BUFSIZE];
    if (req->gewijzigdSinds && !rod_tijdstip_parse(req->gewijzigdSinds, ROD_TIJDSTIP_VANAF, sinds))
        return rod_service_end(w, ROD_XSD_INVALID);
    rod_overzicht_filter q = {.zoek = rod_text(soap, req->zoekAchternaam),
                              .peildatum = req->peildatum,
                              .sinds = req->gewijzigdSinds ? sinds : NULL,
                              .met_adres = req->metAdres && *req->metAdres == xsd__boolean__true_};
    long long total = 0;
    int nrows = 0;
    rod_inschrijving_row *rows = rod_alloc(soap, sizeof *rows * (size_t)grootte);
    if (!rows)
        return rod_service_end(w, ROD_INTERNAL);
    if (nscope > 0) {
        s = rod_store_overzicht(w->db, codes, nscope, &q, (long long)(pagina - 1) * grootte, grootte, &total,
                                rows, &nrows);
        if (s != ROD_OK)
            return rod_service_end(w, s);
    }
    long long pages = total == 0 ? 1 : (total + grootte - 1) / grootte;
    resp->totaalAantal = rod_sint(soap, total > 2147483647LL ? 2147483647 : (int)total);
    resp->pagina = rod_sint(soap, pagina);
    resp->aantalPaginas = rod_sint(soap, (int)pages);
    resp->__sizeinstelling = nscope;
    resp->instelling = rod_alloc(soap, sizeof *resp->instelling * (size_t)(nscope ? nscope : 1));
    if (!resp->instelling)
        return rod_service_end(w, ROD_INTERNAL);
    int r = 0;
    for (int i = 0; i < nscope; i++) {
        struct rod__OverzichtInstelling *b = &resp->instelling[i];
        soap_default_rod__OverzichtInstelling(soap, b);
        b->instellingscode = rod_sdup(soap, scope[i].code);
        b->naam = rod_sdup(soap, scope[i].naam);
        int first = r;
        while (r < nrows && strcmp(rows[r].instellingscode, scope[i].code) == 0)
            r++;
        b->__sizeinschrijving = r - first;
        if (r > first) {
            b->inschrijving = rod_alloc(soap, sizeof *b->inschrijving * (size_t)(r - first));
            if (!b->inschrijving)
                return rod_service_end(w, ROD_INTERNAL);
            for (int k = first; k < r; k++) {
                struct rod__OverzichtInschrijving *o = &b->inschrijving[k - first];
                soap_default_rod__OverzichtInschrijving(soap, o);
                o->leerling = overzicht_leerling(soap, &rows[k]);
                if (q.met_adres)
                    o->leerling->adres = overzicht_adres(soap, &rows[k]);
                o->inschrijfdatum = rod_sdup(soap, rows[k].inschrijfdatum);
                o->uitschrijfdatum =
                    rows[k].has_uitschrijfdatum ? rod_sdup(soap, rows[k].uitschrijfdatum) : NULL;
                o->laatstGewijzigd = rod_sdup(soap, rows[k].laatst_gewijzigd);
            }
        }
    }
    return rod_service_end(w, ROD_OK);
}
