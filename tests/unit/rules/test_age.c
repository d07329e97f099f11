/* Unit tests for rules/age.c: minimum age, wet, verzuimsoort by age and the
 * age limit for verzuim, with full and partial birth dates. */
#include <string.h>

#include "rules/age.h"
#include "unit.h"

static rod_pdate birth(const char *s)
{
    rod_pdate p = {0, 0, 0, ROD_PDATE_YEAR};

    UT_CHECK(rod_pdate_parse(s, &p), "setup: \"%s\" should parse", s);
    return p;
}

static rod_date mk(int y, int m, int d)
{
    rod_date r = {y, m, d};

    return r;
}

static void test_pdate_age_on(void)
{
    static const struct {
        const char *birth;
        rod_date on;
        int age;
    } rows[] = {
        {"2010-06-15", {2028, 6, 14}, 17},
        {"2010-06-15", {2028, 6, 15}, 18},
        /* The earliest possible birthday counts. */
        {"2010", {2010, 1, 1}, 0},
        {"2010", {2009, 12, 31}, -1},
        {"2010", {2028, 1, 1}, 18},
        {"2010", {2027, 12, 31}, 17},
        {"2010-07", {2028, 7, 1}, 18},
        {"2010-07", {2028, 6, 30}, 17},
        {"2008-02", {2026, 2, 1}, 18},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        int got = rod_pdate_age_on(birth(rows[i].birth), rows[i].on);

        UT_CHECK(got == rows[i].age, "born %s, on %d-%d-%d: %d, want %d", rows[i].birth, rows[i].on.y,
                 rows[i].on.m, rows[i].on.d, got, rows[i].age);
    }
}

static void test_old_enough(void)
{
    static const struct {
        const char *birth;
        rod_date today;
        bool ok;
    } rows[] = {
        /* Exactly 4 today, and one day short. */
        {"2020-03-10", {2024, 3, 10}, true},
        {"2020-03-10", {2024, 3, 9}, false},
        {"2020-03-10", {2030, 1, 1}, true},
        {"2020-03-10", {2020, 3, 10}, false},
        /* 29 February: the 4th birthday of 2096-02-29 falls in 2100,
		 * not a leap year, so it is 28 February. */
        {"2020-02-29", {2024, 2, 29}, true},
        {"2020-02-29", {2024, 2, 28}, false},
        {"2096-02-29", {2100, 2, 28}, true},
        {"2096-02-29", {2100, 2, 27}, false},
        /* Partial dates: the earliest possible birthday counts, so
		 * "2020" is 4 from 2024-01-01 and "2020-06" from 2024-06-01. */
        {"2020", {2024, 1, 1}, true},
        {"2020", {2023, 12, 31}, false},
        {"2020", {2024, 6, 15}, true},
        {"2020-06", {2024, 6, 1}, true},
        {"2020-06", {2024, 5, 31}, false},
        {"2020-06", {2024, 6, 15}, true},
        {"2020-12", {2024, 12, 1}, true},
        {"2020-12", {2024, 11, 30}, false},
        /* Born in the future: not old enough. */
        {"2030", {2025, 3, 10}, false},
        {"2025-03-11", {2025, 3, 10}, false},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++)
        UT_CHECK(rod_old_enough_for_inschrijving(birth(rows[i].birth), rows[i].today) == rows[i].ok,
                 "born %s, on %d-%d-%d old enough should be %d", rows[i].birth, rows[i].today.y,
                 rows[i].today.m, rows[i].today.d, rows[i].ok);
}

