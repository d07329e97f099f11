/* The request's transaction (soap/transaction.h). */
#include "soap/transaction.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "rules/bericht.h"
#include "soap/dispatch.h"
#include "store/idempotency.h"
#include "tls/digest.h"

static const char *content_type_for(int version)
{
    return version == 12 ? "application/soap+xml; charset=utf-8" : "text/xml; charset=utf-8";
}

static void answer(rod_response *resp, const char *content_type, char *body, size_t len)
{
    resp->status = 200;
    resp->content_type = content_type;
    resp->body = body;
    resp->body_len = len;
}

/* After a deadlock InnoDB has rolled the whole transaction back: forget the
 * attempt and, after a short random pause, run the request again. Two
 * concurrent requests for the same new pupil, or batches that share pupils,
 * can deadlock; that is no "database unavailable" (ROD-9001) for the client. */
#define MUTATING_ATTEMPTS 8

/* On a cluster (db_nodes) a connection lost in the middle is retried the
 * same way, on a fresh connection, which goes to the next usable node: a
 * node killed or out of the primary component, or a session that Galera
 * ended when a replicated transaction aborted its own (error 2006, seen
 * here). Safe, because the MessageID's claim tells whether an earlier
 * attempt committed (then the retry replays its answer). A single server
 * that went away is not retried: the client hears ROD-9001 at once. */
static bool retry_after_deadlock(rod_worker *w, int attempt, char *detail)
{
    bool lost = rod_db_lost(w->db) && w->cfg->db_nodes[0];
    if ((!rod_db_deadlocked(w->db) && !lost) || attempt + 1 >= MUTATING_ATTEMPTS)
        return false;
    rod_dispatch_end(w->soap);
    detail[0] = '\0';
    w->ctx.result[0] = '\0';
    memset(&w->ctx.bericht, 0, sizeof w->ctx.bericht);
    unsigned int seed = (unsigned int)rod_monotonic_ms() ^ (unsigned int)(uintptr_t)w;
    struct timespec pause = {0, (long)(1 + rand_r(&seed) % (5 << attempt)) * 1000000L};
    nanosleep(&pause, NULL);
    return true;
}

/* A MessageID processed before: its stored response when the Body is the
 * same, ROD-0005 when not; *again when the first attempt rolled back
 * meanwhile (process afresh). */
static rod_status replay(rod_worker *w, const unsigned char sha[32], rod_response *resp, bool *again)
{
    unsigned char stored[32];
    char ct[101] = "", *body = NULL;
    size_t len = 0;
    bool found = false;
    *again = false;
    rod_status s =
        rod_idem_fetch(w->db, w->ctx.org.id, w->env.wsa_message_id, stored, &body, &len, ct, &found);
    if (s != ROD_OK)
        return s;
    if (!found) {
        *again = true;
        return ROD_OK;
    }
    if (memcmp(stored, sha, 32) != 0) {
        free(body);
        return ROD_MESSAGEID_REUSED;
    }
    answer(resp, content_type_for(strncmp(ct, "application/soap+xml", 20) == 0 ? 12 : 11), body, len);
    return ROD_OK;
}

/* The request's row in the overview of sent messages (OpvragenBerichten). */
static rod_bericht_meta bericht_meta(const rod_ctx *c)
{
    const rod_bericht_info *b = &c->bericht;
    rod_bericht_meta m = {rod_bericht_resultaat_name(
                              rod_bericht_uitkomst(b->batch, b->gelukt, b->afgekeurd, c->result[0] != '\0')),
                          b->batch,
                          b->verwerkt,
                          b->gelukt,
                          b->afgekeurd,
                          b->meldingnummer};
    return m;
}

/* Claim, handler, stored response with the audit row and the overview's
 * row, commit. */
