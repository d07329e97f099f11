/* SQL of persoon_alias (store/alias.h). */
#include "store/alias.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db_mysql.h"

/* The numbers travel as one JSON array: a batch of 10,000 pupils resolves
 * in one statement, one primary-key lookup per number (and, locking, a gap
 * lock for each number that is no alias). */
#define RESOLVE                                                      \
    "SELECT a.alias, a.pgn FROM JSON_TABLE(?, '$[*]' COLUMNS "       \
    "(n CHAR(9) CHARACTER SET ascii COLLATE ascii_bin PATH '$')) j " \
    "JOIN persoon_alias a ON a.alias = j.n"
static const char SQL_RESOLVE[] = RESOLVE;
static const char SQL_RESOLVE_LOCK[] = RESOLVE " LOCK IN SHARE MODE";
static const char SQL_GET[] = "SELECT pgn FROM persoon_alias WHERE alias = ? FOR UPDATE";
static const char SQL_INSERT[] =
    "INSERT INTO persoon_alias (alias, pgn, organisatie_id, gekoppeld) VALUES (?, ?, ?, UTC_TIMESTAMP(3))";
static const char SQL_MERGE[] = "CALL rod_koppelen_samenvoegen(?, ?)";

static bool is_candidate(const rod_alias_ref *r)
{
    return r->pgn[0] != '\0' && !*r->is_bsn;
}

rod_status rod_alias_resolve(rod_db *db, const rod_alias_ref *refs, int n, bool lock)
{
    static __thread rod_row row;
    int count = 0;
    for (int i = 0; i < n; i++)
        count += is_candidate(&refs[i]);
    if (count == 0)
        return ROD_OK;
    /* ["101222331","..."]: 12 bytes a number */
    size_t cap = (size_t)count * 12 + 3, len = 0;
    char *json = malloc(cap);
    if (!json)
        return ROD_INTERNAL;
    json[len++] = '[';
    for (int i = 0; i < n; i++)
        if (is_candidate(&refs[i]))
            len += (size_t)snprintf(json + len, cap - len, "%s\"%.9s\"", len > 1 ? "," : "", refs[i].pgn);
    json[len++] = ']';
    json[len] = '\0';
    rod_params p;
    rod_params_init(&p);
    rod_param_str(&p, json);
    MYSQL_STMT *st = rod_db_query(db, lock ? SQL_RESOLVE_LOCK : SQL_RESOLVE, &p, &row);
    free(json);
    if (!st)
        return rod_db_status(db);
    int r;
    while ((r = rod_db_next(db, st, &row)) == 1)
        for (int i = 0; i < n; i++) /* aliases are rare: a plain scan per alias found */
            if (is_candidate(&refs[i]) && strcmp(refs[i].pgn, row.val[0]) == 0) {
                rod_copy(refs[i].pgn, 10, row.val[1]);
                *refs[i].is_bsn = true;
            }
    rod_db_end(st);
    return r < 0 ? rod_db_status(db) : ROD_OK;
}

rod_status rod_alias_resolve_one(rod_db *db, char pgn[10], bool *is_bsn, bool lock)
{
    rod_alias_ref ref = {pgn, is_bsn};
    return rod_alias_resolve(db, &ref, 1, lock);
}

rod_status rod_alias_get(rod_db *db, const char *onderwijsnummer, char bsn[10], bool *found)
{
    static __thread rod_row row;
    rod_params p;
    rod_params_init(&p);
    rod_param_str(&p, onderwijsnummer);
    *found = false;
    int r = rod_db_first(db, SQL_GET, &p, &row);
    if (r == 1) {
        rod_copy(bsn, 10, row.val[0]);
        *found = true;
    }
    return r < 0 ? rod_db_status(db) : ROD_OK;
}

rod_status rod_alias_koppel(rod_db *db, const char *onderwijsnummer, const char *bsn, long long org_id,
                            bool *duplicate)
{
    rod_params p;
    rod_params_init(&p);
    rod_param_str(&p, onderwijsnummer);
    rod_param_str(&p, bsn);
    rod_param_int(&p, org_id);
    *duplicate = false;
    rod_dbrc rc = rod_db_exec(db, SQL_INSERT, &p, NULL);
    if (rc == ROD_DB_DUP) {
        *duplicate = true;
        return ROD_OK;
    }
    if (rc != ROD_DB_OK)
        return rod_db_status(db);
    rod_params_init(&p);
    rod_param_str(&p, onderwijsnummer);
    rod_param_str(&p, bsn);
    return rod_db_exec(db, SQL_MERGE, &p, NULL) == ROD_DB_OK ? ROD_OK : rod_db_status(db);
}
