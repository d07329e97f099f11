/* OpvragenHistorie (spec 4): every version of a melding, oldest first,
 * with time, action, organisation and the field differences against the
 * version before; with `versie` also that version's snapshot and the one
 * before it, side by side as the portal shows them. */
#include <string.h>

#include "service/verzuim_common.h"

static rod_status snapshot_out(struct soap *soap, rod_ctx *w, rod_arena *a, long long nummer, int versie,
                               struct rod__MeldingSnapshot **out, bool *found)
{
    const char *json = NULL;
    rod_vz_status status;
    rod_status s = rod_vz_versie_snapshot(w->db, nummer, versie, a, &json, &status, found);
    if (s != ROD_OK || !*found)
        return s;
    rod_fields f;
    rod_fields_init(&f, a);
    rod_vz_record rec;
    rod_melding m;
    if (!rod_fields_from_json(json, &f) || !rod_vz_record_from_fields(&f, &rec, &m, a))
        return ROD_INTERNAL;
    struct rod__MeldingSnapshot *snap = rod_alloc(soap, sizeof *snap);
    if (!snap)
        return ROD_INTERNAL;
    soap_default_rod__MeldingSnapshot(soap, snap);
    snap->versie = versie;
    snap->status = vz_status_value(soap, rec.status);
    snap->melding = vz_melding_out(soap, &m);
    *out = snap;
    return ROD_OK;
}

static rod_status historie_out(struct soap *soap, rod_arena *a, const rod_vz_versie *v,
                               struct rod__Historie *h)
{
    soap_default_rod__Historie(soap, h);
    h->versie = v->versie;
    h->tijdstip = rod_sdup(soap, v->tijdstip);
    soap_s2rod__HistorieActie(soap, rod_vz_historie_name(v->actie), &h->actie);
    h->door = rod_alloc(soap, sizeof *h->door);
    if (!h->door)
        return ROD_INTERNAL;
    soap_default_rod__Door(soap, h->door);
    h->door->oin = rod_sdup(soap, v->door_oin);
    h->door->naam = rod_sdup(soap, v->door_naam);
    rod_changes c;
    rod_changes_init(&c, a);
    if (!rod_changes_from_json(v->wijzigingen, &c))
        return ROD_INTERNAL;
    h->__sizewijziging = c.n;
    if (c.n > 0) {
        h->wijziging = rod_alloc(soap, sizeof *h->wijziging * (size_t)c.n);
        if (!h->wijziging)
            return ROD_INTERNAL;
        for (int i = 0; i < c.n; i++) {
            struct rod__Wijziging *x = &h->wijziging[i];
            soap_default_rod__Wijziging(soap, x);
            x->veld = (char *)c.items[i].path;
            x->oudeWaarde = (char *)c.items[i].old_value;
            x->nieuweWaarde = (char *)c.items[i].new_value;
        }
    }
    return ROD_OK;
}

static rod_status historie_of(vz_request *r, rod_vz_record *row, const void *request, void *response)
{
    struct soap *soap = r->soap;
    const struct rod__OpvragenHistorieRequestType *req = request;
    struct rod__OpvragenHistorieResponseType *resp = response;
    rod_status s;
    rod_vz_versie *versies;
    int n;
    if ((s = rod_vz_versies(r->w->db, row->nummer, &r->a, &versies, &n)) != ROD_OK)
        return s;
    struct rod__MeldingSnapshot *snap = NULL, *vorige = NULL;
    if (req->versie) {
        bool have = false;
        if ((s = snapshot_out(soap, r->w, &r->a, row->nummer, *req->versie, &snap, &have)) != ROD_OK)
            return s;
        if (!have) {
            /* spec 8.9: a versie that does not exist */
            rod_fout(
                &r->f, ROD_MELDING_NOT_FOUND, "versie",
                rod_sprintf(soap, "(versie %d bestaat niet; de melding heeft %d versies)", *req->versie, n));
            return ROD_OK;
        }
        if (*req->versie > 1) {
            if ((s = snapshot_out(soap, r->w, &r->a, row->nummer, *req->versie - 1, &vorige, &have)) !=
                ROD_OK)
                return s;
            if (!have)
                return ROD_INTERNAL; /* versions are never removed */
        }
    }
    resp->meldingnummer = vz_long(soap, row->nummer);
    resp->meldendeInstelling = rod_sdup(soap, row->instellingscode);
    resp->melddatum = rod_sdup(soap, row->melddatum);
    resp->__sizehistorie = n;
    resp->historie = rod_alloc(soap, sizeof *resp->historie * (size_t)(n ? n : 1));
    if (!resp->historie)
        return ROD_INTERNAL;
    for (int i = 0; i < n; i++)
        if ((s = historie_out(soap, &r->a, &versies[i], &resp->historie[i])) != ROD_OK)
            return s;
    resp->snapshot = snap;
    resp->vorigeSnapshot = vorige;
    return ROD_OK;
}

int __rodw__OpvragenHistorie(struct soap *soap, struct rod__OpvragenHistorieRequestType *req,
                             struct rod__OpvragenHistorieResponseType *resp)
{
    return vz_serve_read(soap, ROD_OP_OpvragenHistorie, req->meldingnummer, historie_of, req, resp,
                         VZ_OUT(resp));
}
