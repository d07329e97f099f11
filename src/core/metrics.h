/* The gateway's counters for the metrics listener (src/metrics/): requests
 * by operation and result, latency histograms per operation, database
 * connections and the results of scheduled jobs. Recording is lock-free
 * (relaxed atomics on fixed arrays, one set per worker: no allocation, no
 * lock and no cache line shared with another worker per request), so
 * any worker may record at any time; a scrape reads a consistent-enough
 * snapshot (each counter on its own, as Prometheus expects). */
#ifndef ROD_CORE_METRICS_H
#define ROD_CORE_METRICS_H

#include <stdbool.h>

#include "core/operations.h"
#include "core/status.h"

/* Upper bounds (seconds) of the latency histogram's buckets; +Inf is implied. */
#define ROD_METRICS_BUCKETS_MAP(X) \
    X(0.0005)                      \
    X(0.001) X(0.0025) X(0.005) X(0.01) X(0.025) X(0.05) X(0.1) X(0.25) X(0.5) X(1) X(2.5) X(5) X(10)
enum {
#define ROD_METRICS_ONE(b) +1
    ROD_METRICS_NBUCKETS = 0 ROD_METRICS_BUCKETS_MAP(ROD_METRICS_ONE)
#undef ROD_METRICS_ONE
};
/* The "operation" of a request outside the contract (GET ?wsdl, a fault
 * before the operation was known). */
#define ROD_METRICS_OP_OTHER ROD_OP_COUNT

/* Sets of counters: each worker records into its own (rod_metrics_bind_worker),
 * workers beyond this many share. */
#define ROD_METRICS_SHARDS 16
/* Called once in a worker thread: its requests are counted in its own shard. */
void rod_metrics_bind_worker(int index);

/* One request: its operation (ROD_METRICS_OP_OTHER when none), its result
 * (ROD_OK, a functional error or a fault) and its duration in ms. */
void rod_metrics_request(rod_operation op, rod_status result, double duration_ms);

/* A database connection of a worker opened (+1) or dropped (-1). */
void rod_metrics_db_connection(int delta);

/* A scheduled job (retention, purges, the notification sender) reports
 * each run: its name (at most 47 bytes, [a-z0-9_]), whether it succeeded
 * and when it ran (seconds since the epoch). Up to ROD_METRICS_MAX_JOBS
 * names; more are ignored (and counted in the snapshot's jobs_dropped). */
#define ROD_METRICS_MAX_JOBS 16
void rod_metrics_job_result(const char *name, bool ok, long long ts);

/* ---- reading (the scrape) ---------------------------------------------------- */

unsigned long long rod_metrics_requests(rod_operation op, rod_status result);
/* Cumulative counts per bucket (Prometheus' le semantics), the count and
 * the sum of durations in seconds. */
void rod_metrics_latency(rod_operation op, unsigned long long cumulative[ROD_METRICS_NBUCKETS],
                         unsigned long long *count, double *sum_seconds);
double rod_metrics_bucket_bound(int i);
long rod_metrics_db_connections(void);

typedef struct {
    char name[48];
    unsigned long long ok, failed;
    long long last_ts, last_ok_ts;
    bool last_ok;
} rod_metrics_job;
/* Copies the jobs seen so far into out[ROD_METRICS_MAX_JOBS]; returns their number. */
int rod_metrics_jobs(rod_metrics_job *out);

#endif
