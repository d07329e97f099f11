/* Table-driven configuration: each setting has a name, a type, bounds and a
 * target field; a bad line is reported with its file and line number. */
#include "config/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/mail_address.h"

typedef enum { SET_STR, SET_LONG } setting_type;

typedef struct {
    const char *name;
    setting_type type;
    size_t offset;
    size_t size;   /* for strings: buffer size */
    long min, max; /* for numbers */
    const char *def;
} setting;

#define STR(field, def)                                                                           \
    {                                                                                             \
#field, SET_STR, offsetof(rod_config, field), sizeof(((rod_config *)0)->field), 0, 0, def \
    }
#define NUM(field, lo, hi, def)                                        \
    {                                                                  \
#field, SET_LONG, offsetof(rod_config, field), 0, lo, hi, #def \
    }

static const setting settings[] = {
    STR(listen, "127.0.0.1:8443"),
    NUM(io_threads, 1, 64, 2),
    NUM(workers, 1, 256, 8),
    NUM(large_request_bytes, 1024, 1073741824L, 1048576),
    NUM(large_workers, 1, 256, 2),
    NUM(max_connections, 1, 100000, 1024),
    NUM(max_pending_per_address, 1, 100000, 64),
    NUM(max_body, 1024, 1073741824L, 20971520),
    NUM(max_header, 1024, 1048576, 16384),
    NUM(max_depth, 8, 1000, 64),
    NUM(max_attributes, 1, 100000, 64),
    NUM(max_ns_per_element, 1, 100000, 32),
    NUM(max_ns_per_document, 1, 100000, 64),
    NUM(max_nodes, 1000, 100000000L, 400000),
    /* libxml2 without XML_PARSE_HUGE stops at names of 50,000 and texts of
     * 10,000,000 bytes itself */
    NUM(max_name_bytes, 16, 50000, 1000),
    NUM(max_text_bytes, 1024, 10000000, 10000000),
    NUM(handshake_timeout, 1, 3600, 5),
    NUM(header_timeout, 1, 3600, 10),
    NUM(request_timeout, 1, 3600, 60),
    NUM(idle_timeout, 1, 3600, 60),
    NUM(lingering_time, 0, 3600, 30),
    NUM(lingering_timeout, 1, 3600, 5),
    NUM(lingering_bytes, 0, 1073741824L, 25165824),
    NUM(max_keepalive, 1, 100000000L, 1000000),
    STR(tls_cert, "var/pki/server-chain.pem"),
    STR(tls_key, "var/pki/server.key"),
    STR(tls_ca, "var/pki/ca.pem"),
    STR(tls_crl, "var/pki/crl.pem"),
    NUM(crl_check_interval, 1, 86400, 5),
    NUM(tls_session_lifetime, 0, 3600, 300),
    STR(db_socket, "var/run/mariadb.sock"),
    STR(db_nodes, ""),
    NUM(db_timeout, 1, 3600, 30),
    STR(db_name, "rodgate"),
    STR(db_user, "rodgate"),
    STR(db_password, ""),
    STR(db_password_file, "var/secrets/rodgate.password"),
    STR(job_db_user, "rodgate_job"),
    STR(job_db_password, ""),
    STR(job_db_password_file, "var/secrets/rodgate_job.password"),
    STR(postcode_table, "conf/postcode-gemeente.csv"),
    STR(brp_file, "conf/brp.csv"),
    STR(startkwalificatie_file, "conf/startkwalificaties.csv"),
    STR(xsd_dir, "xsd"),
    STR(wsdl_file, "wsdl/rod-v1.wsdl"),
    STR(log_file, ""),
    NUM(refusal_log_interval, 1, 86400, 60),
    NUM(refusal_log_burst, 0, 100000, 20),
    NUM(idempotency_days, 7, 3650, 7),
    NUM(audit_retention_days, 1, 36500, 365),
    NUM(retention_years, 1, 100, 5),
    NUM(job_interval, 60, 604800, 86400),
    /* spec 9.3: the overview of sent messages lists at least 90 days */
    NUM(berichten_retention_days, 90, 36500, 90),
    STR(smtp_url, "smtp://127.0.0.1:2525"),
    STR(smtp_from, "rodgate@rodgate.example"),
    STR(smtp_starttls, "required"),
    STR(smtp_ca_file, "var/pki/ca.pem"),
    STR(smtp_user, ""),
    STR(smtp_password_file, ""),
    NUM(smtp_timeout, 1, 600, 30),
    STR(mail_domain, "rodgate.example"),
    NUM(notify_batch, 1, 1000, 50),
    NUM(notify_lease_seconds, 10, 86400, 300),
    NUM(notify_retry_base, 1, 86400, 30),
    NUM(notify_retry_max, 1, 604800, 3600),
    NUM(notify_max_attempts, 1, 1000, 5),
    NUM(notify_poll_ms, 10, 600000, 1000),
    STR(notify_db_user, "rodgate_notify"),
    STR(notify_db_password, ""),
    STR(notify_db_password_file, "var/secrets/rodgate_notify.password"),
    STR(notify_log_file, ""),
    STR(metrics_listen, "127.0.0.1:9443"),
};

