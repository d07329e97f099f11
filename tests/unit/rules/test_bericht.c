/* Unit tests for rules/bericht.c: the resultaat of a processed request. */
#include <string.h>

#include "rules/bericht.h"
#include "unit.h"

static void test_uitkomst(void)
{
    static const struct {
        bool batch;
        int gelukt, afgekeurd;
        bool fout;
        const char *want;
    } rows[] = {
        {true, 3, 0, false, "GELUKT"},      {true, 0, 2, true, "AFGEKEURD"},
        {true, 2, 1, true, "DEELS_GELUKT"}, {true, 1, 9999, true, "DEELS_GELUKT"},
        {false, 0, 0, false, "GELUKT"},     {false, 0, 0, true, "AFGEKEURD"},
    };
    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        const char *got = rod_bericht_resultaat_name(
            rod_bericht_uitkomst(rows[i].batch, rows[i].gelukt, rows[i].afgekeurd, rows[i].fout));
        UT_CHECK(strcmp(got, rows[i].want) == 0, "row %zu: %s, want %s", i, got, rows[i].want);
    }
}

void test_bericht_register(void)
{
    static const ut_test tests[] = {
        {"resultaat by counts or fout", test_uitkomst},
    };
    ut_register_suite("rules/bericht", tests, UT_COUNT(tests));
}
