/* KoppelenBsn (spec 9.1): a school links the BSN a pupil received to
 * the onderwijsnummer the pupil was registered under; a person known under
 * both numbers becomes one under the BSN. The answer is the same whether
 * the register knew the BSN or not, so it reveals nothing about other
 * organisations' pupils. Everything in the pipeline's one transaction:
 * nothing is written unless every rule passed. */
#include <string.h>

#include "rules/pgn.h"
#include "soap/service.h"
#include "store/alias.h"
#include "store/inschrijving.h"

int __rodw__KoppelenBsn(struct soap *soap, struct rod__KoppelenBsnRequestType *req,
                        struct rod__KoppelenBsnResponseType *resp)
{
    rod_ctx *w = rod_service_begin(soap, ROD_OP_KoppelenBsn);
    rod_fouten f;
    rod_fouten_init(&f, soap);
    bool inst_ok;
    rod_status s = rod_check_instelling(w, &f, req->instellingscode, "instellingscode", &inst_ok);
    if (s != ROD_OK)
        return rod_service_end(w, s);
    const char *onderwijsnummer = req->onderwijsnummer, *bsn = req->bsn;
    if (!rod_onderwijsnummer_valid(onderwijsnummer))
        rod_fout(&f, ROD_ONDERWIJSNUMMER_INVALID, "onderwijsnummer", NULL);
    if (!rod_bsn_valid(bsn))
        rod_fout(&f, ROD_BSN_INVALID, "bsn", NULL);

    if (f.n == 0) {
        /* the number's person now: itself, or the BSN it was linked to;
         * locked, so that a second link of this number waits here. Not
         * linked: no merge of the number has committed, and none can before
         * this transaction ends, so the snapshot's inschrijvingen are the
         * number's (a plain read). Linked: the merge may have committed
         * after the snapshot was taken, so the latest rows. */
        char linked[10] = "";
        bool is_linked, found, duplicate = false;
        if ((s = rod_alias_get(w->db, onderwijsnummer, linked, &is_linked)) != ROD_OK)
            return rod_service_end(w, s);
        if ((s = rod_store_inschrijving_exists(
                 w->db, req->instellingscode, is_linked ? linked : onderwijsnummer,
                 is_linked ? ROD_READ_SHARED : ROD_READ_SNAPSHOT, &found)) != ROD_OK)
            return rod_service_end(w, s);
        if (!found)
            rod_fout(&f, ROD_INSCHRIJVING_NOT_FOUND, "onderwijsnummer", NULL);
        else if (!is_linked &&
                 (s = rod_alias_koppel(w->db, onderwijsnummer, bsn, w->org.id, &duplicate)) != ROD_OK)
            return rod_service_end(w, s);
        /* linked meanwhile after all (cannot happen behind the lock, but
         * the unique key decides): as if linked before */
        if (duplicate && (s = rod_alias_get(w->db, onderwijsnummer, linked, &is_linked)) != ROD_OK)
            return rod_service_end(w, s);
        if (found && is_linked && strcmp(linked, bsn) != 0)
            rod_fout(&f, ROD_ALREADY_LINKED, "bsn", NULL);
    }
    resp->gelukt = f.n == 0 ? xsd__boolean__true_ : xsd__boolean__false_;
    resp->__sizefout = f.n;
    resp->fout = f.items;
    if (f.n == 0)
        resp->persoonsgebondenNummer = rod_pgn_make(soap, bsn, true);
    return rod_service_end(w, ROD_OK);
}
