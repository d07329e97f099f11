/* Unit tests for the refusal machinery: core/ratelimit.c (the log limit per
 * reason), core/refusal.c (counters, names) and net/peer_table.c (waiting
 * connections per address). */
#include <string.h>

#include "core/log.h"
#include "core/ratelimit.h"
#include "core/refusal.h"
#include "net/peer_table.h"
#include "unit.h"

static void test_ratelimit_window(void)
{
    rod_ratelimit r;
    unsigned long before = 99, allowed = 0;

    memset(&r, 0, sizeof r);
    for (int i = 0; i < 100; i++)
        allowed += rod_ratelimit_allow(&r, 100.0 + i * 0.01, 60, 5, &before);
    UT_CHECK(allowed == 5, "5 of 100 lines in one window, got %lu", allowed);
    UT_CHECK(rod_ratelimit_flush(&r, 120.0, 60) == 0, "no report while the window runs");
    UT_CHECK(rod_ratelimit_allow(&r, 161.0, 60, 5, &before) && before == 95,
             "the next window's first line reports 95 left out, got %lu", before);
    UT_CHECK(rod_ratelimit_allow(&r, 162.0, 60, 5, &before) && before == 0, "reported once");
}

static void test_ratelimit_flush_reports_a_stopped_flood(void)
{
    rod_ratelimit r;
    unsigned long before;

    memset(&r, 0, sizeof r);
    for (int i = 0; i < 10; i++)
        rod_ratelimit_allow(&r, 5.0, 10, 2, &before);
    UT_CHECK(rod_ratelimit_flush(&r, 16.0, 10) == 8, "8 left out, reported by the timer");
    UT_CHECK(rod_ratelimit_flush(&r, 17.0, 10) == 0, "and only once");
    UT_CHECK(rod_ratelimit_allow(&r, 17.5, 10, 2, &before) && before == 0, "a new window after the report");
}

static void test_ratelimit_burst_zero_logs_nothing(void)
{
    rod_ratelimit r;
    unsigned long before;

    memset(&r, 0, sizeof r);
    UT_CHECK(!rod_ratelimit_allow(&r, 1.0, 10, 0, &before), "burst 0: no line");
}

static void test_refusal_counts_every_refusal(void)
{
    /* the log lines go to /dev/null; the counters count all, logged or not */
    UT_CHECK(rod_log_start("/dev/null") == 0, "log opened");
    rod_refusal_configure(60, 1);
    unsigned long long before = rod_refusal_count(ROD_REFUSAL_TLS_EXPIRED);

    for (int i = 0; i < 50; i++)
        rod_refusal(ROD_REFUSAL_TLS_EXPIRED, "127.0.0.1:1", "00000001003214345000");
    UT_CHECK(rod_refusal_count(ROD_REFUSAL_TLS_EXPIRED) == before + 50, "50 counted");
    rod_refusal((rod_refusal_reason)12345, NULL, NULL);
    UT_CHECK(rod_refusal_count((rod_refusal_reason)12345) == 0, "an unknown reason has no count");
    UT_CHECK(strcmp(rod_refusal_name(ROD_REFUSAL_HTTP_400), "http-400") == 0, "name of http-400");
    UT_CHECK(strcmp(rod_refusal_name((rod_refusal_reason)-1), "") == 0, "no name for an unknown reason");
    UT_CHECK(rod_refusal_for_http(431) == ROD_REFUSAL_HTTP_431, "431");
    UT_CHECK(rod_refusal_for_http(418) == ROD_REFUSAL_HTTP_OTHER, "418 is another");
    rod_log_stop();
}

static void count_each(rod_refusal_reason r, const char *name, unsigned long long n, void *arg)
{
    int *seen = arg;

    (void)n;
    if ((int)r == *seen && name[0])
        (*seen)++;
}

static void test_refusal_each_walks_all_reasons(void)
{
    int seen = 0;

    rod_refusal_each(count_each, &seen);
    UT_CHECK(seen == ROD_REFUSAL_COUNT, "all %d reasons in order, saw %d", ROD_REFUSAL_COUNT, seen);
}

static void test_peer_table_limit(void)
{
    rod_peer_table *t = rod_peer_table_new(4);
    rod_peer_key a, b;
    const unsigned char ip_a[4] = {127, 0, 0, 2}, ip_b[4] = {127, 0, 0, 3};

    rod_peer_key_ipv4(&a, ip_a);
    rod_peer_key_ipv4(&b, ip_b);
    for (int i = 0; i < 3; i++)
        UT_CHECK(rod_peer_table_take(t, &a, 3), "take %d of 3", i + 1);
    UT_CHECK(!rod_peer_table_take(t, &a, 3), "a fourth is refused");
    UT_CHECK(rod_peer_table_take(t, &b, 3), "another address is not affected");
    UT_CHECK(rod_peer_table_count(t, &a) == 3 && rod_peer_table_size(t) == 2, "counts");
    rod_peer_table_give(t, &a);
    UT_CHECK(rod_peer_table_take(t, &a, 3), "room again after one is given back");
    for (int i = 0; i < 3; i++)
        rod_peer_table_give(t, &a);
    rod_peer_table_give(t, &a); /* one too many: ignored */
    UT_CHECK(rod_peer_table_count(t, &a) == 0 && rod_peer_table_size(t) == 1, "entry gone at zero");
    rod_peer_table_free(t);
    rod_peer_table_free(NULL);
}

static void test_peer_key_ipv6_by_64(void)
{
    unsigned char x[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1};
    unsigned char y[16];
    rod_peer_key kx, ky;

    memcpy(y, x, 16);
    y[15] = 0x99; /* same /64, other interface id */
    rod_peer_key_ipv6(&kx, x);
    rod_peer_key_ipv6(&ky, y);
    UT_CHECK(memcmp(kx.b, ky.b, 16) == 0, "one /64 is one key");
    y[7] = 3; /* another /64 */
    rod_peer_key_ipv6(&ky, y);
    UT_CHECK(memcmp(kx.b, ky.b, 16) != 0, "another /64 is another key");
    const unsigned char mapped[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 1, 2, 3};
    const unsigned char v4[4] = {10, 1, 2, 3};
    rod_peer_key km, k4;

    rod_peer_key_ipv6(&km, mapped);
    rod_peer_key_ipv4(&k4, v4);
    UT_CHECK(memcmp(km.b, k4.b, 16) == 0, "a v4-mapped address counts as the IPv4 address");
}

void test_refusal_register(void)
{
    CU_pSuite s = CU_add_suite("refusal", NULL, NULL);

    CU_add_test(s, "at most burst lines per window, the rest counted", test_ratelimit_window);
    CU_add_test(s, "a flood that stopped is reported by the timer",
                test_ratelimit_flush_reports_a_stopped_flood);
    CU_add_test(s, "burst 0 logs nothing", test_ratelimit_burst_zero_logs_nothing);
    CU_add_test(s, "every refusal is counted, logged or not", test_refusal_counts_every_refusal);
    CU_add_test(s, "rod_refusal_each walks every reason", test_refusal_each_walks_all_reasons);
    CU_add_test(s, "waiting connections per address, limit and release", test_peer_table_limit);
    CU_add_test(s, "IPv6 counts by /64, v4-mapped as IPv4", test_peer_key_ipv6_by_64);
}
