/* The sending side of the outbox melding_notificatie (sql/schema-verzuim.sql,
 * sql/schema-wachtrij.sql), used by rodgate-notify only: claim due rows
 * under a lease, then record each outcome. The gateway writes the rows
 * (store/melding.h); this never reads pupil data. */
#ifndef ROD_STORE_NOTIFICATIE_H
#define ROD_STORE_NOTIFICATIE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"
#include "store/db.h"

/* One claimed row with what its e-mail needs: the melding's number, soort
 * and instelling, and organisation names; never pupil data. */
typedef struct {
    long long id;
    long long meldingnummer;
    char soort[24];          /* NIEUWE_MELDING, BEVESTIGING_MELDER, GEWIJZIGD, INGETROKKEN, TERUGKOPPELING */
    char verzuimsoort[32];   /* the melding's soort (VerzuimSoort) */
    char instellingscode[8]; /* of the melding */
    char instelling_naam[801];
    char gemeente_naam[801]; /* the uitvoerende instantie */
    char ontvanger[255];     /* the row's address, else the organisation's; "" when neither is known */
    long pogingen, weigeringen;
} rod_notificatie;

/* The columns this file uses that the database lacks (sql/schema-wachtrij.sql
 * not applied), as a comma list in missing[cap] ("" when none); the
 * database's status when the question fails. */
rod_status rod_notificatie_missing_columns(rod_db *db, char *missing, size_t cap);

/* Claims at most `max` due rows (unsent, not given up, their backoff over,
 * not under another sender's lease) for `lease_seconds` in the name of
 * `sender`, with SELECT ... FOR UPDATE SKIP LOCKED in one short READ
 * COMMITTED transaction: a concurrent sender skips them, and a crashed
 * sender's rows are due again when the lease ends. Fills out[0..*n). */
rod_status rod_notificatie_claim(rod_db *db, const char *sender, long lease_seconds, rod_notificatie *out,
                                 int max, int *n);

/* The SMTP server accepted the row's message: sent, lease dropped. */
rod_status rod_notificatie_sent(rod_db *db, long long id);

/* An attempt failed: counted (a permanent refusal also as weigering), the
 * error kept, due again after delay_seconds, or given up (mislukt) when
 * give_up; the lease is dropped. `error` is the server's reply or curl's
 * text, never personal data. */
rod_status rod_notificatie_failed(rod_db *db, long long id, bool permanent, long delay_seconds, bool give_up,
                                  const char *error);

/* Drops the leases of `sender` on rows it did not finish (shutdown, or a
 * lease too short for the next message). */
rod_status rod_notificatie_release(rod_db *db, const char *sender);

/* Rows neither sent nor given up (also those under a lease or waiting for
 * their retry). */
rod_status rod_notificatie_open(rod_db *db, long long *count);

#endif
