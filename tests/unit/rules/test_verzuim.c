/* Unit tests for rules/verzuim.c: verzuim enumerations, the status machine,
 * period overlap, the earlier 16-uren melding, the hoofdinschrijving and the
 * withdrawal dates. */
#include <string.h>

#include "rules/verzuim.h"
#include "unit.h"

static rod_date mk(int y, int m, int d)
{
    rod_date r = {y, m, d};

    return r;
}

static void test_names(void)
{
    rod_vz_status s;
    rod_vz_actie a;
    rod_vz_reden r;
    rod_vz_verbijzondering v;
    rod_vz_historie h;
    rod_wet w;

    UT_CHECK(strcmp(rod_vz_status_name(ROD_VZ_TER_KENNISGEVING_AANGENOMEN), "TER_KENNISGEVING_AANGENOMEN") ==
                 0,
             "status name");
    UT_CHECK(rod_vz_status_name(ROD_VZ_STATUS_COUNT) == NULL, "status out of range");
    UT_CHECK(rod_vz_status_name((rod_vz_status)-1) == NULL, "negative status");
    UT_CHECK(rod_vz_status_parse("INGETROKKEN", &s) && s == ROD_VZ_INGETROKKEN, "parse INGETROKKEN");
    UT_CHECK(!rod_vz_status_parse("ingetrokken", &s), "parse is case-sensitive");
    UT_CHECK(!rod_vz_status_parse(NULL, &s), "parse NULL");
    UT_CHECK(rod_vz_actie_parse("ANDERS", &a) && a == ROD_VZ_ACTIE_ANDERS, "actie ANDERS");
    UT_CHECK(rod_vz_actie_parse("GESPREK_BEGELEIDENDE_INSTANTIE", &a) &&
                 a == ROD_VZ_ACTIE_GESPREK_BEGELEIDENDE_INSTANTIE,
             "last actie");
    UT_CHECK(ROD_VZ_ACTIE_COUNT == 9, "nine acties");
    UT_CHECK(rod_vz_reden_parse("GEEN_INSCHRIJVING", &r) && r == ROD_VZ_REDEN_GEEN_INSCHRIJVING, "reden");
    UT_CHECK(rod_vz_reden_name(ROD_VZ_REDEN_GEEN) == NULL, "no reden has no name");
    UT_CHECK(rod_vz_verbijzondering_parse("MOGELIJK_LANGDURIG_ZIEK", &v) &&
                 v == ROD_VZ_VERB_MOGELIJK_LANGDURIG_ZIEK,
             "verbijzondering");
    UT_CHECK(rod_vz_historie_parse("TERUGKOPPELING", &h) && h == ROD_VZ_HIST_TERUGKOPPELING, "historie");
    UT_CHECK(strcmp(rod_vz_historie_name(ROD_VZ_HIST_AANGEMAAKT), "AANGEMAAKT") == 0, "historie name");
    UT_CHECK(rod_wet_parse("RMC_WET", &w) && w == ROD_WET_RMC_WET, "wet");
    UT_CHECK(!rod_wet_parse("RMC", &w), "wet exact");
}

static void test_changeable(void)
{
    for (int s = 0; s < ROD_VZ_STATUS_COUNT; s++) {
        bool want = s == ROD_VZ_GEREGISTREERD || s == ROD_VZ_IN_BEHANDELING;

        UT_CHECK(rod_vz_changeable((rod_vz_status)s) == want, "changeable %s",
                 rod_vz_status_name((rod_vz_status)s));
    }
}

