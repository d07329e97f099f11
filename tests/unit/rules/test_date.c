/* Unit tests for rules/date.c: calendar validity, xs:date parsing, day
 * arithmetic, adding years, ages and the school year. */
#include <string.h>

#include "rules/date.h"
#include "unit.h"

static rod_date mk(int y, int m, int d)
{
    rod_date r = {y, m, d};

    return r;
}

static bool same(rod_date a, rod_date b)
{
    return a.y == b.y && a.m == b.m && a.d == b.d;
}

static void test_leap_years(void)
{
    static const struct {
        int y;
        bool leap;
    } rows[] = {
        {1900, false}, {2000, true}, {2024, true}, {2023, false}, {2100, false}, {2400, true},
        {1600, true},  {1, false},   {4, true},    {100, false},  {9996, true},  {9999, false},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++)
        UT_CHECK(rod_is_leap_year(rows[i].y) == rows[i].leap, "leap(%d) should be %d", rows[i].y,
                 rows[i].leap);

    UT_CHECK(rod_days_in_month(1900, 2) == 28, "Feb 1900");
    UT_CHECK(rod_days_in_month(2000, 2) == 29, "Feb 2000");
    UT_CHECK(rod_days_in_month(2024, 2) == 29, "Feb 2024");
    UT_CHECK(rod_days_in_month(2023, 2) == 28, "Feb 2023");
    UT_CHECK(rod_days_in_month(2024, 4) == 30, "Apr");
    UT_CHECK(rod_days_in_month(2024, 12) == 31, "Dec");
    UT_CHECK(rod_days_in_month(2024, 0) == 0, "month 0");
    UT_CHECK(rod_days_in_month(2024, 13) == 0, "month 13");
}

static void test_valid(void)
{
    static const struct {
        int y, m, d;
        bool ok;
    } rows[] = {
        {2024, 2, 29, true},  {2023, 2, 29, false}, {1900, 2, 29, false},  {2000, 2, 29, true},
        {2100, 2, 29, false}, {2023, 2, 28, true},  {2024, 4, 30, true},   {2024, 4, 31, false},
        {2024, 6, 31, false}, {2024, 9, 31, false}, {2024, 11, 31, false}, {2024, 1, 31, true},
        {2024, 7, 31, true},  {2024, 8, 31, true},  {2024, 12, 31, true},  {2024, 13, 1, false},
        {2024, 0, 1, false},  {2024, 1, 0, false},  {2024, 1, 32, false},  {2024, -1, 1, false},
        {2024, 1, -1, false}, {0, 1, 1, false},     {1, 1, 1, true},       {9999, 12, 31, true},
        {10000, 1, 1, false}, {-1, 1, 1, false},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++)
        UT_CHECK(rod_date_valid(rows[i].y, rows[i].m, rows[i].d) == rows[i].ok,
                 "valid(%d,%d,%d) should be %d", rows[i].y, rows[i].m, rows[i].d, rows[i].ok);
}

static void test_parse_valid(void)
{
    static const struct {
        const char *s;
        int y, m, d;
    } rows[] = {
        {"2024-02-29", 2024, 2, 29},
        {"2000-02-29", 2000, 2, 29},
        {"0001-01-01", 1, 1, 1},
        {"9999-12-31", 9999, 12, 31},
        {"1970-01-01", 1970, 1, 1},
        {"2024-08-01", 2024, 8, 1},
        /* A time zone is allowed and does not move the day. */
        {"2024-02-29Z", 2024, 2, 29},
        {"2024-02-29+01:00", 2024, 2, 29},
        {"2024-02-29-05:30", 2024, 2, 29},
        {"2024-02-29+00:00", 2024, 2, 29},
        {"2024-02-29-00:00", 2024, 2, 29},
        {"2024-02-29+14:00", 2024, 2, 29},
        {"2024-02-29-14:00", 2024, 2, 29},
        {"2024-02-29+13:59", 2024, 2, 29},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        rod_date d = {-7, -7, -7};
        bool ok = rod_date_parse(rows[i].s, &d);

        UT_CHECK(ok, "parse(\"%s\") should succeed", rows[i].s);
        UT_CHECK(same(d, mk(rows[i].y, rows[i].m, rows[i].d)), "parse(\"%s\") gave %d-%d-%d", rows[i].s, d.y,
                 d.m, d.d);
    }
}

