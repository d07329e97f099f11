/* The database connection of one worker: connects (and reconnects after an
 * outage) lazily, prepares each statement once per connection, and maps
 * every database failure to ROD-9001 (retryable) or ROD-9002. This header
 * does not include mysql.h (only store/ does, through store/db_mysql.h):
 * the bind buffers below are storage that db.c alone interprets. */
#ifndef ROD_STORE_DB_H
#define ROD_STORE_DB_H

#include <stdbool.h>
#include <stddef.h>

#include "config/config.h"
#include "core/status.h"

#define ROD_DB_MAX_PARAMS 40
#define ROD_DB_MAX_COLS   40
#define ROD_DB_COL_SIZE   1024

typedef struct rod_db rod_db;
/* MariaDB's prepared statement (MYSQL_STMT), opaque outside store/. */
typedef struct st_mysql_stmt rod_stmt;

/* Room for n MYSQL_BINDs (db.c checks the size at compile time). */
#define ROD_DB_BIND_BYTES 128
typedef union {
    long long align_ll;
    void *align_p;
    double align_d;
    unsigned char bytes[ROD_DB_BIND_BYTES];
} rod_bind_space;

typedef enum { ROD_DB_OK = 0, ROD_DB_DUP = 1, ROD_DB_ERR = -1 } rod_dbrc;

typedef struct {
    int n;
    rod_bind_space bind[ROD_DB_MAX_PARAMS]; /* MYSQL_BIND[n], set by rod_param_* */
    unsigned long len[ROD_DB_MAX_PARAMS];
    char null[ROD_DB_MAX_PARAMS];
    long long ival[ROD_DB_MAX_PARAMS];
    double dval[ROD_DB_MAX_PARAMS];
} rod_params;

/* One result row; every column is fetched as text. */
typedef struct {
    int ncols;
    char val[ROD_DB_MAX_COLS][ROD_DB_COL_SIZE];
    unsigned long len[ROD_DB_MAX_COLS];
    char null[ROD_DB_MAX_COLS];  /* my_bool */
    char error[ROD_DB_MAX_COLS]; /* my_bool */
    rod_bind_space bind[ROD_DB_MAX_COLS];
} rod_row;

/* MariaDB's per-thread state: begin in every thread that uses a rod_db
 * before its first use, end before the thread exits. */
void rod_db_thread_begin(void);
void rod_db_thread_end(void);

rod_db *rod_db_new(const rod_config *cfg);
/* A connection whose SELECTs may use MariaDB's query cache (statements
 * marked SQL_CACHE). On the others the session's query cache is off, so
 * their statements skip the cache's lock and lookup. */
rod_db *rod_db_new_cached(const rod_config *cfg);
void rod_db_free(rod_db *db);

/* Connects if needed. ROD_OK or ROD_UNAVAILABLE. */
rod_status rod_db_connect(rod_db *db);

/* The stored procedures store/ calls that the database lacks, as a comma
 * list in missing[cap] ("" when none); the database's status when the
 * question fails. */
rod_status rod_db_missing_procedures(rod_db *db, char *missing, size_t cap);

/* The names of names[n] (at most ROD_DB_MAX_NAMES) that are not among the
 * first column of sql's rows (a question to information_schema), as a
 * comma list in missing[cap] ("" when none); the database's status when
 * the question fails. */
#define ROD_DB_MAX_NAMES 32
rod_status rod_db_missing_names(rod_db *db, const char *sql, const char *const *names, size_t n,
                                char *missing, size_t cap);

/* The status of the last failure (ROD_UNAVAILABLE or ROD_INTERNAL). */
rod_status rod_db_status(const rod_db *db);

rod_status rod_db_begin(rod_db *db, bool read_only);
void rod_db_rollback(rod_db *db);

void rod_params_init(rod_params *p);
void rod_param_str(rod_params *p, const char *s); /* NULL binds NULL */
void rod_param_bin(rod_params *p, const void *data, size_t len);
void rod_param_int(rod_params *p, long long v);
void rod_param_double(rod_params *p, double v);
void rod_param_null(rod_params *p);

/* Executes a statement without result set. `sql` must be a string with static
 * storage: its address identifies the prepared statement. affected may be
 * NULL. ROD_DB_DUP on a duplicate key. */
rod_dbrc rod_db_exec(rod_db *db, const char *sql, rod_params *p, unsigned long long *affected);

/* Executes a query and buffers its result; fetch rows with rod_db_next and
 * finish with rod_db_end. Returns the statement or NULL on error. */
rod_stmt *rod_db_query(rod_db *db, const char *sql, rod_params *p, rod_row *row);
/* 1 with a row, 0 at the end, -1 on error. */
int rod_db_next(rod_db *db, rod_stmt *st, rod_row *row);
void rod_db_end(rod_stmt *st);
/* A query's first row: runs it, fetches one row into row and ends the
 * statement. 1 with the row, 0 when there is none, -1 on error
 * (rod_db_status). */
int rod_db_first(rod_db *db, const char *sql, rod_params *p, rod_row *row);

/* Copies src into dst[cap], truncating; the database column sizes bound the
 * real lengths, so truncation only guards against surprises. */
void rod_copy(char *dst, size_t cap, const char *src);

/* Row helpers: the column as a string or NULL when SQL NULL. */
const char *rod_col(const rod_row *row, int i);
long long rod_col_int(const rod_row *row, int i);

/* Executes and returns the statement for custom result binding (large
 * columns, store/db_mysql.h); record a later failure with rod_db_failed.
 * NULL on error. */
rod_stmt *rod_db_run(rod_db *db, const char *sql, rod_params *p);
void rod_db_failed(rod_db *db, rod_stmt *st);

/* Whether the last failure was a deadlock: InnoDB rolled the transaction
 * back, and running it again is the cure. */
bool rod_db_deadlocked(const rod_db *db);
/* The last failure lost the connection (the server went away, or a Galera
 * node left the primary component); the next call connects afresh, to the
 * first usable node. */
bool rod_db_lost(const rod_db *db);
/* On a cluster (db_nodes): true when the transaction the request runs in is
 * gone although nothing ended it, because Galera rolled it back under the
 * request (a write set of another node that conflicts with it wins: a
 * brute-force abort). The statements after that ran outside any
 * transaction and may have failed oddly (a foreign key error) or read too
 * little; the request must not be answered from them. Recorded as a
 * deadlock, so the caller runs the request again. Costs no round trip (the
 * server status of the last reply). */
bool rod_db_trx_vanished(rod_db *db);

#endif