static void test_transitions(void)
{
    /* allowed[from][to], in contract order: GEREGISTREERD,
	 * IN_BEHANDELING, AFGESLOTEN, TER_KENNISGEVING_AANGENOMEN,
	 * OVERGEDRAGEN_AAN_DERDEN, INGETROKKEN */
    static const bool allowed[ROD_VZ_STATUS_COUNT][ROD_VZ_STATUS_COUNT] = {
        {false, true, true, true, true, false},     {false, false, true, true, true, false},
        {false, false, false, false, false, false}, {false, false, false, false, false, false},
        {false, false, false, false, false, false}, {false, false, false, false, false, false},
    };

    for (int f = 0; f < ROD_VZ_STATUS_COUNT; f++)
        for (int t = 0; t < ROD_VZ_STATUS_COUNT; t++)
            UT_CHECK(rod_vz_transition_allowed((rod_vz_status)f, (rod_vz_status)t) == allowed[f][t],
                     "%s -> %s should be %s", rod_vz_status_name((rod_vz_status)f),
                     rod_vz_status_name((rod_vz_status)t), allowed[f][t] ? "allowed" : "refused");
}

static void test_overlap(void)
{
    static const struct {
        rod_date b1;
        bool open1;
        rod_date e1;
        rod_date b2;
        bool open2;
        rod_date e2;
        bool overlap;
    } rows[] = {
        /* one shared day overlaps: inclusive at both ends */
        {{2025, 1, 1}, false, {2025, 1, 10}, {2025, 1, 10}, false, {2025, 1, 20}, true},
        {{2025, 1, 10}, false, {2025, 1, 20}, {2025, 1, 1}, false, {2025, 1, 10}, true},
        {{2025, 1, 1}, false, {2025, 1, 9}, {2025, 1, 10}, false, {2025, 1, 20}, false},
        {{2025, 1, 11}, false, {2025, 1, 20}, {2025, 1, 1}, false, {2025, 1, 10}, false},
        /* containment */
        {{2025, 1, 1}, false, {2025, 12, 31}, {2025, 6, 1}, false, {2025, 6, 1}, true},
        /* open periods run to infinity */
        {{2025, 1, 1}, true, {0, 0, 0}, {2030, 1, 1}, false, {2030, 1, 2}, true},
        {{2025, 1, 1}, true, {0, 0, 0}, {2024, 1, 1}, false, {2024, 12, 31}, false},
        {{2025, 1, 1}, true, {0, 0, 0}, {2024, 1, 1}, false, {2025, 1, 1}, true},
        {{2025, 1, 1}, true, {0, 0, 0}, {2020, 1, 1}, true, {0, 0, 0}, true},
        {{2020, 1, 1}, false, {2020, 1, 1}, {2020, 1, 2}, true, {0, 0, 0}, false},
        /* single days */
        {{2025, 3, 3}, false, {2025, 3, 3}, {2025, 3, 3}, false, {2025, 3, 3}, true},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        bool got = rod_vz_periods_overlap(rows[i].b1, rows[i].open1 ? NULL : &rows[i].e1, rows[i].b2,
                                          rows[i].open2 ? NULL : &rows[i].e2);

        UT_CHECK(got == rows[i].overlap, "row %zu: overlap %d, want %d", i, got, rows[i].overlap);
    }
}

static void test_first_overlap(void)
{
    rod_vz_periode list[] = {
        {10, ROD_SOORT_OVERIG, ROD_VZ_INGETROKKEN, {2025, 1, 1}, false, {2025, 1, 31}},
        {11, ROD_SOORT_OVERIG, ROD_VZ_AFGESLOTEN, {2025, 2, 1}, false, {2025, 2, 28}},
        {12, ROD_SOORT_LUXE, ROD_VZ_GEREGISTREERD, {2025, 4, 1}, true, {0, 0, 0}},
    };
    rod_date e;

    /* a withdrawn melding does not count */
    e = mk(2025, 1, 15);
    UT_CHECK(rod_vz_first_overlap(list, 3, 0, mk(2025, 1, 10), &e) == -1, "withdrawn ignored");
    /* a closed one does */
    e = mk(2025, 2, 1);
    UT_CHECK(rod_vz_first_overlap(list, 3, 0, mk(2025, 1, 20), &e) == 1, "closed counts");
    /* the melding itself does not (WijzigenVerzuim) */
    e = mk(2025, 2, 20);
    UT_CHECK(rod_vz_first_overlap(list, 3, 11, mk(2025, 2, 10), &e) == -1, "self ignored");
    /* open new period against an open one */
    UT_CHECK(rod_vz_first_overlap(list, 3, 0, mk(2026, 1, 1), NULL) == 2, "open against open");
    e = mk(2025, 3, 31);
    UT_CHECK(rod_vz_first_overlap(list, 3, 0, mk(2025, 3, 1), &e) == -1, "gap between");
    UT_CHECK(rod_vz_first_overlap(list, 0, 0, mk(2025, 3, 1), NULL) == -1, "empty list");
}

