/* The audit row of a request that stores nothing else (read-only requests,
 * replays, faults), handed to MariaDB before the answer leaves without
 * waiting for its commit. One sender thread per process, with one
 * connection, collects the rows of all workers: it sends the rows queued
 * meanwhile as one INSERT (array binding, STMT_ATTR_ARRAY_SIZE: one
 * statement and one commit for the group) with the non-blocking API, and
 * releases their workers once that statement is written to the server's
 * socket; then it reads the reply, during which the next group queues up.
 * Once sent, the statement is in the server's socket buffer: MariaDB
 * executes and commits it even if the gateway dies the next moment, so a
 * kill -9 of the gateway loses no row of an answer that left
 * (tests/hardening/test_audit_kill9.py). Waiting for the commit instead cost
 * the overview about 40 % of its throughput, and one autocommit INSERT per
 * request was most of MariaDB's work for an overview (docs/design.md,
 * Audit; docs/performance.md). */
#include "store/audit.h"

#include <errno.h>
#include <mysql.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/metrics.h"
#include "store/db.h"
#include "store/db_node.h"

#define NPARAMS 7
/* rows of one INSERT at most; more wait for the next one */
#define GROUP_MAX 64

/* a worker's row while it waits for the hand-over */
typedef struct pending {
    rod_audit_entry row;
    rod_status status;
    bool done;
    struct pending *next;
} pending;

/* the bound arrays of one group (alive until its reply is read) */
typedef struct {
    unsigned int n;
    char stamp[GROUP_MAX][24];
    char oin[GROUP_MAX][21];
    char operatie[GROUP_MAX][41];
    char message_id[GROUP_MAX][256];
    char resultaat[GROUP_MAX][13];
    char *val[5][GROUP_MAX];
    char ind[5][GROUP_MAX];
    long long http_status[GROUP_MAX];
    double duur_ms[GROUP_MAX];
    MYSQL_BIND bind[NPARAMS];
} group;

typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t queued; /* a row was queued, or stop */
    pthread_cond_t sent;   /* rows were handed over (or given up) */
    pending *head, *tail;
    int users;
    bool stop, running;
    pthread_t thread;
    const rod_config *cfg;
    /* the sender thread's own */
    MYSQL *conn;
    MYSQL_STMT *st;
    bool pending_reply; /* a group was sent and its reply is still unread */
    bool counted;       /* the connection counts in rod_metrics_db_connections */
    int wait;           /* what the pending call waits for (MYSQL_WAIT_*) */
    group g;
} sender;

static sender S = {
    .mu = PTHREAD_MUTEX_INITIALIZER, .queued = PTHREAD_COND_INITIALIZER, .sent = PTHREAD_COND_INITIALIZER};

/* each worker's handle; the rows all go through S */
struct rod_audit_sender {
    int unused;
};

static const char SQL_INSERT[] =
    "INSERT INTO audit (tijdstip, oin, operatie, message_id, resultaat, http_status, duur_ms) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)";

