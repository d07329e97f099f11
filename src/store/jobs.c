/* The jobs thread (the audit purger of before, with every retention job). */
#include "store/jobs.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/metrics.h"
#include "store/retention.h"

static pthread_mutex_t jobs_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t jobs_wake = PTHREAD_COND_INITIALIZER;
static bool jobs_quit, jobs_running;
static pthread_t jobs_thread;
static rod_config job_cfg; /* the job's account; rod_db keeps a pointer to it */

/* Every job once; false when one failed. */
static bool run_all(rod_db *db)
{
    int y, m, d;
    char today[16];
    rod_clock_today(&y, &m, &d);
    snprintf(today, sizeof today, "%04d-%02d-%02d", y, m, d);
    bool ok = true;
    for (int j = 0; j < ROD_JOB_COUNT; j++) {
        unsigned long long removed = 0;
        double t0 = rod_monotonic_ms();
        rod_status s = rod_job_run(db, &job_cfg, (rod_job)j, today, &removed);
        rod_log_info("retention: job %s on %s: %s, %llu removed (%.0f ms)", rod_job_name((rod_job)j), today,
                     s == ROD_OK ? "done" : rod_status_code(s), removed, rod_monotonic_ms() - t0);
        /* for /metrics: rodgate_job_runs_total{name=...}, last run, last success */
        rod_metrics_job_result(rod_job_name((rod_job)j), s == ROD_OK, (long long)time(NULL));
        ok = ok && s == ROD_OK;
    }
    return ok;
}

static void *jobs_main(void *arg)
{
    (void)arg;
    rod_db_thread_begin();
    rod_db *db = rod_db_new(&job_cfg);
    long wait_s = 0;
    pthread_mutex_lock(&jobs_lock);
    while (!jobs_quit) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += wait_s;
        while (!jobs_quit && pthread_cond_timedwait(&jobs_wake, &jobs_lock, &until) == 0)
            ;
        if (jobs_quit)
            break;
        pthread_mutex_unlock(&jobs_lock);
        bool ok = db && run_all(db);
        wait_s = ok ? job_cfg.job_interval : 60;
        pthread_mutex_lock(&jobs_lock);
    }
    pthread_mutex_unlock(&jobs_lock);
    rod_db_free(db);
    rod_db_thread_end();
    return NULL;
}

int rod_jobs_start(const rod_config *cfg)
{
    rod_job_config(cfg, &job_cfg);
    jobs_quit = false;
    if (pthread_create(&jobs_thread, NULL, jobs_main, NULL) != 0) {
        rod_log_info("retention: cannot start the jobs thread");
        return -1;
    }
    jobs_running = true;
    return 0;
}

void rod_jobs_stop(void)
{
    if (!jobs_running)
        return;
    pthread_mutex_lock(&jobs_lock);
    jobs_quit = true;
    pthread_cond_signal(&jobs_wake);
    pthread_mutex_unlock(&jobs_lock);
    pthread_join(jobs_thread, NULL);
    jobs_running = false;
}
