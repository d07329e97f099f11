/* WijzigenVerzuim (spec 4): the school replaces its melding as a whole
 * while the status is GEREGISTREERD or IN_BEHANDELING (ROD-0317). The leerling,
 * instellingscode, soort and begindatum stay (ROD-0318); a stale versie is
 * ROD-0319; every melding rule applies again. */
#include <string.h>

#include "service/verzuim_common.h"

/* ROD-0318: the fields that identify the melding cannot change (spec
 * 8.12 names them as paths). */
static void check_immutable(rod_fouten *f, const rod_melding *old, const rod_melding *m)
{
    if (old->is_bsn != m->is_bsn || strcmp(old->pgn, m->pgn) != 0)
        rod_fout(f, ROD_FIELD_IMMUTABLE, "melding/leerling/persoonsgebondenNummer", NULL);
    if (strcmp(old->instellingscode, m->instellingscode) != 0)
        rod_fout(f, ROD_FIELD_IMMUTABLE, "melding/verzuim/instellingscode", NULL);
    if (old->soort != m->soort)
        rod_fout(f, ROD_FIELD_IMMUTABLE, "melding/verzuim/soort", NULL);
    if (strcmp(old->begindatum, m->begindatum ? m->begindatum : "") != 0)
        rod_fout(f, ROD_FIELD_IMMUTABLE, "melding/verzuim/begindatum", NULL);
}

int __rodw__WijzigenVerzuim(struct soap *soap, struct rod__WijzigenVerzuimRequestType *req,
                            struct rod__WijzigenVerzuimResponseType *resp)
{
    vz_request r;
    bool pgn_ok = vz_begin_melding(&r, soap, ROD_OP_WijzigenVerzuim, req->melding);
    r.w->bericht.meldingnummer = req->meldingnummer; /* OpvragenBerichten */
    rod_status s = vz_resolve_pupil(&r, pgn_ok);
    if (s != ROD_OK)
        VZ_RETURN(r, resp, s);

    /* Locks first, before any plain read (store/melding.h): the melding,
     * then its leerling (the melding's own leerling: that cannot change). */
    vz_change c;
    rod_vz_persoon persoon;
    bool persoon_found;
    s = vz_open_change(&r, req->meldingnummer, &c, &persoon, &persoon_found);
    if (s != ROD_OK)
        VZ_RETURN(r, resp, s);
    vz_check_versie(&r, &c.row, req->versie);
    if (!rod_vz_changeable(c.row.status))
        rod_fout(&r.f, ROD_MELDING_STATUS_LOCKED, NULL,
                 rod_sprintf(soap, "(status %s)", rod_vz_status_name(c.row.status)));
    int immutable_errors = r.f.n;
    check_immutable(&r.f, &c.melding, &r.m);
    immutable_errors = r.f.n - immutable_errors;

    vz_leerling leerling;
    memset(&leerling, 0, sizeof leerling);
    leerling.wet = c.row.wet;
    /* The rules about the leerling only for the melding's own leerling, soort and
     * begindatum: with one of those changed the request fails anyway. */
    bool inst_ok = false;
    if (immutable_errors == 0 && pgn_ok) {
        if ((s = vz_check_instelling(r.w, &r.f, r.m.instellingscode, &inst_ok)) != ROD_OK)
            VZ_RETURN(r, resp, s);
        if (inst_ok && (s = vz_check_leerling(r.w, &r.a, &r.f, &r.m, persoon_found ? &persoon : NULL,
                                              c.row.nummer, &leerling)) != ROD_OK)
            VZ_RETURN(r, resp, s);
    }
    if (r.f.n)
        VZ_RETURN(r, resp, ROD_OK);

    /* The new version: the melding replaced, the wet as it follows from the
     * (possibly corrected) birth date; status, terugkoppeling and the
     * uitvoerende instantie stay. */
    char now[24];
    rod_vz_record after;
    vz_next_version(&c.row, &after, now);
    after.melding = &r.m;
    after.wet = leerling.wet;
    rod_fields fields;
    rod_fields_init(&fields, &r.a);
    rod_vz_melding_fields(&r.m, &fields);
    const char *inhoud = fields.oom ? NULL : rod_fields_to_json(&fields, &r.a);
    if (!inhoud)
        VZ_RETURN(r, resp, ROD_INTERNAL);
    after.einddatum = r.m.einddatum;
    after.met_prioriteit = rod_optbool_value(r.m.met_prioriteit);
    after.inhoud = inhoud;
    s = vz_store_change(&r, ROD_VZ_HIST_GEWIJZIGD, &c.row, &after, "GEWIJZIGD");
    VZ_CHANGED(r, resp, s, c.row.nummer, after.versie, c.row.status);
}
