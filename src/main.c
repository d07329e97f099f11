/* rodgate: start-up (configuration, TLS, schema, reference data), signal
 * handling and shutdown. The request work happens in net/ and soap/. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config/config.h"
#include "store/audit.h"
#include "core/heap.h"
#include "core/log.h"
#include "net/server.h"
#include "soap/app.h"
#include "store/postcode.h"
#include "tls/tls.h"
#include "xml/envelope.h"

static void on_signal(int sig)
{
    (void)sig;
    rod_server_stop();
}

static void usage(void)
{
    fprintf(stderr, "usage: rodgate [--config FILE] [--set key=value]... [--check-config]\n");
}

int main(int argc, char **argv)
{
    const char *config_path = "conf/rodgate.conf";
    bool check_only = false;
    static rod_config cfg;
    char err[1024];

    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--config") && i + 1 < argc)
            config_path = argv[++i];
    rod_config_defaults(&cfg);
    if (rod_config_load(&cfg, config_path, err, sizeof err) != 0) {
        fprintf(stderr, "rodgate: %s\n", err);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--config")) {
            i++;
        } else if (!strcmp(argv[i], "--set") && i + 1 < argc) {
            if (rod_config_set(&cfg, argv[++i], err, sizeof err) != 0) {
                fprintf(stderr, "rodgate: --set: %s\n", err);
                return 2;
            }
        } else if (!strcmp(argv[i], "--check-config")) {
            check_only = true;
        } else {
            usage();
            return 2;
        }
    }
    if (rod_config_check(&cfg, err, sizeof err) != 0) {
        fprintf(stderr, "rodgate: %s: %s\n", config_path, err);
        return 2;
    }
    /* "Today" is the register's local date (CONTRACT 2). */
    setenv("TZ", "Europe/Amsterdam", 1);
    tzset();
    rod_heap_init();
    signal(SIGPIPE, SIG_IGN);

    char xsd_path[600];
    snprintf(xsd_path, sizeof xsd_path, "%s/rod-v1.xsd", cfg.xsd_dir);
    if (rod_xml_global_init(xsd_path, err, sizeof err) != 0 ||
        rod_postcode_load(cfg.postcode_table, err, sizeof err) != 0 ||
        rod_tls_init(&cfg, err, sizeof err) != 0 || rod_app_init(&cfg, err, sizeof err) != 0) {
        fprintf(stderr, "rodgate: %s\n", err);
        return 2;
    }
    rod_xml_configure(&cfg);
    if (check_only) {
        printf("rodgate: configuration %s is valid\n", config_path);
        rod_app_free();
        rod_tls_shutdown();
        rod_xml_global_free();
        return 0;
    }
    if (rod_log_open(cfg.log_file) != 0) {
        fprintf(stderr, "rodgate: cannot open log file %s\n", cfg.log_file);
        return 2;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    if (rod_audit_purger_start(&cfg) != 0) {
        fprintf(stderr, "rodgate: cannot start the audit purger\n");
        return 2;
    }
    int rc = rod_server_run(&cfg, rod_app_callbacks(), err, sizeof err);
    rod_audit_purger_stop();
    if (rc != 0)
        fprintf(stderr, "rodgate: %s\n", err);
    else
        rod_log_info("rodgate: stopped");
    rod_app_free();
    rod_tls_shutdown();
    rod_postcode_free();
    rod_xml_global_free();
    rod_log_close();
    return rc == 0 ? 0 : 1;
}
