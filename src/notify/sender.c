/* The sending loop (notify/sender.h). One database connection, one SMTP
 * handle, one row at a time: a notification is small and the SMTP server is
 * the bottleneck; run a second sender for more (the claim keeps them
 * apart). A row is marked sent only after the server's 250; when that mark
 * is lost (the database went away in between) the row comes back when the
 * database does (or its lease ends) and goes out again with the same
 * Message-ID. */
#include "notify/sender.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/log.h"
#include "notify/message.h"
#include "notify/retry.h"
#include "notify/smtp.h"
#include "store/db.h"
#include "store/notificatie.h"

#define MAX_BATCH 1000 /* the bound of notify_batch (config/config.c) */

typedef struct {
    const rod_config *cfg;
    rod_db *db;
    rod_smtp *smtp;
    char name[128]; /* geclaimd_door: host:pid:start */
} sender;

/* Sleeps ms milliseconds, or less when a signal arrives. */
static void nap(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* What the batch does after a row. */
typedef enum {
    GO_ON, /* the next row */
    PAUSE  /* the SMTP server cannot be reached, or an outcome could not be
            * recorded: release the rest and wait notify_poll_ms, so that a
            * down server sees one attempt per poll, not one per row */
} next_step;

static next_step record_failure(sender *s, const rod_notificatie *n, bool permanent, bool give_up,
                                const char *why)
{
    const rod_config *cfg = s->cfg;
    long delay = rod_retry_delay(cfg->notify_retry_base, cfg->notify_retry_max, n->pogingen + 1);
    if (rod_notificatie_failed(s->db, n->id, permanent, delay, give_up, why) != ROD_OK) {
        rod_log_info("notify: notificatie %lld: outcome not stored (database unavailable); due again after "
                     "the lease",
                     n->id);
        return PAUSE;
    }
    if (give_up)
        rod_log_info("notify: notificatie %lld melding %lld %s: mislukt after %ld attempts: %s", n->id,
                     n->meldingnummer, n->soort, n->pogingen + 1, why);
    else
        rod_log_info("notify: notificatie %lld melding %lld %s: attempt %ld failed, again in %ld s: %s",
                     n->id, n->meldingnummer, n->soort, n->pogingen + 1, delay, why);
    return GO_ON;
}

/* One row: its message, the attempt, the outcome. No recipient address is
 * logged (a school's contactpersoon is a person). */
static next_step send_one(sender *s, const rod_notificatie *n)
{
    const rod_config *cfg = s->cfg;
    if (!n->ontvanger[0]) /* the gemeente has no address yet: keep the row, try again */
        return record_failure(s, n, false, false,
                              "geen e-mailadres bekend voor de ontvanger (organisatie.notificatie_email)");
    if (!rod_mail_address_ok(n->ontvanger))
        return record_failure(s, n, true, true, "ongeldig e-mailadres van de ontvanger");
    rod_buf msg = {0};
    if (rod_mail_compose(&msg, n, cfg->smtp_from, cfg->mail_domain, time(NULL)) != 0) {
        rod_buf_free(&msg);
        return record_failure(s, n, false, false, "bericht niet samengesteld (geheugen of onbekende soort)");
    }
    char why[512];
    rod_smtp_result r = rod_smtp_send(s->smtp, n->ontvanger, msg.data, msg.len, why, sizeof why);
    rod_buf_free(&msg);
    if (r == ROD_SMTP_SENT) {
        if (rod_notificatie_sent(s->db, n->id) != ROD_OK) {
            rod_log_info(
                "notify: notificatie %lld: accepted by the SMTP server but not marked sent (database "
                "unavailable); it goes again, with the same Message-ID",
                n->id);
            return PAUSE;
        }
        rod_log_info("notify: notificatie %lld melding %lld %s: sent (attempt %ld)", n->id, n->meldingnummer,
                     n->soort, n->pogingen + 1);
        return GO_ON;
    }
    bool permanent = r == ROD_SMTP_PERMANENT;
    next_step next =
        record_failure(s, n, permanent, permanent && n->weigeringen + 1 >= cfg->notify_max_attempts, why);
    return r == ROD_SMTP_UNREACHABLE ? PAUSE : next;
}

/* One claim and its rows. Returns the number claimed, -1 when the database
 * is unavailable; *pause when the rest of the batch was released for a
 * PAUSE. A row is begun only while the claim has room for a whole attempt
 * and a second to record it; the rest is released. An attempt takes at
 * most twice smtp_timeout: curl bounds the dialogue with it, and the wait
 * for the reply to the end of the data once more (measured: a server that
 * answers late is given up after 2 smtp_timeout). */
static int one_batch(sender *s, rod_notificatie *batch, volatile sig_atomic_t *stop, bool *pause)
{
    const rod_config *cfg = s->cfg;
    double deadline = rod_monotonic_ms() + 1000.0 * (double)cfg->notify_lease_seconds;
    int n = 0;
    *pause = false;
    if (rod_notificatie_claim(s->db, s->name, cfg->notify_lease_seconds, batch, (int)cfg->notify_batch, &n) !=
        ROD_OK)
        return -1;
    int done = 0;
    while (done < n && !*stop && !*pause) {
        if (rod_monotonic_ms() + 1000.0 * (double)(2 * cfg->smtp_timeout + 1) > deadline)
            break;
        *pause = send_one(s, &batch[done++]) == PAUSE;
    }
    if (done < n)
        (void)rod_notificatie_release(s->db, s->name);
    return n;
}

int rod_sender_run(const rod_config *cfg, bool drain, volatile sig_atomic_t *stop, char *err, size_t errlen)
{
    static rod_notificatie batch[MAX_BATCH];
    sender s = {.cfg = cfg};
    char host[64] = "";
    gethostname(host, sizeof host - 1);
    snprintf(s.name, sizeof s.name, "%s:%ld:%ld", host, (long)getpid(), (long)time(NULL));
    if (!(s.smtp = rod_smtp_new(cfg, err, errlen)))
        return -1;
    if (!(s.db = rod_db_new(cfg))) {
        snprintf(err, errlen, "out of memory");
        rod_smtp_free(s.smtp);
        return -1;
    }
    /* a database without sql/schema-wachtrij.sql would fail every claim:
     * refuse to start and say so (a database that is down: wait for it) */
    char missing[512];
    if (rod_db_connect(s.db) == ROD_OK &&
        rod_notificatie_missing_columns(s.db, missing, sizeof missing) == ROD_OK && missing[0]) {
        snprintf(
            err, errlen,
            "database %s lacks the column(s) %s: apply sql/schema-wachtrij.sql (tools/mariadb.sh load does)",
            cfg->db_name, missing);
        rod_db_free(s.db);
        rod_smtp_free(s.smtp);
        return -1;
    }
    rod_log_info("notify: started as %s, %s", s.name, cfg->smtp_url);
    bool db_down = false;
    while (!*stop) {
        /* back from an outage: first give up the leases of the batch the
         * outage cut short, so its rows go now rather than after the lease
         * (a message sent but not marked goes again, same Message-ID) */
        if (db_down && rod_notificatie_release(s.db, s.name) != ROD_OK) {
            nap(cfg->notify_poll_ms);
            continue;
        }
        if (db_down)
            rod_log_info("notify: database available again");
        db_down = false;
        bool pause;
        int n = one_batch(&s, batch, stop, &pause);
        if (n < 0) {
            rod_log_info("notify: database unavailable; trying again every %ld ms", cfg->notify_poll_ms);
            db_down = true;
            nap(cfg->notify_poll_ms);
            continue;
        }
        if (n > 0 && !pause)
            continue;
        long long open = 0;
        if (drain && rod_notificatie_open(s.db, &open) == ROD_OK && open == 0)
            break;
        nap(cfg->notify_poll_ms);
    }
    (void)rod_notificatie_release(s.db, s.name);
    rod_log_info("notify: stopped");
    rod_db_free(s.db);
    rod_smtp_free(s.smtp);
    return 0;
}
