/* The audit trail (table audit, sql/schema-audit.sql): one row per request
 * that reached the application layer (time, OIN, operation, MessageID,
 * result code, HTTP status, duration), never personal data. A row is
 * in MariaDB's hands before its answer leaves the gateway: inside the
 * request's own transaction for a stored mutating request (rod_idem_finish),
 * sent by the process's audit sender thread otherwise (several rows per
 * INSERT). The retention job `audit`
 * (store/retention.h) removes rows past their retention. */
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

/* A worker's handle on the process's audit sender (store/audit_send.c):
 * one thread and one connection for the audit rows of the requests that
 * store nothing else, started with the first handle, stopped with the last. */
typedef struct rod_audit_sender rod_audit_sender;
rod_audit_sender *rod_audit_sender_new(const rod_config *cfg);
/* The last handle's free sends what is queued, reads the last reply and
 * closes the connection. NULL is fine. */
void rod_audit_sender_free(rod_audit_sender *s);
/* Queues the row and returns once the sender has written the INSERT
 * (autocommit) holding it to the server's socket, without waiting for its
 * commit: MariaDB commits it even if this process dies now. The reply is
 * read by the sender; a failure there is logged per row. ROD_OK, or
 * ROD_UNAVAILABLE when the row could not be handed over. */
rod_status rod_audit_send(rod_audit_sender *s, const rod_audit_entry *e);

/* Deletes rows from before the start of `today` ("YYYY-MM-DD", UTC) minus
 * `days` days, in bounded batches; adds their number to *removed. */
rod_status rod_audit_purge(rod_db *db, const char *today, long days, unsigned long long *removed);

#endif
