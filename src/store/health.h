/* What the metrics listener asks the database: whether the schema is
 * complete, the outbox backlog, and the Galera node state when clustered.
 * Read-only questions on a connection of the listener's own. */
#ifndef ROD_STORE_HEALTH_H
#define ROD_STORE_HEALTH_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"
#include "store/db.h"

/* The tables and stored procedures the gateway uses that the database
 * lacks, as a comma list in missing[cap] ("" when complete). */
rod_status rod_health_schema(rod_db *db, char *missing, size_t cap);

/* Unsent notifications of one soort: how many and the age in seconds of
 * the oldest (by aangemaakt). */
typedef struct {
    char soort[24];
    long long unsent;
    long long oldest_age_s;
} rod_outbox_soort;
#define ROD_OUTBOX_SOORTEN 8
/* Fills out[ROD_OUTBOX_SOORTEN] with the soorten that have unsent rows;
 * *n is their number. */
rod_status rod_health_outbox(rod_db *db, rod_outbox_soort *out, int *n);

/* The Galera node state, when the server is a wsrep node with a provider
 * (clustered false otherwise, and the rest unset). */
typedef struct {
    bool clustered;
    bool ready, connected;
    long long cluster_size;
    long long local_state; /* 4 = Synced */
    bool primary;          /* wsrep_cluster_status = Primary */
    double flow_control_paused;
    long long local_recv_queue;
} rod_galera_state;
rod_status rod_health_galera(rod_db *db, rod_galera_state *g);

#endif
