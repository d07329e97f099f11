/* Queries on organisatie and instelling. */
#include "store/org.h"

#include "store/memo.h"

#include <stdio.h>
#include <string.h>

static const char SQL_ORG_BY_OIN[] = "SELECT id, naam, rol, gemeentecode FROM organisatie WHERE oin = ?";
static const char SQL_INSTELLING[] = "SELECT code, organisatie_id, naam, DATE_FORMAT(oprichtingsdatum, "
                                     "'%Y-%m-%d') FROM instelling WHERE code = ?";
static const char SQL_INSTELLINGEN_OF[] =
    "SELECT code, organisatie_id, naam, DATE_FORMAT(oprichtingsdatum, '%Y-%m-%d') FROM instelling "
    "WHERE organisatie_id = ? ORDER BY code";

/* The single row of a query by one string key: *found and the row. */
static rod_status one_row(rod_db *db, const char *sql, const char *key, rod_row *row, bool *found)
{
    rod_params p;
    rod_params_init(&p);
    rod_param_str(&p, key);
    *found = false;
    int r = rod_db_first(db, sql, &p, row);
    *found = r == 1;
    return r < 0 ? rod_db_status(db) : ROD_OK;
}

static rod_status org_lookup(rod_db *db, const char *oin, void *out, bool *found)
{
    static __thread rod_row row;
    rod_org *org = out;
    rod_status s = one_row(db, SQL_ORG_BY_OIN, oin, &row, found);
    if (s == ROD_OK && *found) {
        org->id = rod_col_int(&row, 0);
        snprintf(org->oin, sizeof org->oin, "%s", oin);
        rod_copy(org->naam, sizeof org->naam, row.val[1]);
        org->role = strcmp(row.val[2], "GEMEENTE") == 0 ? ROD_ROLE_GEMEENTE : ROD_ROLE_SCHOOL;
        rod_copy(org->gemeentecode, sizeof org->gemeentecode, rod_col(&row, 3) ? row.val[3] : "");
    }
    return s;
}

static void fill(rod_instelling *out, const rod_row *row)
{
    rod_copy(out->code, sizeof out->code, row->val[0]);
    out->organisatie_id = rod_col_int(row, 1);
    rod_copy(out->naam, sizeof out->naam, row->val[2]);
    rod_copy(out->oprichtingsdatum, sizeof out->oprichtingsdatum, row->val[3]);
}

static rod_status instelling_lookup(rod_db *db, const char *code, void *out, bool *found)
{
    static __thread rod_row row;
    rod_status s = one_row(db, SQL_INSTELLING, code, &row, found);
    if (s == ROD_OK && *found)
        fill(out, &row);
    return s;
}

/* Organisations and instellingen change rarely and are read by every
 * request (every melding and every batch item names an instelling): each
 * worker thread keeps what it found for ROD_MEMO_SECONDS (store/memo.h). */
static __thread rod_memo org_memo, inst_memo;
static __thread rod_org org_memo_val[ROD_MEMO_SLOTS];
static __thread rod_instelling inst_memo_val[ROD_MEMO_SLOTS];

/* The memo's value of key (vals: ROD_MEMO_SLOTS values of size bytes), or
 * the lookup's, then remembered when found. */
static rod_status memoised(rod_memo *memo, void *vals, size_t size, rod_db *db, const char *key,
                           rod_status (*lookup)(rod_db *, const char *, void *, bool *), void *out,
                           bool *found)
{
    int slot = rod_memo_find(memo, key);
    if (slot >= 0) {
        memcpy(out, (char *)vals + size * (size_t)slot, size);
        *found = true;
        return ROD_OK;
    }
    rod_status s = lookup(db, key, out, found);
    if (s == ROD_OK && *found && (slot = rod_memo_put(memo, key)) >= 0)
        memcpy((char *)vals + size * (size_t)slot, out, size);
    return s;
}

rod_status rod_org_by_oin(rod_db *db, const char *oin, rod_org *org, bool *found)
{
    return memoised(&org_memo, org_memo_val, sizeof *org, db, oin, org_lookup, org, found);
}

rod_status rod_instelling_get(rod_db *db, const char *code, rod_instelling *out, bool *found)
{
    return memoised(&inst_memo, inst_memo_val, sizeof *out, db, code, instelling_lookup, out, found);
}

#define INST_CACHE_MAX 256

static __thread struct {
    long long org_id;
    rod_instelling items[INST_CACHE_MAX];
    int n;
    double at;
    bool valid;
} inst_cache;

static rod_status instellingen_lookup(rod_db *db, long long org_id, rod_instelling *out, int max, int *count);

rod_status rod_instellingen_of(rod_db *db, long long org_id, rod_instelling *out, int max, int *count)
{
    double now = rod_memo_clock();
    if (!(inst_cache.valid && inst_cache.org_id == org_id && now - inst_cache.at < ROD_MEMO_SECONDS)) {
        rod_status s = instellingen_lookup(db, org_id, inst_cache.items, INST_CACHE_MAX, &inst_cache.n);
        if (s != ROD_OK) {
            inst_cache.valid = false;
            return s;
        }
        inst_cache.org_id = org_id;
        inst_cache.at = now;
        inst_cache.valid = true;
    }
    *count = inst_cache.n < max ? inst_cache.n : max;
    memcpy(out, inst_cache.items, sizeof *out * (size_t)*count);
    return ROD_OK;
}

static rod_status instellingen_lookup(rod_db *db, long long org_id, rod_instelling *out, int max, int *count)
{
    static __thread rod_row row;
    rod_params p;
    rod_params_init(&p);
    rod_param_int(&p, org_id);
    *count = 0;
    rod_stmt *st = rod_db_query(db, SQL_INSTELLINGEN_OF, &p, &row);
    if (!st)
        return rod_db_status(db);
    int r;
    while ((r = rod_db_next(db, st, &row)) == 1)
        if (*count < max)
            fill(&out[(*count)++], &row);
    rod_db_end(st);
    return r < 0 ? rod_db_status(db) : ROD_OK;
}
