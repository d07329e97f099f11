/* Unit tests for core/metrics.c: request counters by operation and result,
 * the latency histogram's buckets (cumulative, le semantics), the database
 * connection gauge and the job results. The counters are process-wide, so
 * every check compares with the value before. */
#include <string.h>

#include "core/metrics.h"
#include "unit.h"

static void test_requests_counted_by_operation_and_result(void)
{
    unsigned long long ok0 = rod_metrics_requests(ROD_OP_MeldenVerzuim, ROD_OK);
    unsigned long long f0 = rod_metrics_requests(ROD_OP_MeldenVerzuim, ROD_PERIOD_OVERLAP);
    unsigned long long other0 = rod_metrics_requests(ROD_METRICS_OP_OTHER, ROD_XSD_INVALID);

    rod_metrics_request(ROD_OP_MeldenVerzuim, ROD_OK, 1.0);
    rod_metrics_request(ROD_OP_MeldenVerzuim, ROD_OK, 1.0);
    rod_metrics_request(ROD_OP_MeldenVerzuim, ROD_PERIOD_OVERLAP, 1.0);
    rod_metrics_request(ROD_METRICS_OP_OTHER, ROD_XSD_INVALID, 1.0);
    UT_CHECK(rod_metrics_requests(ROD_OP_MeldenVerzuim, ROD_OK) == ok0 + 2, "two OK");
    UT_CHECK(rod_metrics_requests(ROD_OP_MeldenVerzuim, ROD_PERIOD_OVERLAP) == f0 + 1, "one ROD-0306");
    UT_CHECK(rod_metrics_requests(ROD_METRICS_OP_OTHER, ROD_XSD_INVALID) == other0 + 1, "one other");
    /* an out-of-range status is counted as an internal error, not lost */
    unsigned long long i0 = rod_metrics_requests(ROD_OP_MeldenVerzuim, ROD_INTERNAL);
    rod_metrics_request(ROD_OP_MeldenVerzuim, ROD_STATUS_COUNT, 1.0);
    UT_CHECK(rod_metrics_requests(ROD_OP_MeldenVerzuim, ROD_INTERNAL) == i0 + 1,
             "unknown status as ROD-9002");
}

static void test_shards_add_up(void)
{
    unsigned long long n0 = rod_metrics_requests(ROD_OP_OpvragenLeerling, ROD_OK), cum[ROD_METRICS_NBUCKETS],
                       c0, c1;
    double s;

    rod_metrics_latency(ROD_OP_OpvragenLeerling, cum, &c0, &s);
    for (int w = 0; w < ROD_METRICS_SHARDS + 3; w++) { /* every shard, and three workers sharing */
        rod_metrics_bind_worker(w);
        rod_metrics_request(ROD_OP_OpvragenLeerling, ROD_OK, 2.0);
    }
    rod_metrics_bind_worker(0);
    rod_metrics_latency(ROD_OP_OpvragenLeerling, cum, &c1, &s);
    UT_CHECK(rod_metrics_requests(ROD_OP_OpvragenLeerling, ROD_OK) == n0 + ROD_METRICS_SHARDS + 3,
             "one request per worker, all counted");
    UT_CHECK(c1 == c0 + ROD_METRICS_SHARDS + 3, "and in the histogram's count");
}

static void test_latency_buckets_are_cumulative(void)
{
    unsigned long long before[ROD_METRICS_NBUCKETS], after[ROD_METRICS_NBUCKETS], c0, c1;
    double s0, s1;

    rod_metrics_latency(ROD_OP_ZoekenVerzuim, before, &c0, &s0);
    rod_metrics_request(ROD_OP_ZoekenVerzuim, ROD_OK, 0.4);     /* <= 0.0005 s */
    rod_metrics_request(ROD_OP_ZoekenVerzuim, ROD_OK, 1.0);     /* exactly on the 0.001 bound */
    rod_metrics_request(ROD_OP_ZoekenVerzuim, ROD_OK, 30.0);    /* <= 0.05 */
    rod_metrics_request(ROD_OP_ZoekenVerzuim, ROD_OK, 60000.0); /* over 10 s: +Inf only */
    rod_metrics_latency(ROD_OP_ZoekenVerzuim, after, &c1, &s1);
    UT_CHECK(c1 == c0 + 4, "count 4, got %llu", c1 - c0);
    UT_CHECK(s1 - s0 > 60.03 && s1 - s0 < 60.04, "sum 60.0314 s, got %f", s1 - s0);
    for (int i = 0; i < ROD_METRICS_NBUCKETS; i++) {
        double le = rod_metrics_bucket_bound(i);
        unsigned long long want = (le >= 0.0005) + (le >= 0.001) + (le >= 0.03);
        UT_CHECK(after[i] - before[i] == want, "le=%g: %llu, want %llu", le, after[i] - before[i], want);
        if (i > 0)
            UT_CHECK(after[i] >= after[i - 1], "cumulative at le=%g", le);
    }
}

static void test_db_connections_gauge(void)
{
    long n0 = rod_metrics_db_connections();
    rod_metrics_db_connection(+1);
    rod_metrics_db_connection(+1);
    rod_metrics_db_connection(-1);
    UT_CHECK(rod_metrics_db_connections() == n0 + 1, "two opened, one dropped");
    rod_metrics_db_connection(-1);
}

static void test_job_results(void)
{
    rod_metrics_job jobs[ROD_METRICS_MAX_JOBS];

    rod_metrics_job_result("unit_job", true, 1000);
    rod_metrics_job_result("unit_job", false, 2000);
    rod_metrics_job_result("", true, 3000); /* ignored */
    int n = rod_metrics_jobs(jobs), k = -1;
    for (int i = 0; i < n; i++)
        if (strcmp(jobs[i].name, "unit_job") == 0)
            k = i;
    UT_CHECK(k >= 0, "the job is listed");
    if (k < 0)
        return;
    UT_CHECK(jobs[k].ok == 1 && jobs[k].failed == 1, "one ok, one failed");
    UT_CHECK(!jobs[k].last_ok && jobs[k].last_ts == 2000 && jobs[k].last_ok_ts == 1000,
             "the last run failed at 2000, the last success was at 1000");
    for (int i = 0; i < ROD_METRICS_MAX_JOBS + 4; i++) {
        char name[32]; /* "many_" and any int */
        snprintf(name, sizeof name, "many_%d", i);
        rod_metrics_job_result(name, true, i);
    }
    UT_CHECK(rod_metrics_jobs(jobs) == ROD_METRICS_MAX_JOBS, "at most %d jobs", ROD_METRICS_MAX_JOBS);
}

void test_metrics_register(void)
{
    CU_pSuite s = CU_add_suite("metrics", NULL, NULL);

    CU_add_test(s, "requests by operation and result", test_requests_counted_by_operation_and_result);
    CU_add_test(s, "latency buckets are cumulative with le semantics", test_latency_buckets_are_cumulative);
    CU_add_test(s, "the workers' shards add up", test_shards_add_up);
    CU_add_test(s, "database connections gauge", test_db_connections_gauge);
    CU_add_test(s, "job results: counts, last run, last success, a bounded table", test_job_results);
}