static void test_wet(void)
{
    static const struct {
        const char *birth;
        rod_date begin;
        rod_wet wet;
    } rows[] = {
        {"2007-05-20", {2025, 5, 19}, ROD_WET_LEERPLICHTWET},
        {"2007-05-20", {2025, 5, 20}, ROD_WET_RMC_WET},
        {"2007-05-20", {2040, 1, 1}, ROD_WET_RMC_WET},
        {"2007-05-20", {2012, 1, 1}, ROD_WET_LEERPLICHTWET},
        {"2007", {2025, 1, 1}, ROD_WET_RMC_WET},
        {"2007", {2024, 12, 31}, ROD_WET_LEERPLICHTWET},
        {"2007-05", {2025, 5, 1}, ROD_WET_RMC_WET},
        {"2007-05", {2025, 4, 30}, ROD_WET_LEERPLICHTWET},
        /* 18th birthday of a 29-February child in 2026 is 28 Feb. */
        {"2008-02-29", {2026, 2, 28}, ROD_WET_RMC_WET},
        {"2008-02-29", {2026, 2, 27}, ROD_WET_LEERPLICHTWET},
        /* Not yet born on begindatum: certainly under 18. */
        {"2030-01-01", {2025, 1, 1}, ROD_WET_LEERPLICHTWET},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++)
        UT_CHECK(rod_wet_for(birth(rows[i].birth), rows[i].begin) == rows[i].wet,
                 "born %s, begin %d-%d-%d: wrong wet", rows[i].birth, rows[i].begin.y, rows[i].begin.m,
                 rows[i].begin.d);

    UT_CHECK(strcmp(rod_wet_name(ROD_WET_LEERPLICHTWET), "LEERPLICHTWET") == 0, "name of LEERPLICHTWET");
    UT_CHECK(strcmp(rod_wet_name(ROD_WET_RMC_WET), "RMC_WET") == 0, "name of RMC_WET");
    UT_CHECK(rod_wet_name((rod_wet)7) == NULL, "name of an unknown wet");
}

/* Expected per age, in rod_soort order: 18MIN, LRV 18MIN, 18PLUS, RMC,
 * OVERIG, LUXE. */
static void test_soort_allowed(void)
{
    static const struct {
        int age;
        bool allowed[ROD_SOORT_COUNT];
    } rows[] = {
        {-1, {false, false, false, false, false, false}}, {0, {true, true, false, false, true, true}},
        {4, {true, true, false, false, true, true}},      {5, {true, true, false, false, true, true}},
        {16, {true, true, false, false, true, true}},     {17, {true, true, false, false, true, true}},
        {18, {false, false, true, true, true, true}},     {19, {false, false, true, true, true, true}},
        {22, {false, false, true, true, true, true}},     {23, {false, false, true, false, true, true}},
        {24, {false, false, true, false, true, true}},    {40, {false, false, true, false, true, true}},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++)
        for (int s = 0; s < ROD_SOORT_COUNT; s++)
            UT_CHECK(rod_soort_allowed_for_age((rod_soort)s, rows[i].age) == rows[i].allowed[s],
                     "%s at age %d allowed should be %d", rod_soort_name((rod_soort)s), rows[i].age,
                     rows[i].allowed[s]);
    UT_CHECK(!rod_soort_allowed_for_age(ROD_SOORT_COUNT, 10), "ROD_SOORT_COUNT is no soort");
    UT_CHECK(!rod_soort_allowed_for_age((rod_soort)99, 10), "99 is no soort");
}

/* From a birth date to the soorten on a begindatum, around the 18th and 23rd
 * birthdays, as a handler would chain the calls. */
static void test_soort_birthdays(void)
{
    rod_pdate b = birth("2002-03-15");
    int a17 = rod_pdate_age_on(b, mk(2020, 3, 14));
    int a18 = rod_pdate_age_on(b, mk(2020, 3, 15));
    int a22 = rod_pdate_age_on(b, mk(2025, 3, 14));
    int a23 = rod_pdate_age_on(b, mk(2025, 3, 15));

    UT_CHECK(rod_soort_allowed_for_age(ROD_SOORT_ZESTIEN_UUR_18MIN, a17), "day before 18: 18MIN allowed");
    UT_CHECK(!rod_soort_allowed_for_age(ROD_SOORT_ZESTIEN_UUR_18MIN, a18),
             "18th birthday: 18MIN not allowed");
    UT_CHECK(!rod_soort_allowed_for_age(ROD_SOORT_ZESTIEN_UUR_18PLUS, a17),
             "day before 18: 18PLUS not allowed");
    UT_CHECK(rod_soort_allowed_for_age(ROD_SOORT_ZESTIEN_UUR_18PLUS, a18), "18th birthday: 18PLUS allowed");
    UT_CHECK(rod_soort_allowed_for_age(ROD_SOORT_RMC_18PLUS, a22) && !rod_too_old_for_verzuim(a22),
             "day before 23: RMC allowed, not too old");
    UT_CHECK(!rod_soort_allowed_for_age(ROD_SOORT_RMC_18PLUS, a23) && rod_too_old_for_verzuim(a23),
             "23rd birthday: RMC not allowed, too old");

    /* A partial birth date "2002" counts from 2002-01-01. */
    b = birth("2002");
    UT_CHECK(rod_too_old_for_verzuim(rod_pdate_age_on(b, mk(2025, 1, 1))),
             "born 2002, on 2025-01-01: too old");
    UT_CHECK(!rod_too_old_for_verzuim(rod_pdate_age_on(b, mk(2024, 12, 31))),
             "born 2002, on 2024-12-31: not too old");
}

