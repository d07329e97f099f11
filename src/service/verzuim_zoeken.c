/* ZoekenVerzuim (CONTRACT 4): meldingen within the caller's reach (a school
 * its own instellingen', a gemeente those it handles), filtered, newest
 * melddatum first, paged. Anything outside the reach is simply not found. */
#include <string.h>

#include "core/clock.h"
#include "service/verzuim_common.h"

#define ZOEKEN_DEFAULT_GROOTTE 50

int __rodw__ZoekenVerzuim(struct soap *soap, struct rod__ZoekenVerzuimRequestType *req,
                          struct rod__ZoekenVerzuimResponseType *resp)
{
    rod_worker *w = rod_service_begin(soap, ROD_OP_ZoekenVerzuim);
    rod_arena a = vz_arena(soap);
    rod_fouten f;
    rod_fouten_init(&f, soap);

    rod_vz_zoek q;
    memset(&q, 0, sizeof q);
    if (w->org.role == ROD_ROLE_GEMEENTE)
        q.gemeente_org_id = w->org.id;
    else
        q.school_org_id = w->org.id;
    if (req->meldingnummer) {
        q.has_nummer = true;
        q.nummer = *req->meldingnummer;
    }
    bool is_bsn;
    q.pgn = rod_pgn_value(req->persoonsgebondenNummer, &is_bsn);
    q.instellingscode = rod_text(soap, req->instellingscode);
    q.instantie_naam = rod_text(soap, req->uitvoerendeInstantieNaam);
    q.contactpersoon_naam = rod_text(soap, req->naamContactpersoon);
    /* default: the open meldingen, as the portal's search */
    char statussen[160] = "GEREGISTREERD,IN_BEHANDELING";
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
    rod_status s = rod_vz_zoeken(w->db, &q, &a, &total, &rows, &n);
    if (s != ROD_OK)
        return rod_service_end(w, s);
    rod_date today = rod_today();
    long long pages = total == 0 ? 1 : (total + grootte - 1) / grootte;
    VZ_RESULT(resp, f);
    resp->totaalAantal = rod_sint(soap, total > 2147483647LL ? 2147483647 : (int)total);
    resp->pagina = rod_sint(soap, pagina);
    resp->aantalPaginas = rod_sint(soap, pages > 2147483647LL ? 2147483647 : (int)pages);
    resp->__sizemelding = n;
    if (n > 0) {
        resp->melding = soap_malloc(soap, sizeof *resp->melding * (size_t)n);
        for (int i = 0; i < n; i++)
            vz_samenvatting_out(soap, &rows[i], today, &resp->melding[i]);
    }
    return rod_service_end(w, ROD_OK);
}
