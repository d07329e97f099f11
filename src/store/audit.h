/* Storage of audit records (table audit, sql/schema-audit.sql). */
#ifndef ROD_STORE_AUDIT_H
#define ROD_STORE_AUDIT_H

#include <stddef.h>

#include "config/config.h"
#include "core/audit.h"

typedef struct rod_audit_store rod_audit_store;

rod_audit_store *rod_audit_store_new(const rod_config *cfg);
void rod_audit_store_free(rod_audit_store *s);
/* Inserts n records in one statement and commits. 0 or -1. */
int rod_audit_store_insert(rod_audit_store *s, const rod_audit_entry *e, size_t n);
/* Deletes records older than `days` days. 0 or -1. */
int rod_audit_store_purge(rod_audit_store *s, long days);

#endif
