/* Audit rows: their time stamp, the retention purge and its thread (the
 * insert of a request that stores nothing else: store/audit_send.c). */
#include "store/audit.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "core/log.h"
#include "store/bericht.h"

static const char SQL_PURGE_ON[] = "SET @rodgate_audit_purge = 1";
static const char SQL_PURGE[] =
    "DELETE FROM audit WHERE tijdstip < UTC_TIMESTAMP(3) - INTERVAL ? DAY LIMIT 10000";
static const char SQL_PURGE_OFF[] = "SET @rodgate_audit_purge = NULL";

void rod_audit_time(const rod_audit_entry *e, char out[24])
{
    time_t sec = (time_t)(e->epoch_ms / 1000);
    struct tm tm;
    gmtime_r(&sec, &tm);
    size_t len = strftime(out, 24, "%Y-%m-%d %H:%M:%S", &tm);
    snprintf(out + len, 24 - len, ".%03lld", e->epoch_ms % 1000);
}

rod_status rod_audit_purge(rod_db *db, long days)
{
    if (rod_db_exec(db, SQL_PURGE_ON, NULL, NULL) != ROD_DB_OK)
        return rod_db_status(db);
    rod_params p;
    rod_params_init(&p);
    rod_param_int(&p, days);
    unsigned long long affected;
    rod_status s = ROD_OK;
    do {
        if (rod_db_exec(db, SQL_PURGE, &p, &affected) != ROD_DB_OK) {
            s = rod_db_status(db);
            break;
        }
    } while (affected == 10000);
    rod_db_exec(db, SQL_PURGE_OFF, NULL, NULL);
    return s;
}

/* ---- the purger thread ------------------------------------------------------ */

static pthread_mutex_t purger_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t purger_wake = PTHREAD_COND_INITIALIZER;
static bool purger_quit, purger_running;
static pthread_t purger;

static void *purger_main(void *arg)
{
    const rod_config *cfg = arg;
    rod_db_thread_begin();
    rod_db *db = rod_db_new(cfg);
    /* at start, then hourly; a minute after a failure (database down) */
    long wait_s = 0;
    pthread_mutex_lock(&purger_lock);
    while (!purger_quit) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += wait_s;
        while (!purger_quit && pthread_cond_timedwait(&purger_wake, &purger_lock, &until) == 0)
            ;
        if (purger_quit)
            break;
        pthread_mutex_unlock(&purger_lock);
        bool ok = db && rod_audit_purge(db, cfg->audit_retention_days) == ROD_OK &&
                  rod_bericht_metadata_purge(db, cfg->berichten_retention_days) == ROD_OK;
        wait_s = ok ? 3600 : 60;
        pthread_mutex_lock(&purger_lock);
    }
    pthread_mutex_unlock(&purger_lock);
    rod_db_free(db);
    rod_db_thread_end();
    return NULL;
}

int rod_audit_purger_start(const rod_config *cfg)
{
    purger_quit = false;
    if (pthread_create(&purger, NULL, purger_main, (void *)cfg) != 0) {
        rod_log_info("audit: cannot start the purger thread");
        return -1;
    }
    purger_running = true;
    return 0;
}

void rod_audit_purger_stop(void)
{
    if (!purger_running)
        return;
    pthread_mutex_lock(&purger_lock);
    purger_quit = true;
    pthread_cond_signal(&purger_wake);
    pthread_mutex_unlock(&purger_lock);
    pthread_join(purger, NULL);
    purger_running = false;
}
