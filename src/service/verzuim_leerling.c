/* OpvragenLeerling (spec 4, 8.10): a school looks a pupil up before
 * reporting: the registered data, its inschrijvingen at the school's
 * instellingen, whether verzuim can be reported (not abroad, under 23, no
 * startkwalificatie), the soorten that fit the pupil's age today, and the
 * pupil's meldingen at the school's instellingen. A pupil never enrolled at
 * one of them: ROD-0301 ("Geen gegevens gevonden"). */
#include <stdio.h>
#include <string.h>

#include "rules/partial_date.h"
#include "rules/pgn.h"
#include "service/verzuim_common.h"
#include "store/alias.h"

#define ALL_STATUSES                                                                               \
    "GEREGISTREERD,IN_BEHANDELING,AFGESLOTEN,TER_KENNISGEVING_AANGENOMEN,OVERGEDRAGEN_AAN_DERDEN," \
    "INGETROKKEN"

int __rodw__OpvragenLeerling(struct soap *soap, struct rod__OpvragenLeerlingRequestType *req,
                             struct rod__OpvragenLeerlingResponseType *resp)
{
    vz_request r;
    vz_begin(&r, soap, ROD_OP_OpvragenLeerling);

    bool is_bsn = false;
    const char *nummer = rod_pgn_value(req->persoonsgebondenNummer, &is_bsn);
    if (!nummer || !(is_bsn ? rod_bsn_valid(nummer) : rod_onderwijsnummer_valid(nummer))) {
        rod_fout(&r.f, is_bsn ? ROD_BSN_INVALID : ROD_ONDERWIJSNUMMER_INVALID,
                 is_bsn ? "persoonsgebondenNummer/bsn" : "persoonsgebondenNummer/onderwijsnummer", NULL);
        VZ_RETURN(r, resp, ROD_OK);
    }
    /* an old onderwijsnummer is the pupil of its BSN (spec 9.1) */
    char pgn[10];
    snprintf(pgn, sizeof pgn, "%s", nummer);
    rod_status s = rod_alias_resolve_one(r.w->db, pgn, &is_bsn, false);
    if (s != ROD_OK)
        VZ_RETURN(r, resp, s);
    rod_vz_inschrijving *ins;
    int nins;
    s = rod_vz_inschrijvingen(r.w->db, pgn, r.w->org.id, &r.a, &ins, &nins);
    if (s != ROD_OK)
        VZ_RETURN(r, resp, s);
    rod_vz_persoon p;
    bool found = false;
    if (nins > 0 && (s = rod_vz_persoon_get(r.w->db, pgn, r.w->org.id, &r.a, &p, &found)) != ROD_OK)
        VZ_RETURN(r, resp, s);
    if (nins == 0 || !found) {
        rod_fout(&r.f, ROD_LEERLING_NOT_FOUND, "persoonsgebondenNummer", NULL);
        VZ_RETURN(r, resp, ROD_OK);
    }

    rod_pdate birth;
    if (!rod_pdate_parse(p.geboortedatum, &birth))
        VZ_RETURN(r, resp, ROD_INTERNAL);
    int age = rod_pdate_age_on(birth, r.today);
    bool abroad = p.adres == ROD_ADRES_BUITENLAND;
    bool too_old = rod_too_old_for_verzuim(age);
    char reden[300] = "";
    if (abroad)
        strcat(reden, "De leerling woont in het buitenland. ");
    if (too_old)
        strcat(reden, "De leerling is 23 jaar of ouder. ");
    /* for a melding beginning today (spec 9.5) */
    bool startkwalificatie = rod_startkwalificatie_applies(p.startkwalificatie, r.today);
    if (startkwalificatie)
        strcat(reden, "De leerling heeft een startkwalificatie. ");
    bool meldbaar = !abroad && !too_old && !startkwalificatie;

    rod_vz_zoek q;
    memset(&q, 0, sizeof q);
    q.school_org_id = r.w->org.id;
    q.pgn = pgn;
    q.statussen = ALL_STATUSES;
    q.limit = 100000;
    long long total;
    rod_vz_samenvatting *rows;
    int n;
    if ((s = rod_vz_zoeken(r.w->db, &q, &r.a, &total, &rows, &n)) != ROD_OK)
        VZ_RETURN(r, resp, s);

    resp->leerlingGegevens = vz_leerling_out(soap, &p);
    resp->__sizeinschrijving = nins;
    resp->inschrijving = rod_alloc(soap, sizeof *resp->inschrijving * (size_t)nins);
    if (!resp->inschrijving && nins > 0)
        VZ_RETURN(r, resp, ROD_INTERNAL);
    for (int i = 0; i < nins; i++) {
        struct rod__LeerlingInschrijving *x = &resp->inschrijving[i];
        soap_default_rod__LeerlingInschrijving(soap, x);
        x->instellingscode = rod_sdup(soap, ins[i].instellingscode);
        x->inschrijfdatum = vz_date_text(soap, ins[i].in);
        x->uitschrijfdatum = ins[i].has_uit ? vz_date_text(soap, ins[i].uit) : NULL;
    }
    resp->verzuimMeldbaar = vz_bool(soap, meldbaar);
    if (!meldbaar)
        resp->redenNietMeldbaar = rod_text(soap, reden);
    /* spec 8.10: decided by age alone, for a melding beginning r.today */
    resp->toegestaneSoort = rod_alloc(soap, sizeof *resp->toegestaneSoort * ROD_SOORT_COUNT);
    if (!resp->toegestaneSoort)
        VZ_RETURN(r, resp, ROD_INTERNAL);
    for (int i = 0; i < ROD_SOORT_COUNT; i++)
        if (rod_soort_allowed_for_age((rod_soort)i, age))
            soap_s2rod__VerzuimSoort(soap, rod_soort_name((rod_soort)i),
                                     &resp->toegestaneSoort[resp->__sizetoegestaneSoort++]);
    vz_samenvattingen_out(soap, rows, n, r.today, &resp->__sizemelding, &resp->melding);
    VZ_RETURN(r, resp, ROD_OK);
}
