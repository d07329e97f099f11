/* Which database server a new connection goes to: db_nodes in their order
 * (a Galera cluster), or db_socket alone. Internal to store/. */
#ifndef ROD_STORE_DB_NODE_H
#define ROD_STORE_DB_NODE_H

#include <stdbool.h>

#include "config/config.h"
#include "store/db_mysql.h"

/* Sets a fresh handle's options of the caller's own before it connects
 * (the non-blocking mode); the timeouts and the charset every connection
 * has are set by rod_db_node_connect. */
typedef void (*rod_db_options_fn)(MYSQL *conn);

/* A connection to the first node, in the configured order, that accepts
 * it and, when it is a Galera node, is ready for writes: in the primary
 * component and synced (wsrep_ready ON, wsrep_local_state 4). Every gateway
 * tries the nodes in the same order, so all of them write to one node at a
 * time (docs/deployment.md says why) and move on together when it fails.
 * On a Galera node the session waits for causality before each read
 * (wsrep_sync_wait = 1), so a read sees every write acknowledged before it
 * from any node. *clustered (may be NULL) tells a Galera node. NULL when no
 * node is usable. */
/* options may be NULL. */
MYSQL *rod_db_node_connect(const rod_config *cfg, rod_db_options_fn options, bool *clustered);

/* The server's error for "this node is not (yet) part of the primary
 * component": the connection is useless, connect again elsewhere. */
#define ROD_ER_WSREP_NOT_READY 1047u

#endif
