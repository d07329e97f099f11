/* MeldenVerzuim (spec 4): a school reports verzuim. Every rule is
 * checked and every failing one reported; a valid melding gets a number from
 * the sequence, version 1 in the history, and a notification for the
 * gemeente (and for the melder when stuurEmailNaarMelder) in the outbox, all
 * in the pipeline's transaction. Three round trips to MariaDB: the leerling's
 * lock with the new number, the leerling's inschrijvingen and meldingen, and
 * one procedure call for the writes (instelling and gemeente come from the
 * worker's memo); the pipeline adds its own. */
#include <string.h>

#include "service/verzuim_common.h"

int __rodw__MeldenVerzuim(struct soap *soap, struct rod__MeldenVerzuimRequestType *req,
                          struct rod__MeldenVerzuimResponseType *resp)
{
    vz_request r;
    bool pgn_ok = vz_begin_melding(&r, soap, ROD_OP_MeldenVerzuim, req->melding);
    rod_status s = vz_resolve_pupil(&r, pgn_ok);
    if (s != ROD_OK)
        VZ_RETURN(r, resp, s);

    /* The leerling's persoon row first, locked until commit: it serialises
     * every melding of this leerling, so two overlapping meldingen on two
     * connections can never both pass the overlap check below. It is the
     * transaction's first read (see store/melding.h) after the alias lookup
     * above, itself a locking read. */
    rod_vz_persoon persoon;
    bool persoon_found = false;
    long long nummer = 0;
    if (pgn_ok && (s = rod_vz_persoon_lock_nummer(r.w->db, r.m.pgn, r.w->org.id, &r.a, &persoon,
                                                  &persoon_found, &nummer)) != ROD_OK)
        VZ_RETURN(r, resp, s);

    bool inst_ok = false;
    if ((s = vz_check_instelling(r.w, &r.f, r.m.instellingscode, &inst_ok)) != ROD_OK)
        VZ_RETURN(r, resp, s);
    vz_leerling leerling;
    memset(&leerling, 0, sizeof leerling);
    if (pgn_ok && inst_ok &&
        (s = vz_check_leerling(r.w, &r.a, &r.f, &r.m, persoon_found ? &persoon : NULL, 0, &leerling)) !=
            ROD_OK)
        VZ_RETURN(r, resp, s);

    if (r.f.n)
        VZ_RETURN(r, resp, ROD_OK);

    /* Store: the melding, version 1, the notifications (the number came
     * with the lock on the leerling). */
    char now[24];
    vz_now(now);
    char *melddatum = vz_date_text(soap, r.today);
    rod_fields fields;
    rod_fields_init(&fields, &r.a);
    rod_vz_melding_fields(&r.m, &fields);
    const char *inhoud = fields.oom ? NULL : rod_fields_to_json(&fields, &r.a);
    if (!inhoud || !melddatum)
        VZ_RETURN(r, resp, ROD_INTERNAL);

    rod_vz_record rec;
    memset(&rec, 0, sizeof rec);
    rec.status = ROD_VZ_GEREGISTREERD;
    rec.wet = leerling.wet;
    rec.melding = &r.m;
    rec.reden_intrekken = ROD_VZ_REDEN_GEEN;
    rec.nummer = nummer;
    rec.versie = 1;
    rec.status_datum = melddatum;
    rec.melddatum = melddatum;
    rec.tijdstip = now;
    rec.instellingscode = r.m.instellingscode;
    rec.pgn = r.m.pgn;
    rec.soort = r.m.soort;
    rec.begindatum = r.m.begindatum;
    rec.einddatum = r.m.einddatum;
    rec.met_prioriteit = rod_optbool_value(r.m.met_prioriteit);
    rec.gemeente_id = leerling.gemeente_id;
    rec.inhoud = inhoud;
    if ((s = vz_store_new(r.w, &r.a, &rec, rod_optbool_value(r.m.stuur_email), r.m.cs_email)) != ROD_OK)
        VZ_RETURN(r, resp, s);

    resp->meldingnummer = vz_long(soap, nummer);
    r.w->bericht.meldingnummer = nummer; /* OpvragenBerichten */
    resp->versie = rod_sint(soap, 1);
    resp->status = vz_status_out(soap, ROD_VZ_GEREGISTREERD);
    resp->melddatum = melddatum;
    resp->wet = rod_alloc(soap, sizeof *resp->wet);
    if (!resp->wet)
        VZ_RETURN(r, resp, ROD_INTERNAL);
    soap_s2rod__Wet(soap, rod_wet_name(leerling.wet), resp->wet);
    resp->uitvoerendeInstantie = vz_instantie(soap, leerling.gemeentecode, leerling.gemeente_naam);
    VZ_RETURN(r, resp, ROD_OK);
}
