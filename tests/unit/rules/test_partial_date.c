/* Unit tests for rules/partial_date.c: OnvolledigeDatum parsing, its earliest
 * and latest day, and the "in the future" rule. */
#include "rules/partial_date.h"
#include "unit.h"

static bool same(rod_date a, int y, int m, int d)
{
    return a.y == y && a.m == m && a.d == d;
}

static rod_pdate parsed(const char *s)
{
    rod_pdate p = {0, 0, 0, ROD_PDATE_YEAR};

    UT_CHECK(rod_pdate_parse(s, &p), "setup: \"%s\" should parse", s);
    return p;
}

static void test_parse_valid(void)
{
    static const struct {
        const char *s;
        int y, m, d;
        rod_pdate_precision precision;
    } rows[] = {
        {"2010", 2010, 0, 0, ROD_PDATE_YEAR},        {"2010-06", 2010, 6, 0, ROD_PDATE_MONTH},
        {"2010-06-15", 2010, 6, 15, ROD_PDATE_DAY},  {"2024-02-29", 2024, 2, 29, ROD_PDATE_DAY},
        {"2000-02-29", 2000, 2, 29, ROD_PDATE_DAY},  {"2023-02-28", 2023, 2, 28, ROD_PDATE_DAY},
        {"0001", 1, 0, 0, ROD_PDATE_YEAR},           {"9999-12", 9999, 12, 0, ROD_PDATE_MONTH},
        {"9999-12-31", 9999, 12, 31, ROD_PDATE_DAY}, {"2010-01", 2010, 1, 0, ROD_PDATE_MONTH},
        {"2010-12", 2010, 12, 0, ROD_PDATE_MONTH},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        rod_pdate p = {-7, -7, -7, ROD_PDATE_DAY};
        bool ok = rod_pdate_parse(rows[i].s, &p);

        UT_CHECK(ok, "parse(\"%s\") should succeed", rows[i].s);
        UT_CHECK(p.y == rows[i].y && p.m == rows[i].m && p.d == rows[i].d && p.precision == rows[i].precision,
                 "parse(\"%s\") gave %d/%d/%d precision %d", rows[i].s, p.y, p.m, p.d, (int)p.precision);
    }
}

static void test_parse_invalid(void)
{
    static const char *const rows[] = {
        "", "201", "20100", "2010-", "2010-6", "2010-06-", "2010-06-1", "2010-06-150", "2010-06-15-", "0000",
        "0000-01", "0000-01-01", "2010-00", "2010-13", "2010-99", "2010-00-01", "2010-13-01", "2010-06-00",
        "2010-06-31", "2010-01-32", "2010-04-31", "2023-02-29", "1900-02-29", "2100-02-29",
        /* An xs:string pattern: no time zone, no white space. */
        "2010-06-15Z", "2010-06-15+01:00", " 2010", "2010 ", "2010\n", "2010/06", "2010-06/15", "abcd",
        "201a", "2010-6-15", "-2010", "+2010", "2010--06", "\357\274\222010", /* FULLWIDTH DIGIT TWO */
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        rod_pdate p = {-7, -7, -7, ROD_PDATE_DAY};

        UT_CHECK(!rod_pdate_parse(rows[i], &p), "parse(\"%s\") should fail", rows[i]);
        UT_CHECK(p.y == -7 && p.m == -7 && p.d == -7, "parse(\"%s\") failed but wrote its output", rows[i]);
    }
    {
        rod_pdate p;

        UT_CHECK(!rod_pdate_parse(NULL, &p), "parse(NULL) should fail");
        UT_CHECK(!rod_pdate_parse("2010", NULL), "parse into NULL should fail");
    }
}

static void test_earliest_latest(void)
{
    static const struct {
        const char *s;
        int ey, em, ed;
        int ly, lm, ld;
    } rows[] = {
        {"2010", 2010, 1, 1, 2010, 12, 31},       {"2024", 2024, 1, 1, 2024, 12, 31},
        {"2024-02", 2024, 2, 1, 2024, 2, 29},     {"2023-02", 2023, 2, 1, 2023, 2, 28},
        {"1900-02", 1900, 2, 1, 1900, 2, 28},     {"2000-02", 2000, 2, 1, 2000, 2, 29},
        {"2010-04", 2010, 4, 1, 2010, 4, 30},     {"2010-12", 2010, 12, 1, 2010, 12, 31},
        {"2010-06-15", 2010, 6, 15, 2010, 6, 15}, {"2024-02-29", 2024, 2, 29, 2024, 2, 29},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        rod_pdate p = parsed(rows[i].s);
        rod_date e = rod_pdate_earliest(p);
        rod_date l = rod_pdate_latest(p);

        UT_CHECK(same(e, rows[i].ey, rows[i].em, rows[i].ed), "earliest(%s) = %d-%d-%d", rows[i].s, e.y, e.m,
                 e.d);
        UT_CHECK(same(l, rows[i].ly, rows[i].lm, rows[i].ld), "latest(%s) = %d-%d-%d", rows[i].s, l.y, l.m,
                 l.d);
        UT_CHECK(rod_date_valid(e.y, e.m, e.d) && rod_date_valid(l.y, l.m, l.d), "bounds of %s are real days",
                 rows[i].s);
    }
}

static void test_in_future(void)
{
    static const struct {
        const char *s;
        bool future;
    } rows[] = {
        /* Contract 8.8: future only when the earliest day is after
		 * today, so the current year and month are not. */
        {"2025", false},       {"2026", true},        {"2024", false},       {"2025-03", false},
        {"2025-04", true},     {"2025-02", false},    {"2025-03-10", false}, {"2025-03-11", true},
        {"2025-03-09", false}, {"2024-12-31", false}, {"9999", true},
    };
    rod_date today = {2025, 3, 10};

    for (size_t i = 0; i < UT_COUNT(rows); i++)
        UT_CHECK(rod_pdate_in_future(parsed(rows[i].s), today) == rows[i].future,
                 "%s in the future on 2025-03-10 should be %d", rows[i].s, rows[i].future);

    /* On 1 January the whole year has just begun. */
    {
        rod_date newyear = {2026, 1, 1};
        rod_date eve = {2025, 12, 31};

        UT_CHECK(!rod_pdate_in_future(parsed("2026"), newyear), "2026 on 2026-01-01");
        UT_CHECK(rod_pdate_in_future(parsed("2026"), eve), "2026 on 2025-12-31");
        UT_CHECK(!rod_pdate_in_future(parsed("2026-01"), newyear), "2026-01 on 2026-01-01");
    }
}

void test_partial_date_register(void)
{
    static const ut_test tests[] = {
        {"parse accepts YYYY, YYYY-MM, YYYY-MM-DD", test_parse_valid},
        {"parse rejects malformed and unreal dates", test_parse_invalid},
        {"earliest and latest day", test_earliest_latest},
        {"in the future by the earliest day", test_in_future},
    };

    ut_register_suite("rules/partial_date", tests, UT_COUNT(tests));
}
