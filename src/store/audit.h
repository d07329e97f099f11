/* The audit trail (table audit, sql/schema-audit.sql): one row per request
 * that reached the application layer (time, OIN, operation, MessageID,
 * result code, HTTP status, duration), never personal data. A row is
 * committed before its answer leaves the gateway: inside the request's own
 * transaction for a stored mutating request (rod_idem_finish), by
 * rod_audit_write otherwise. A purger thread removes rows past their
 * retention. */
#ifndef ROD_STORE_AUDIT_H
#define ROD_STORE_AUDIT_H

#include "config/config.h"
#include "core/status.h"
#include "store/db.h"

typedef struct {
    long long epoch_ms; /* wall clock, UTC */
    char oin[21];
    char operatie[41];
    char message_id[256]; /* printable ASCII only */
    char resultaat[13];
    int http_status;
    double duur_ms;
} rod_audit_entry;

/* The entry's time as DATETIME(3) text, "YYYY-MM-DD HH:MM:SS.mmm". */
void rod_audit_time(const rod_audit_entry *e, char out[24]);

/* Inserts the row in autocommit: it is durable when this returns ROD_OK. */
rod_status rod_audit_write(rod_db *db, const rod_audit_entry *e);

/* Deletes rows older than `days` days, in bounded batches. */
rod_status rod_audit_purge(rod_db *db, long days);

/* The purger thread: purges at start, then every hour, on a connection of
 * its own. Start returns 0, or -1 when the thread cannot be created. */
int rod_audit_purger_start(const rod_config *cfg);
void rod_audit_purger_stop(void);

#endif