static void test_soort_names(void)
{
    static const char *const names[ROD_SOORT_COUNT] = {
        "ZESTIEN_UUR_18MIN", "LANGDURIG_RELATIEF_18MIN", "ZESTIEN_UUR_18PLUS", "RMC_18PLUS", "OVERIG", "LUXE",
    };

    UT_CHECK(ROD_SOORT_COUNT == 6, "six soorten");
    UT_CHECK(ROD_SOORT_ZESTIEN_UUR_18MIN == 0 && ROD_SOORT_LUXE == 5, "enumerators in contract order");
    for (int s = 0; s < ROD_SOORT_COUNT; s++) {
        const char *got = rod_soort_name((rod_soort)s);
        rod_soort back = ROD_SOORT_COUNT;

        UT_CHECK(got != NULL && strcmp(got, names[s]) == 0, "name of soort %d is \"%s\", want %s", s,
                 got ? got : "(null)", names[s]);
        UT_CHECK(rod_soort_parse(names[s], &back) && back == (rod_soort)s, "parse(%s) gave %d", names[s],
                 (int)back);
    }
    UT_CHECK(rod_soort_name(ROD_SOORT_COUNT) == NULL, "name of COUNT");
    UT_CHECK(rod_soort_name((rod_soort)99) == NULL, "name of 99");
}

static void test_soort_parse_invalid(void)
{
    static const char *const rows[] = {
        "luxe",
        "Luxe",
        "LUXE ",
        " LUXE",
        "",
        "ZESTIEN_UUR",
        "ZESTIEN_UUR_18MINX",
        "RMC_18PLUS\n",
        "OVERIG\t",
        "RMC",
        "ZESTIEN_UUR_18",
        "LANGDURIG_RELATIEF",
        "ROD_SOORT_LUXE",
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        rod_soort s = ROD_SOORT_COUNT;

        UT_CHECK(!rod_soort_parse(rows[i], &s), "parse(\"%s\") should fail", rows[i]);
        UT_CHECK(s == ROD_SOORT_COUNT, "parse(\"%s\") failed but wrote its output", rows[i]);
    }
    {
        rod_soort s;

        UT_CHECK(!rod_soort_parse(NULL, &s), "parse(NULL)");
        UT_CHECK(!rod_soort_parse("LUXE", NULL), "parse into NULL");
    }
}

static void test_too_old(void)
{
    static const struct {
        int age;
        bool too_old;
    } rows[] = {
        {-1, false}, {0, false}, {17, false}, {18, false}, {22, false}, {23, true}, {24, true}, {99, true},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++)
        UT_CHECK(rod_too_old_for_verzuim(rows[i].age) == rows[i].too_old, "too old at %d should be %d",
                 rows[i].age, rows[i].too_old);
}

static void test_startkwalificatie(void)
{
    rod_date begin = mk(2024, 7, 1);

    UT_CHECK(rod_startkwalificatie_applies("2024-07-01", begin), "dated on begindatum: applies");
    UT_CHECK(rod_startkwalificatie_applies("2020-01-31", begin), "dated before: applies");
    UT_CHECK(!rod_startkwalificatie_applies("2024-07-02", begin), "dated the day after: not yet");
    UT_CHECK(!rod_startkwalificatie_applies("", begin) && !rod_startkwalificatie_applies(NULL, begin),
             "none: never");
    UT_CHECK(!rod_startkwalificatie_applies("2024-13-01", begin), "a bad date is none");
}

void test_age_register(void)
{
    static const ut_test tests[] = {
        {"age from a partial birth date", test_pdate_age_on},
        {"at least 4 for an inschrijving", test_old_enough},
        {"wet by age on begindatum", test_wet},
        {"soort by age", test_soort_allowed},
        {"soort around the 18th and 23rd birthday", test_soort_birthdays},
        {"soort names and parsing", test_soort_names},
        {"soort parse rejects other text", test_soort_parse_invalid},
        {"too old for verzuim", test_too_old},
        {"startkwalificatie on begindatum", test_startkwalificatie},
    };

    ut_register_suite("rules/age", tests, UT_COUNT(tests));
}