#define NSETTINGS (sizeof settings / sizeof settings[0])

static const setting *find_setting(const char *name)
{
    for (size_t i = 0; i < NSETTINGS; i++)
        if (strcmp(settings[i].name, name) == 0)
            return &settings[i];
    return NULL;
}

static int apply(rod_config *cfg, const setting *s, const char *value, char *err, size_t errlen)
{
    char *field = (char *)cfg + s->offset;
    if (s->type == SET_STR) {
        if (strlen(value) >= s->size) {
            snprintf(err, errlen, "%s is too long (at most %zu characters)", s->name, s->size - 1);
            return -1;
        }
        memcpy(field, value, strlen(value) + 1);
        return 0;
    }
    char *end;
    errno = 0;
    long v = strtol(value, &end, 10);
    if (errno || end == value || *end != '\0') {
        snprintf(err, errlen, "%s must be a whole number, not \"%s\"", s->name, value);
        return -1;
    }
    if (v < s->min || v > s->max) {
        snprintf(err, errlen, "%s must be between %ld and %ld, not %ld", s->name, s->min, s->max, v);
        return -1;
    }
    memcpy(field, &v, sizeof v);
    return 0;
}

void rod_config_defaults(rod_config *cfg)
{
    char err[256];
    memset(cfg, 0, sizeof *cfg);
    for (size_t i = 0; i < NSETTINGS; i++)
        (void)apply(cfg, &settings[i], settings[i].def, err, sizeof err);
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = '\0';
    return s;
}

static int set_line(rod_config *cfg, char *line, char *err, size_t errlen)
{
    char *eq = strchr(line, '=');
    if (!eq) {
        snprintf(err, errlen, "expected \"key = value\"");
        return -1;
    }
    *eq = '\0';
    char *key = trim(line), *value = trim(eq + 1);
    const setting *s = find_setting(key);
    if (!s) {
        snprintf(err, errlen, "unknown setting \"%s\"", key);
        return -1;
    }
    return apply(cfg, s, value, err, errlen);
}

int rod_config_load(rod_config *cfg, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    char line[1024], msg[512];
    int lineno = 0, rc = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        if (!strchr(line, '\n') && !feof(f)) {
            snprintf(err, errlen, "%s:%d: line too long", path, lineno);
            rc = -1;
            break;
        }
        char *t = trim(line);
        if (*t == '\0' || *t == '#')
            continue;
        if (set_line(cfg, t, msg, sizeof msg) != 0) {
            snprintf(err, errlen, "%s:%d: %s", path, lineno, msg);
            rc = -1;
            break;
        }
    }
    fclose(f);
    return rc;
}

int rod_config_set(rod_config *cfg, const char *assignment, char *err, size_t errlen)
{
    char buf[1024];
    if (strlen(assignment) >= sizeof buf) {
        snprintf(err, errlen, "--set value too long");
        return -1;
    }
    strcpy(buf, assignment);
    return set_line(cfg, buf, err, errlen);
}

int rod_config_from_args(rod_config *cfg, int *argc, char **argv, const char **path, char *err, size_t errlen)
{
    *path = "conf/rodgate.conf";
    for (int i = 1; i < *argc; i++)
        if (!strcmp(argv[i], "--config") && i + 1 < *argc)
            *path = argv[++i];
    rod_config_defaults(cfg);
    if (rod_config_load(cfg, *path, err, errlen) != 0)
        return -1;
    int rest = 1;
    for (int i = 1; i < *argc; i++) {
        if (!strcmp(argv[i], "--config")) {
            i++;
        } else if (!strcmp(argv[i], "--set") && i + 1 < *argc) {
            char why[1024];
            if (rod_config_set(cfg, argv[++i], why, sizeof why) != 0) {
                snprintf(err, errlen, "--set: %s", why);
                return -1;
            }
        } else {
            argv[rest++] = argv[i];
        }
    }
    *argc = rest;
    return 0;
}

