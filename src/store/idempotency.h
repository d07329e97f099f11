/* Idempotency of mutating requests (spec 1 and 8.3): one row per
 * organisation and wsa:MessageID with the Body's SHA-256 and the response. */
#ifndef ROD_STORE_IDEMPOTENCY_H
#define ROD_STORE_IDEMPOTENCY_H

#include <stddef.h>

#include "store/audit.h"
#include "store/bericht.h"
#include "store/db.h"
#include "store/melding.h"

/* Starts the request's transaction and claims the MessageID in it. ROD_DB_OK
 * when this request is the first; ROD_DB_DUP when it was processed before
 * (or is being processed: the insert waits for that transaction to end).
 * After anything but ROD_DB_OK the caller rolls back. */
rod_dbrc rod_idem_begin(rod_db *db, long long org_id, const char *message_id, const unsigned char sha[32],
                        const char *operation);

/* Outside a transaction: the stored hash and response of a processed
 * MessageID. *response is malloc'ed. *found false if none (the first
 * request rolled back in the meantime). */
rod_status rod_idem_fetch(rod_db *db, long long org_id, const char *message_id, unsigned char sha[32],
                          char **response, size_t *len, char content_type[101], bool *found);

/* Stores the response sent for the claimed id, the request's audit row
 * (HTTP status 200), its row in the overview of sent messages
 * (store/bericht.h) and the melding write the handler held back (melding:
 * NULL or kind NONE for none; store/melding.h), and commits the
 * transaction, in one round trip. After a failure the caller rolls back. */
rod_status rod_idem_finish(rod_db *db, long long org_id, const char *message_id, const char *content_type,
                           const char *response, size_t len, const rod_audit_entry *audit,
                           const rod_bericht_meta *bericht, const rod_vz_deferred *melding);

/* Entries older than idempotency_days are removed by the retention job
 * `idempotentie` (store/retention.h); a replay after that is processed as
 * new. */

#endif
