/* VerwerkenTerugkoppeling (CONTRACT 4): the uitvoerende instantie reports
 * how it handles a melding. Transitions (ROD-0324): GEREGISTREERD to any
 * feedback status, IN_BEHANDELING to a final one, nothing from a final
 * status or INGETROKKEN; AFGESLOTEN needs redenAfgesloten (ROD-0325). The
 * feedback replaces the previous one. */
#include <string.h>

#include "core/clock.h"
#include "service/verzuim_common.h"

int __rodw__VerwerkenTerugkoppeling(struct soap *soap, struct rod__VerwerkenTerugkoppelingRequestType *req,
                                    struct rod__VerwerkenTerugkoppelingResponseType *resp)
{
    rod_worker *w = rod_service_begin(soap, ROD_OP_VerwerkenTerugkoppeling);
    rod_arena a = vz_arena(soap);
    rod_fouten f;
    rod_fouten_init(&f, soap);
    rod_date today = rod_today();

    rod_vz_status to = ROD_VZ_GEREGISTREERD;
    if (!rod_vz_status_parse(soap_rod__TerugkoppelingStatus2s(soap, req->status), &to))
        return rod_service_end(w, ROD_INTERNAL);
    const char *reden_afgesloten = rod_text(soap, req->redenAfgesloten);

    rod_vz_record row;
    bool visible;
    rod_status s = vz_lock_melding(w, req->meldingnummer, &a, &row, NULL, NULL, &visible);
    if (s != ROD_OK)
        return rod_service_end(w, s);
    if (!visible) {
        rod_fout(&f, ROD_MELDING_NOT_FOUND, "meldingnummer", NULL);
        VZ_RESULT(resp, f);
        return rod_service_end(w, ROD_OK);
    }
    if (!rod_vz_transition_allowed(row.status, to))
        rod_fout(
            &f, ROD_TRANSITION_NOT_ALLOWED, "status",
            rod_sprintf(soap, "(van %s naar %s)", rod_vz_status_name(row.status), rod_vz_status_name(to)));
    if (to == ROD_VZ_AFGESLOTEN && !reden_afgesloten)
        rod_fout(&f, ROD_REDEN_AFGESLOTEN_REQUIRED, "redenAfgesloten", NULL);
    VZ_RESULT(resp, f);
    if (f.n)
        return rod_service_end(w, ROD_OK);

    rod_melding melding;
    if (!vz_melding_of_row(&a, &row, &melding))
        return rod_service_end(w, ROD_INTERNAL);
    const struct rod__Behandelaar *b = req->behandelaar;
    rod_vz_record after = row;
    after.status = to;
    after.tk.datum = vz_date_text(soap, today);
    after.tk.organisatie = rod_sdup(soap, w->org.naam);
    after.tk.naam = b ? rod_text(soap, b->naam) : NULL;
    after.tk.functie = b ? rod_text(soap, b->functie) : NULL;
    after.tk.telefoon = b ? rod_text(soap, b->telefoon) : NULL;
    after.tk.email = b ? rod_text(soap, b->email) : NULL;
    after.tk.toelichting = rod_text(soap, req->toelichting);
    /* a reason for closing belongs to AFGESLOTEN only */
    if (to == ROD_VZ_AFGESLOTEN)
        after.reden_afgesloten = reden_afgesloten;
    if (!after.tk.naam)
        return rod_service_end(w, ROD_INTERNAL); /* required by the XSD */

    char now[24];
    vz_now(now);
    after.versie = row.versie + 1;
    after.status_datum = after.tk.datum;
    after.tijdstip = now;
    if ((s = vz_store_version(w, &a, ROD_VZ_HIST_TERUGKOPPELING, &row, &after)) != ROD_OK)
        return rod_service_end(w, s);
    /* The school's contactpersoon hears of the handling when it asked for
     * e-mail (verzuimloket manual 2.4: "degene die geinformeerd wenst te
     * worden over de afhandeling door de gemeente"). */
    if (rod_optbool_value(melding.stuur_email) &&
        (s = rod_vz_notificatie(w->db, row.nummer, "TERUGKOPPELING", row.school_org_id, melding.cs_email,
                                now)) != ROD_OK)
        return rod_service_end(w, s);

    resp->meldingnummer = vz_long(soap, row.nummer);
    resp->versie = rod_sint(soap, after.versie);
    resp->status = vz_status_out(soap, to);
    return rod_service_end(w, ROD_OK);
}
