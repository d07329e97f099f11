/* rodgate: start-up (configuration, TLS, schema, reference data), signal
 * handling and shutdown. The request work happens in net/ and soap/. */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config/config.h"
#include "core/clock.h"
#include "core/heap.h"
#include "core/log.h"
#include "core/reload.h"
#include "metrics/listener.h"
#include "net/server.h"
#include "soap/app.h"
#include "store/brp.h"
#include "store/inschrijving.h"
#include "store/jobs.h"
#include "store/postcode.h"
#include "store/retention.h"
#include "tls/tls.h"
#include "xml/envelope.h"

/* SIGINT and SIGTERM stop the gateway, SIGHUP reloads (core/reload.h). They
 * are blocked in every thread and taken by one thread with sigwait, so that
 * a reload (files, OpenSSL, locks) runs as ordinary code, not in a handler. */
static sigset_t handled_signals;
static pthread_t signal_thread;
static bool signal_thread_started;
static atomic_bool signal_thread_quit;

static void *signal_main(void *arg)
{
    (void)arg;
    rod_db_thread_begin(); /* a reload hook may use the database (brp_changed) */
    for (;;) {
        int sig;
        if (sigwait(&handled_signals, &sig) != 0)
            continue;
        if (atomic_load(&signal_thread_quit))
            break;
        if (sig == SIGHUP) {
            rod_log_info("rodgate: SIGHUP, reloading");
            rod_reload_run();
        } else {
            rod_log_info("rodgate: %s, stopping", sig == SIGINT ? "SIGINT" : "SIGTERM");
            rod_server_stop();
        }
    }
    rod_tls_thread_end();
    rod_db_thread_end();
    return NULL;
}

/* Blocks the three signals in this thread, and so in every thread it starts
 * from now on, and starts the signal thread. */
static int signals_start(void)
{
    sigemptyset(&handled_signals);
    sigaddset(&handled_signals, SIGINT);
    sigaddset(&handled_signals, SIGTERM);
    sigaddset(&handled_signals, SIGHUP);
    if (pthread_sigmask(SIG_BLOCK, &handled_signals, NULL) != 0 ||
        pthread_create(&signal_thread, NULL, signal_main, NULL) != 0)
        return -1;
    signal_thread_started = true;
    return 0;
}

static void signals_stop(void)
{
    if (!signal_thread_started)
        return;
    atomic_store(&signal_thread_quit, true);
    pthread_kill(signal_thread, SIGTERM);
    pthread_join(signal_thread, NULL);
    signal_thread_started = false;
}

/* A new BRP address changes what every school sees of the pupil: move
 * laatstGewijzigd of the pupil's inschrijvingen (spec 9.8). */
static bool brp_changed(const char *const *bsns, size_t n, void *arg)
{
    rod_db *db = rod_db_new(arg);
    bool ok = db && rod_store_touch_inschrijvingen(db, bsns, n) == ROD_OK;
    rod_db_free(db);
    return ok;
}

static void log_brp_loaded(void)
{
    size_t adressen, sks;
    rod_brp_counts(&adressen, &sks);
    rod_log_info("brp: %zu BRP addresses and %zu startkwalificaties loaded", adressen, sks);
}

/* The reload hook of the basisregistraties (store/brp.h): the new files are
 * loaded whole and swapped in, or refused with file:line and the old data
 * stay. */
static int reload_brp(void *arg, char *err, size_t errlen)
{
    (void)arg;
    if (rod_brp_reload(err, errlen) != 0) {
        rod_log_info("brp: reload refused, the previous data stay: %s", err);
        return -1;
    }
    log_brp_loaded();
    return 0;
}

static void usage(void)
{
    fprintf(
        stderr,
        "usage: rodgate [--config FILE] [--set key=value]... [--check-config]\n"
        "       rodgate [--config FILE] [--set key=value]... --run-job idempotentie|persoonsgegevens|audit"
        " [--now YYYY-MM-DD]\n");
}

/* --run-job: one retention job on the register's date (today, or --now for
 * an operator catching up and for the tests), on the job's account; prints
 * what it removed. Exit 0, or 1 when the job failed. */