static int readable(const char *name, const char *path, char *err, size_t errlen)
{
    if (access(path, R_OK) != 0) {
        snprintf(err, errlen, "%s: cannot read \"%s\": %s", name, path, strerror(errno));
        return -1;
    }
    return 0;
}

int rod_config_check(const rod_config *cfg, char *err, size_t errlen)
{
    const char *colon = strrchr(cfg->listen, ':');
    if (!colon || colon == cfg->listen || atoi(colon + 1) <= 0 || atoi(colon + 1) > 65535) {
        snprintf(err, errlen, "listen must be host:port, not \"%s\"", cfg->listen);
        return -1;
    }
    if (cfg->large_workers > cfg->workers) {
        snprintf(err, errlen, "large_workers (%ld) exceeds workers (%ld)", cfg->large_workers, cfg->workers);
        return -1;
    }
    if (cfg->metrics_listen[0]) {
        const char *mc = strrchr(cfg->metrics_listen, ':');
        if (!mc || mc == cfg->metrics_listen || atoi(mc + 1) <= 0 || atoi(mc + 1) > 65535) {
            snprintf(err, errlen, "metrics_listen must be host:port or empty, not \"%s\"",
                     cfg->metrics_listen);
            return -1;
        }
        if (strcmp(cfg->metrics_listen, cfg->listen) == 0) {
            snprintf(err, errlen, "metrics_listen must differ from listen (%s)", cfg->listen);
            return -1;
        }
    }
    if (cfg->header_timeout > cfg->request_timeout) {
        snprintf(err, errlen, "header_timeout (%ld) exceeds request_timeout (%ld)", cfg->header_timeout,
                 cfg->request_timeout);
        return -1;
    }
    if (cfg->max_ns_per_element > cfg->max_attributes || cfg->max_ns_per_element > cfg->max_ns_per_document) {
        snprintf(err, errlen,
                 "max_ns_per_element (%ld) exceeds max_attributes (%ld) or max_ns_per_document (%ld)",
                 cfg->max_ns_per_element, cfg->max_attributes, cfg->max_ns_per_document);
        return -1;
    }
    if (readable("tls_cert", cfg->tls_cert, err, errlen) || readable("tls_key", cfg->tls_key, err, errlen) ||
        readable("tls_ca", cfg->tls_ca, err, errlen) || readable("tls_crl", cfg->tls_crl, err, errlen) ||
        readable("postcode_table", cfg->postcode_table, err, errlen) ||
        readable("brp_file", cfg->brp_file, err, errlen) ||
        readable("startkwalificatie_file", cfg->startkwalificatie_file, err, errlen) ||
        readable("wsdl_file", cfg->wsdl_file, err, errlen))
        return -1;
    char xsd[600];
    snprintf(xsd, sizeof xsd, "%s/rod-v1.xsd", cfg->xsd_dir);
    if (readable("xsd_dir", xsd, err, errlen))
        return -1;
    if ((cfg->db_password[0] && cfg->db_password_file[0]) ||
        (cfg->job_db_password[0] && cfg->job_db_password_file[0])) {
        snprintf(err, errlen, "%s",
                 cfg->db_password[0] && cfg->db_password_file[0]
                     ? "db_password and db_password_file are both set: keep one"
                     : "job_db_password and job_db_password_file are both set: keep one");
        return -1;
    }
    /* a stored response holds the pupil's data: it must not outlive them */
    if (cfg->idempotency_days > cfg->retention_years * 365) {
        snprintf(err, errlen, "idempotency_days (%ld) exceeds retention_years (%ld) of 365 days",
                 cfg->idempotency_days, cfg->retention_years);
        return -1;
    }
    return 0;
}

