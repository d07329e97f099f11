/* Unit tests for config/config.c: every setting parses with its default and
 * its bounds, a bad value is refused naming the setting (and, from a file,
 * the file and line), conf/rodgate.conf holds exactly the defaults, and the
 * cross-setting checks refuse what cannot start. Files are made in a
 * temporary folder of the suite. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/config.h"
#include "unit.h"

#define FIELD(cfg, off) ((char *)(cfg) + (off))

/* The settings, with the bounds and defaults the gateway documents. */
static const struct {
    const char *name;
    size_t offset;
    long min, max, def;
} numbers[] = {
#define N(f, lo, hi, d)                        \
    {                                          \
#f, offsetof(rod_config, f), lo, hi, d \
    }
    N(io_threads, 1, 64, 2),
    N(workers, 1, 256, 8),
    N(max_connections, 1, 100000, 1024),
    N(max_body, 1024, 1073741824L, 20971520),
    N(max_header, 1024, 1048576, 16384),
    N(max_depth, 8, 1000, 64),
    N(max_attributes, 1, 100000, 64),
    N(max_ns_per_element, 1, 100000, 32),
    N(max_ns_per_document, 1, 100000, 64),
    N(max_nodes, 1000, 100000000L, 400000),
    N(max_name_bytes, 16, 50000, 1000),
    N(max_text_bytes, 1024, 10000000, 10000000),
    N(header_timeout, 1, 3600, 10),
    N(request_timeout, 1, 3600, 60),
    N(idle_timeout, 1, 3600, 60),
    N(lingering_time, 0, 3600, 30),
    N(lingering_timeout, 1, 3600, 5),
    N(lingering_bytes, 0, 1073741824L, 25165824),
    N(max_keepalive, 1, 100000000L, 1000000),
    N(crl_check_interval, 1, 86400, 5),
    N(tls_session_lifetime, 0, 3600, 300),
    N(idempotency_days, 7, 3650, 7),
    N(audit_retention_days, 1, 36500, 365),
    N(retention_years, 1, 100, 5),
    N(job_interval, 60, 604800, 86400),
    N(berichten_retention_days, 90, 36500, 90),
    N(smtp_timeout, 1, 600, 30),
    N(notify_batch, 1, 1000, 50),
    N(notify_lease_seconds, 10, 86400, 300),
    N(notify_retry_base, 1, 86400, 30),
    N(notify_retry_max, 1, 604800, 3600),
    N(notify_max_attempts, 1, 1000, 5),
    N(notify_poll_ms, 10, 600000, 1000),
#undef N
};

static const struct {
    const char *name;
    size_t offset, size;
    const char *def;
} strings[] = {
#define S(f, d)                                                      \
    {                                                                \
#f, offsetof(rod_config, f), sizeof(((rod_config *)0)->f), d \
    }
    S(listen, "127.0.0.1:8443"),
    S(tls_cert, "var/pki/server-chain.pem"),
    S(tls_key, "var/pki/server.key"),
    S(tls_ca, "var/pki/ca.pem"),
    S(tls_crl, "var/pki/crl.pem"),
    S(db_socket, "var/run/mariadb.sock"),
    S(db_name, "rodgate"),
    S(db_user, "rodgate"),
    S(db_password, ""),
    S(db_password_file, "var/secrets/rodgate.password"),
    S(job_db_user, "rodgate_job"),
    S(job_db_password, ""),
    S(job_db_password_file, "var/secrets/rodgate_job.password"),
    S(postcode_table, "conf/postcode-gemeente.csv"),
    S(brp_file, "conf/brp.csv"),
    S(startkwalificatie_file, "conf/startkwalificaties.csv"),
    S(xsd_dir, "xsd"),
    S(wsdl_file, "wsdl/rod-v1.wsdl"),
    S(log_file, ""),
    S(smtp_url, "smtp://127.0.0.1:2525"),
    S(smtp_from, "rodgate@rodgate.example"),
    S(smtp_starttls, "required"),
    S(smtp_ca_file, "var/pki/ca.pem"),
    S(smtp_user, ""),
    S(smtp_password_file, ""),
    S(mail_domain, "rodgate.example"),
    S(notify_db_user, "rodgate_notify"),
    S(notify_db_password, ""),
    S(notify_db_password_file, "var/secrets/rodgate_notify.password"),
    S(notify_log_file, ""),
    S(metrics_listen, "127.0.0.1:9443"),
#undef S
};