static int run_job(const rod_config *cfg, const char *name, const char *now)
{
    rod_job job;
    if (!rod_job_from_name(name, &job)) {
        fprintf(stderr, "rodgate: --run-job: unknown job \"%s\" (idempotentie, persoonsgegevens or audit)\n",
                name);
        return 2;
    }
    char today[16];
    if (now) {
        if (!rod_job_date_valid(now)) {
            fprintf(stderr, "rodgate: --now: \"%s\" is not a date YYYY-MM-DD\n", now);
            return 2;
        }
        snprintf(today, sizeof today, "%s", now);
    } else {
        int y, m, d;
        rod_clock_today(&y, &m, &d);
        snprintf(today, sizeof today, "%04d-%02d-%02d", y, m, d);
    }
    static rod_config job_cfg;
    rod_job_config(cfg, &job_cfg);
    rod_db_thread_begin();
    rod_db *db = rod_db_new(&job_cfg);
    unsigned long long removed = 0;
    rod_status s = db ? rod_job_run(db, &job_cfg, job, today, &removed) : ROD_INTERNAL;
    rod_db_free(db);
    rod_db_thread_end();
    if (s != ROD_OK) {
        fprintf(stderr, "rodgate: job %s on %s failed: %s %s\n", name, today, rod_status_code(s),
                rod_status_text(s));
        return 1;
    }
    printf("rodgate: job %s on %s: %llu removed\n", name, today, removed);
    return 0;
}

int main(int argc, char **argv)
{
    const char *config_path;
    bool check_only = false;
    const char *job = NULL, *now = NULL;
    static rod_config cfg;
    char err[1024];

    if (rod_config_from_args(&cfg, &argc, argv, &config_path, err, sizeof err) != 0) {
        fprintf(stderr, "rodgate: %s\n", err);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--check-config")) {
            check_only = true;
        } else if (!strcmp(argv[i], "--run-job") && i + 1 < argc) {
            job = argv[++i];
        } else if (!strcmp(argv[i], "--now") && i + 1 < argc) {
            now = argv[++i];
        } else {
            usage();
            return 2;
        }
    }
    if (now && !job) {
        usage();
        return 2;
    }
    if (rod_config_check(&cfg, err, sizeof err) != 0 || rod_config_read_secrets(&cfg, err, sizeof err) != 0) {
        fprintf(stderr, "rodgate: %s: %s\n", config_path, err);
        return 2;
    }
    /* "Today" is the register's local date (spec 2). */
    setenv("TZ", "Europe/Amsterdam", 1);
    tzset();
    if (job)
        return run_job(&cfg, job, now);
    rod_heap_start();
    signal(SIGPIPE, SIG_IGN);
    rod_brp_configure(cfg.brp_file, cfg.startkwalificatie_file);
    /* before any other thread exists, so that none of them can take a
     * SIGHUP (whose default action would end the process) */
    if (!check_only && signals_start() != 0) {
        fprintf(stderr, "rodgate: cannot start the signal thread\n");
        return 2;
    }

    char xsd_path[600];
    snprintf(xsd_path, sizeof xsd_path, "%s/rod-v1.xsd", cfg.xsd_dir);
    if (rod_xml_start(xsd_path, err, sizeof err) != 0 ||
        rod_postcode_load(cfg.postcode_table, err, sizeof err) != 0 || rod_brp_reload(err, sizeof err) != 0 ||
        rod_tls_start(&cfg, err, sizeof err) != 0 || rod_app_start(&cfg, err, sizeof err) != 0) {
        fprintf(stderr, "rodgate: %s\n", err);
        signals_stop();
        return 2;
    }
    rod_xml_configure(&cfg);
    if (check_only) {
        printf("rodgate: configuration %s is valid\n", config_path);
        rod_app_stop();
        rod_tls_stop();
        rod_brp_free();
        rod_xml_stop();
        return 0;
    }
    if (rod_log_start(cfg.log_file) != 0) {
        fprintf(stderr, "rodgate: cannot open log file %s\n", cfg.log_file);
        signals_stop();
        return 2;
    }
    log_brp_loaded();
    /* SIGHUP: the log first, so that the lines of the other steps go to the
     * new file (logrotate), then the TLS context, then the basisregistraties */
    rod_reload_register("log", rod_log_reopen, NULL);
    rod_reload_register("tls", rod_tls_reload, NULL);
    rod_reload_register("brp", reload_brp, NULL);

    rod_brp_on_change(brp_changed, &cfg);
    if (rod_jobs_start(&cfg) != 0) {
        fprintf(stderr, "rodgate: cannot start the retention jobs\n");
        signals_stop();
        return 2;
    }
    if (rod_metrics_start(&cfg, err, sizeof err) != 0) {
        fprintf(stderr, "rodgate: %s\n", err);
        rod_jobs_stop();
        return 2;
    }
    int rc = rod_server_run(&cfg, rod_app_callbacks(), err, sizeof err);
    rod_metrics_stop();
    rod_jobs_stop();
    signals_stop();
    rod_reload_clear();
    if (rc != 0)
        fprintf(stderr, "rodgate: %s\n", err);
    else
        rod_log_info("rodgate: stopped");
    rod_app_stop();
    rod_tls_stop();
    rod_brp_free();
    rod_postcode_free();
    rod_xml_stop();
    rod_log_stop();
    return rc == 0 ? 0 : 1;
}