/* The first line of `path` (without its line end) into out[cap]. */
static int read_secret(const char *name, const char *path, char *out, size_t cap, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: cannot read \"%s\": %s", name, path, strerror(errno));
        return -1;
    }
    struct stat st;
    char line[256] = "";
    int rc = -1;
    if (fstat(fileno(f), &st) != 0) {
        snprintf(err, errlen, "%s: cannot read \"%s\": %s", name, path, strerror(errno));
    } else if (st.st_mode & 077) {
        snprintf(err, errlen, "%s: \"%s\" may be read by others (mode %03o): chmod 600 it", name, path,
                 (unsigned)(st.st_mode & 0777));
    } else {
        if (fgets(line, sizeof line, f))
            line[strcspn(line, "\r\n")] = '\0';
        size_t len = strlen(line);
        if (len == 0 || len >= cap || len == sizeof line - 1) {
            snprintf(err, errlen, "%s: \"%s\" must hold the password on its first line (1 to %zu characters)",
                     name, path, cap - 1);
        } else {
            memcpy(out, line, len + 1);
            rc = 0;
        }
    }
    fclose(f);
    return rc;
}

int rod_config_read_secrets(rod_config *cfg, char *err, size_t errlen)
{
    if (cfg->db_password_file[0] && read_secret("db_password_file", cfg->db_password_file, cfg->db_password,
                                                sizeof cfg->db_password, err, errlen) != 0)
        return -1;
    if (cfg->job_db_password_file[0] &&
        read_secret("job_db_password_file", cfg->job_db_password_file, cfg->job_db_password,
                    sizeof cfg->job_db_password, err, errlen) != 0)
        return -1;
    return 0;
}

int rod_config_read_notify_secrets(rod_config *cfg, char *err, size_t errlen)
{
    if (cfg->notify_db_password_file[0] &&
        read_secret("notify_db_password_file", cfg->notify_db_password_file, cfg->notify_db_password,
                    sizeof cfg->notify_db_password, err, errlen) != 0)
        return -1;
    if (cfg->smtp_user[0] && read_secret("smtp_password_file", cfg->smtp_password_file, cfg->smtp_password,
                                         sizeof cfg->smtp_password, err, errlen) != 0)
        return -1;
    return 0;
}

int rod_config_check_notify(const rod_config *cfg, char *err, size_t errlen)
{
    if (cfg->notify_db_password[0] && cfg->notify_db_password_file[0]) {
        snprintf(err, errlen, "notify_db_password and notify_db_password_file are both set: keep one");
        return -1;
    }
    bool implicit_tls = strncmp(cfg->smtp_url, "smtps://", 8) == 0;
    if (!implicit_tls && strncmp(cfg->smtp_url, "smtp://", 7) != 0) {
        snprintf(err, errlen, "smtp_url must start with smtp:// or smtps://, not \"%s\"", cfg->smtp_url);
        return -1;
    }
    /* e-mail leaves the register: never in clear text (docs/notifications.md) */
    if (strcmp(cfg->smtp_starttls, "required") != 0) {
        snprintf(err, errlen, "smtp_starttls must be \"required\", not \"%s\"", cfg->smtp_starttls);
        return -1;
    }
    if (!rod_mail_address_ok(cfg->smtp_from)) {
        snprintf(err, errlen, "smtp_from must be one e-mail address (name@domain), not \"%s\"",
                 cfg->smtp_from);
        return -1;
    }
    if (!cfg->mail_domain[0] || strpbrk(cfg->mail_domain, " <>@\t\r\n")) {
        snprintf(err, errlen, "mail_domain must be a domain name, not \"%s\"", cfg->mail_domain);
        return -1;
    }
    if (cfg->smtp_ca_file[0] && readable("smtp_ca_file", cfg->smtp_ca_file, err, errlen))
        return -1;
    if (cfg->smtp_user[0] && readable("smtp_password_file", cfg->smtp_password_file, err, errlen))
        return -1;
    if (cfg->notify_retry_base > cfg->notify_retry_max) {
        snprintf(err, errlen, "notify_retry_base (%ld) exceeds notify_retry_max (%ld)",
                 cfg->notify_retry_base, cfg->notify_retry_max);
        return -1;
    }
    /* a message is only begun when it can end within the claim: one
     * attempt takes at most twice smtp_timeout (notify/sender.c) */
    if (cfg->notify_lease_seconds < 4 * cfg->smtp_timeout) {
        snprintf(err, errlen, "notify_lease_seconds (%ld) must be at least four times smtp_timeout (%ld)",
                 cfg->notify_lease_seconds, cfg->smtp_timeout);
        return -1;
    }
    return 0;
}
