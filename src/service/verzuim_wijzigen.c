/* WijzigenVerzuim (CONTRACT 4): the school replaces its melding as a whole
 * while the status is GEREGISTREERD or IN_BEHANDELING (ROD-0317). The pupil,
 * instellingscode, soort and begindatum stay (ROD-0318); a stale versie is
 * ROD-0319; every melding rule applies again. */
#include <string.h>

#include "core/clock.h"
#include "service/verzuim_common.h"

/* ROD-0318: the fields that identify the melding cannot change (CONTRACT
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
    rod_worker *w = rod_service_begin(soap, ROD_OP_WijzigenVerzuim);
    rod_arena a = vz_arena(soap);
    rod_fouten f;
    rod_fouten_init(&f, soap);
    rod_date today = rod_today();
    rod_melding m;
    vz_melding_in(soap, req->melding, &m);
    bool pgn_ok = vz_check_request(&f, &m, today);

    /* Locks first, before any plain read (store/melding.h): the melding,
     * then its pupil (the melding's own pupil: that cannot change). */
    rod_vz_record row;
    rod_vz_persoon persoon;
    bool persoon_found, visible;
    rod_status s = vz_lock_melding(w, req->meldingnummer, &a, &row, &persoon, &persoon_found, &visible);
    if (s != ROD_OK)
        return rod_service_end(w, s);
    if (!visible) {
        rod_fout(&f, ROD_MELDING_NOT_FOUND, "meldingnummer", NULL);
        VZ_RESULT(resp, f);
        return rod_service_end(w, ROD_OK);
    }

    rod_melding old;
    if (!vz_melding_of_row(&a, &row, &old))
        return rod_service_end(w, ROD_INTERNAL);
    if (req->versie && *req->versie != row.versie)
        rod_fout(&f, ROD_VERSION_CONFLICT, "versie", rod_sprintf(soap, "(actuele versie %d)", row.versie));
    if (!rod_vz_changeable(row.status))
        rod_fout(&f, ROD_MELDING_STATUS_LOCKED, NULL,
                 rod_sprintf(soap, "(status %s)", rod_vz_status_name(row.status)));
    int immutable_errors = f.n;
    check_immutable(&f, &old, &m);
    immutable_errors = f.n - immutable_errors;

    vz_pupil pupil;
    memset(&pupil, 0, sizeof pupil);
    pupil.wet = row.wet;
    /* The rules about the pupil only for the melding's own pupil, soort and
     * begindatum: with one of those changed the request fails anyway. */
    bool inst_ok = false;
    if (immutable_errors == 0 && pgn_ok) {
        if ((s = vz_check_instelling(w, &f, m.instellingscode, &inst_ok)) != ROD_OK)
            return rod_service_end(w, s);
        if (inst_ok && (s = vz_check_pupil(w, &a, &f, &m, persoon_found ? &persoon : NULL, row.nummer,
                                           &pupil)) != ROD_OK)
            return rod_service_end(w, s);
    }
    VZ_RESULT(resp, f);
    if (f.n)
        return rod_service_end(w, ROD_OK);

    /* The new version: the melding replaced, the wet as it follows from the
     * (possibly corrected) birth date; status, terugkoppeling and the
     * uitvoerende instantie stay. */
    rod_vz_record after = row;
    after.melding = &m;
    after.wet = pupil.wet;
    rod_fields fields;
    rod_fields_init(&fields, &a);
    rod_vz_melding_fields(&m, &fields);
    const char *inhoud = fields.oom ? NULL : rod_fields_to_json(&fields, &a);
    if (!inhoud)
        return rod_service_end(w, ROD_INTERNAL);
    char now[24];
    vz_now(now);
    after.versie = row.versie + 1;
    after.tijdstip = now;
    after.einddatum = m.einddatum;
    after.met_prioriteit = rod_optbool_value(m.met_prioriteit);
    after.inhoud = inhoud;
    if ((s = vz_store_version(w, &a, ROD_VZ_HIST_GEWIJZIGD, &row, &after)) != ROD_OK)
        return rod_service_end(w, s);
    if ((s = rod_vz_notificatie(w->db, row.nummer, "GEWIJZIGD", row.gemeente_id, NULL, now)) != ROD_OK)
        return rod_service_end(w, s);

    resp->meldingnummer = vz_long(soap, row.nummer);
    resp->versie = rod_sint(soap, after.versie);
    resp->status = vz_status_out(soap, row.status);
    return rod_service_end(w, ROD_OK);
}
