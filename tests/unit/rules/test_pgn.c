/* Unit tests for rules/pgn.c: the BSN and onderwijsnummer elfproef and the
 * generation of onderwijsnummers. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "rules/pgn.h"
#include "unit.h"

static void test_bsn_valid(void)
{
    static const char *const rows[] = {
        "111222333", "123456782", "999999990", "347712782", "976787301",
        "455824009", "673701293", "154892713", "262096638", "108267507", /* starts with 10, still a BSN */
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++)
        UT_CHECK(rod_bsn_valid(rows[i]), "BSN %s should be valid", rows[i]);
}

static void test_bsn_invalid(void)
{
    static const char *const rows[] = {
        /* Weighted sum 0: divisible by 11 but excluded. */
        "000000000", "000000012", "010000008", "100000009",
        /* Elfproef fails. */
        "123456789", "111222334", "111222332", "999999999", "000000009", /* sum -9 */
        "101222331", /* an onderwijsnummer: sum = 5 mod 11 */
        "102767604",
        /* Wrong length or characters. */
        "12345678", "1234567820", "", "11122233a", "a11222333", " 11122233", "11122233 ", "111222333 ",
        " 111222333", "111 222 333", "111-222-333", "-11222333", "+11222333", "11122233\n",
        "\357\274\22111222333", /* FULLWIDTH ONE */
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++)
        UT_CHECK(!rod_bsn_valid(rows[i]), "BSN \"%s\" should be invalid", rows[i]);
    UT_CHECK(!rod_bsn_valid(NULL), "BSN NULL");
}

static void test_onderwijsnummer_valid(void)
{
    static const char *const rows[] = {
        "101222331", "102767604", "102169968", "102791163", "107028755", "102492263", "101440905",
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++)
        UT_CHECK(rod_onderwijsnummer_valid(rows[i]), "onderwijsnummer %s should be valid", rows[i]);
}

static void test_onderwijsnummer_invalid(void)
{
    static const char *const rows[] = {
        /* Sum 5 mod 11 but not starting with 10. */
        "367902431",
        "981556560",
        "926988196",
        "110150461",
        "190031676",
        "120023757",
        "000055433",
        "010110866",
        /* Starting with 10, wrong check. */
        "101222330",
        "101222332",
        "100000009",
        "108267507",
        "102030405",
        /* A valid BSN. */
        "111222333",
        /* Wrong length or characters. */
        "10122233",
        "1012223310",
        "",
        "10122233a",
        "1012223 1",
        " 101222331",
        "101222331 ",
        "101222331\n",
        "10-1222331",
        "01222331",
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++)
        UT_CHECK(!rod_onderwijsnummer_valid(rows[i]), "onderwijsnummer \"%s\" should be invalid", rows[i]);
    UT_CHECK(!rod_onderwijsnummer_valid(NULL), "onderwijsnummer NULL");
}

/* A BSN and an onderwijsnummer can never be the same number: their sums
 * differ modulo 11. */
static void test_disjoint(void)
{
    char buf[ROD_PGN_BUFSIZE];

    for (unsigned long n = 100000000UL; n < 110000000UL; n += 7) {
        snprintf(buf, sizeof buf, "%09lu", n);
        if (rod_bsn_valid(buf) && rod_onderwijsnummer_valid(buf)) {
            UT_CHECK(false, "%s is both", buf);
            return;
        }
    }
    CU_PASS("no number is both a BSN and an onderwijsnummer");
}

static void test_from_seq_known(void)
{
    char out[ROD_PGN_BUFSIZE];

    UT_CHECK(rod_onderwijsnummer_from_seq(122233UL, out) && strcmp(out, "101222331") == 0,
             "seq 122233 gave \"%s\", want 101222331", out);
    UT_CHECK(rod_onderwijsnummer_from_seq(0UL, out) && strcmp(out, "100000004") == 0,
             "seq 0 gave \"%s\", want 100000004", out);
}

static void test_from_seq_range(void)
{
    char out[ROD_PGN_BUFSIZE];

    memset(out, 'x', sizeof out);
    UT_CHECK(!rod_onderwijsnummer_from_seq(1000000UL, out), "seq 1000000 is out of range");
    UT_CHECK(out[0] == '\0', "out of range leaves \"\"");
    UT_CHECK(!rod_onderwijsnummer_from_seq(ULONG_MAX, out), "seq ULONG_MAX is out of range");
    UT_CHECK(rod_onderwijsnummer_from_seq(ROD_ONDERWIJSNUMMER_SEQ_MAX, out) && strcmp(out, "109999995") == 0,
             "seq 999999 gave \"%s\", want 109999995", out);
}

/* Every seq 0..999999: a number is produced exactly when some check digit
 * exists, and it is a valid onderwijsnummer carrying the seq. */
static void test_from_seq_all(void)
{
    unsigned long made = 0;

    for (unsigned long seq = 0; seq <= ROD_ONDERWIJSNUMMER_SEQ_MAX; seq++) {
        char out[ROD_PGN_BUFSIZE], again[ROD_PGN_BUFSIZE];
        char want[ROD_PGN_BUFSIZE];
        bool ok = rod_onderwijsnummer_from_seq(seq, out);
        bool some = false;

        snprintf(want, sizeof want, "10%06lu0", seq);
        for (char c = '0'; c <= '9' && !some; c++) {
            want[8] = c;
            some = rod_onderwijsnummer_valid(want);
        }
        if (ok != some) {
            UT_CHECK(false, "seq %lu: returned %d, check digit %s", seq, ok,
                     some ? "exists" : "does not exist");
            return;
        }
        if (!ok) {
            if (out[0] != '\0') {
                UT_CHECK(false, "seq %lu failed but wrote", seq);
                return;
            }
            continue;
        }
        made++;
        if (strlen(out) != 9 || !rod_onderwijsnummer_valid(out) || strncmp(out, want, 8) != 0) {
            UT_CHECK(false, "seq %lu gave \"%s\"", seq, out);
            return;
        }
        if (!rod_onderwijsnummer_from_seq(seq, again) || strcmp(out, again) != 0) {
            UT_CHECK(false, "seq %lu not deterministic", seq);
            return;
        }
    }
    /* One residue in eleven has no check digit: about 10/11 succeed. */
    UT_CHECK(made > 900000UL && made < 920000UL, "%lu of 1000000 made", made);
}

void test_pgn_register(void)
{
    static const ut_test tests[] = {
        {"valid BSNs", test_bsn_valid},
        {"invalid BSNs (sum 0, elfproef, length)", test_bsn_invalid},
        {"valid onderwijsnummers", test_onderwijsnummer_valid},
        {"invalid onderwijsnummers", test_onderwijsnummer_invalid},
        {"BSN and onderwijsnummer disjoint", test_disjoint},
        {"from_seq known values", test_from_seq_known},
        {"from_seq out of range", test_from_seq_range},
        {"from_seq for every seq", test_from_seq_all},
    };

    ut_register_suite("rules/pgn", tests, UT_COUNT(tests));
}