static void test_parse_invalid(void)
{
    static const char *const rows[] = {
        "",
        "2024",
        "2024-02",
        "2024-2-29",
        "2024-02-9",
        "24-02-29",
        "2023-02-29",
        "1900-02-29",
        "2100-02-29",
        "0000-01-01",
        "2024-13-01",
        "2024-00-10",
        "2024-01-00",
        "2024-01-32",
        "2024-04-31",
        "2024/02/29",
        "20240229",
        "2024-02-29 ",
        " 2024-02-29",
        "2024-02-29\n",
        "2024-02-29T00:00:00",
        "2024-02-29z",
        "2024-02-29+1:00",
        "2024-02-29+01:0",
        "2024-02-29+0100",
        "2024-02-29+01",
        "2024-02-29+",
        "2024-02-29-",
        "2024-02-29+15:00",
        "2024-02-29+14:01",
        "2024-02-29+10:60",
        "2024-02-29ZZ",
        "2024-02-29+01:00Z",
        "2024-02-29+01:00:00",
        "-2024-02-29",
        "+2024-02-29",
        "12024-02-29",
        "2024-0a-01",
        "2024-02-2x",
        "x024-02-29",
        "2024--02-29",
        "\357\274\222024-02-29", /* FULLWIDTH DIGIT TWO */
        "2024-02-29\xC2\xA0",
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        rod_date d = {-7, -7, -7};

        UT_CHECK(!rod_date_parse(rows[i], &d), "parse(\"%s\") should fail", rows[i]);
        UT_CHECK(same(d, mk(-7, -7, -7)), "parse(\"%s\") failed but wrote its output", rows[i]);
    }
    {
        rod_date d;

        UT_CHECK(!rod_date_parse(NULL, &d), "parse(NULL) should fail");
        UT_CHECK(!rod_date_parse("2024-01-01", NULL), "parse into NULL should fail");
    }
}

static void test_format(void)
{
    static const struct {
        int y, m, d;
        const char *s;
    } rows[] = {
        {2024, 2, 29, "2024-02-29"}, {1, 1, 1, "0001-01-01"},      {9999, 12, 31, "9999-12-31"},
        {987, 6, 5, "0987-06-05"},   {2024, 10, 10, "2024-10-10"},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        char buf[ROD_DATE_BUFSIZE + 1];
        rod_date back;

        memset(buf, 'x', sizeof buf);
        rod_date_format(mk(rows[i].y, rows[i].m, rows[i].d), buf);
        UT_CHECK(strcmp(buf, rows[i].s) == 0, "format gave \"%s\", want %s", buf, rows[i].s);
        UT_CHECK(buf[ROD_DATE_BUFSIZE] == 'x', "format wrote past its 11 bytes");
        UT_CHECK(rod_date_parse(buf, &back) && same(back, mk(rows[i].y, rows[i].m, rows[i].d)),
                 "format/parse round trip of %s", rows[i].s);
    }
}

static void test_days_known(void)
{
    static const struct {
        int y, m, d;
        long days;
    } rows[] = {
        {1970, 1, 1, 0},      {1969, 12, 31, -1},    {1970, 1, 2, 1},    {2000, 3, 1, 11017},
        {1900, 3, 1, -25508}, {2024, 2, 29, 19782},  {1, 1, 1, -719162}, {9999, 12, 31, 2932896},
        {2000, 2, 29, 11016}, {1600, 3, 1, -135080},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        rod_date d = mk(rows[i].y, rows[i].m, rows[i].d);
        rod_date back = rod_date_from_days(rows[i].days);

        UT_CHECK(rod_date_to_days(d) == rows[i].days, "to_days(%d-%d-%d) = %ld, want %ld", d.y, d.m, d.d,
                 rod_date_to_days(d), rows[i].days);
        UT_CHECK(same(back, d), "from_days(%ld) = %d-%d-%d", rows[i].days, back.y, back.m, back.d);
    }
}

/* Steps one day with the plain rules, independent of the day-number maths. */
static rod_date next_day(rod_date d)
{
    if (d.d < rod_days_in_month(d.y, d.m)) {
        d.d++;
    } else if (d.m < 12) {
        d.m++;
        d.d = 1;
    } else {
        d.y++;
        d.m = 1;
        d.d = 1;
    }
    return d;
}

/* Every day of years 1..9999: day numbers are consecutive, invert exactly,
 * order like rod_date_cmp, and format/parse round-trips. */
