/* Array-bound insert of audit batches and the retention purge. */
#include "store/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/db.h"

static const char SQL_INSERT[] =
    "INSERT INTO audit (tijdstip, oin, operatie, message_id, resultaat, http_status, duur_ms) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char SQL_PURGE_ON[] = "SET @rodgate_audit_purge = 1";
static const char SQL_PURGE[] =
    "DELETE FROM audit WHERE tijdstip < UTC_TIMESTAMP(3) - INTERVAL ? DAY LIMIT 10000";
static const char SQL_PURGE_OFF[] = "SET @rodgate_audit_purge = NULL";

struct rod_audit_store {
    rod_db *db;
};

rod_audit_store *rod_audit_store_new(const rod_config *cfg)
{
    rod_audit_store *s = calloc(1, sizeof *s);
    if (s)
        s->db = rod_db_new(cfg);
    return s;
}

void rod_audit_store_free(rod_audit_store *s)
{
    if (!s)
        return;
    rod_db_free(s->db);
    free(s);
}

int rod_audit_store_insert(rod_audit_store *s, const rod_audit_entry *e, size_t n)
{
    enum { NSTR = 5 };
    char(*stamp)[24] = calloc(n, sizeof *stamp);
    const char **col[NSTR];
    char *ind[NSTR + 2];
    int *status = calloc(n, sizeof *status);
    double *ms = calloc(n, sizeof *ms);
    int rc = -1;
    for (int c = 0; c < NSTR; c++)
        col[c] = calloc(n, sizeof(char *));
    for (int c = 0; c < NSTR + 2; c++)
        ind[c] = calloc(n, 1);
    bool ok = stamp && status && ms;
    for (int c = 0; c < NSTR; c++)
        ok = ok && col[c];
    for (int c = 0; c < NSTR + 2; c++)
        ok = ok && ind[c];
    if (!ok)
        goto out;
    for (size_t i = 0; i < n; i++) {
        time_t sec = (time_t)(e[i].epoch_ms / 1000);
        struct tm tm;
        gmtime_r(&sec, &tm);
        size_t len = strftime(stamp[i], sizeof stamp[i], "%Y-%m-%d %H:%M:%S", &tm);
        snprintf(stamp[i] + len, sizeof stamp[i] - len, ".%03lld", e[i].epoch_ms % 1000);
        const char *v[NSTR] = {stamp[i], e[i].oin, e[i].operatie, e[i].message_id, e[i].resultaat};
        for (int c = 0; c < NSTR; c++) {
            col[c][i] = v[c];
            ind[c][i] = (v[c] && *v[c]) ? STMT_INDICATOR_NTS : STMT_INDICATOR_NULL;
        }
        status[i] = e[i].http_status;
        ms[i] = e[i].duur_ms;
        ind[NSTR][i] = ind[NSTR + 1][i] = STMT_INDICATOR_NONE;
    }
    MYSQL_BIND b[NSTR + 2];
    memset(b, 0, sizeof b);
    for (int c = 0; c < NSTR; c++) {
        b[c].buffer_type = MYSQL_TYPE_STRING;
        b[c].buffer = (void *)col[c];
        b[c].u.indicator = ind[c];
    }
    b[NSTR].buffer_type = MYSQL_TYPE_LONG;
    b[NSTR].buffer = status;
    b[NSTR].u.indicator = ind[NSTR];
    b[NSTR + 1].buffer_type = MYSQL_TYPE_DOUBLE;
    b[NSTR + 1].buffer = ms;
    b[NSTR + 1].u.indicator = ind[NSTR + 1];
    /* autocommit: each batch is its own transaction */
    rc = rod_db_exec_array(s->db, SQL_INSERT, b, (unsigned)n) == ROD_DB_OK ? 0 : -1;
out:
    free(stamp);
    free(status);
    free(ms);
    for (int c = 0; c < NSTR; c++)
        free(col[c]);
    for (int c = 0; c < NSTR + 2; c++)
        free(ind[c]);
    return rc;
}

int rod_audit_store_purge(rod_audit_store *s, long days)
{
    if (rod_db_exec(s->db, SQL_PURGE_ON, NULL, NULL) != ROD_DB_OK)
        return -1;
    rod_params p;
    rod_params_init(&p);
    rod_param_int(&p, days);
    unsigned long long affected;
    int rc = 0;
    do {
        if (rod_db_exec(s->db, SQL_PURGE, &p, &affected) != ROD_DB_OK) {
            rc = -1;
            break;
        }
    } while (affected == 10000);
    rod_db_exec(s->db, SQL_PURGE_OFF, NULL, NULL);
    return rc;
}
