/* VerwerkenTerugkoppeling (spec 4): the uitvoerende instantie reports
 * how it handles a melding. Transitions (ROD-0324): GEREGISTREERD to any
 * feedback status, IN_BEHANDELING to a final one, nothing from a final
 * status or INGETROKKEN; AFGESLOTEN needs redenAfgesloten (ROD-0325). The
 * feedback replaces the previous one. */
#include <string.h>

#include "service/verzuim_common.h"

int __rodw__VerwerkenTerugkoppeling(struct soap *soap, struct rod__VerwerkenTerugkoppelingRequestType *req,
                                    struct rod__VerwerkenTerugkoppelingResponseType *resp)
{
    vz_request r;
    vz_change c;
    rod_status s = vz_begin_change(&r, soap, ROD_OP_VerwerkenTerugkoppeling, req->meldingnummer, &c);
    if (s != ROD_OK)
        VZ_RETURN(r, resp, s);

    rod_vz_status to = ROD_VZ_GEREGISTREERD;
    if (!rod_vz_status_parse(soap_rod__TerugkoppelingStatus2s(soap, req->status), &to))
        VZ_RETURN(r, resp, ROD_INTERNAL);
    const char *reden_afgesloten = rod_text(soap, req->redenAfgesloten);
    if (!rod_vz_transition_allowed(c.row.status, to))
        rod_fout(
            &r.f, ROD_TRANSITION_NOT_ALLOWED, "status",
            rod_sprintf(soap, "(van %s naar %s)", rod_vz_status_name(c.row.status), rod_vz_status_name(to)));
    if (to == ROD_VZ_AFGESLOTEN && !reden_afgesloten)
        rod_fout(&r.f, ROD_REDEN_AFGESLOTEN_REQUIRED, "redenAfgesloten", NULL);
    if (r.f.n)
        VZ_RETURN(r, resp, ROD_OK);

    const struct rod__Behandelaar *b = req->behandelaar;
    char now[24];
    rod_vz_record after;
    vz_next_version(&c.row, &after, now);
    after.status = to;
    after.tk.datum = vz_date_text(soap, r.today);
    after.tk.organisatie = rod_sdup(soap, r.w->org.naam);
    after.tk.naam = b ? rod_text(soap, b->naam) : NULL;
    after.tk.functie = b ? rod_text(soap, b->functie) : NULL;
    after.tk.telefoon = b ? rod_text(soap, b->telefoon) : NULL;
    after.tk.email = b ? rod_text(soap, b->email) : NULL;
    after.tk.toelichting = rod_text(soap, req->toelichting);
    /* a reason for closing belongs to AFGESLOTEN only */
    if (to == ROD_VZ_AFGESLOTEN)
        after.reden_afgesloten = reden_afgesloten;
    if (!after.tk.naam)
        VZ_RETURN(r, resp, ROD_INTERNAL); /* required by the XSD */

    after.status_datum = after.tk.datum;
    if ((s = vz_store_change(&r, ROD_VZ_HIST_TERUGKOPPELING, &c.row, &after, NULL)) != ROD_OK)
        VZ_RETURN(r, resp, s);
    /* The school's contactpersoon hears of the handling when it asked for
     * e-mail (verzuimloket manual 2.4: "degene die geinformeerd wenst te
     * worden over de afhandeling door de gemeente"). */
    if (rod_optbool_value(c.melding.stuur_email) &&
        (s = rod_vz_notificatie(r.w->db, c.row.nummer, "TERUGKOPPELING", c.row.school_org_id,
                                c.melding.cs_email, now)) != ROD_OK)
        VZ_RETURN(r, resp, s);

    VZ_CHANGED(r, resp, ROD_OK, c.row.nummer, after.versie, to);
}
