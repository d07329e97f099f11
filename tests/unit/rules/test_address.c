/* Unit tests for rules/address.c: postcodes, foreign landcodes and foreign
 * address lines. */
#include "rules/address.h"
#include "unit.h"

static void test_postcode(void)
{
    static const struct {
        const char *s;
        bool ok;
    } rows[] = {
        {"1000AA", true},
        {"9999ZZ", true},
        {"1234AB", true},
        {"9700AB", true},
        {"1109XY", true},
        {"5000AA", true},
        /* Only the pairs SA, SD and SS are excluded. */
        {"3511SB", true},
        {"1234SC", true},
        {"1234SZ", true},
        {"3511AS", true},
        {"3511DS", true},
        {"1234AS", true},
        {"1234SA", false},
        {"1234SD", false},
        {"1234SS", false},
        /* The number cannot start with 0. */
        {"0999AA", false},
        {"0123AB", false},
        {"0000AA", false},
        {"1234 AB", false},
        {"1234ab", false},
        {"1234aB", false},
        {"1234Ab", false},
        {"1234sa", false},
        {"1234A", false},
        {"1234ABC", false},
        {"123AB", false},
        {"12345A", false},
        {"1234A1", false},
        {"ABCDEF", false},
        {"", false},
        {" 1234AB", false},
        {"1234AB ", false},
        {"1234AB\n", false},
        {"1234\xC3\x84"
         "B",
         false},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++)
        UT_CHECK(rod_postcode_valid(rows[i].s) == rows[i].ok, "postcode \"%s\" valid should be %d", rows[i].s,
                 rows[i].ok);
    UT_CHECK(!rod_postcode_valid(NULL), "postcode NULL");
}

static void test_postcode_number(void)
{
    static const struct {
        const char *s;
        int number;
    } rows[] = {
        {"1000AA", 1000}, {"1109ZZ", 1109}, {"9700AB", 9700}, {"9749ZZ", 9749},
        {"9999ZZ", 9999}, {"5000AA", 5000}, {"0999AA", -1},   {"1234SA", -1},
        {"1234ab", -1},   {"1234", -1},     {"", -1},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++)
        UT_CHECK(rod_postcode_number(rows[i].s) == rows[i].number, "postcode_number(\"%s\") = %d, want %d",
                 rows[i].s, rod_postcode_number(rows[i].s), rows[i].number);
    UT_CHECK(rod_postcode_number(NULL) == -1, "postcode_number(NULL)");
}

static void test_landcode(void)
{
    static const struct {
        const char *s;
        bool ok;
    } rows[] = {
        {"5010", true},
        {"9089", true},
        {"6029", true},
        {"6031", true},
        {"0001", true},
        {"9999", true},
        /* Nederland is not abroad; 0000 is "onbekend". */
        {"6030", false},
        {"0000", false},
        {"603", false},
        {"60300", false},
        {"60a0", false},
        {"", false},
        {" 5010", false},
        {"5010 ", false},
        {"-501", false},
        {"+501", false},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++)
        UT_CHECK(rod_landcode_valid_foreign(rows[i].s) == rows[i].ok, "landcode \"%s\" valid should be %d",
                 rows[i].s, rows[i].ok);
    UT_CHECK(!rod_landcode_valid_foreign(NULL), "landcode NULL");
}

static void test_adresregels(void)
{
    static const struct {
        bool r1, r2, r3, ok;
    } rows[] = {
        {true, false, false, true},  {true, true, false, true},    {true, true, true, true},
        {true, false, true, false},  {false, false, false, false}, {false, true, false, false},
        {false, false, true, false}, {false, true, true, false},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++)
        UT_CHECK(rod_adresregels_valid(rows[i].r1, rows[i].r2, rows[i].r3) == rows[i].ok,
                 "adresregels %d%d%d valid should be %d", rows[i].r1, rows[i].r2, rows[i].r3, rows[i].ok);
}

void test_address_register(void)
{
    static const ut_test tests[] = {
        {"postcode pattern and excluded pairs", test_postcode},
        {"postcode number part", test_postcode_number},
        {"foreign landcode", test_landcode},
        {"adresregel combinations", test_adresregels},
    };

    ut_register_suite("rules/address", tests, UT_COUNT(tests));
}
