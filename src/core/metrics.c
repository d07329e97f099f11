/* The counters behind core/metrics.h: fixed arrays of atomics, one set per
 * worker (a shard, cache-line aligned), so workers never write the same
 * cache line; a scrape adds the shards up. Threads that are no worker
 * (tests, the fuzzer) share shard 0, which atomics keep exact. */
#include "core/metrics.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#define NOPS (ROD_OP_COUNT + 1)

static const double bounds[ROD_METRICS_NBUCKETS] = {
#define ROD_METRICS_BOUND(b) b,
    ROD_METRICS_BUCKETS_MAP(ROD_METRICS_BOUND)
#undef ROD_METRICS_BOUND
};

typedef struct {
    _Alignas(64) atomic_ullong requests[NOPS][ROD_STATUS_COUNT];
    /* per bucket (not cumulative: one increment per request), then +Inf */
    atomic_ullong buckets[NOPS][ROD_METRICS_NBUCKETS + 1];
    atomic_ullong sum_us[NOPS];
} shard;

static shard shards[ROD_METRICS_SHARDS];
static _Thread_local int my_shard;
static atomic_long db_connections;

void rod_metrics_bind_worker(int index)
{
    my_shard = index >= 0 ? index % ROD_METRICS_SHARDS : 0;
}

static pthread_mutex_t jobs_lock = PTHREAD_MUTEX_INITIALIZER;
static rod_metrics_job jobs[ROD_METRICS_MAX_JOBS];
static int njobs;

static int op_index(rod_operation op)
{
    return op >= 0 && op < ROD_OP_COUNT ? (int)op : ROD_METRICS_OP_OTHER;
}

void rod_metrics_request(rod_operation op, rod_status result, double duration_ms)
{
    int o = op_index(op);
    if (result < 0 || result >= ROD_STATUS_COUNT)
        result = ROD_INTERNAL;
    shard *sh = &shards[my_shard];
    atomic_fetch_add_explicit(&sh->requests[o][result], 1, memory_order_relaxed);
    double s = duration_ms / 1000.0;
    int b = 0;
    while (b < ROD_METRICS_NBUCKETS && s > bounds[b])
        b++;
    atomic_fetch_add_explicit(&sh->buckets[o][b], 1, memory_order_relaxed);
    unsigned long long us = duration_ms > 0 ? (unsigned long long)(duration_ms * 1000.0) : 0;
    atomic_fetch_add_explicit(&sh->sum_us[o], us, memory_order_relaxed);
}

void rod_metrics_db_connection(int delta)
{
    atomic_fetch_add_explicit(&db_connections, delta, memory_order_relaxed);
}

void rod_metrics_job_result(const char *name, bool ok, long long ts)
{
    if (!name || !*name)
        return;
    pthread_mutex_lock(&jobs_lock);
    int i = 0;
    while (i < njobs && strcmp(jobs[i].name, name) != 0)
        i++;
    if (i == njobs && njobs < ROD_METRICS_MAX_JOBS) {
        snprintf(jobs[i].name, sizeof jobs[i].name, "%s", name);
        njobs++;
    }
    if (i < njobs) {
        rod_metrics_job *j = &jobs[i];
        if (ok) {
            j->ok++;
            j->last_ok_ts = ts;
        } else {
            j->failed++;
        }
        j->last_ok = ok;
        j->last_ts = ts;
    }
    pthread_mutex_unlock(&jobs_lock);
}

unsigned long long rod_metrics_requests(rod_operation op, rod_status result)
{
    if (result < 0 || result >= ROD_STATUS_COUNT)
        return 0;
    unsigned long long n = 0;
    for (int i = 0; i < ROD_METRICS_SHARDS; i++)
        n += atomic_load_explicit(&shards[i].requests[op_index(op)][result], memory_order_relaxed);
    return n;
}

void rod_metrics_latency(rod_operation op, unsigned long long cumulative[ROD_METRICS_NBUCKETS],
                         unsigned long long *count, double *sum_seconds)
{
    int o = op_index(op);
    unsigned long long run = 0, us = 0;
    for (int b = 0; b <= ROD_METRICS_NBUCKETS; b++) {
        for (int i = 0; i < ROD_METRICS_SHARDS; i++)
            run += atomic_load_explicit(&shards[i].buckets[o][b], memory_order_relaxed);
        if (b < ROD_METRICS_NBUCKETS)
            cumulative[b] = run;
    }
    for (int i = 0; i < ROD_METRICS_SHARDS; i++)
        us += atomic_load_explicit(&shards[i].sum_us[o], memory_order_relaxed);
    *count = run;
    *sum_seconds = (double)us / 1e6;
}

double rod_metrics_bucket_bound(int i)
{
    return i >= 0 && i < ROD_METRICS_NBUCKETS ? bounds[i] : 0;
}

long rod_metrics_db_connections(void)
{
    return atomic_load_explicit(&db_connections, memory_order_relaxed);
}

int rod_metrics_jobs(rod_metrics_job *out)
{
    pthread_mutex_lock(&jobs_lock);
    int n = njobs;
    memcpy(out, jobs, sizeof jobs[0] * (size_t)n);
    pthread_mutex_unlock(&jobs_lock);
    return n;
}