static rod_status run_mutating(rod_worker *w, const rod_request *req, rod_response *resp, char *detail,
                               size_t cap)
{
    unsigned char sha[32];
    /* the digest decides "same Body or ROD-0005": without it nothing can be
     * claimed (an OpenSSL failure, not the caller's) */
    if (!rod_sha256(req->body + w->env.body_from, w->env.body_to - w->env.body_from, sha))
        return ROD_INTERNAL;
    const char *opname = rod_operation_name(w->env.op);
    const char *content_type = content_type_for(w->env.soap_version);
    for (int attempt = 0; attempt < MUTATING_ATTEMPTS; attempt++) {
        rod_dbrc claim = rod_idem_begin(w->db, w->ctx.org.id, w->env.wsa_message_id, sha, opname);
        if (claim != ROD_DB_OK) {
            rod_db_rollback(w->db);
            if (claim == ROD_DB_ERR && retry_after_deadlock(w, attempt, detail))
                continue;
            if (claim == ROD_DB_ERR)
                return rod_db_status(w->db);
            bool again;
            rod_status s = replay(w, sha, resp, &again);
            if (again)
                continue;
            return s;
        }
        w->in_transaction = true;
        /* each attempt's handler holds back its own melding write */
        w->ctx.melding_write.kind = ROD_VZ_DEFER_NONE;
        char *out = NULL;
        size_t out_len = 0;
        rod_status s =
            rod_dispatch(w->soap, &w->ctx, w->env.op, req->body, w->xml, &out, &out_len, detail, cap);
        /* a cluster may have rolled the transaction back under the handler:
         * its answer (or its odd error) is not the request's */
        if (s != ROD_UNAVAILABLE && rod_db_trx_vanished(w->db))
            s = ROD_UNAVAILABLE;
        /* nothing commits before the XSD check of a batch has passed (the
         * handler waited for it already when it wrote) */
        if (s == ROD_OK)
            s = rod_xml_validate_end(w->xml, &w->env);
        if (s == ROD_OK) {
            rod_audit_entry a;
            rod_app_audit_entry(w, ROD_OK, 200, &a);
            rod_bericht_meta b = bericht_meta(&w->ctx);
            s = rod_idem_finish(w->db, w->ctx.org.id, w->env.wsa_message_id, content_type, out, out_len, &a,
                                &b, &w->ctx.melding_write);
        }
        w->in_transaction = false;
        if (s != ROD_OK) {
            rod_db_rollback(w->db);
            free(out);
            if (s == ROD_UNAVAILABLE && retry_after_deadlock(w, attempt, detail))
                continue;
            return s;
        }
        w->audited = true;
        answer(resp, content_type, out, out_len);
        return ROD_OK;
    }
    return ROD_UNAVAILABLE;
}

static rod_status run_readonly(rod_worker *w, const rod_request *req, rod_response *resp, char *detail,
                               size_t cap)
{
    /* The verzuim reads chain several queries and get one consistent
     * snapshot. OpvragenOverzicht reads a counter and then its page, each a
     * single statement; it skips the two extra round trips of a
     * transaction, which are a third of its cost (docs/performance.md),
     * and its statements may be answered by the query cache, on a
     * connection of their own (store/db.h). */
    bool snapshot = w->env.op != ROD_OP_OpvragenOverzicht;
    rod_status s = snapshot ? rod_db_begin(w->db, true) : ROD_OK;
    if (s != ROD_OK)
        return s;
    w->in_transaction = snapshot;
    w->ctx.db = snapshot ? w->db : w->db_cached;
    char *out = NULL;
    size_t out_len = 0;
    s = rod_dispatch(w->soap, &w->ctx, w->env.op, req->body, NULL, &out, &out_len, detail, cap);
    w->ctx.db = w->db;
    w->in_transaction = false;
    if (snapshot)
        rod_db_rollback(w->db);
    if (s != ROD_OK)
        return s;
    answer(resp, content_type_for(w->env.soap_version), out, out_len);
    return ROD_OK;
}

rod_status rod_transaction_run(rod_worker *w, const rod_request *req, rod_response *resp, char *detail,
                               size_t cap)
{
    w->ctx.db = w->db;
    w->ctx.message_id = w->env.wsa_message_id;
    rod_status s = rod_operation_mutating(w->env.op) ? run_mutating(w, req, resp, detail, cap)
                                                     : run_readonly(w, req, resp, detail, cap);
    rod_dispatch_end(w->soap);
    rod_xml_done(w->xml); /* a tree the checks kept and no dispatch used (a replay) */
    /* a batch's XSD check that ran beside the transaction decides first:
     * an invalid request is answered ROD-0002 whatever the attempt found
     * (a replay, ROD-0005, a database error, the binder's refusal), as if
     * the check had run before it; nothing of it was committed */
    rod_status v = rod_xml_validate_end(w->xml, &w->env);
    if (v != ROD_OK) {
        if (s == ROD_OK) {
            free(resp->body);
            resp->body = NULL;
            resp->body_len = 0;
        }
        s = v;
    }
    return s;
}