static char dir[64];     /* the suite's temporary folder */
static char present[96]; /* a readable file in it */

static int suite_init(void)
{
    FILE *f;

    snprintf(dir, sizeof dir, "/tmp/rodgate-unit-config-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(present, sizeof present, "%s/rod-v1.xsd", dir); /* also the xsd_dir's schema */
    f = fopen(present, "w");
    if (!f)
        return -1;
    fputs("x\n", f);
    return fclose(f);
}

static int suite_cleanup(void)
{
    char path[128];

    snprintf(path, sizeof path, "%s/test.conf", dir);
    unlink(path);
    unlink(present);
    return rmdir(dir);
}

/* Writes `text` to the suite's test.conf and returns its path. */
static const char *conf_file(const char *text)
{
    static char path[128];
    FILE *f;

    snprintf(path, sizeof path, "%s/test.conf", dir);
    f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    return path;
}

static long number(const rod_config *cfg, size_t offset)
{
    long v;

    memcpy(&v, (const char *)cfg + offset, sizeof v);
    return v;
}

static void test_defaults(void)
{
    rod_config cfg;

    rod_config_defaults(&cfg);
    for (size_t i = 0; i < UT_COUNT(numbers); i++)
        UT_CHECK(number(&cfg, numbers[i].offset) == numbers[i].def, "%s defaults to %ld, not %ld",
                 numbers[i].name, numbers[i].def, number(&cfg, numbers[i].offset));
    for (size_t i = 0; i < UT_COUNT(strings); i++)
        UT_CHECK(strcmp(FIELD(&cfg, strings[i].offset), strings[i].def) == 0, "%s defaults to [%s], not [%s]",
                 strings[i].name, strings[i].def, FIELD(&cfg, strings[i].offset));
}

static void test_numbers_within_bounds(void)
{
    for (size_t i = 0; i < UT_COUNT(numbers); i++) {
        const long inside[] = {numbers[i].min, numbers[i].max, numbers[i].def};

        for (size_t j = 0; j < UT_COUNT(inside); j++) {
            rod_config cfg;
            char set[128], err[256] = "";

            rod_config_defaults(&cfg);
            snprintf(set, sizeof set, "%s=%ld", numbers[i].name, inside[j]);
            UT_CHECK(rod_config_set(&cfg, set, err, sizeof err) == 0, "%s accepted: %s", set, err);
            UT_CHECK(number(&cfg, numbers[i].offset) == inside[j], "%s sets %ld", set,
                     number(&cfg, numbers[i].offset));
        }
    }
}

static void test_numbers_out_of_bounds(void)
{
    for (size_t i = 0; i < UT_COUNT(numbers); i++) {
        const long outside[] = {numbers[i].min - 1, numbers[i].max + 1};

        for (size_t j = 0; j < UT_COUNT(outside); j++) {
            rod_config cfg;
            char set[128], err[256] = "", want[256];

            rod_config_defaults(&cfg);
            snprintf(set, sizeof set, "%s=%ld", numbers[i].name, outside[j]);
            snprintf(want, sizeof want, "%s must be between %ld and %ld, not %ld", numbers[i].name,
                     numbers[i].min, numbers[i].max, outside[j]);
            UT_CHECK(rod_config_set(&cfg, set, err, sizeof err) == -1, "%s refused", set);
            UT_CHECK(strcmp(err, want) == 0, "%s: [%s]", set, err);
            UT_CHECK(number(&cfg, numbers[i].offset) == numbers[i].def, "%s leaves the value as it was", set);

            /* the same from a file: the message after the file and line */
            char text[160], at[700], ferr[512] = "";

            snprintf(text, sizeof text, "# bounds\n\n%s = %ld\n", numbers[i].name, outside[j]);
            const char *path = conf_file(text);

            snprintf(at, sizeof at, "%s:3: %s", path, want);
            UT_CHECK(rod_config_load(&cfg, path, ferr, sizeof ferr) == -1 && strcmp(ferr, at) == 0,
                     "%s from a file: [%s]", set, ferr);
        }
    }
}

static void test_numbers_must_be_whole(void)
{
    static const char *const bad[] = {"", "abc", "8x", "0x10", "1.5", "8 8", "99999999999999999999"};

    for (size_t i = 0; i < UT_COUNT(bad); i++) {
        rod_config cfg;
        char set[128], err[256] = "", want[160];

        rod_config_defaults(&cfg);
        snprintf(set, sizeof set, "workers=%s", bad[i]);
        snprintf(want, sizeof want, "workers must be a whole number, not \"%s\"", bad[i]);
        UT_CHECK(rod_config_set(&cfg, set, err, sizeof err) == -1 && strcmp(err, want) == 0, "[%s]: %s", set,
                 err);
    }
}

static void test_strings_up_to_their_size(void)
{
    for (size_t i = 0; i < UT_COUNT(strings); i++) {
        rod_config cfg;
        char set[1024], err[256] = "", want[128];
        size_t n = strlen(strings[i].name) + 1;

        rod_config_defaults(&cfg);
        memcpy(set, strings[i].name, n - 1);
        set[n - 1] = '=';
        memset(set + n, 'v', strings[i].size - 1); /* the longest that fits */
        set[n + strings[i].size - 1] = '\0';
        UT_CHECK(rod_config_set(&cfg, set, err, sizeof err) == 0, "%s of %zu characters: %s", strings[i].name,
                 strings[i].size - 1, err);
        UT_CHECK(strlen(FIELD(&cfg, strings[i].offset)) == strings[i].size - 1, "%s kept whole",
                 strings[i].name);
        if (n + strings[i].size >= sizeof set)
            continue; /* one more would exceed --set's own limit */
        set[n + strings[i].size - 1] = 'v';
        set[n + strings[i].size] = '\0';
        snprintf(want, sizeof want, "%s is too long (at most %zu characters)", strings[i].name,
                 strings[i].size - 1);
        UT_CHECK(rod_config_set(&cfg, set, err, sizeof err) == -1 && strcmp(err, want) == 0,
                 "%s too long: [%s]", strings[i].name, err);
    }
}

static void test_set_syntax(void)
{
    rod_config cfg;
    char err[256] = "", big[1100];

    rod_config_defaults(&cfg);
    UT_CHECK(rod_config_set(&cfg, "  workers \t=  3 ", err, sizeof err) == 0 && cfg.workers == 3,
             "blanks around key and value: %s", err);
    UT_CHECK(rod_config_set(&cfg, "db_password=a=b", err, sizeof err) == 0 &&
                 strcmp(cfg.db_password, "a=b") == 0,
             "the value runs to the end of the line: [%s]", cfg.db_password);
    UT_CHECK(rod_config_set(&cfg, "log_file=", err, sizeof err) == 0 && cfg.log_file[0] == '\0',
             "an empty string");
    UT_CHECK(rod_config_set(&cfg, "workers", err, sizeof err) == -1 &&
                 strcmp(err, "expected \"key = value\"") == 0,
             "no '=': [%s]", err);
    UT_CHECK(rod_config_set(&cfg, "wokers=3", err, sizeof err) == -1 &&
                 strcmp(err, "unknown setting \"wokers\"") == 0,
             "a misspelt setting: [%s]", err);
    UT_CHECK(rod_config_set(&cfg, "Workers=3", err, sizeof err) == -1, "names are case-sensitive");
    memset(big, 'x', sizeof big);
    memcpy(big, "db_name=", 8);
    big[sizeof big - 1] = '\0';
    UT_CHECK(rod_config_set(&cfg, big, err, sizeof err) == -1 && strcmp(err, "--set value too long") == 0,
             "an override over 1023 characters: [%s]", err);
}

static void test_shipped_file_holds_the_defaults(void)
{
    rod_config loaded, defaults;
    char err[512] = "", text[16384];
    FILE *f = fopen("conf/rodgate.conf", "r");

    UT_CHECK(f != NULL, "conf/rodgate.conf is readable (the runner starts in the repository's top folder)");
    if (!f)
        return;
    size_t n = fread(text, 1, sizeof text - 1, f);

    fclose(f);
    text[n] = '\0';
    rod_config_defaults(&loaded);
    rod_config_defaults(&defaults);
    UT_CHECK(rod_config_load(&loaded, "conf/rodgate.conf", err, sizeof err) == 0, "it loads: %s", err);
    for (size_t i = 0; i < UT_COUNT(numbers); i++) {
        char line[128];

        snprintf(line, sizeof line, "\n%s = %ld\n", numbers[i].name, numbers[i].def);
        UT_CHECK(strstr(text, line) != NULL, "it lists %s = %ld", numbers[i].name, numbers[i].def);
    }
    for (size_t i = 0; i < UT_COUNT(strings); i++) {
        char line[600];

        snprintf(line, sizeof line, strings[i].def[0] ? "\n%s = %s\n" : "\n%s =%s\n", strings[i].name,
                 strings[i].def);
        UT_CHECK(strstr(text, line) != NULL, "it lists %s = %s", strings[i].name, strings[i].def);
    }
    UT_CHECK(memcmp(&loaded, &defaults, sizeof loaded) == 0, "every value in it is the default");
}

static void test_file_errors_name_file_and_line(void)
{
    static const struct {
        const char *text;
        const char *message; /* after "PATH:" */
    } rows[] = {
        {"# comment\n\nworkers = 4\nworkers = 0\n", "4: workers must be between 1 and 256, not 0"},
        {"   \n\t# indented comment\nmax_depth = deep\n",
         "3: max_depth must be a whole number, not \"deep\""},
        {"listen = 127.0.0.1:1\nnonsense = 1\n", "2: unknown setting \"nonsense\""},
        {"workers 4\n", "1: expected \"key = value\""},
        {"db_name = 0123456789012345678901234567890123456789012345678901234567890123\n",
         "1: db_name is too long (at most 63 characters)"},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        rod_config cfg;
        char err[512] = "", want[512];
        const char *path = conf_file(rows[i].text);

        rod_config_defaults(&cfg);
        snprintf(want, sizeof want, "%s:%s", path, rows[i].message);
        UT_CHECK(rod_config_load(&cfg, path, err, sizeof err) == -1, "row %zu refused", i);
        UT_CHECK(strcmp(err, want) == 0, "row %zu: [%s], want [%s]", i, err, want);
    }
}

static void test_file_lines(void)
{
    rod_config cfg;
    char err[512] = "", text[1200], want[256];
    const char *path = conf_file("workers = 4\n  # comment = ignored\nworkers = 5\n\tidle_timeout=7\r\n"
                                 "db_name = last-line-without-newline");

    rod_config_defaults(&cfg);
    UT_CHECK(rod_config_load(&cfg, path, err, sizeof err) == 0, "loads: %s", err);
    UT_CHECK(cfg.workers == 5, "a later line wins: %ld", cfg.workers);
    UT_CHECK(cfg.idle_timeout == 7, "tab, no blanks around '=', CRLF: %ld", cfg.idle_timeout);
    UT_CHECK(strcmp(cfg.db_name, "last-line-without-newline") == 0, "the last line without newline: [%s]",
             cfg.db_name);
    UT_CHECK(cfg.io_threads == 2, "settings not in the file keep their default");

    memset(text, 'x', sizeof text);
    memcpy(text, "workers = 3\n# ", 14);
    memcpy(text + sizeof text - 2, "\n", 2);
    path = conf_file(text);
    snprintf(want, sizeof want, "%s:2: line too long", path);
    UT_CHECK(rod_config_load(&cfg, path, err, sizeof err) == -1 && strcmp(err, want) == 0,
             "a line over 1023: [%s]", err);

    snprintf(want, sizeof want, "%s/missing.conf", dir);
    UT_CHECK(rod_config_load(&cfg, want, err, sizeof err) == -1 && strncmp(err, want, strlen(want)) == 0 &&
                 strstr(err, "No such file") != NULL,
             "a missing file: [%s]", err);
}

/* A configuration whose files all exist: the suite's file, its folder for
 * the XSD. */
static void checkable(rod_config *cfg)
{
    rod_config_defaults(cfg);
    snprintf(cfg->tls_cert, sizeof cfg->tls_cert, "%s", present);
    snprintf(cfg->tls_key, sizeof cfg->tls_key, "%s", present);
    snprintf(cfg->tls_ca, sizeof cfg->tls_ca, "%s", present);
    snprintf(cfg->tls_crl, sizeof cfg->tls_crl, "%s", present);
    snprintf(cfg->postcode_table, sizeof cfg->postcode_table, "%s", present);
    snprintf(cfg->brp_file, sizeof cfg->brp_file, "%s", present);
    snprintf(cfg->startkwalificatie_file, sizeof cfg->startkwalificatie_file, "%s", present);
    snprintf(cfg->wsdl_file, sizeof cfg->wsdl_file, "%s", present);
    snprintf(cfg->xsd_dir, sizeof cfg->xsd_dir, "%s", dir);
}

static void test_check_listen(void)
{
    static const struct {
        const char *listen;
        bool ok;
    } rows[] = {
        {"127.0.0.1:8443", true},   {"localhost:1", true},      {"[::1]:65535", true},
        {"127.0.0.1", false},       {":8443", false},           {"127.0.0.1:", false},
        {"127.0.0.1:0", false},     {"127.0.0.1:65536", false}, {"127.0.0.1:-1", false},
        {"127.0.0.1:https", false},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        rod_config cfg;
        char err[512] = "", want[256];

        checkable(&cfg);
        snprintf(cfg.listen, sizeof cfg.listen, "%s", rows[i].listen);
        snprintf(want, sizeof want, "listen must be host:port, not \"%s\"", rows[i].listen);
        int rc = rod_config_check(&cfg, err, sizeof err);

        if (rows[i].ok)
            UT_CHECK(rc == 0, "listen %s accepted: %s", rows[i].listen, err);
        else
            UT_CHECK(rc == -1 && strcmp(err, want) == 0, "listen %s refused: [%s]", rows[i].listen, err);
    }
}

static void test_check_metrics_listen(void)
{
    static const struct {
        const char *metrics_listen;
        const char *err; /* NULL: accepted */
    } rows[] = {
        {"127.0.0.1:9443", NULL},
        {"", NULL}, /* off */
        {"[::1]:9100", NULL},
        {"127.0.0.1", "metrics_listen must be host:port or empty, not \"127.0.0.1\""},
        {"127.0.0.1:0", "metrics_listen must be host:port or empty, not \"127.0.0.1:0\""},
        {"127.0.0.1:8443", "metrics_listen must differ from listen (127.0.0.1:8443)"},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        rod_config cfg;
        char err[512] = "";

        checkable(&cfg);
        snprintf(cfg.metrics_listen, sizeof cfg.metrics_listen, "%s", rows[i].metrics_listen);
        int rc = rod_config_check(&cfg, err, sizeof err);

        if (!rows[i].err)
            UT_CHECK(rc == 0, "metrics_listen \"%s\" accepted: %s", rows[i].metrics_listen, err);
        else
            UT_CHECK(rc == -1 && strcmp(err, rows[i].err) == 0, "metrics_listen %s refused: [%s]",
                     rows[i].metrics_listen, err);
    }
}

static void test_check_timeouts(void)
{
    rod_config cfg;
    char err[512] = "";

    checkable(&cfg);
    UT_CHECK(rod_config_check(&cfg, err, sizeof err) == 0, "the defaults with files that exist pass: %s",
             err);
    cfg.header_timeout = cfg.request_timeout;
    UT_CHECK(rod_config_check(&cfg, err, sizeof err) == 0, "header_timeout equal to request_timeout: %s",
             err);
    cfg.header_timeout = cfg.request_timeout + 1;
    UT_CHECK(rod_config_check(&cfg, err, sizeof err) == -1 &&
                 strcmp(err, "header_timeout (61) exceeds request_timeout (60)") == 0,
             "header_timeout over request_timeout: [%s]", err);
}

static void test_check_namespace_limits(void)
{
    static const char want[] =
        "max_ns_per_element (%ld) exceeds max_attributes (%ld) or max_ns_per_document (%ld)";
    rod_config cfg;
    char err[512] = "", msg[256];

    checkable(&cfg);
    cfg.max_ns_per_element = cfg.max_attributes = cfg.max_ns_per_document = 10;
    UT_CHECK(rod_config_check(&cfg, err, sizeof err) == 0, "all three equal: %s", err);
    cfg.max_attributes = 9;
    snprintf(msg, sizeof msg, want, 10L, 9L, 10L);
    UT_CHECK(rod_config_check(&cfg, err, sizeof err) == -1 && strcmp(err, msg) == 0,
             "more namespace declarations than attributes: [%s]", err);
    cfg.max_attributes = 10;
    cfg.max_ns_per_document = 9;
    snprintf(msg, sizeof msg, want, 10L, 10L, 9L);
    UT_CHECK(rod_config_check(&cfg, err, sizeof err) == -1 && strcmp(err, msg) == 0,
             "more per element than per document: [%s]", err);
}

static void test_check_files(void)
{
    static const char *const names[] = {
        "tls_cert", "tls_key", "tls_ca", "tls_crl", "postcode_table", "brp_file", "startkwalificatie_file",
        "wsdl_file"};
    char missing[128];

    snprintf(missing, sizeof missing, "%s/missing", dir);
    for (size_t i = 0; i < UT_COUNT(names); i++) {
        rod_config cfg;
        char set[256], err[512] = "", want[256];

        checkable(&cfg);
        snprintf(set, sizeof set, "%s=%s", names[i], missing);
        UT_CHECK(rod_config_set(&cfg, set, err, sizeof err) == 0, "%s", set);
        snprintf(want, sizeof want, "%s: cannot read \"%s\": No such file or directory", names[i], missing);
        UT_CHECK(rod_config_check(&cfg, err, sizeof err) == -1 && strcmp(err, want) == 0, "%s missing: [%s]",
                 names[i], err);
    }
    rod_config cfg;
    char err[512] = "", want[256];

    checkable(&cfg);
    snprintf(cfg.xsd_dir, sizeof cfg.xsd_dir, "%s", missing);
    snprintf(want, sizeof want, "xsd_dir: cannot read \"%s/rod-v1.xsd\": No such file or directory", missing);
    UT_CHECK(rod_config_check(&cfg, err, sizeof err) == -1 && strcmp(err, want) == 0,
             "an xsd_dir without rod-v1.xsd: [%s]", err);
}

static void test_check_passwords_and_retention(void)
{
    rod_config cfg;
    char err[512] = "";

    checkable(&cfg);
    UT_CHECK(rod_config_check(&cfg, err, sizeof err) == 0, "the defaults pass: [%s]", err);
    snprintf(cfg.db_password, sizeof cfg.db_password, "geheim");
    UT_CHECK(rod_config_check(&cfg, err, sizeof err) == -1 &&
                 strcmp(err, "db_password and db_password_file are both set: keep one") == 0,
             "a password and a password file: [%s]", err);
    cfg.db_password_file[0] = '\0';
    UT_CHECK(rod_config_check(&cfg, err, sizeof err) == 0, "a password alone: [%s]", err);
    checkable(&cfg);
    snprintf(cfg.job_db_password, sizeof cfg.job_db_password, "geheim");
    UT_CHECK(rod_config_check(&cfg, err, sizeof err) == -1 && strstr(err, "job_db_password and") == err,
             "the job's password and file: [%s]", err);
    checkable(&cfg);
    cfg.idempotency_days = 1826;
    cfg.retention_years = 5;
    UT_CHECK(rod_config_check(&cfg, err, sizeof err) == -1 &&
                 strcmp(err, "idempotency_days (1826) exceeds retention_years (5) of 365 days") == 0,
             "stored responses outliving the pupil's data: [%s]", err);
    cfg.idempotency_days = 1825;
    UT_CHECK(rod_config_check(&cfg, err, sizeof err) == 0, "1825 days in 5 years: [%s]", err);
}

/* Writes a password file of `mode` and returns its path. */
static const char *secret_file(const char *text, mode_t mode)
{
    static char path[128];
    FILE *f;

    snprintf(path, sizeof path, "%s/secret", dir);
    unlink(path);
    f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    chmod(path, mode);
    return path;
}

static void test_read_secrets(void)
{
    rod_config cfg;
    char err[512] = "", want[512];
    const char *path = secret_file("s3cr3t\nnot this line\n", 0600);

    rod_config_defaults(&cfg);
    snprintf(cfg.db_password_file, sizeof cfg.db_password_file, "%s", path);
    snprintf(cfg.job_db_password_file, sizeof cfg.job_db_password_file, "%s", path);
    UT_CHECK(rod_config_read_secrets(&cfg, err, sizeof err) == 0, "a file of mode 0600: [%s]", err);
    UT_CHECK(strcmp(cfg.db_password, "s3cr3t") == 0 && strcmp(cfg.job_db_password, "s3cr3t") == 0,
             "its first line is the password: [%s] [%s]", cfg.db_password, cfg.job_db_password);

    secret_file("s3cr3t\n", 0640);
    snprintf(want, sizeof want, "db_password_file: \"%s\" may be read by others (mode 640): chmod 600 it",
             path);
    UT_CHECK(rod_config_read_secrets(&cfg, err, sizeof err) == -1 && strcmp(err, want) == 0,
             "a file the group may read: [%s]", err);

    secret_file("\n", 0600);
    UT_CHECK(rod_config_read_secrets(&cfg, err, sizeof err) == -1 && strstr(err, "must hold the password"),
             "an empty first line: [%s]", err);

    unlink(path);
    snprintf(want, sizeof want, "db_password_file: cannot read \"%s\": No such file or directory", path);
    UT_CHECK(rod_config_read_secrets(&cfg, err, sizeof err) == -1 && strcmp(err, want) == 0,
             "a missing file: [%s]", err);

    rod_config_defaults(&cfg);
    cfg.db_password_file[0] = cfg.job_db_password_file[0] = '\0';
    snprintf(cfg.db_password, sizeof cfg.db_password, "direct");
    UT_CHECK(rod_config_read_secrets(&cfg, err, sizeof err) == 0 && strcmp(cfg.db_password, "direct") == 0,
             "no file: the password as set");
}

/* rodgate-notify's checks: each setting that would send in clear text,
 * from a wrong sender, or past its claim is refused with its name. */
static void test_check_notify(void)
{
    static const struct {
        const char *set;
        const char *want; /* NULL: accepted */
    } rows[] = {
        {"smtp_url=smtps://mail.example:465", NULL},
        {"smtp_url=http://mail.example",
         "smtp_url must start with smtp:// or smtps://, not \"http://mail.example\""},
        {"smtp_starttls=optional", "smtp_starttls must be \"required\", not \"optional\""},
        {"smtp_starttls=", "smtp_starttls must be \"required\", not \"\""},
        {"smtp_from=rodgate", "smtp_from must be one e-mail address (name@domain), not \"rodgate\""},
        {"smtp_from=a@b>\r\nRCPT TO:<x@y", "smtp_from must be one e-mail address (name@domain), not "
                                           "\"a@b>\r\nRCPT TO:<x@y\""},
        {"mail_domain=", "mail_domain must be a domain name, not \"\""},
        {"mail_domain=a b", "mail_domain must be a domain name, not \"a b\""},
        {"notify_retry_base=3601", "notify_retry_base (3601) exceeds notify_retry_max (3600)"},
        {"notify_lease_seconds=119",
         "notify_lease_seconds (119) must be at least four times smtp_timeout (30)"},
        {"notify_lease_seconds=120", NULL},
        {"notify_db_password=x", "notify_db_password and notify_db_password_file are both set: keep one"},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        rod_config cfg;
        char err[512] = "";

        rod_config_defaults(&cfg);
        snprintf(cfg.smtp_ca_file, sizeof cfg.smtp_ca_file, "%s", present);
        UT_CHECK(rod_config_set(&cfg, rows[i].set, err, sizeof err) == 0, "%s: %s", rows[i].set, err);
        int rc = rod_config_check_notify(&cfg, err, sizeof err);
        if (!rows[i].want)
            UT_CHECK(rc == 0, "%s accepted: %s", rows[i].set, err);
        else
            UT_CHECK(rc == -1 && strcmp(err, rows[i].want) == 0, "%s refused: [%s]", rows[i].set, err);
    }

    rod_config cfg;
    char err[512] = "", want[256];
    rod_config_defaults(&cfg);
    snprintf(cfg.smtp_ca_file, sizeof cfg.smtp_ca_file, "%s/missing", dir);
    snprintf(want, sizeof want, "smtp_ca_file: cannot read \"%s/missing\": No such file or directory", dir);
    UT_CHECK(rod_config_check_notify(&cfg, err, sizeof err) == -1 && strcmp(err, want) == 0,
             "a missing smtp_ca_file: [%s]", err);
    cfg.smtp_ca_file[0] = '\0'; /* the system's CAs */
    UT_CHECK(rod_config_check_notify(&cfg, err, sizeof err) == 0, "no smtp_ca_file: %s", err);
    snprintf(cfg.smtp_user, sizeof cfg.smtp_user, "rodgate");
    snprintf(want, sizeof want, "smtp_password_file: cannot read \"\": No such file or directory");
    UT_CHECK(rod_config_check_notify(&cfg, err, sizeof err) == -1 && strcmp(err, want) == 0,
             "smtp_user without a password file: [%s]", err);
    snprintf(cfg.smtp_password_file, sizeof cfg.smtp_password_file, "%s", present);
    UT_CHECK(rod_config_check_notify(&cfg, err, sizeof err) == 0, "smtp_user with a password file: %s", err);
}

/* rod_config_from_args: --config's file, then each --set in order; the
 * other arguments stay, in their order. */
static void test_command_line(void)
{
    static rod_config cfg;
    char err[1200] = "";
    char file[128];
    snprintf(file, sizeof file, "%s", conf_file("workers = 3\nio_threads = 2\n"));
    char a0[] = "rodgate", a1[] = "--check-config", a2[] = "--config", a4[] = "--set", a5[] = "workers=5",
         a6[] = "--drain", a7[] = "--set", a8[] = "workers=6", a9[] = "--set";
    char *argv[] = {a0, a1, a2, file, a4, a5, a6, a7, a8, a9, NULL};
    int argc = 10;
    const char *path = NULL;
    UT_CHECK(rod_config_from_args(&cfg, &argc, argv, &path, err, sizeof err) == 0, "accepted: %s", err);
    UT_CHECK(path && strcmp(path, file) == 0, "--config names the file: %s", path ? path : "(null)");
    UT_CHECK(cfg.workers == 6 && cfg.io_threads == 2, "the file, then the --set in order: workers %ld",
             cfg.workers);
    UT_CHECK(argc == 4 && argv[0] == a0 && argv[1] == a1 && argv[2] == a6 && argv[3] == a9,
             "the other arguments stay in order, a --set without a value among them (argc %d)", argc);

    char b1[] = "--set", b2[] = "bogus=1";
    char *bad[] = {a0, b1, b2, NULL};
    argc = 3;
    UT_CHECK(rod_config_from_args(&cfg, &argc, bad, &path, err, sizeof err) == -1 &&
                 strcmp(err, "--set: unknown setting \"bogus\"") == 0,
             "a bad --set: [%s]", err);

    char *plain[] = {a0, NULL};
    argc = 1;
    UT_CHECK(rod_config_from_args(&cfg, &argc, plain, &path, err, sizeof err) == 0 &&
                 strcmp(path, "conf/rodgate.conf") == 0 && argc == 1 && cfg.workers == 8,
             "without --config: conf/rodgate.conf: %s", err);

    char missing[160];
    snprintf(missing, sizeof missing, "%s/absent.conf", dir);
    char *absent[] = {a0, a2, missing, NULL};
    argc = 3;
    UT_CHECK(rod_config_from_args(&cfg, &argc, absent, &path, err, sizeof err) == -1 && strstr(err, missing),
             "a missing file is named: [%s]", err);
}

void test_config_register(void)
{
    static const ut_test tests[] = {
        {"defaults", test_defaults},
        {"numbers within bounds", test_numbers_within_bounds},
        {"numbers out of bounds", test_numbers_out_of_bounds},
        {"numbers must be whole", test_numbers_must_be_whole},
        {"strings up to their size", test_strings_up_to_their_size},
        {"--set syntax", test_set_syntax},
        {"conf/rodgate.conf holds the defaults", test_shipped_file_holds_the_defaults},
        {"file errors name file and line", test_file_errors_name_file_and_line},
        {"file lines", test_file_lines},
        {"check: listen", test_check_listen},
        {"check: metrics_listen, host:port or empty, not the contract's", test_check_metrics_listen},
        {"check: timeouts", test_check_timeouts},
        {"check: namespace limits", test_check_namespace_limits},
        {"check: files", test_check_files},
        {"check: passwords and retention", test_check_passwords_and_retention},
        {"password files", test_read_secrets},
        {"check: notify", test_check_notify},
        {"command line: --config and --set", test_command_line},
    };

    ut_register_suite_with("config/config", suite_init, suite_cleanup, tests, UT_COUNT(tests));
}
