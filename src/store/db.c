/* Connection, statement cache, transactions and error mapping. */
#include "store/db_mysql.h"
#include "store/db_node.h"

#include <errmsg.h>
#include <mysqld_error.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/metrics.h"

#define STMT_CACHE 96

/* rod_params and rod_row keep their MYSQL_BINDs in opaque storage, so that
 * store/db.h need not include mysql.h: n binds, contiguous, in the room of n
 * rod_bind_space. */
_Static_assert(sizeof(MYSQL_BIND) <= sizeof(rod_bind_space), "ROD_DB_BIND_BYTES too small for MYSQL_BIND");
_Static_assert(_Alignof(MYSQL_BIND) <= _Alignof(rod_bind_space), "rod_bind_space under-aligned");
_Static_assert(sizeof(my_bool) == sizeof(char), "my_bool is not a char");

static MYSQL_BIND *param_binds(rod_params *p)
{
    return (MYSQL_BIND *)(void *)p->bind;
}

static MYSQL_BIND *row_binds(rod_row *r)
{
    return (MYSQL_BIND *)(void *)r->bind;
}

void rod_db_thread_begin(void)
{
    mysql_thread_init();
}

void rod_db_thread_end(void)
{
    mysql_thread_end();
}

struct rod_db {
    const rod_config *cfg;
    MYSQL *conn;
    bool connected;
    bool query_cache; /* this session may use the query cache */
    rod_status last;
    unsigned int last_errno;
    struct {
        const char *sql;
        MYSQL_STMT *st;
        unsigned long long used; /* tick of the last use, for eviction */
    } cache[STMT_CACHE];
    int ncache;
    unsigned long long tick;
    double used_ms; /* monotonic time of the last use, for the idle check */
};

rod_db *rod_db_new(const rod_config *cfg)
{
    rod_db *db = calloc(1, sizeof *db);
    if (db)
        db->cfg = cfg;
    return db;
}

rod_db *rod_db_new_cached(const rod_config *cfg)
{
    rod_db *db = rod_db_new(cfg);
    if (db)
        db->query_cache = true;
    return db;
}

static void drop_connection(rod_db *db)
{
    for (int i = 0; i < db->ncache; i++)
        mysql_stmt_close(db->cache[i].st);
    db->ncache = 0;
    if (db->conn)
        mysql_close(db->conn);
    db->conn = NULL;
    if (db->connected)
        rod_metrics_db_connection(-1);
    db->connected = false;
}

void rod_db_free(rod_db *db)
{
    if (!db)
        return;
    drop_connection(db);
    free(db);
}

static bool connection_error(unsigned int e)
{
    return e == CR_SERVER_GONE_ERROR || e == CR_SERVER_LOST || e == CR_CONNECTION_ERROR ||
           e == CR_CONN_HOST_ERROR || e == CR_SERVER_LOST_EXTENDED || e == ER_CONNECTION_KILLED ||
           e == ER_SERVER_SHUTDOWN || e == CR_COMMANDS_OUT_OF_SYNC ||
           e == 4031 /* ER_CLIENT_INTERACTION_TIMEOUT */ || e == ER_QUERY_INTERRUPTED ||
           e == ROD_ER_WSREP_NOT_READY /* a Galera node out of the primary component */;
}

/* Records a failure: lost connections and lock conflicts are temporary
 * (ROD-9001, the client retries); anything else is an internal error. */
static rod_dbrc failed(rod_db *db, unsigned int e, const char *what)
{
    db->last_errno = e;
    if (e == ER_DUP_ENTRY)
        return ROD_DB_DUP;
    if (connection_error(e) || e == ER_LOCK_DEADLOCK || e == ER_LOCK_WAIT_TIMEOUT || e == 0) {
        db->last = ROD_UNAVAILABLE;
        /* which temporary failure it was (a deadlock is retried and common
         * enough under load not to be worth a line) */
        if (e != ER_LOCK_DEADLOCK)
            rod_log_info("db: %.60s failed: error %u (temporary)", what, e);
        if (connection_error(e) || e == 0)
            drop_connection(db);
    } else {
        db->last = ROD_INTERNAL;
        rod_log_info("db: %s failed: error %u", what, e);
    }
    return ROD_DB_ERR;
}

rod_status rod_db_status(const rod_db *db)
{
    return db->last;
}

bool rod_db_deadlocked(const rod_db *db)
{
    return db->last == ROD_UNAVAILABLE && db->last_errno == ER_LOCK_DEADLOCK;
}

bool rod_db_lost(const rod_db *db)
{
    return db->last == ROD_UNAVAILABLE && !db->connected && db->last_errno != ER_LOCK_DEADLOCK &&
           db->last_errno != ER_LOCK_WAIT_TIMEOUT;
}

