/* OpvragenMelding (CONTRACT 4): one melding with the pupil's registered
 * data, as the school that made it or the gemeente that handles it sees it;
 * for anyone else it does not exist (ROD-0316). */
#include <string.h>

#include "service/verzuim_common.h"

static struct rod__Terugkoppeling *terugkoppeling_out(struct soap *soap, const rod_vz_record *row)
{
    if (!row->tk.datum)
        return NULL;
    struct rod__Terugkoppeling *t = soap_malloc(soap, sizeof *t);
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

int __rodw__OpvragenMelding(struct soap *soap, struct rod__OpvragenMeldingRequestType *req,
                            struct rod__OpvragenMeldingResponseType *resp)
{
    rod_worker *w = rod_service_begin(soap, ROD_OP_OpvragenMelding);
    rod_arena a = vz_arena(soap);
    rod_fouten f;
    rod_fouten_init(&f, soap);

    rod_vz_record row;
    bool visible;
    rod_status s = vz_get_melding(w, req->meldingnummer, &a, &row, &visible);
    if (s != ROD_OK)
        return rod_service_end(w, s);
    if (!visible) {
        rod_fout(&f, ROD_MELDING_NOT_FOUND, "meldingnummer", NULL);
        VZ_RESULT(resp, f);
        return rod_service_end(w, ROD_OK);
    }
    rod_vz_persoon persoon;
    bool persoon_found = false;
    if ((s = rod_vz_persoon_get(w->db, row.pgn, &a, &persoon, &persoon_found)) != ROD_OK)
        return rod_service_end(w, s);
    rod_melding m;
    if (!persoon_found || !vz_melding_of_row(&a, &row, &m))
        return rod_service_end(w, ROD_INTERNAL);

    VZ_RESULT(resp, f);
    resp->meldingnummer = vz_long(soap, row.nummer);
    resp->versie = rod_sint(soap, row.versie);
    resp->status = vz_status_out(soap, row.status);
    resp->melddatum = rod_sdup(soap, row.melddatum);
    resp->wet = soap_malloc(soap, sizeof *resp->wet);
    soap_s2rod__Wet(soap, rod_wet_name(row.wet), resp->wet);
    resp->meldendeInstelling = rod_sdup(soap, row.instellingscode);
    resp->uitvoerendeInstantie = vz_instantie(soap, row.gemeentecode, row.gemeente_naam);
    resp->leerlingGegevens = vz_leerling_out(soap, &persoon);
    resp->melding = vz_melding_out(soap, &m);
    resp->terugkoppeling = terugkoppeling_out(soap, &row);
    resp->redenAfgesloten = rod_sdup(soap, row.reden_afgesloten);
    if (row.reden_intrekken != ROD_VZ_REDEN_GEEN) {
        resp->redenIntrekken = soap_malloc(soap, sizeof *resp->redenIntrekken);
        soap_s2rod__RedenIntrekken(soap, rod_vz_reden_name(row.reden_intrekken), resp->redenIntrekken);
    }
    resp->toelichtingIntrekken = rod_sdup(soap, row.toelichting_intrekken);
    return rod_service_end(w, ROD_OK);
}
