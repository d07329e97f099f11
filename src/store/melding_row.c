/* Growing text buffers for result rows. */
#include "store/melding_row.h"

#include <stdlib.h>
#include <string.h>

#define INITIAL_CAP 256

static void bind_column(rod_bigrow *r, int i)
{
    MYSQL_BIND *b = &r->bind[i];
    memset(b, 0, sizeof *b);
    b->buffer_type = MYSQL_TYPE_STRING;
    b->buffer = r->val[i];
    b->buffer_length = r->cap[i];
    b->length = &r->len[i];
    b->is_null = &r->null[i];
    b->error = &r->error[i];
}

MYSQL_STMT *rod_bigrow_query(rod_db *db, const char *sql, rod_params *p, rod_bigrow *r)
{
    memset(r, 0, sizeof *r);
    MYSQL_STMT *st = rod_db_run(db, sql, p);
    if (!st)
        return NULL;
    unsigned int n = mysql_stmt_field_count(st);
    if (n > ROD_BIGROW_MAX_COLS)
        abort(); /* a programming error: more columns than the limit */
    r->ncols = (int)n;
    for (int i = 0; i < r->ncols; i++) {
        r->val[i] = malloc(INITIAL_CAP);
        if (!r->val[i]) {
            rod_bigrow_end(st, r);
            return NULL;
        }
        r->cap[i] = INITIAL_CAP;
        bind_column(r, i);
    }
    if (!rod_db_store(db, st, r->bind, "fetch")) {
        rod_bigrow_end(st, r);
        return NULL;
    }
    return st;
}

int rod_bigrow_next(rod_db *db, MYSQL_STMT *st, rod_bigrow *r)
{
    int rc = rod_db_fetch(db, st);
    if (rc <= 0)
        return rc;
    bool rebind = false;
    for (int i = 0; i < r->ncols; i++) {
        if (r->null[i]) {
            r->val[i][0] = '\0';
            continue;
        }
        if (r->len[i] >= r->cap[i]) {
            /* truncated: grow and fetch the whole column again */
            unsigned long cap = r->len[i] + 1;
            char *v = realloc(r->val[i], cap);
            if (!v)
                return -1;
            r->val[i] = v;
            r->cap[i] = cap;
            bind_column(r, i);
            if (mysql_stmt_fetch_column(st, &r->bind[i], (unsigned int)i, 0) != 0) {
                rod_db_failed(db, st);
                return -1;
            }
            rebind = true;
        }
        r->val[i][r->len[i]] = '\0';
    }
    if (rebind && mysql_stmt_bind_result(st, r->bind) != 0) {
        rod_db_failed(db, st);
        return -1;
    }
    return 1;
}

void rod_bigrow_end(MYSQL_STMT *st, rod_bigrow *r)
{
    if (st)
        mysql_stmt_free_result(st);
    for (int i = 0; i < ROD_BIGROW_MAX_COLS; i++) {
        free(r->val[i]);
        r->val[i] = NULL;
    }
}

const char *rod_bigrow_col(const rod_bigrow *r, int i)
{
    return r->null[i] ? NULL : r->val[i];
}

char *rod_bigrow_dup(const rod_bigrow *r, int i, rod_arena *a)
{
    return r->null[i] ? NULL : rod_arena_strndup(a, r->val[i], r->len[i]);
}

long long rod_bigrow_int(const rod_bigrow *r, int i)
{
    return r->null[i] ? 0 : strtoll(r->val[i], NULL, 10);
}

void rod_bigrow_copy(const rod_bigrow *r, int i, char *dst, size_t cap)
{
    rod_copy(dst, cap, r->null[i] ? "" : r->val[i]);
}

rod_status rod_bigrow_failed(rod_db *db)
{
    rod_status s = rod_db_status(db);
    return s == ROD_OK ? ROD_INTERNAL : s;
}

rod_status rod_bigrow_one(rod_db *db, const char *sql, rod_params *p, rod_bigrow_fn read, void *ctx,
                          bool *found)
{
    *found = false;
    rod_bigrow r;
    MYSQL_STMT *st = rod_bigrow_query(db, sql, p, &r);
    rod_status s = st ? ROD_OK : rod_bigrow_failed(db);
    int rc = s == ROD_OK ? rod_bigrow_next(db, st, &r) : 0;
    if (rc < 0)
        s = rod_bigrow_failed(db);
    else if (rc == 1) {
        *found = true;
        if (!read(&r, ctx))
            s = ROD_INTERNAL;
    }
    rod_bigrow_end(st, &r);
    return s;
}

rod_status rod_bigrow_each(rod_db *db, const char *sql, rod_params *p, rod_bigrow_fn each, void *ctx)
{
    rod_bigrow r;
    MYSQL_STMT *st = rod_bigrow_query(db, sql, p, &r);
    rod_status s = st ? ROD_OK : rod_bigrow_failed(db);
    int rc;
    while (s == ROD_OK && (rc = rod_bigrow_next(db, st, &r)) != 0) {
        if (rc < 0)
            s = rod_bigrow_failed(db);
        else if (!each(&r, ctx))
            s = ROD_INTERNAL;
    }
    rod_bigrow_end(st, &r);
    return s;
}