/* A connection idle this long is pinged before its next use: its server
 * may have restarted, or its Galera node died or left the primary
 * component, meanwhile; then the request gets a fresh connection to a
 * usable node instead of ROD-9001. Under load connections are never idle,
 * so this costs nothing there. */
#define IDLE_CHECK_MS 1000.0

/* Never inside a transaction (the server says so after each statement): a
 * fresh connection there would run the rest of it outside the transaction;
 * its next statement fails instead, and the whole request with it. */
static bool in_transaction(rod_db *db)
{
    unsigned int status = 0;
    return mariadb_get_infov(db->conn, MARIADB_CONNECTION_SERVER_STATUS, &status) != 0 ||
           (status & SERVER_STATUS_IN_TRANS) != 0;
}

bool rod_db_trx_vanished(rod_db *db)
{
    /* in_transaction also answers true when the status cannot be read:
     * then nothing is known to have vanished */
    if (!db->cfg->db_nodes[0] || !db->connected || in_transaction(db))
        return false;
    rod_log_info(
        "db: the transaction was rolled back by the cluster (conflict with another node); run again");
    db->last = ROD_UNAVAILABLE;
    db->last_errno = ER_LOCK_DEADLOCK;
    return true;
}

rod_status rod_db_connect(rod_db *db)
{
    if (db->connected) {
        double now = rod_monotonic_ms();
        bool alive = now - db->used_ms < IDLE_CHECK_MS || in_transaction(db) || mysql_ping(db->conn) == 0;
        db->used_ms = now;
        if (alive)
            return ROD_OK;
    }
    drop_connection(db);
    db->conn = rod_db_node_connect(db->cfg, NULL, NULL);
    if (!db->conn)
        return db->last = ROD_UNAVAILABLE;
    /* Unicode collation for comparisons of literals; UTC for timestamps; a
     * lock conflict fails fast instead of holding a worker. */
    if (mysql_query(db->conn, "SET NAMES utf8mb4 COLLATE utf8mb4_uca1400_as_ci, time_zone = '+00:00', "
                              "innodb_lock_wait_timeout = 10") != 0) {
        drop_connection(db);
        return db->last = ROD_UNAVAILABLE;
    }
    /* Even in DEMAND mode every SELECT of a session with the query cache
     * on takes the cache's lock for a lookup (4-12 % of MeldenVerzuim's
     * MariaDB CPU here). Best effort: a server without a query cache may
     * refuse the setting, and then there is nothing to skip. */
    if (!db->query_cache && mysql_query(db->conn, "SET SESSION query_cache_type = OFF") != 0 &&
        connection_error(mysql_errno(db->conn))) {
        drop_connection(db);
        return db->last = ROD_UNAVAILABLE;
    }
    db->connected = true;
    db->used_ms = rod_monotonic_ms();
    rod_metrics_db_connection(+1);
    return ROD_OK;
}

static rod_dbrc simple(rod_db *db, const char *sql)
{
    if (rod_db_connect(db) != ROD_OK)
        return ROD_DB_ERR;
    if (mysql_query(db->conn, sql) != 0)
        return failed(db, mysql_errno(db->conn), sql);
    return ROD_DB_OK;
}

rod_status rod_db_begin(rod_db *db, bool read_only)
{
    return simple(db, read_only ? "START TRANSACTION READ ONLY" : "START TRANSACTION") == ROD_DB_OK
               ? ROD_OK
               : db->last;
}

void rod_db_rollback(rod_db *db)
{
    if (db->connected && mysql_query(db->conn, "ROLLBACK") != 0)
        failed(db, mysql_errno(db->conn), "ROLLBACK");
}

/* Every stored procedure that store/ calls (sql/schema-procedures.sql). */
static const char *const PROCEDURES[] = {
    "rod_bericht_begin", "rod_bericht_einde", "rod_melding_nieuw", "rod_melding_versie", "rod_melding_klok",
    /* version 1.1: KoppelenBsn */
    "rod_koppelen_samenvoegen",
    /* the request's end with its melding write */
    "rod_bericht_bewaren", "rod_bericht_einde_nieuw", "rod_bericht_einde_versie"};
#define NPROCEDURES (sizeof PROCEDURES / sizeof PROCEDURES[0])

static const char SQL_PROCEDURES[] = "SELECT ROUTINE_NAME FROM information_schema.ROUTINES "
                                     "WHERE ROUTINE_SCHEMA = DATABASE() AND ROUTINE_TYPE = 'PROCEDURE'";

