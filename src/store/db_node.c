/* The choice of database node for a new connection (store/db_node.h). */
#include "store/db_node.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"

/* Whether the server is a Galera node (wsrep_on; a server built without
 * Galera has no such variable, one built with it but stand-alone says 0). */
static bool galera_on(MYSQL *conn)
{
    if (mysql_query(conn, "SELECT @@global.wsrep_on") != 0)
        return false; /* no such variable: not Galera */
    MYSQL_RES *res = mysql_store_result(conn);
    if (!res)
        return false;
    MYSQL_ROW row = mysql_fetch_row(res);
    bool on = row && row[0] && strcmp(row[0], "1") == 0;
    mysql_free_result(res);
    return on;
}

/* A Galera node's readiness: in the primary component and synced; a
 * server without Galera is always ready. */
static bool node_ready(MYSQL *conn, bool *clustered)
{
    *clustered = galera_on(conn);
    if (!*clustered)
        return true;
    static const char status[] =
        "SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_ready', 'wsrep_local_state')";
    if (mysql_query(conn, status) != 0)
        return false;
    MYSQL_RES *res = mysql_store_result(conn);
    if (!res)
        return false;
    bool ready = false, synced = false;
    MYSQL_ROW row;
    while ((row = mysql_fetch_row(res)) != NULL) {
        if (!row[0] || !row[1])
            continue;
        if (strcmp(row[0], "wsrep_ready") == 0)
            ready = strcmp(row[1], "ON") == 0;
        else
            synced = strcmp(row[1], "4") == 0; /* Synced; 2 is a donor, 1 joining */
    }
    mysql_free_result(res);
    /* the session also waits for causality before reads */
    return ready && synced && mysql_query(conn, "SET SESSION wsrep_sync_wait = 1") == 0;
}

/* Connects to one node: "host:port" over TCP, anything else a Unix socket. */
static MYSQL *connect_node(const rod_config *cfg, const char *node, rod_db_options_fn options)
{
    MYSQL *conn = mysql_init(NULL);
    if (!conn)
        return NULL;
    /* every connection: connect within 5 s, each read or write within
     * db_timeout (a node that stops answering, SIGSTOP or a partition,
     * costs a request that long, then the next connection goes to a node
     * that answers), utf8mb4 */
    unsigned int timeout = 5, rw_timeout = (unsigned int)cfg->db_timeout;
    mysql_optionsv(conn, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
    mysql_optionsv(conn, MYSQL_OPT_READ_TIMEOUT, &rw_timeout);
    mysql_optionsv(conn, MYSQL_OPT_WRITE_TIMEOUT, &rw_timeout);
    mysql_optionsv(conn, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    if (options)
        options(conn);
    char host[256];
    const char *colon = strrchr(node, ':');
    bool tcp = colon && !strchr(node, '/') && (size_t)(colon - node) < sizeof host;
    unsigned int port = 0;
    if (tcp) {
        memcpy(host, node, (size_t)(colon - node));
        host[colon - node] = '\0';
        port = (unsigned int)strtoul(colon + 1, NULL, 10);
    }
    if (!mysql_real_connect(conn, tcp ? host : NULL, cfg->db_user, cfg->db_password, cfg->db_name, port,
                            tcp ? NULL : node, 0)) {
        mysql_close(conn);
        return NULL;
    }
    return conn;
}

/* The node new connections went to last, so that a move to another is
 * logged once per process, not once per connection. */
static _Atomic int current_node = -1;

static void note_node(int index, const char *node)
{
    if (atomic_exchange(&current_node, index) != index)
        rod_log_info("db: connections go to node %d (%s)", index + 1, node);
}

MYSQL *rod_db_node_connect(const rod_config *cfg, rod_db_options_fn options, bool *clustered)
{
    bool galera = false;
    if (!cfg->db_nodes[0]) {
        MYSQL *conn = connect_node(cfg, cfg->db_socket, options);
        if (conn && !node_ready(conn, &galera)) {
            mysql_close(conn);
            conn = NULL;
        }
        if (clustered)
            *clustered = galera;
        return conn;
    }
    char list[sizeof cfg->db_nodes];
    snprintf(list, sizeof list, "%s", cfg->db_nodes);
    char *save = NULL;
    int index = 0;
    for (char *node = strtok_r(list, ",", &save); node; node = strtok_r(NULL, ",", &save), index++) {
        while (*node == ' ')
            node++;
        MYSQL *conn = connect_node(cfg, node, options);
        if (!conn)
            continue;
        if (node_ready(conn, &galera)) {
            note_node(index, node);
            if (clustered)
                *clustered = galera;
            return conn;
        }
        mysql_close(conn);
    }
    return NULL;
}
