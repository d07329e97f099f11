/* Queries on organisatie and instelling. */
#include "store/org.h"

#include <stdio.h>
#include <string.h>

static const char SQL_ORG_BY_OIN[] = "SELECT id, naam, rol, gemeentecode FROM organisatie WHERE oin = ?";
static const char SQL_INSTELLING[] =
    "SELECT code, organisatie_id, naam, DATE_FORMAT(oprichtingsdatum, '%Y-%m-%d') FROM instelling WHERE code = ?";
static const char SQL_INSTELLINGEN_OF[] =
    "SELECT code, organisatie_id, naam, DATE_FORMAT(oprichtingsdatum, '%Y-%m-%d') FROM instelling "
    "WHERE organisatie_id = ? ORDER BY code";

rod_status rod_org_by_oin(rod_db *db, const char *oin, rod_org *org, bool *found)
{
    static __thread rod_row row;
    rod_params p;
    rod_params_init(&p);
    rod_param_str(&p, oin);
    *found = false;
    MYSQL_STMT *st = rod_db_query(db, SQL_ORG_BY_OIN, &p, &row);
    if (!st)
        return rod_db_status(db);
    int r = rod_db_next(db, st, &row);
    if (r == 1) {
        *found = true;
        org->id = rod_col_int(&row, 0);
        snprintf(org->oin, sizeof org->oin, "%s", oin);
        rod_copy(org->naam, sizeof org->naam, row.val[1]);
        org->role = strcmp(row.val[2], "GEMEENTE") == 0 ? ROD_ROLE_GEMEENTE : ROD_ROLE_SCHOOL;
        rod_copy(org->gemeentecode, sizeof org->gemeentecode, rod_col(&row, 3) ? row.val[3] : "");
    }
    rod_db_end(st);
    return r < 0 ? rod_db_status(db) : ROD_OK;
}

static void fill(rod_instelling *out, const rod_row *row)
{
    rod_copy(out->code, sizeof out->code, row->val[0]);
    out->organisatie_id = rod_col_int(row, 1);
    rod_copy(out->naam, sizeof out->naam, row->val[2]);
    rod_copy(out->oprichtingsdatum, sizeof out->oprichtingsdatum, row->val[3]);
}

rod_status rod_instelling_get(rod_db *db, const char *code, rod_instelling *out, bool *found)
{
    static __thread rod_row row;
    rod_params p;
    rod_params_init(&p);
    rod_param_str(&p, code);
    *found = false;
    MYSQL_STMT *st = rod_db_query(db, SQL_INSTELLING, &p, &row);
    if (!st)
        return rod_db_status(db);
    int r = rod_db_next(db, st, &row);
    if (r == 1) {
        *found = true;
        fill(out, &row);
    }
    rod_db_end(st);
    return r < 0 ? rod_db_status(db) : ROD_OK;
}

rod_status rod_instellingen_of(rod_db *db, long long org_id, rod_instelling *out, int max, int *count)
{
    static __thread rod_row row;
    rod_params p;
    rod_params_init(&p);
    rod_param_int(&p, org_id);
    *count = 0;
    MYSQL_STMT *st = rod_db_query(db, SQL_INSTELLINGEN_OF, &p, &row);
    if (!st)
        return rod_db_status(db);
    int r;
    while ((r = rod_db_next(db, st, &row)) == 1)
        if (*count < max)
            fill(&out[(*count)++], &row);
    rod_db_end(st);
    return r < 0 ? rod_db_status(db) : ROD_OK;
}