static void test_days_exhaustive(void)
{
    rod_date d = mk(1, 1, 1);
    long expect = rod_date_to_days(d);
    long count = 0;

    for (;;) {
        rod_date back = rod_date_from_days(expect);
        char buf[ROD_DATE_BUFSIZE];
        rod_date parsed;

        if (rod_date_to_days(d) != expect || !same(back, d)) {
            UT_CHECK(false, "day numbers break at %d-%d-%d", d.y, d.m, d.d);
            return;
        }
        if (!rod_date_valid(d.y, d.m, d.d)) {
            UT_CHECK(false, "%d-%d-%d not valid", d.y, d.m, d.d);
            return;
        }
        rod_date_format(d, buf);
        if (!rod_date_parse(buf, &parsed) || !same(parsed, d)) {
            UT_CHECK(false, "round trip breaks at %s", buf);
            return;
        }
        count++;
        if (d.y == 9999 && d.m == 12 && d.d == 31)
            break;
        {
            rod_date n = next_day(d);

            if (rod_date_cmp(d, n) >= 0 || rod_date_cmp(n, d) <= 0) {
                UT_CHECK(false, "cmp order breaks at %s", buf);
                return;
            }
            d = n;
        }
        expect++;
    }
    /* 9999 years of 365 days plus 2424 leap days. */
    UT_CHECK(count == 9999L * 365 + 2424, "walked %ld days", count);
}

static void test_cmp(void)
{
    CU_ASSERT(rod_date_cmp(mk(2024, 1, 1), mk(2024, 1, 1)) == 0);
    CU_ASSERT(rod_date_cmp(mk(2024, 1, 1), mk(2024, 1, 2)) < 0);
    CU_ASSERT(rod_date_cmp(mk(2024, 1, 2), mk(2024, 1, 1)) > 0);
    CU_ASSERT(rod_date_cmp(mk(2024, 1, 31), mk(2024, 2, 1)) < 0);
    CU_ASSERT(rod_date_cmp(mk(2024, 12, 1), mk(2025, 1, 1)) < 0);
    CU_ASSERT(rod_date_cmp(mk(2025, 1, 1), mk(2024, 12, 31)) > 0);
    CU_ASSERT(rod_date_cmp(mk(2024, 3, 1), mk(2024, 2, 29)) > 0);
    /* Year outweighs month and day. */
    CU_ASSERT(rod_date_cmp(mk(2023, 12, 31), mk(2024, 1, 1)) < 0);
}

static void test_add_years(void)
{
    static const struct {
        rod_date from;
        int years;
        rod_date want;
    } rows[] = {
        /* Contract 8.8: one year earlier than 29 February is 28 Feb. */
        {{2024, 2, 29}, -1, {2023, 2, 28}},   {{2024, 2, 29}, 1, {2025, 2, 28}},
        {{2024, 2, 29}, 4, {2028, 2, 29}},    {{2024, 2, 29}, -4, {2020, 2, 29}},
        {{2024, 2, 29}, 0, {2024, 2, 29}},    {{2000, 2, 29}, 100, {2100, 2, 28}},
        {{2000, 2, 29}, -100, {1900, 2, 28}}, {{2000, 2, 29}, 400, {2400, 2, 29}},
        {{2023, 2, 28}, 1, {2024, 2, 28}},    {{2025, 2, 28}, -1, {2024, 2, 28}},
        {{2024, 3, 1}, -1, {2023, 3, 1}},     {{2024, 12, 31}, 1, {2025, 12, 31}},
        {{2010, 6, 15}, 18, {2028, 6, 15}},   {{2025, 8, 1}, -23, {2002, 8, 1}},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        rod_date got = rod_date_add_years(rows[i].from, rows[i].years);

        UT_CHECK(same(got, rows[i].want), "%d-%d-%d %+d years gave %d-%d-%d", rows[i].from.y, rows[i].from.m,
                 rows[i].from.d, rows[i].years, got.y, got.m, got.d);
    }
}

