/* Result rows of the verzuim queries: every column as text in a buffer that
 * grows to the column's real length (a melding's JSON and free texts run to
 * many kilobytes, beyond rod_row's fixed columns). Internal to store/. */
#ifndef ROD_STORE_MELDING_ROW_H
#define ROD_STORE_MELDING_ROW_H

#include "rules/verzuim_fields.h"
#include "store/db_mysql.h"

#define ROD_BIGROW_MAX_COLS 40

typedef struct {
    int ncols;
    char *val[ROD_BIGROW_MAX_COLS];
    unsigned long cap[ROD_BIGROW_MAX_COLS];
    unsigned long len[ROD_BIGROW_MAX_COLS];
    my_bool null[ROD_BIGROW_MAX_COLS];
    my_bool error[ROD_BIGROW_MAX_COLS];
    MYSQL_BIND bind[ROD_BIGROW_MAX_COLS];
} rod_bigrow;

/* Executes sql (a static string, see rod_db_exec) and buffers its result.
 * Returns the statement, or NULL on error (rod_db_status tells which).
 * Always finish with rod_bigrow_end, also after an error. */
MYSQL_STMT *rod_bigrow_query(rod_db *db, const char *sql, rod_params *p, rod_bigrow *r);
/* 1 with a complete row, 0 at the end, -1 on error. */
int rod_bigrow_next(rod_db *db, MYSQL_STMT *st, rod_bigrow *r);
void rod_bigrow_end(MYSQL_STMT *st, rod_bigrow *r);

/* Column i as a string, NULL for SQL NULL; valid until the next row. */
const char *rod_bigrow_col(const rod_bigrow *r, int i);
/* A copy in the arena (NULL for SQL NULL). */
char *rod_bigrow_dup(const rod_bigrow *r, int i, rod_arena *a);
long long rod_bigrow_int(const rod_bigrow *r, int i);
/* Copies column i into dst[cap] ("" for NULL). */
void rod_bigrow_copy(const rod_bigrow *r, int i, char *dst, size_t cap);

/* The status to return after a failed call: the database's, or ROD-9002
 * when the failure was not the database's (out of memory). */
rod_status rod_bigrow_failed(rod_db *db);

/* The loop of every multi-row query: runs sql and calls each(r, ctx) for
 * every row, in order. A false from each ends it with ROD-9002 (a row the
 * store cannot read, or no memory); a database error with its status. */
typedef bool (*rod_bigrow_fn)(const rod_bigrow *r, void *ctx);
rod_status rod_bigrow_each(rod_db *db, const char *sql, rod_params *p, rod_bigrow_fn each, void *ctx);

/* A query expected to return at most one row: *found, and read(r, ctx)
 * on that row. A false from read is ROD-9002, as in rod_bigrow_each. */
rod_status rod_bigrow_one(rod_db *db, const char *sql, rod_params *p, rod_bigrow_fn read, void *ctx,
                          bool *found);

#endif
