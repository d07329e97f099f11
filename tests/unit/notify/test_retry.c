/* Unit tests for notify/retry.c: the backoff doubles from base, stops at
 * max, and survives absurd attempt counts. */
#include "notify/retry.h"
#include "unit.h"

static void test_doubles_up_to_max(void)
{
    static const struct {
        long base, max, attempt, want;
    } rows[] = {
        {30, 3600, 1, 30},
        {30, 3600, 2, 60},
        {30, 3600, 3, 120},
        {30, 3600, 7, 1920},
        {30, 3600, 8, 3600},
        {30, 3600, 9, 3600},
        {30, 3600, 1000000, 3600},
        {1, 2, 1, 1},
        {1, 2, 2, 2},
        {1, 2, 3, 2},
        {3600, 30, 1, 30},
        {0, 10, 1, 1},
        {30, 3600, 0, 30},
        {1, 604800, 64, 604800},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        long got = rod_retry_delay(rows[i].base, rows[i].max, rows[i].attempt);
        UT_CHECK(got == rows[i].want, "base %ld max %ld attempt %ld: %ld, want %ld", rows[i].base,
                 rows[i].max, rows[i].attempt, got, rows[i].want);
    }
}

void test_retry_register(void)
{
    static const ut_test tests[] = {
        {"doubles up to max", test_doubles_up_to_max},
    };

    ut_register_suite("notify/retry", tests, UT_COUNT(tests));
}
