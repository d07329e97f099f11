/* The audit trail: one record per request that reached the application
 * layer (time, OIN, operation, MessageID, result code, HTTP status,
 * duration), never personal data. Workers hand records to a queue; one
 * writer thread stores them in batches and purges old rows, so a request
 * pays no extra commit. */
#ifndef ROD_CORE_AUDIT_H
#define ROD_CORE_AUDIT_H

#include "config/config.h"

typedef struct {
    long long epoch_ms; /* wall clock, UTC */
    char oin[21];
    char operatie[41];
    char message_id[256];
    char resultaat[13];
    int http_status;
    double duur_ms;
} rod_audit_entry;

/* Starts the writer thread. Returns 0 or -1. */
int rod_audit_start(const rod_config *cfg);
/* Flushes what is queued and stops the writer. */
void rod_audit_stop(void);

/* Queues one record (copies it). Never blocks on the database; when the
 * queue is full (database down for long) the record is counted as lost and
 * the loss is logged. */
void rod_audit_record(const rod_audit_entry *e);

#endif