static void test_age_on(void)
{
    static const struct {
        rod_date birth, on;
        int age;
    } rows[] = {
        {{2010, 6, 15}, {2010, 6, 15}, 0},
        {{2010, 6, 15}, {2010, 6, 14}, -1},
        {{2010, 6, 15}, {2009, 12, 31}, -1},
        {{2010, 6, 15}, {2011, 6, 14}, 0},
        {{2010, 6, 15}, {2011, 6, 15}, 1},
        {{2010, 6, 15}, {2014, 6, 14}, 3},
        {{2010, 6, 15}, {2014, 6, 15}, 4},
        {{2010, 6, 15}, {2028, 6, 14}, 17},
        {{2010, 6, 15}, {2028, 6, 15}, 18},
        {{2010, 6, 15}, {2033, 6, 14}, 22},
        {{2010, 6, 15}, {2033, 6, 15}, 23},
        {{2010, 6, 15}, {2028, 5, 31}, 17},
        {{2010, 6, 15}, {2028, 7, 1}, 18},
        {{2010, 12, 31}, {2011, 1, 1}, 0},
        {{2010, 12, 31}, {2011, 12, 30}, 0},
        {{2010, 12, 31}, {2011, 12, 31}, 1},
        {{2010, 1, 1}, {2010, 12, 31}, 0},
        /* A 29-February child turns a year older on 28 February in
		 * non-leap years, and on 29 February in leap years. */
        {{2008, 2, 29}, {2009, 2, 27}, 0},
        {{2008, 2, 29}, {2009, 2, 28}, 1},
        {{2008, 2, 29}, {2009, 3, 1}, 1},
        {{2008, 2, 29}, {2012, 2, 28}, 3},
        {{2008, 2, 29}, {2012, 2, 29}, 4},
        {{2008, 2, 29}, {2026, 2, 27}, 17},
        {{2008, 2, 29}, {2026, 2, 28}, 18},
        {{2008, 2, 29}, {2031, 2, 27}, 22},
        {{2008, 2, 29}, {2031, 2, 28}, 23},
        {{2000, 2, 29}, {2100, 2, 27}, 99},
        {{2000, 2, 29}, {2100, 2, 28}, 100},
        /* A 28-February child in a leap year is not a day early. */
        {{2007, 2, 28}, {2024, 2, 27}, 16},
        {{2007, 2, 28}, {2024, 2, 28}, 17},
        {{2007, 3, 1}, {2024, 2, 29}, 16},
        {{2007, 3, 1}, {2024, 3, 1}, 17},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        int got = rod_age_on(rows[i].birth, rows[i].on);

        UT_CHECK(got == rows[i].age, "born %d-%d-%d, on %d-%d-%d: age %d, want %d", rows[i].birth.y,
                 rows[i].birth.m, rows[i].birth.d, rows[i].on.y, rows[i].on.m, rows[i].on.d, got,
                 rows[i].age);
    }
}

/* The defining property on many pairs: n is the largest count of years that
 * rod_date_add_years can add to birth without passing on. */
static void test_age_on_property(void)
{
    long first = rod_date_to_days(mk(1999, 1, 1));
    long last = rod_date_to_days(mk(2005, 12, 31));

    for (long b = first; b <= last; b++) {
        rod_date birth = rod_date_from_days(b);

        for (long o = b - 3; o <= b + 30 * 366; o += 37) {
            rod_date on = rod_date_from_days(o);
            int n = rod_age_on(birth, on);
            bool ok;

            if (o < b)
                ok = n == -1;
            else
                ok = n >= 0 && rod_date_cmp(rod_date_add_years(birth, n), on) <= 0 &&
                     rod_date_cmp(rod_date_add_years(birth, n + 1), on) > 0;
            if (!ok) {
                UT_CHECK(false, "born %d-%d-%d, on %d-%d-%d: age %d", birth.y, birth.m, birth.d, on.y, on.m,
                         on.d, n);
                return;
            }
        }
    }
    CU_PASS("age property holds");
}

static void test_schooljaar_begin(void)
{
    static const struct {
        rod_date today, want;
    } rows[] = {
        {{2024, 8, 1}, {2024, 8, 1}},   {{2024, 7, 31}, {2023, 8, 1}}, {{2024, 8, 2}, {2024, 8, 1}},
        {{2024, 12, 31}, {2024, 8, 1}}, {{2025, 1, 1}, {2024, 8, 1}},  {{2025, 7, 31}, {2024, 8, 1}},
        {{2025, 8, 1}, {2025, 8, 1}},   {{2024, 2, 29}, {2023, 8, 1}},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        rod_date got = rod_schooljaar_begin(rows[i].today);

        UT_CHECK(same(got, rows[i].want), "school year of %d-%d-%d starts %d-%d-%d", rows[i].today.y,
                 rows[i].today.m, rows[i].today.d, got.y, got.m, got.d);
    }
}

void test_date_register(void)
{
    static const ut_test tests[] = {
        {"leap years and month lengths", test_leap_years},
        {"rod_date_valid", test_valid},
        {"parse accepts xs:date", test_parse_valid},
        {"parse rejects everything else", test_parse_invalid},
        {"format", test_format},
        {"day numbers of known dates", test_days_known},
        {"day numbers of every day 0001..9999", test_days_exhaustive},
        {"rod_date_cmp", test_cmp},
        {"add_years and 29 February", test_add_years},
        {"age_on boundaries", test_age_on},
        {"age_on property", test_age_on_property},
        {"school year start", test_schooljaar_begin},
    };

    ut_register_suite("rules/date", tests, UT_COUNT(tests));
}
