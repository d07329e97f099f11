/* IntrekkenVerzuim (CONTRACT 4): the reporting school withdraws its melding,
 * in any status but INGETROKKEN (ROD-0320), when it began at most one year
 * ago (ROD-0321); GEEN_INSCHRIJVING only in the current school year
 * (ROD-0322); ANDERS needs a toelichting (ROD-0323). Cannot be undone. */
#include <string.h>

#include "core/clock.h"
#include "service/verzuim_common.h"

int __rodw__IntrekkenVerzuim(struct soap *soap, struct rod__IntrekkenVerzuimRequestType *req,
                             struct rod__IntrekkenVerzuimResponseType *resp)
{
    rod_worker *w = rod_service_begin(soap, ROD_OP_IntrekkenVerzuim);
    rod_arena a = vz_arena(soap);
    rod_fouten f;
    rod_fouten_init(&f, soap);
    rod_date today = rod_today();

    rod_vz_reden reden = ROD_VZ_REDEN_GEEN;
    rod_vz_reden_parse(soap_rod__RedenIntrekken2s(soap, req->reden), &reden);
    const char *toelichting = rod_text(soap, req->toelichting);

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

    rod_date begin;
    if (!rod_date_parse(row.begindatum, &begin))
        return rod_service_end(w, ROD_INTERNAL);
    if (req->versie && *req->versie != row.versie)
        rod_fout(&f, ROD_VERSION_CONFLICT, "versie", rod_sprintf(soap, "(actuele versie %d)", row.versie));
    if (row.status == ROD_VZ_INGETROKKEN)
        rod_fout(&f, ROD_ALREADY_WITHDRAWN, NULL, NULL);
    if (rod_vz_too_old_to_withdraw(begin, today))
        rod_fout(&f, ROD_TOO_OLD_TO_WITHDRAW, NULL, NULL);
    if (reden == ROD_VZ_REDEN_GEEN_INSCHRIJVING && !rod_vz_geen_inschrijving_allowed(begin, today))
        rod_fout(&f, ROD_GEEN_INSCHRIJVING_SCHOOLYEAR, "reden", NULL);
    if (reden == ROD_VZ_REDEN_ANDERS && !toelichting)
        rod_fout(&f, ROD_TOELICHTING_INTREKKEN_REQUIRED, "toelichting", NULL);
    VZ_RESULT(resp, f);
    if (f.n)
        return rod_service_end(w, ROD_OK);

    rod_melding melding;
    if (!vz_melding_of_row(&a, &row, &melding))
        return rod_service_end(w, ROD_INTERNAL);
    char now[24];
    vz_now(now);
    rod_vz_record after = row;
    after.versie = row.versie + 1;
    after.status = ROD_VZ_INGETROKKEN;
    after.status_datum = vz_date_text(soap, today);
    after.tijdstip = now;
    after.reden_intrekken = reden;
    after.toelichting_intrekken = toelichting;
    if ((s = vz_store_version(w, &a, ROD_VZ_HIST_INGETROKKEN, &row, &after)) != ROD_OK)
        return rod_service_end(w, s);
    if ((s = rod_vz_notificatie(w->db, row.nummer, "INGETROKKEN", row.gemeente_id, NULL, now)) != ROD_OK)
        return rod_service_end(w, s);

    resp->meldingnummer = vz_long(soap, row.nummer);
    resp->versie = rod_sint(soap, after.versie);
    resp->status = vz_status_out(soap, ROD_VZ_INGETROKKEN);
    return rod_service_end(w, ROD_OK);
}
