/* rodgate-notify: sends the outbox melding_notificatie as e-mail
 * (docs/notifications.md). A process of its own, not a thread of the
 * gateway: a crash, a hang or a slow SMTP server never touches the
 * gateway's workers, it can run on another host and under its own database
 * account, and several may run at once (the claim keeps them apart). */
#include <curl/curl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config/config.h"
#include "core/log.h"
#include "notify/sender.h"
#include "store/db.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

static void usage(void)
{
    fprintf(stderr, "usage: rodgate-notify [--config FILE] [--set key=value]... [--check-config] [--drain]\n"
                    "  --drain  stop once every notification is sent or given up\n");
}

int main(int argc, char **argv)
{
    const char *config_path;
    bool check_only = false, drain = false;
    static rod_config cfg;
    char err[1024];

    if (rod_config_from_args(&cfg, &argc, argv, &config_path, err, sizeof err) != 0) {
        fprintf(stderr, "rodgate-notify: %s\n", err);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--check-config")) {
            check_only = true;
        } else if (!strcmp(argv[i], "--drain")) {
            drain = true;
        } else {
            usage();
            return 2;
        }
    }
    if (rod_config_check_notify(&cfg, err, sizeof err) != 0) {
        fprintf(stderr, "rodgate-notify: %s: %s\n", config_path, err);
        return 2;
    }
    if (rod_config_read_notify_secrets(&cfg, err, sizeof err) != 0) {
        fprintf(stderr, "rodgate-notify: %s: %s\n", config_path, err);
        return 2;
    }
    if (check_only) {
        printf("rodgate-notify: configuration %s is valid\n", config_path);
        return 0;
    }
    /* its own database account when one is configured */
    if (cfg.notify_db_user[0]) {
        memcpy(cfg.db_user, cfg.notify_db_user, sizeof cfg.db_user);
        memcpy(cfg.db_password, cfg.notify_db_password, sizeof cfg.db_password);
    }
    /* the Date header in the register's zone (spec 2) */
    setenv("TZ", "Europe/Amsterdam", 1);
    tzset();
    signal(SIGPIPE, SIG_IGN);
    if (rod_log_start(cfg.notify_log_file) != 0) {
        fprintf(stderr, "rodgate-notify: cannot open log file %s\n", cfg.notify_log_file);
        return 2;
    }
    /* no SA_RESTART: a signal ends the poll's sleep at once */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        fprintf(stderr, "rodgate-notify: libcurl does not start\n");
        return 2;
    }
    rod_db_thread_begin();
    int rc = rod_sender_run(&cfg, drain, &stop, err, sizeof err);
    if (rc != 0)
        fprintf(stderr, "rodgate-notify: %s\n", err);
    rod_db_thread_end();
    curl_global_cleanup();
    rod_log_stop();
    return rc == 0 ? 0 : 2;
}
