/* Readiness: whether the gateway can serve the contract now. */
#ifndef ROD_METRICS_READY_H
#define ROD_METRICS_READY_H

#include <stdbool.h>
#include <stddef.h>

#include "store/db.h"

/* True when the database answers, its schema (tables and stored
 * procedures) is complete, and the TLS context holds certificates and a
 * CRL none of which is past its end. Otherwise false with the first reason
 * in reason[cap], for the 503 answer. */
bool rod_metrics_ready(rod_db *db, char *reason, size_t cap);

#endif