static void test_earlier_zestien_uur(void)
{
    rod_vz_periode list[] = {
        {1, ROD_SOORT_ZESTIEN_UUR_18MIN, ROD_VZ_INGETROKKEN, {2025, 1, 1}, false, {2025, 1, 2}},
        {2, ROD_SOORT_ZESTIEN_UUR_18PLUS, ROD_VZ_GEREGISTREERD, {2025, 1, 1}, false, {2025, 1, 2}},
        {3, ROD_SOORT_ZESTIEN_UUR_18MIN, ROD_VZ_AFGESLOTEN, {2025, 3, 1}, false, {2025, 3, 5}},
    };

    UT_CHECK(!rod_vz_has_earlier_zestien_uur(list, 3, 0, mk(2025, 2, 1)), "withdrawn or 18+ do not count");
    UT_CHECK(!rod_vz_has_earlier_zestien_uur(list, 3, 0, mk(2025, 3, 1)), "same begindatum is not earlier");
    UT_CHECK(rod_vz_has_earlier_zestien_uur(list, 3, 0, mk(2025, 3, 2)), "a closed earlier one counts");
    UT_CHECK(!rod_vz_has_earlier_zestien_uur(list, 3, 3, mk(2025, 3, 2)), "not itself");
}

static rod_vz_inschrijving ins(const char *code, rod_date in, bool has_uit, rod_date uit)
{
    rod_vz_inschrijving r;

    memset(&r, 0, sizeof r);
    strcpy(r.instellingscode, code);
    r.in = in;
    r.has_uit = has_uit;
    r.uit = uit;
    return r;
}

static void test_active(void)
{
    rod_vz_inschrijving i = ins("31XU", mk(2024, 8, 19), true, mk(2025, 7, 11));
    rod_vz_inschrijving open = ins("31XU", mk(2024, 8, 19), false, mk(0, 0, 0));

    UT_CHECK(rod_vz_inschrijving_active(&i, mk(2024, 8, 19)), "first day");
    UT_CHECK(rod_vz_inschrijving_active(&i, mk(2025, 7, 11)), "last day");
    UT_CHECK(!rod_vz_inschrijving_active(&i, mk(2024, 8, 18)), "day before");
    UT_CHECK(!rod_vz_inschrijving_active(&i, mk(2025, 7, 12)), "day after");
    UT_CHECK(rod_vz_inschrijving_active(&open, mk(2099, 1, 1)), "no uitschrijfdatum");
}

static void test_hoofdinschrijving(void)
{
    rod_vz_inschrijving list[4];

    list[0] = ins("31XV", mk(2023, 8, 1), false, mk(0, 0, 0));
    list[1] = ins("24GP", mk(2024, 8, 1), false, mk(0, 0, 0));
    list[2] = ins("31XU", mk(2023, 8, 1), false, mk(0, 0, 0));
    list[3] = ins("00AA", mk(2020, 1, 1), true, mk(2022, 12, 31));

    /* earliest started; on a tie the lowest code (31XU < 31XV); the
	 * ended 00AA does not count */
    UT_CHECK(rod_vz_hoofdinschrijving(list, 4, mk(2025, 1, 1)) == 2, "tie goes to the lowest code");
    UT_CHECK(rod_vz_hoofdinschrijving(list, 4, mk(2021, 1, 1)) == 3, "only one active");
    UT_CHECK(rod_vz_hoofdinschrijving(list, 4, mk(2019, 1, 1)) == -1, "none active");
    UT_CHECK(rod_vz_hoofdinschrijving(list + 1, 1, mk(2025, 1, 1)) == 0, "single");
    list[2].in = mk(2024, 9, 1);
    UT_CHECK(rod_vz_hoofdinschrijving(list, 4, mk(2025, 1, 1)) == 0, "earliest start wins");
}

