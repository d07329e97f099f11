/* The gateway's configuration: one table of settings, loaded from a file of
 * `key = value` lines, overridable with --set, and checked as a whole. */
#ifndef ROD_CONFIG_CONFIG_H
#define ROD_CONFIG_CONFIG_H

#include <stddef.h>

typedef struct {
    char listen[128]; /* host:port */
    long io_threads;  /* TLS/HTTP event loops */
    long workers;     /* request workers, each with its own DB connection */
    /* requests with a body of at least large_request_bytes wait in their own
     * queue, served by at most large_workers workers at a time */
    long large_request_bytes;
    long large_workers;
    long max_connections;
    long max_pending_per_address; /* connections of one address (IPv6: /64) without a complete request */
    long max_body;                /* bytes */
    long max_header;              /* bytes of request line + headers */
    long max_depth;               /* XML element nesting */
    /* XML parse limits, checked by a pre-scan before libxml2 (xml/prescan.h) */
    long max_attributes;      /* per element, namespace declarations included */
    long max_ns_per_element;  /* namespace declarations of one element */
    long max_ns_per_document; /* namespace declarations of one request */
    long max_nodes;           /* elements, attributes, comments, PIs, CDATA sections */
    long max_name_bytes;      /* one element or attribute name */
    long max_text_bytes;      /* one text, attribute value, comment, PI or CDATA section */
    long handshake_timeout;   /* seconds from accept to a finished TLS handshake */
    long header_timeout;      /* seconds from a request's first byte, or the handshake for the first */
    long request_timeout;     /* seconds from a request's first byte */
    long idle_timeout;        /* seconds a keep-alive connection may idle */
    /* after a refusal whose body was not read: seconds the input is still
     * read and discarded in all (0: close at once), and at most between two
     * reads, so the client reads the answer instead of a reset; and at
     * most lingering_bytes discarded, so a client cannot make the gateway
     * read an endless body after all */
    long lingering_time;
    long lingering_timeout;
    long lingering_bytes;
    long max_keepalive; /* requests per connection */
    char tls_cert[512];
    char tls_key[512];
    char tls_ca[512];
    char tls_crl[512];
    long crl_check_interval; /* seconds between CRL file checks */
    /* seconds a TLS session ticket may be resumed (0: no resumption) */
    long tls_session_lifetime;
    char db_socket[512];
    /* a Galera cluster: its nodes in the order to try, comma-separated Unix
     * sockets or host:port; empty means db_socket alone (store/db_node.h) */
    char db_nodes[2048];
    long db_timeout; /* seconds a database read or write may take */
    char db_name[64];
    char db_user[64];      /* the gateway's account (sql/grants.sql) */
    char db_password[128]; /* or, when empty, read from db_password_file */
    char db_password_file[512];
    char job_db_user[64]; /* the retention jobs' account */
    char job_db_password[128];
    char job_db_password_file[512];
    char postcode_table[512];
    char brp_file[512];               /* BRP extract (spec 9.5), reloaded on SIGHUP */
    char startkwalificatie_file[512]; /* startkwalificaties (spec 9.5), idem */
    char xsd_dir[512];
    char wsdl_file[512];
    char log_file[512];            /* empty: standard error */
    long refusal_log_interval;     /* seconds: window of the refusal log limit */
    long refusal_log_burst;        /* refusal lines per reason per window */
    long idempotency_days;         /* stored responses older than this are purged */
    long audit_retention_days;     /* audit rows older than this are purged */
    long retention_years;          /* a pupil's data, after the last inschrijving ended */
    long job_interval;             /* seconds between runs of the retention jobs */
    long berichten_retention_days; /* bericht_metadata (OpvragenBerichten), at least 90 */
    /* rodgate-notify (src/notify/, docs/notifications.md) */
    char smtp_url[512];                /* smtp://host:port (STARTTLS) or smtps://host:port */
    char smtp_from[254];               /* envelope sender and From header */
    char smtp_starttls[16];            /* "required": the only accepted value for smtp:// */
    char smtp_ca_file[512];            /* CA of the SMTP server's certificate; empty: the system's */
    char smtp_user[128];               /* empty: no SMTP AUTH */
    char smtp_password_file[512];      /* the SMTP password, first line of this file */
    long smtp_timeout;                 /* seconds for one message, connect to QUIT */
    char mail_domain[200];             /* right-hand side of Message-ID <notificatie-ID@domain> */
    long notify_batch;                 /* rows claimed at once */
    long notify_lease_seconds;         /* a claim expires after this (a crashed sender's rows come back) */
    long notify_retry_base;            /* seconds before the first retry; doubled per attempt */
    long notify_retry_max;             /* seconds: the longest wait between attempts */
    long notify_max_attempts;          /* permanent refusals (5xx) before a row is marked mislukt */
    long notify_poll_ms;               /* wait when nothing is due */
    char notify_db_user[64];           /* empty: db_user */
    char notify_db_password[128];      /* with notify_db_user; or: */
    char notify_db_password_file[512]; /* its first line */
    char smtp_password[256];           /* not a setting: read from smtp_password_file */
    char notify_log_file[512];         /* the sender's log; empty: standard error */
    char metrics_listen[128];          /* host:port of /metrics, /health, /ready; empty: none */
} rod_config;

/* Fills `cfg` with the defaults. */
void rod_config_defaults(rod_config *cfg);

/* Reads `path` into cfg. Returns 0, or -1 with a message in err naming the
 * file, line and setting. */
int rod_config_load(rod_config *cfg, const char *path, char *err, size_t errlen);

/* Applies one "key=value" override. Returns 0 or -1 with err. */
int rod_config_set(rod_config *cfg, const char *assignment, char *err, size_t errlen);

/* The command line's part of the configuration, as rodgate and
 * rodgate-notify take it: the defaults, then the file of --config FILE
 * (*path; default conf/rodgate.conf), then each --set key=value in order.
 * The other arguments stay in argv[1..*argc-1] (argv[0] and their order
 * kept; a --set without its value among them). Returns 0, or -1 with err
 * (a --set's message begins with "--set: "). */
int rod_config_from_args(rod_config *cfg, int *argc, char **argv, const char **path, char *err,
                         size_t errlen);

/* Cross-setting checks that must hold before start (files readable, bounds).
 * Returns 0 or -1 with err. */
int rod_config_check(const rod_config *cfg, char *err, size_t errlen);

/* Reads db_password_file into db_password and job_db_password_file into
 * job_db_password (the first line; a file name left empty reads nothing).
 * A file that group or others may read is refused: it holds a password.
 * Returns 0 or -1 with err naming the setting. */
int rod_config_read_secrets(rod_config *cfg, char *err, size_t errlen);
/* rodgate-notify's secrets: notify_db_password_file into
 * notify_db_password, and with smtp_user smtp_password_file into
 * smtp_password, as rod_config_read_secrets does (first line, mode 0600).
 * Returns 0 or -1 with err naming the setting. */
int rod_config_read_notify_secrets(rod_config *cfg, char *err, size_t errlen);

/* The checks of rodgate-notify: the SMTP and outbox settings, which the
 * gateway does not use (and so does not check). Returns 0 or -1 with err. */
int rod_config_check_notify(const rod_config *cfg, char *err, size_t errlen);

#endif
