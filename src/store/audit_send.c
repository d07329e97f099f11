/* The audit row of a request that stores nothing else (read-only requests,
 * replays, faults), handed to MariaDB before the answer leaves without
 * waiting for its commit: the INSERT is sent with the non-blocking API on a
 * connection of the worker's own, and its reply is read before the next one
 * (or at shutdown). Once sent, the statement is in the server's socket
 * buffer: MariaDB executes and commits it even if the gateway dies the next
 * moment, so a kill -9 of the gateway loses no row of an answer that left
 * (tests/hardening/test_audit_kill9.py). Waiting for the commit instead cost
 * the overview about 40 % of its throughput (docs/design.md, Audit). */
#include "store/audit.h"

#include <errno.h>
#include <mysql.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/metrics.h"
#include "store/db_node.h"

#define NPARAMS 7

struct rod_audit_sender {
    const rod_config *cfg;
    MYSQL *conn;
    MYSQL_STMT *st;
    bool pending; /* an INSERT was sent and its reply is still unread */
    bool counted; /* the connection counts in rod_metrics_db_connections */
    int wait;     /* what the pending call waits for (MYSQL_WAIT_*) */
    MYSQL_BIND bind[NPARAMS];
    unsigned long len[NPARAMS];
    my_bool null[NPARAMS];
    char stamp[24];
    rod_audit_entry row; /* the bound buffers: alive while the INSERT is sent */
    long long http_status;
    double duur_ms;
};

static const char SQL_INSERT[] =
    "INSERT INTO audit (tijdstip, oin, operatie, message_id, resultaat, http_status, duur_ms) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)";

static void disconnect(rod_audit_sender *s)
{
    if (s->st)
        mysql_stmt_close(s->st);
    if (s->conn)
        mysql_close(s->conn);
    s->st = NULL;
    s->conn = NULL;
    s->pending = false;
    if (s->counted)
        rod_metrics_db_connection(-1);
    s->counted = false;
}

/* the non-blocking calls need it before the connection is made; the
 * blocking calls (connect, prepare) go on working as before */
static void set_nonblocking(MYSQL *conn)
{
    mysql_options(conn, MYSQL_OPT_NONBLOCK, 0);
}

static bool connect_and_prepare(rod_audit_sender *s)
{
    s->conn = rod_db_node_connect(s->cfg, set_nonblocking, NULL);
    if (!s->conn || mysql_query(s->conn, "SET time_zone = '+00:00'") != 0) {
        disconnect(s);
        return false;
    }
    mysql_query(s->conn, "SET SESSION query_cache_type = OFF"); /* best effort, as store/db.c */
    s->st = mysql_stmt_init(s->conn);
    if (!s->st || mysql_stmt_prepare(s->st, SQL_INSERT, sizeof SQL_INSERT - 1) != 0) {
        disconnect(s);
        return false;
    }
    s->counted = true;
    rod_metrics_db_connection(+1);
    return true;
}

rod_audit_sender *rod_audit_sender_new(const rod_config *cfg)
{
    rod_audit_sender *s = calloc(1, sizeof *s);
    if (s)
        s->cfg = cfg;
    return s;
}

/* Waits once for what the pending call asks (MYSQL_WAIT_*) and continues
 * it; its result in *ret when it has finished (s->wait 0). false when the
 * wait itself fails. */
static bool step(rod_audit_sender *s, int *ret)
{
    struct pollfd pfd = {.fd = mysql_get_socket(s->conn), .events = 0};
    if (s->wait & MYSQL_WAIT_READ)
        pfd.events |= POLLIN;
    if (s->wait & MYSQL_WAIT_WRITE)
        pfd.events |= POLLOUT;
    if (s->wait & MYSQL_WAIT_EXCEPT)
        pfd.events |= POLLPRI;
    int ms = s->wait & MYSQL_WAIT_TIMEOUT ? (int)mysql_get_timeout_value(s->conn) * 1000 : 30000;
    int n;
    do
        n = poll(&pfd, 1, ms);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return false;
    int happened = n == 0 ? MYSQL_WAIT_TIMEOUT : 0;
    if (pfd.revents & (POLLIN | POLLHUP | POLLERR))
        happened |= MYSQL_WAIT_READ;
    if (pfd.revents & POLLOUT)
        happened |= MYSQL_WAIT_WRITE;
    if (pfd.revents & POLLPRI)
        happened |= MYSQL_WAIT_EXCEPT;
    s->wait = mysql_stmt_execute_cont(ret, s->st, happened);
    return true;
}

static bool run_to_end(rod_audit_sender *s, int *ret)
{
    while (s->wait)
        if (!step(s, ret))
            return false;
    return true;
}

/* Reads the reply of the INSERT sent last; a failure is logged (that row's
 * answer has left: nothing else can be done) and the connection dropped. */
static void finish_pending(rod_audit_sender *s)
{
    if (!s->pending)
        return;
    int ret = 0;
    bool ok = run_to_end(s, &ret) && ret == 0;
    s->pending = false;
    if (!ok) {
        rod_log_info("audit: row of request %s not stored (database error %u)", s->row.message_id,
                     s->st ? mysql_stmt_errno(s->st) : 0);
        disconnect(s);
    }
}

static void bind_str(rod_audit_sender *s, int i, char *v)
{
    MYSQL_BIND *b = &s->bind[i];
    b->buffer_type = MYSQL_TYPE_STRING;
    b->buffer = v;
    s->len[i] = v ? strlen(v) : 0;
    s->null[i] = !v || !*v;
    b->length = &s->len[i];
    b->is_null = &s->null[i];
}

static void bind_row(rod_audit_sender *s, const rod_audit_entry *e)
{
    memset(s->bind, 0, sizeof s->bind);
    s->row = *e;
    rod_audit_time(&s->row, s->stamp);
    bind_str(s, 0, s->stamp);
    bind_str(s, 1, s->row.oin);
    bind_str(s, 2, s->row.operatie);
    bind_str(s, 3, s->row.message_id);
    bind_str(s, 4, s->row.resultaat);
    s->null[4] = false; /* "" is the result of a request without error */
    s->http_status = e->http_status;
    s->bind[5].buffer_type = MYSQL_TYPE_LONGLONG;
    s->bind[5].buffer = &s->http_status;
    s->duur_ms = e->duur_ms;
    s->bind[6].buffer_type = MYSQL_TYPE_DOUBLE;
    s->bind[6].buffer = &s->duur_ms;
}

rod_status rod_audit_send(rod_audit_sender *s, const rod_audit_entry *e)
{
    finish_pending(s);
    for (int attempt = 0; attempt < 2; attempt++) {
        if (!s->conn && !connect_and_prepare(s))
            return ROD_UNAVAILABLE;
        bind_row(s, e);
        int ret = 0;
        if (mysql_stmt_bind_param(s->st, s->bind) != 0) {
            disconnect(s);
            continue;
        }
        s->wait = mysql_stmt_execute_start(&ret, s->st);
        /* until the whole packet is written; then only the reply is awaited */
        while (s->wait && !(s->wait & MYSQL_WAIT_READ))
            if (!step(s, &ret))
                break;
        if (s->wait & MYSQL_WAIT_READ) {
            s->pending = true;
            return ROD_OK;
        }
        if (!s->wait && ret == 0)
            return ROD_OK;
        /* failed at once: typically a connection the server closed while
         * idle (wait_timeout); one fresh connection, then give up */
        disconnect(s);
    }
    return ROD_UNAVAILABLE;
}

void rod_audit_sender_free(rod_audit_sender *s)
{
    if (!s)
        return;
    finish_pending(s);
    disconnect(s);
    free(s);
}