static void test_withdraw_one_year(void)
{
    static const struct {
        rod_date begin, today;
        bool too_old;
    } rows[] = {
        {{2024, 3, 10}, {2025, 3, 10}, false}, /* exactly one year */
        {{2024, 3, 9}, {2025, 3, 10}, true},
        {{2025, 3, 10}, {2025, 3, 10}, false},
        /* 29 February: one year earlier is 28 February */
        {{2023, 2, 28}, {2024, 2, 29}, false},
        {{2023, 2, 27}, {2024, 2, 29}, true},
        {{2023, 3, 1}, {2024, 2, 29}, false},
        {{2024, 2, 29}, {2025, 2, 28}, false},
        {{2024, 2, 28}, {2025, 2, 28}, false},
        {{2024, 2, 27}, {2025, 2, 28}, true},
        {{2024, 12, 31}, {2026, 1, 1}, true},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        bool got = rod_vz_too_old_to_withdraw(rows[i].begin, rows[i].today);

        UT_CHECK(got == rows[i].too_old, "begin %d-%d-%d today %d-%d-%d: %d", rows[i].begin.y,
                 rows[i].begin.m, rows[i].begin.d, rows[i].today.y, rows[i].today.m, rows[i].today.d, got);
    }
}

static void test_geen_inschrijving(void)
{
    static const struct {
        rod_date begin, today;
        bool allowed;
    } rows[] = {
        {{2025, 8, 1}, {2025, 8, 1}, true},   {{2025, 7, 31}, {2025, 8, 1}, false},
        {{2025, 8, 1}, {2026, 7, 31}, true},  {{2025, 7, 31}, {2026, 7, 31}, false},
        {{2026, 7, 31}, {2026, 8, 1}, false}, {{2024, 8, 1}, {2025, 3, 1}, true},
        {{2024, 7, 31}, {2025, 3, 1}, false},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        bool got = rod_vz_geen_inschrijving_allowed(rows[i].begin, rows[i].today);

        UT_CHECK(got == rows[i].allowed, "row %zu: %d", i, got);
    }
}

static void test_days_since(void)
{
    UT_CHECK(rod_vz_days_since(mk(2025, 1, 1), mk(2025, 1, 1)) == 0, "same day");
    UT_CHECK(rod_vz_days_since(mk(2024, 2, 28), mk(2024, 3, 1)) == 2, "leap year");
    UT_CHECK(rod_vz_days_since(mk(2025, 1, 2), mk(2025, 1, 1)) == 0, "never negative");
    UT_CHECK(rod_vz_days_since(mk(2024, 1, 1), mk(2025, 1, 1)) == 366, "a leap year long");
}

void test_verzuim_register(void)
{
    static const ut_test tests[] = {
        {"enumeration names", test_names},
        {"changeable statuses", test_changeable},
        {"gemeente transitions", test_transitions},
        {"period overlap, inclusive and open", test_overlap},
        {"first overlapping melding", test_first_overlap},
        {"earlier 16-uren melding", test_earlier_zestien_uur},
        {"inschrijving active on a day", test_active},
        {"hoofdinschrijving", test_hoofdinschrijving},
        {"withdrawal within one year", test_withdraw_one_year},
        {"GEEN_INSCHRIJVING in the school year", test_geen_inschrijving},
        {"days since", test_days_since},
    };

    ut_register_suite("rules/verzuim", tests, UT_COUNT(tests));
}
