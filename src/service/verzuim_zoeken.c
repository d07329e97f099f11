/* ZoekenVerzuim (spec 4): meldingen within the caller's reach (a school
 * its own instellingen', a gemeente those it handles), filtered, newest
 * melddatum first, paged. Anything outside the reach is simply not found.
 * With gewijzigdSinds (9.4): the meldingen changed at or after it, oldest
 * change first, for a system that follows changes by polling
 * (docs/interface.md says how). */
#include <stdio.h>
#include <string.h>

#include "rules/tijdstip.h"
#include "service/verzuim_common.h"
#include "store/alias.h"

#define ZOEKEN_DEFAULT_GROOTTE 50

int __rodw__ZoekenVerzuim(struct soap *soap, struct rod__ZoekenVerzuimRequestType *req,
                          struct rod__ZoekenVerzuimResponseType *resp)
{
    vz_request r;
    vz_begin(&r, soap, ROD_OP_ZoekenVerzuim);

    rod_vz_zoek q;
    memset(&q, 0, sizeof q);
    if (r.w->org.role == ROD_ROLE_GEMEENTE)
        q.gemeente_org_id = r.w->org.id;
    else
        q.school_org_id = r.w->org.id;
    if (req->meldingnummer) {
        q.has_nummer = true;
        q.nummer = *req->meldingnummer;
    }
    bool is_bsn = false;
    const char *nummer = rod_pgn_value(req->persoonsgebondenNummer, &is_bsn);
    char pgn[10] = "";
    /* an old onderwijsnummer finds the meldingen of its BSN (spec 9.1) */
    if (nummer) {
        snprintf(pgn, sizeof pgn, "%s", nummer);
        rod_status rs = rod_alias_resolve_one(r.w->db, pgn, &is_bsn, false);
        if (rs != ROD_OK)
            VZ_RETURN(r, resp, rs);
        q.pgn = pgn;
    }
    q.instellingscode = rod_text(soap, req->instellingscode);
    q.instantie_naam = rod_text(soap, req->uitvoerendeInstantieNaam);
    q.contactpersoon_naam = rod_text(soap, req->naamContactpersoon);
    /* default: the open meldingen, as the portal's search; following
     * changes (gewijzigdSinds, spec 9.4): every status */
    char sinds[ROD_TIJDSTIP_BUFSIZE];
    if (req->gewijzigdSinds) {
        /* the XSD has checked it; an offset beyond 14:00 is the same error */
        if (!rod_tijdstip_parse(req->gewijzigdSinds, ROD_TIJDSTIP_VANAF, sinds))
            VZ_RETURN(r, resp, ROD_XSD_INVALID);
        q.gewijzigd_sinds = sinds;
    }
    char statussen[160] = "GEREGISTREERD,IN_BEHANDELING";
    if (req->gewijzigdSinds)
        snprintf(
            statussen, sizeof statussen, "%s",
            "GEREGISTREERD,IN_BEHANDELING,AFGESLOTEN,TER_KENNISGEVING_AANGENOMEN,OVERGEDRAGEN_AAN_DERDEN,"
            "INGETROKKEN");
    if (req->__sizestatus > 0) {
        size_t o = 0;
        statussen[0] = '\0';
        for (int i = 0; i < req->__sizestatus; i++) {
            const char *name = soap_rod__Status2s(soap, req->status[i]);
            if (name && o + strlen(name) + 2 < sizeof statussen)
                o += (size_t)snprintf(statussen + o, sizeof statussen - o, "%s%s", o ? "," : "", name);
        }
    }
    q.statussen = statussen;
    int pagina = req->pagina ? *req->pagina : 1;
    int grootte = req->paginaGrootte ? *req->paginaGrootte : ZOEKEN_DEFAULT_GROOTTE;
    q.offset = (long long)(pagina - 1) * grootte;
    q.limit = grootte;

    long long total;
    rod_vz_samenvatting *rows;
    int n;
    rod_status s = rod_vz_zoeken(r.w->db, &q, &r.a, &total, &rows, &n);
    if (s != ROD_OK)
        VZ_RETURN(r, resp, s);
    long long pages = total == 0 ? 1 : (total + grootte - 1) / grootte;
    resp->totaalAantal = rod_sint(soap, total > 2147483647LL ? 2147483647 : (int)total);
    resp->pagina = rod_sint(soap, pagina);
    resp->aantalPaginas = rod_sint(soap, pages > 2147483647LL ? 2147483647 : (int)pages);
    vz_samenvattingen_out(soap, rows, n, r.today, &resp->__sizemelding, &resp->melding);
    VZ_RETURN(r, resp, ROD_OK);
}