static void disconnect(sender *s)
{
    if (s->st)
        mysql_stmt_close(s->st);
    if (s->conn)
        mysql_close(s->conn);
    s->st = NULL;
    s->conn = NULL;
    s->pending_reply = false;
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

static bool connect_and_prepare(sender *s)
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

/* Waits once for what the pending call asks (MYSQL_WAIT_*) and continues
 * it; its result in *ret when it has finished (s->wait 0). false when the
 * wait itself fails. */
static bool step(sender *s, int *ret)
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

static bool run_to_end(sender *s, int *ret)
{
    while (s->wait)
        if (!step(s, ret))
            return false;
    return true;
}

/* Reads the reply of the group sent last; a failure is logged per row
 * (their answers have left: nothing else can be done) and the connection
 * dropped. */
static void finish_pending(sender *s)
{
    if (!s->pending_reply)
        return;
    int ret = 0;
    bool ok = run_to_end(s, &ret) && ret == 0;
    s->pending_reply = false;
    if (!ok) {
        unsigned int err = s->st ? mysql_stmt_errno(s->st) : 0;
        for (unsigned int i = 0; i < s->g.n; i++)
            rod_log_info("audit: row of request %s not stored (database error %u)", s->g.message_id[i], err);
        disconnect(s);
    }
}

static void bind_col(group *g, int col, MYSQL_BIND *b)
{
    memset(b, 0, sizeof *b);
    b->buffer_type = MYSQL_TYPE_STRING;
    b->buffer = g->val[col];
    b->u.indicator = g->ind[col];
}

static void put_str(group *g, int col, unsigned int k, char *v, bool empty_is_null)
{
    g->val[col][k] = v;
    g->ind[col][k] = empty_is_null && !*v ? STMT_INDICATOR_NULL : STMT_INDICATOR_NTS;
}

/* copies the rows into the group's arrays and binds them */
static void fill_group(group *g, pending **rows, unsigned int n)
{
    g->n = n;
    for (unsigned int k = 0; k < n; k++) {
        const rod_audit_entry *e = &rows[k]->row;
        rod_audit_time(e, g->stamp[k]);
        rod_copy(g->oin[k], sizeof g->oin[k], e->oin);
        rod_copy(g->operatie[k], sizeof g->operatie[k], e->operatie);
        rod_copy(g->message_id[k], sizeof g->message_id[k], e->message_id);
        rod_copy(g->resultaat[k], sizeof g->resultaat[k], e->resultaat);
        put_str(g, 0, k, g->stamp[k], true);
        put_str(g, 1, k, g->oin[k], true);
        put_str(g, 2, k, g->operatie[k], true);
        put_str(g, 3, k, g->message_id[k], true);
        put_str(g, 4, k, g->resultaat[k], false); /* "" is the result of a request without error */
        g->http_status[k] = e->http_status;
        g->duur_ms[k] = e->duur_ms;
    }
    for (int c = 0; c < 5; c++)
        bind_col(g, c, &g->bind[c]);
    memset(&g->bind[5], 0, 2 * sizeof g->bind[5]);
    g->bind[5].buffer_type = MYSQL_TYPE_LONGLONG;
    g->bind[5].buffer = g->http_status;
    g->bind[6].buffer_type = MYSQL_TYPE_DOUBLE;
    g->bind[6].buffer = g->duur_ms;
}

/* Sends the group's INSERT; ROD_OK once it is written to the server's
 * socket (its reply then pending), ROD_UNAVAILABLE when it could not be
 * handed over. */
static rod_status send_group(sender *s)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        if (!s->conn && !connect_and_prepare(s))
            return ROD_UNAVAILABLE;
        unsigned int n = s->g.n;
        int ret = 0;
        if (mysql_stmt_attr_set(s->st, STMT_ATTR_ARRAY_SIZE, &n) != 0 ||
            mysql_stmt_bind_param(s->st, s->g.bind) != 0) {
            disconnect(s);
            continue;
        }
        s->wait = mysql_stmt_execute_start(&ret, s->st);
        /* until the whole packet is written; then only the reply is awaited */
        while (s->wait && !(s->wait & MYSQL_WAIT_READ))
            if (!step(s, &ret))
                break;
        if (s->wait & MYSQL_WAIT_READ) {
            s->pending_reply = true;
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

static void *sender_main(void *arg)
{
    sender *s = arg;
    pending *rows[GROUP_MAX];
    mysql_thread_init();
    pthread_mutex_lock(&s->mu);
    for (;;) {
        while (!s->head && !s->stop)
            pthread_cond_wait(&s->queued, &s->mu);
        if (!s->head)
            break; /* stop, and nothing left to send */
        unsigned int n = 0;
        while (s->head && n < GROUP_MAX) {
            rows[n++] = s->head;
            s->head = s->head->next;
        }
        if (!s->head)
            s->tail = NULL;
        pthread_mutex_unlock(&s->mu);
        fill_group(&s->g, rows, n);
        rod_status st = send_group(s);
        pthread_mutex_lock(&s->mu);
        for (unsigned int k = 0; k < n; k++) {
            rows[k]->status = st;
            rows[k]->done = true;
        }
        pthread_cond_broadcast(&s->sent);
        pthread_mutex_unlock(&s->mu);
        /* the workers are on their way; meanwhile the next group queues */
        finish_pending(s);
        pthread_mutex_lock(&s->mu);
    }
    pthread_mutex_unlock(&s->mu);
    finish_pending(s);
    disconnect(s);
    mysql_thread_end();
    return NULL;
}

rod_audit_sender *rod_audit_sender_new(const rod_config *cfg)
{
    rod_audit_sender *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    pthread_mutex_lock(&S.mu);
    bool ok = true;
    if (!S.running) {
        S.cfg = cfg;
        S.stop = false;
        ok = pthread_create(&S.thread, NULL, sender_main, &S) == 0;
        S.running = ok;
    }
    if (ok)
        S.users++;
    pthread_mutex_unlock(&S.mu);
    if (!ok) {
        free(h);
        return NULL;
    }
    return h;
}

rod_status rod_audit_send(rod_audit_sender *h, const rod_audit_entry *e)
{
    (void)h;
    pending p = {.row = *e, .status = ROD_UNAVAILABLE, .done = false, .next = NULL};
    pthread_mutex_lock(&S.mu);
    if (S.tail)
        S.tail->next = &p;
    else
        S.head = &p;
    S.tail = &p;
    pthread_cond_signal(&S.queued);
    while (!p.done)
        pthread_cond_wait(&S.sent, &S.mu);
    pthread_mutex_unlock(&S.mu);
    return p.status;
}

/* The last handle stops the sender thread after it has sent what is queued
 * and read the last reply. */
void rod_audit_sender_free(rod_audit_sender *h)
{
    if (!h)
        return;
    free(h);
    pthread_mutex_lock(&S.mu);
    bool last = --S.users == 0 && S.running;
    if (last) {
        S.stop = true;
        pthread_cond_signal(&S.queued);
    }
    pthread_mutex_unlock(&S.mu);
    if (last) {
        pthread_join(S.thread, NULL);
        pthread_mutex_lock(&S.mu);
        S.running = false;
        pthread_mutex_unlock(&S.mu);
    }
}
