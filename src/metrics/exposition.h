/* The Prometheus text format (version 0.0.4) of everything the gateway
 * counts: requests, latency, refusals (TLS handshake failures among them),
 * the worker pool, database connections, the outbox, the scheduled jobs,
 * the certificates' validity and, when clustered, the Galera node. */
#ifndef ROD_METRICS_EXPOSITION_H
#define ROD_METRICS_EXPOSITION_H

#include "core/buf.h"
#include "store/db.h"

/* Appends the whole exposition to out. The database figures are left out
 * (and rodgate_db_up is 0) when db cannot answer. */
void rod_metrics_render(rod_db *db, rod_buf *out);

#endif