rod_status rod_db_missing_names(rod_db *db, const char *sql, const char *const *names, size_t n,
                                char *missing, size_t cap)
{
    static __thread rod_row row;
    bool found[ROD_DB_MAX_NAMES] = {false};
    if (n > ROD_DB_MAX_NAMES)
        abort();
    missing[0] = '\0';
    MYSQL_STMT *st = rod_db_query(db, sql, NULL, &row);
    if (!st)
        return db->last;
    int r;
    while ((r = rod_db_next(db, st, &row)) == 1)
        for (size_t i = 0; i < n; i++)
            if (strcmp(row.val[0], names[i]) == 0)
                found[i] = true;
    rod_db_end(st);
    if (r < 0)
        return db->last;
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        if (!found[i] && len < cap) {
            int k = snprintf(missing + len, cap - len, "%s%s", len ? ", " : "", names[i]);
            len += k > 0 ? (size_t)k : 0;
        }
    return ROD_OK;
}

rod_status rod_db_missing_procedures(rod_db *db, char *missing, size_t cap)
{
    return rod_db_missing_names(db, SQL_PROCEDURES, PROCEDURES, NPROCEDURES, missing, cap);
}

int rod_db_first(rod_db *db, const char *sql, rod_params *p, rod_row *row)
{
    MYSQL_STMT *st = rod_db_query(db, sql, p, row);
    if (!st)
        return -1;
    int r = rod_db_next(db, st, row);
    rod_db_end(st);
    return r;
}

void rod_params_init(rod_params *p)
{
    p->n = 0;
    memset(p->bind, 0, sizeof p->bind);
}

static MYSQL_BIND *next_param(rod_params *p)
{
    if (p->n >= ROD_DB_MAX_PARAMS)
        abort(); /* a programming error: more placeholders than the limit */
    return &param_binds(p)[p->n++];
}

void rod_param_str(rod_params *p, const char *s)
{
    int i = p->n;
    MYSQL_BIND *b = next_param(p);
    if (!s) {
        b->buffer_type = MYSQL_TYPE_NULL;
        return;
    }
    b->buffer_type = MYSQL_TYPE_STRING;
    b->buffer = (void *)s;
    p->len[i] = strlen(s);
    b->buffer_length = p->len[i];
    b->length = &p->len[i];
}

void rod_param_bin(rod_params *p, const void *data, size_t len)
{
    int i = p->n;
    MYSQL_BIND *b = next_param(p);
    b->buffer_type = MYSQL_TYPE_BLOB;
    b->buffer = (void *)data;
    p->len[i] = len;
    b->buffer_length = len;
    b->length = &p->len[i];
}

void rod_param_int(rod_params *p, long long v)
{
    int i = p->n;
    MYSQL_BIND *b = next_param(p);
    p->ival[i] = v;
    b->buffer_type = MYSQL_TYPE_LONGLONG;
    b->buffer = &p->ival[i];
}

void rod_param_double(rod_params *p, double v)
{
    int i = p->n;
    MYSQL_BIND *b = next_param(p);
    p->dval[i] = v;
    b->buffer_type = MYSQL_TYPE_DOUBLE;
    b->buffer = &p->dval[i];
}

void rod_param_null(rod_params *p)
{
    next_param(p)->buffer_type = MYSQL_TYPE_NULL;
}

/* A free slot, or the least recently used statement's, closed first. Every
 * prepared statement lives in the cache: one that were not would stay open
 * on the server until the connection closes, one more per execute. The
 * evicted one is the oldest in use, so never a statement whose result the
 * caller is still reading while it runs a few others. */
static int cache_slot(rod_db *db)
{
    if (db->ncache < STMT_CACHE)
        return db->ncache++;
    int lru = 0;
    for (int i = 1; i < db->ncache; i++)
        if (db->cache[i].used < db->cache[lru].used)
            lru = i;
    mysql_stmt_close(db->cache[lru].st);
    return lru;
}

static MYSQL_STMT *stmt_for(rod_db *db, const char *sql)
{
    if (rod_db_connect(db) != ROD_OK)
        return NULL;
    db->tick++;
    for (int i = 0; i < db->ncache; i++)
        if (db->cache[i].sql == sql) {
            db->cache[i].used = db->tick;
            return db->cache[i].st;
        }
    MYSQL_STMT *st = mysql_stmt_init(db->conn);
    if (!st) {
        failed(db, mysql_errno(db->conn), "stmt_init");
        return NULL;
    }
    if (mysql_stmt_prepare(st, sql, (unsigned long)strlen(sql)) != 0) {
        unsigned int e = mysql_stmt_errno(st);
        mysql_stmt_close(st);
        failed(db, e, sql);
        return NULL;
    }
    int slot = cache_slot(db);
    db->cache[slot].sql = sql;
    db->cache[slot].st = st;
    db->cache[slot].used = db->tick;
    return st;
}

