/* Audit rows: their time stamp and the retention purge (the insert of a
 * request that stores nothing else: store/audit_send.c; the job that runs
 * the purge: store/retention.c). */
#include "store/audit.h"

#include <stdio.h>
#include <time.h>

static const char SQL_PURGE_ON[] = "SET @rodgate_audit_purge = 1";
static const char SQL_PURGE[] =
    "DELETE FROM audit WHERE tijdstip < CAST(? AS DATE) - INTERVAL ? DAY LIMIT 10000";
static const char SQL_PURGE_OFF[] = "SET @rodgate_audit_purge = NULL";

void rod_audit_time(const rod_audit_entry *e, char out[24])
{
    time_t sec = (time_t)(e->epoch_ms / 1000);
    struct tm tm;
    gmtime_r(&sec, &tm);
    size_t len = strftime(out, 24, "%Y-%m-%d %H:%M:%S", &tm);
    snprintf(out + len, 24 - len, ".%03lld", e->epoch_ms % 1000);
}

rod_status rod_audit_purge(rod_db *db, const char *today, long days, unsigned long long *removed)
{
    if (rod_db_exec(db, SQL_PURGE_ON, NULL, NULL) != ROD_DB_OK)
        return rod_db_status(db);
    unsigned long long affected;
    rod_status s = ROD_OK;
    do {
        rod_params p;
        rod_params_init(&p);
        rod_param_str(&p, today);
        rod_param_int(&p, days);
        if (rod_db_exec(db, SQL_PURGE, &p, &affected) != ROD_DB_OK) {
            s = rod_db_status(db);
            break;
        }
        *removed += affected;
    } while (affected == 10000);
    rod_db_exec(db, SQL_PURGE_OFF, NULL, NULL);
    return s;
}
