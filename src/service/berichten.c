/* OpvragenBerichten (spec 9.3): the caller's own processed mutating
 * requests, newest first, filtered and paged; what the portal calls the
 * "Overzicht verstuurde bestanden". Only the caller's organisation is ever
 * in scope, and a bericht holds no personal data (store/bericht.h). */
#include <stdio.h>
#include <string.h>

#include "rules/tijdstip.h"
#include "soap/service.h"
#include "store/bericht.h"

#define BERICHTEN_DEFAULT_GROOTTE 50

/* The 0..n operatie filters as a comma list for FIND_IN_SET, or NULL. */
static char *operaties(struct soap *soap, const struct rod__OpvragenBerichtenRequestType *req)
{
    if (req->__sizeoperatie <= 0)
        return NULL;
    char list[512] = "";
    size_t o = 0;
    for (int i = 0; i < req->__sizeoperatie; i++) {
        const char *name = soap_rod__MutatieOperatie2s(soap, req->operatie[i]);
        if (name && o + strlen(name) + 2 < sizeof list)
            o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", o ? "," : "", name);
    }
    return rod_sdup(soap, list);
}

/* false when the stored operation or result is not one of the XSD's (a
 * register written by a newer gateway): never answer another name */
static bool bericht_out(struct soap *soap, const rod_bericht_rij *in, struct rod__Bericht *out)
{
    soap_default_rod__Bericht(soap, out);
    out->messageId = rod_sdup(soap, in->message_id);
    if (soap_s2rod__MutatieOperatie(soap, in->operatie, &out->operatie) != SOAP_OK ||
        soap_s2rod__BerichtResultaat(soap, in->resultaat, &out->resultaat) != SOAP_OK)
        return false;
    out->ontvangen = rod_sdup(soap, in->ontvangen);
    if (in->batch) {
        out->aantalVerwerkt = rod_sint(soap, in->verwerkt);
        out->aantalGelukt = rod_sint(soap, in->gelukt);
        out->aantalAfgekeurd = rod_sint(soap, in->afgekeurd);
    }
    if (in->meldingnummer) {
        out->meldingnummer = rod_alloc(soap, sizeof *out->meldingnummer);
        if (out->meldingnummer)
            *out->meldingnummer = in->meldingnummer;
    }
    return true;
}

int __rodw__OpvragenBerichten(struct soap *soap, struct rod__OpvragenBerichtenRequestType *req,
                              struct rod__OpvragenBerichtenResponseType *resp)
{
    rod_ctx *c = rod_service_begin(soap, ROD_OP_OpvragenBerichten);
    rod_bericht_zoek q;
    memset(&q, 0, sizeof q);
    q.organisatie_id = c->org.id;
    char vanaf[ROD_TIJDSTIP_BUFSIZE], tot[ROD_TIJDSTIP_BUFSIZE];
    /* the XSD has checked both; what it lets through and this refuses (an
     * offset beyond 14:00) is the same kind of error */
    if ((req->vanaf && !rod_tijdstip_parse(req->vanaf, ROD_TIJDSTIP_VANAF, vanaf)) ||
        (req->tot && !rod_tijdstip_parse(req->tot, ROD_TIJDSTIP_TOT, tot)))
        return rod_service_end(c, ROD_XSD_INVALID);
    q.vanaf = req->vanaf ? vanaf : NULL;
    q.tot = req->tot ? tot : NULL;
    q.operaties = operaties(soap, req);
    q.message_id = rod_text(soap, req->messageId);
    int pagina = req->pagina ? *req->pagina : 1;
    int grootte = req->paginaGrootte ? *req->paginaGrootte : BERICHTEN_DEFAULT_GROOTTE;
    q.offset = (long long)(pagina - 1) * grootte;
    q.limit = grootte;

    rod_bericht_rij *rows = rod_alloc(soap, sizeof *rows * (size_t)grootte);
    if (!rows)
        return rod_service_end(c, ROD_INTERNAL);
    long long total;
    int n;
    rod_status s = rod_bericht_zoeken(c->db, &q, &total, rows, &n);
    if (s != ROD_OK)
        return rod_service_end(c, s);
    long long pages = total == 0 ? 1 : (total + grootte - 1) / grootte;
    resp->gelukt = xsd__boolean__true_;
    resp->totaalAantal = rod_sint(soap, total > 2147483647LL ? 2147483647 : (int)total);
    resp->pagina = rod_sint(soap, pagina);
    resp->aantalPaginas = rod_sint(soap, pages > 2147483647LL ? 2147483647 : (int)pages);
    resp->__sizebericht = n;
    resp->bericht = n > 0 ? rod_alloc(soap, sizeof *resp->bericht * (size_t)n) : NULL;
    if (n > 0 && !resp->bericht)
        return rod_service_end(c, ROD_INTERNAL);
    for (int i = 0; i < n; i++)
        if (!bericht_out(soap, &rows[i], &resp->bericht[i]))
            return rod_service_end(c, ROD_INTERNAL);
    return rod_service_end(c, ROD_OK);
}
