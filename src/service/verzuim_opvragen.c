/* OpvragenMelding (spec 4): one melding with the pupil's registered
 * data, as the school that made it or the gemeente that handles it sees it;
 * for anyone else it does not exist (ROD-0316). */
#include <string.h>

#include "service/verzuim_common.h"

static struct rod__Terugkoppeling *terugkoppeling_out(struct soap *soap, const rod_vz_record *row)
{
    if (!row->tk.datum)
        return NULL;
    struct rod__Terugkoppeling *t = rod_alloc(soap, sizeof *t);
    if (!t)
        return NULL; /* marked: ROD-9002 */
    soap_default_rod__Terugkoppeling(soap, t);
    t->datum = rod_sdup(soap, row->tk.datum);
    t->organisatie = rod_sdup(soap, row->tk.organisatie);
    t->naamBehandelaar = rod_sdup(soap, row->tk.naam);
    t->functieBehandelaar = rod_sdup(soap, row->tk.functie);
    t->telefoonBehandelaar = rod_sdup(soap, row->tk.telefoon);
    t->emailBehandelaar = rod_sdup(soap, row->tk.email);
    t->toelichting = rod_sdup(soap, row->tk.toelichting);
    return t;
}

static rod_status melding_out(vz_request *r, rod_vz_record *row, const void *request, void *response)
{
    (void)request;
    struct soap *soap = r->soap;
    struct rod__OpvragenMeldingResponseType *resp = response;
    rod_status s;
    rod_vz_persoon persoon;
    bool persoon_found = false;
    if ((s = rod_vz_persoon_get(r->w->db, row->pgn, row->school_org_id, &r->a, &persoon, &persoon_found)) !=
        ROD_OK)
        return s;
    rod_melding m;
    if (!persoon_found || !vz_melding_of_row(&r->a, row, &m))
        return ROD_INTERNAL;

    resp->meldingnummer = vz_long(soap, row->nummer);
    resp->versie = rod_sint(soap, row->versie);
    resp->status = vz_status_out(soap, row->status);
    resp->melddatum = rod_sdup(soap, row->melddatum);
    resp->wet = rod_alloc(soap, sizeof *resp->wet);
    if (!resp->wet)
        return ROD_INTERNAL;
    soap_s2rod__Wet(soap, rod_wet_name(row->wet), resp->wet);
    resp->meldendeInstelling = rod_sdup(soap, row->instellingscode);
    resp->uitvoerendeInstantie = vz_instantie(soap, row->gemeentecode, row->gemeente_naam);
    resp->leerlingGegevens = vz_leerling_out(soap, &persoon);
    resp->melding = vz_melding_out(soap, &m);
    resp->terugkoppeling = terugkoppeling_out(soap, row);
    resp->redenAfgesloten = rod_sdup(soap, row->reden_afgesloten);
    if (row->reden_intrekken != ROD_VZ_REDEN_GEEN) {
        resp->redenIntrekken = rod_alloc(soap, sizeof *resp->redenIntrekken);
        if (!resp->redenIntrekken)
            return ROD_INTERNAL;
        soap_s2rod__RedenIntrekken(soap, rod_vz_reden_name(row->reden_intrekken), resp->redenIntrekken);
    }
    resp->toelichtingIntrekken = rod_sdup(soap, row->toelichting_intrekken);
    return ROD_OK;
}

int __rodw__OpvragenMelding(struct soap *soap, struct rod__OpvragenMeldingRequestType *req,
                            struct rod__OpvragenMeldingResponseType *resp)
{
    return vz_serve_read(soap, ROD_OP_OpvragenMelding, req->meldingnummer, melding_out, req, resp,
                         VZ_OUT(resp));
}
