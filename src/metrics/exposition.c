/* Renders /metrics (metrics/exposition.h). Families are written with HELP
 * and TYPE once each; label values come from the gateway's own tables
 * (operations, status codes, refusal reasons, job names), escaped anyway. */
#include "metrics/exposition.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/metrics.h"
#include "core/operations.h"
#include "core/refusal.h"
#include "core/status.h"
#include "net/server.h"
#include "store/health.h"
#include "tls/tls.h"

static void emit(rod_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void emit(rod_buf *b, const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n > 0)
        rod_buf_add(b, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

static void family(rod_buf *b, const char *name, const char *type, const char *help)
{
    emit(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* A label value: backslash, double quote and newline escaped. */
static const char *label(const char *s, char *out, size_t cap)
{
    size_t o = 0;
    for (; *s && o + 2 < cap; s++) {
        if (*s == '\\' || *s == '"' || *s == '\n') {
            out[o++] = '\\';
            out[o++] = *s == '\n' ? 'n' : *s;
        } else {
            out[o++] = *s;
        }
    }
    out[o] = '\0';
    return out;
}

static const char *op_label(int op)
{
    return op < ROD_OP_COUNT ? rod_operation_name((rod_operation)op) : "other";
}

static const char *result_label(rod_status s)
{
    return s == ROD_OK ? "OK" : rod_status_code(s);
}

static void requests(rod_buf *b)
{
    family(b, "rodgate_requests_total", "counter",
           "Requests answered, by operation and result (OK, a functional error code or a fault code).");
    for (int op = 0; op <= ROD_OP_COUNT; op++)
        for (int s = 0; s < ROD_STATUS_COUNT; s++) {
            unsigned long long n = rod_metrics_requests((rod_operation)op, (rod_status)s);
            /* OK of every operation always, so a rate starts at zero */
            if (n || s == ROD_OK)
                emit(b, "rodgate_requests_total{operation=\"%s\",result=\"%s\"} %llu\n", op_label(op),
                     result_label((rod_status)s), n);
        }
    family(b, "rodgate_request_duration_seconds", "histogram",
           "Time from a request's arrival at a worker to its answer, by operation.");
    for (int op = 0; op <= ROD_OP_COUNT; op++) {
        unsigned long long cum[ROD_METRICS_NBUCKETS], count;
        double sum;
        rod_metrics_latency((rod_operation)op, cum, &count, &sum);
        for (int i = 0; i < ROD_METRICS_NBUCKETS; i++)
            emit(b, "rodgate_request_duration_seconds_bucket{operation=\"%s\",le=\"%g\"} %llu\n",
                 op_label(op), rod_metrics_bucket_bound(i), cum[i]);
        emit(b, "rodgate_request_duration_seconds_bucket{operation=\"%s\",le=\"+Inf\"} %llu\n", op_label(op),
             count);
        emit(b, "rodgate_request_duration_seconds_sum{operation=\"%s\"} %.6f\n", op_label(op), sum);
        emit(b, "rodgate_request_duration_seconds_count{operation=\"%s\"} %llu\n", op_label(op), count);
    }
}

static void refusal_line(rod_refusal_reason reason, const char *name, unsigned long long count, void *arg)
{
    (void)reason;
    emit(arg, "rodgate_refusals_total{reason=\"%s\"} %llu\n", name, count);
}

static void tls_line(rod_refusal_reason reason, const char *name, unsigned long long count, void *arg)
{
    (void)reason;
    if (strncmp(name, "tls-", 4) == 0)
        emit(arg, "rodgate_tls_handshake_failures_total{reason=\"%s\"} %llu\n", name + 4, count);
}

static void refusals(rod_buf *b)
{
    family(b, "rodgate_refusals_total", "counter",
           "Connections and requests turned away before the application, by reason (docs/hardening.md).");
    rod_refusal_each(refusal_line, b);
    family(b, "rodgate_tls_handshake_failures_total", "counter",
           "Failed TLS handshakes, by reason (certificate missing, expired, revoked, untrusted, ...).");
    rod_refusal_each(tls_line, b);
}

static void gauge(rod_buf *b, const char *name, const char *help, double v)
{
    family(b, name, "gauge", help);
    emit(b, "%s %.17g\n", name, v);
}

static void pool(rod_buf *b)
{
    rod_server_stats st;
    rod_server_stats_get(&st);
    gauge(b, "rodgate_workers", "Threads of the worker pool.", st.workers);
    gauge(b, "rodgate_workers_busy", "Workers handling a request now.", st.busy);
    gauge(b, "rodgate_requests_queued", "Complete requests waiting for a worker.", st.queued);
    gauge(b, "rodgate_workers_busy_large", "Workers handling a large request (at most large_workers).",
          st.large_busy);
    gauge(b, "rodgate_connections_open", "Open client connections.", st.connections);
    gauge(b, "rodgate_db_connections_open",
          "Open database connections (workers, the audit sender, the jobs thread, this listener).",
          (double)rod_metrics_db_connections());
    long long until;
    char why[120];
    bool tls_ok = rod_tls_health(&until, why, sizeof why);
    gauge(b, "rodgate_tls_ok", "1 when the TLS context has certificates and a CRL, none past its end.",
          tls_ok);
    gauge(b, "rodgate_tls_valid_until_timestamp_seconds",
          "Earliest end of the server certificate, the trust anchors and the CRLs (nextUpdate).",
          (double)until);
}

/* False when the database did not answer. */
static bool outbox(rod_buf *b, rod_db *db)
{
    rod_outbox_soort o[ROD_OUTBOX_SOORTEN];
    int n;
    if (rod_health_outbox(db, o, &n) != ROD_OK)
        return false;
    long long all = 0, oldest = 0;
    family(b, "rodgate_outbox_unsent_by_soort", "gauge", "Unsent notifications in the outbox, by soort.");
    for (int i = 0; i < n; i++) {
        char l[64];
        emit(b, "rodgate_outbox_unsent_by_soort{soort=\"%s\"} %lld\n", label(o[i].soort, l, sizeof l),
             o[i].unsent);
        all += o[i].unsent;
        if (o[i].oldest_age_s > oldest)
            oldest = o[i].oldest_age_s;
    }
    gauge(b, "rodgate_outbox_unsent", "Unsent notifications in the outbox.", (double)all);
    gauge(b, "rodgate_outbox_oldest_unsent_age_seconds", "Age of the oldest unsent notification (0: none).",
          (double)oldest);
    return true;
}

static void galera(rod_buf *b, rod_db *db)
{
    rod_galera_state g;
    if (rod_health_galera(db, &g) != ROD_OK || !g.clustered)
        return; /* absent when not clustered */
    gauge(b, "rodgate_galera_ready", "wsrep_ready of the database node.", g.ready);
    gauge(b, "rodgate_galera_connected", "wsrep_connected of the database node.", g.connected);
    gauge(b, "rodgate_galera_cluster_size", "wsrep_cluster_size.", (double)g.cluster_size);
    gauge(b, "rodgate_galera_local_state", "wsrep_local_state (4: Synced).", (double)g.local_state);
    gauge(b, "rodgate_galera_primary", "1 when wsrep_cluster_status is Primary.", g.primary);
    gauge(b, "rodgate_galera_flow_control_paused", "wsrep_flow_control_paused.", g.flow_control_paused);
    gauge(b, "rodgate_galera_local_recv_queue", "wsrep_local_recv_queue.", (double)g.local_recv_queue);
}

static void jobs(rod_buf *b)
{
    rod_metrics_job j[ROD_METRICS_MAX_JOBS];
    int n = rod_metrics_jobs(j);
    char l[100];
    family(b, "rodgate_job_runs_total", "counter", "Runs of the scheduled jobs, by job and result.");
    for (int i = 0; i < n; i++) {
        label(j[i].name, l, sizeof l);
        emit(b, "rodgate_job_runs_total{name=\"%s\",result=\"ok\"} %llu\n", l, j[i].ok);
        emit(b, "rodgate_job_runs_total{name=\"%s\",result=\"failed\"} %llu\n", l, j[i].failed);
    }
    family(b, "rodgate_job_last_run_timestamp_seconds", "gauge", "When the job last ran.");
    for (int i = 0; i < n; i++)
        emit(b, "rodgate_job_last_run_timestamp_seconds{name=\"%s\"} %lld\n", label(j[i].name, l, sizeof l),
             j[i].last_ts);
    family(b, "rodgate_job_last_success_timestamp_seconds", "gauge",
           "When the job last succeeded (0: never).");
    for (int i = 0; i < n; i++)
        emit(b, "rodgate_job_last_success_timestamp_seconds{name=\"%s\"} %lld\n",
             label(j[i].name, l, sizeof l), j[i].last_ok_ts);
    family(b, "rodgate_job_last_ok", "gauge", "1 when the job's last run succeeded.");
    for (int i = 0; i < n; i++)
        emit(b, "rodgate_job_last_ok{name=\"%s\"} %d\n", label(j[i].name, l, sizeof l), j[i].last_ok ? 1 : 0);
}

void rod_metrics_render(rod_db *db, rod_buf *out)
{
    requests(out);
    refusals(out);
    pool(out);
    jobs(out);
    /* a connection that was lost since the last scrape is found out by
     * the first query, and reopened once */
    bool up = outbox(out, db) || outbox(out, db);
    gauge(out, "rodgate_db_up", "1 when the database answered this scrape's queries.", up);
    if (up)
        galera(out, db);
}