static MYSQL_STMT *execute(rod_db *db, const char *sql, rod_params *p, rod_dbrc *rc)
{
    *rc = ROD_DB_ERR;
    MYSQL_STMT *st = stmt_for(db, sql);
    if (!st)
        return NULL;
    unsigned int zero = 0;
    mysql_stmt_attr_set(st, STMT_ATTR_ARRAY_SIZE, &zero);
    if (p && p->n && mysql_stmt_bind_param(st, param_binds(p)) != 0) {
        *rc = failed(db, mysql_stmt_errno(st), sql);
        return NULL;
    }
    if (mysql_stmt_execute(st) != 0) {
        *rc = failed(db, mysql_stmt_errno(st), sql);
        return NULL;
    }
    *rc = ROD_DB_OK;
    return st;
}

MYSQL_STMT *rod_db_run(rod_db *db, const char *sql, rod_params *p)
{
    rod_dbrc rc;
    return execute(db, sql, p, &rc);
}

void rod_db_failed(rod_db *db, MYSQL_STMT *st)
{
    failed(db, mysql_stmt_errno(st), "fetch");
}

rod_dbrc rod_db_exec(rod_db *db, const char *sql, rod_params *p, unsigned long long *affected)
{
    rod_dbrc rc;
    MYSQL_STMT *st = execute(db, sql, p, &rc);
    if (st && affected)
        *affected = mysql_stmt_affected_rows(st);
    return rc;
}

MYSQL_STMT *rod_db_query(rod_db *db, const char *sql, rod_params *p, rod_row *row)
{
    rod_dbrc rc;
    MYSQL_STMT *st = execute(db, sql, p, &rc);
    if (!st)
        return NULL;
    row->ncols = (int)mysql_stmt_field_count(st);
    if (row->ncols > ROD_DB_MAX_COLS)
        abort();
    MYSQL_BIND *b = row_binds(row);
    memset(b, 0, sizeof(MYSQL_BIND) * (size_t)row->ncols);
    for (int i = 0; i < row->ncols; i++) {
        b[i].buffer_type = MYSQL_TYPE_STRING;
        b[i].buffer = row->val[i];
        b[i].buffer_length = ROD_DB_COL_SIZE - 1;
        b[i].length = &row->len[i];
        b[i].is_null = (my_bool *)&row->null[i];
        b[i].error = (my_bool *)&row->error[i];
    }
    if (!rod_db_store(db, st, b, sql)) {
        mysql_stmt_free_result(st);
        return NULL;
    }
    return st;
}

bool rod_db_store(rod_db *db, MYSQL_STMT *st, MYSQL_BIND *bind, const char *what)
{
    if (mysql_stmt_bind_result(st, bind) != 0 || mysql_stmt_store_result(st) != 0) {
        failed(db, mysql_stmt_errno(st), what);
        return false;
    }
    return true;
}

int rod_db_fetch(rod_db *db, MYSQL_STMT *st)
{
    int r = mysql_stmt_fetch(st);
    if (r == MYSQL_NO_DATA)
        return 0;
    if (r == 1) {
        failed(db, mysql_stmt_errno(st), "fetch");
        return -1;
    }
    return 1; /* MYSQL_DATA_TRUNCATED too: the caller looks at the lengths */
}

int rod_db_next(rod_db *db, MYSQL_STMT *st, rod_row *row)
{
    int r = rod_db_fetch(db, st);
    if (r <= 0)
        return r;
    for (int i = 0; i < row->ncols; i++) {
        unsigned long n = row->len[i] < ROD_DB_COL_SIZE - 1 ? row->len[i] : ROD_DB_COL_SIZE - 1;
        row->val[i][n] = '\0';
    }
    return 1;
}

void rod_db_end(MYSQL_STMT *st)
{
    if (st)
        mysql_stmt_free_result(st);
}

void rod_copy(char *dst, size_t cap, const char *src)
{
    size_t n = src ? strlen(src) : 0;
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, src ? src : "", n);
    dst[n] = '\0';
}

const char *rod_col(const rod_row *row, int i)
{
    return row->null[i] ? NULL : row->val[i];
}

long long rod_col_int(const rod_row *row, int i)
{
    return row->null[i] ? 0 : strtoll(row->val[i], NULL, 10);
}

rod_dbrc rod_db_exec_array(rod_db *db, const char *sql, MYSQL_BIND *binds, unsigned int rows)
{
    MYSQL_STMT *st = stmt_for(db, sql);
    if (!st)
        return ROD_DB_ERR;
    if (mysql_stmt_attr_set(st, STMT_ATTR_ARRAY_SIZE, &rows) != 0 || mysql_stmt_bind_param(st, binds) != 0 ||
        mysql_stmt_execute(st) != 0) {
        rod_dbrc rc = failed(db, mysql_stmt_errno(st), sql);
        unsigned int zero = 0;
        if (db->connected)
            mysql_stmt_attr_set(st, STMT_ATTR_ARRAY_SIZE, &zero);
        return rc;
    }
    unsigned int zero = 0;
    mysql_stmt_attr_set(st, STMT_ATTR_ARRAY_SIZE, &zero);
    return ROD_DB_OK;
}
