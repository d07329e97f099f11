/* IntrekkenVerzuim (spec 4): the reporting school withdraws its melding,
 * in any status but INGETROKKEN (ROD-0320), when it began at most one year
 * ago (ROD-0321); GEEN_INSCHRIJVING only in the current school year
 * (ROD-0322); ANDERS needs a toelichting (ROD-0323). Cannot be undone. */
#include <string.h>

#include "service/verzuim_common.h"

int __rodw__IntrekkenVerzuim(struct soap *soap, struct rod__IntrekkenVerzuimRequestType *req,
                             struct rod__IntrekkenVerzuimResponseType *resp)
{
    vz_request r;
    vz_change c;
    rod_status s = vz_begin_change(&r, soap, ROD_OP_IntrekkenVerzuim, req->meldingnummer, &c);
    if (s != ROD_OK)
        VZ_RETURN(r, resp, s);

    rod_vz_reden reden = ROD_VZ_REDEN_GEEN;
    rod_vz_reden_parse(soap_rod__RedenIntrekken2s(soap, req->reden), &reden);
    const char *toelichting = rod_text(soap, req->toelichting);
    rod_date begin;
    if (!rod_date_parse(c.row.begindatum, &begin))
        VZ_RETURN(r, resp, ROD_INTERNAL);
    vz_check_versie(&r, &c.row, req->versie);
    if (c.row.status == ROD_VZ_INGETROKKEN)
        rod_fout(&r.f, ROD_ALREADY_WITHDRAWN, NULL, NULL);
    if (rod_vz_too_old_to_withdraw(begin, r.today))
        rod_fout(&r.f, ROD_TOO_OLD_TO_WITHDRAW, NULL, NULL);
    if (reden == ROD_VZ_REDEN_GEEN_INSCHRIJVING && !rod_vz_geen_inschrijving_allowed(begin, r.today))
        rod_fout(&r.f, ROD_GEEN_INSCHRIJVING_SCHOOLJAAR, "reden", NULL);
    if (reden == ROD_VZ_REDEN_ANDERS && !toelichting)
        rod_fout(&r.f, ROD_TOELICHTING_INTREKKEN_REQUIRED, "toelichting", NULL);
    if (r.f.n)
        VZ_RETURN(r, resp, ROD_OK);

    char now[24];
    rod_vz_record after;
    vz_next_version(&c.row, &after, now);
    after.status = ROD_VZ_INGETROKKEN;
    after.status_datum = vz_date_text(soap, r.today);
    after.reden_intrekken = reden;
    after.toelichting_intrekken = toelichting;
    s = vz_store_change(&r, ROD_VZ_HIST_INGETROKKEN, &c.row, &after, "INGETROKKEN");
    VZ_CHANGED(r, resp, s, c.row.nummer, after.versie, ROD_VZ_INGETROKKEN);
}
