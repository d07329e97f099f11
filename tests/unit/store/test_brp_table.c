/* Unit tests for store/brp_table.c: the CSV files of the basisregistraties
 * are read whole, every bad line is refused with file:line and the reason,
 * lookups find exactly what was read (also in a large extract), and the
 * diff lists the bsns whose address changed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules/pgn.h"
#include "store/brp_table.h"
#include "unit.h"

#define BRP_HEADER "bsn;postcode;huisnummer;huisletter;huisnummertoevoeging;straatnaam;plaatsnaam\n"
#define SK_HEADER  "persoonsgebondenNummer;datum\n"

static char brp_path[64], sk_path[64];

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static int make_paths(void)
{
    snprintf(brp_path, sizeof brp_path, "/tmp/rod-brp-%d.csv", (int)getpid());
    snprintf(sk_path, sizeof sk_path, "/tmp/rod-sk-%d.csv", (int)getpid());
    return 0;
}

static int remove_paths(void)
{
    unlink(brp_path);
    unlink(sk_path);
    return 0;
}

static rod_brp_table *load(const char *brp, const char *sk, char *err, size_t errlen)
{
    write_file(brp_path, brp);
    write_file(sk_path, sk);
    err[0] = '\0';
    return rod_brp_table_load(brp_path, sk_path, err, errlen);
}

static void test_fixtures_are_read(void)
{
    char err[256];
    rod_brp_table *t = load(BRP_HEADER "# comment\n"
                                       "999990019;1011AB;1;;;Dam;Amsterdam\n"
                                       "\n"
                                       "999990020;9711AA;5;b;2A;Grote Markt;Groningen\r\n",
                            SK_HEADER "999990020;2024-07-01\n101222331;2023-06-30\n", err, sizeof err);
    UT_CHECK(t != NULL, "the fixtures load: %s", err);
    if (!t)
        return;
    const rod_brp_adres *a = rod_brp_table_adres(t, "999990019");
    UT_CHECK(a && strcmp(a->postcode, "1011AB") == 0 && a->huisnummer == 1 && a->huisletter[0] == '\0' &&
                 strcmp(a->straatnaam, "Dam") == 0 && strcmp(a->plaatsnaam, "Amsterdam") == 0,
             "999990019 lives at 1011AB 1, Amsterdam");
    a = rod_brp_table_adres(t, "999990020");
    UT_CHECK(a && strcmp(a->huisletter, "b") == 0 && strcmp(a->toevoeging, "2A") == 0 &&
                 strcmp(a->plaatsnaam, "Groningen") == 0,
             "CRLF line end, huisletter and toevoeging kept");
    UT_CHECK(rod_brp_table_adres(t, "123456782") == NULL, "a bsn not in the extract has no address");
    UT_CHECK(rod_brp_table_adres(t, "99999001") == NULL && rod_brp_table_adres(t, NULL) == NULL,
             "malformed keys find nothing");
    const char *d = rod_brp_table_startkwalificatie(t, "999990020");
    UT_CHECK(d && strcmp(d, "2024-07-01") == 0, "the startkwalificatie of 999990020 is 2024-07-01");
    d = rod_brp_table_startkwalificatie(t, "101222331");
    UT_CHECK(d && strcmp(d, "2023-06-30") == 0, "an onderwijsnummer can have one");
    UT_CHECK(rod_brp_table_startkwalificatie(t, "999990019") == NULL, "999990019 has none");
    UT_CHECK(rod_brp_table_adressen(t) == 2 && rod_brp_table_startkwalificaties(t) == 2, "counts 2 and 2");
    rod_brp_table_free(t);
}

static void test_header_only_is_empty(void)
{
    char err[256];
    rod_brp_table *t = load(BRP_HEADER, SK_HEADER, err, sizeof err);
    UT_CHECK(t != NULL, "header-only files load: %s", err);
    UT_CHECK(rod_brp_table_adres(t, "999990019") == NULL &&
                 rod_brp_table_startkwalificatie(t, "999990020") == NULL,
             "and find nothing");
    rod_brp_table_free(t);
}

static void test_bad_lines_are_refused(void)
{
    static const struct {
        const char *brp, *sk, *expect; /* expect: in err, after "file:line: " */
        int line;
        bool in_sk;
    } rows[] = {
        {"999990019;1011AB;1;;;Dam\n", "", "expected 7 fields", 2, false},
        {"999990019;1011AB;1;;;Dam;Amsterdam;x\n", "", "expected 7 fields", 2, false},
        {"999990018;1011AB;1;;;Dam;Amsterdam\n", "", "not a valid bsn", 2, false},
        {"99999001;1011AB;1;;;Dam;Amsterdam\n", "", "not a valid bsn", 2, false},
        {"999990019;1011 AB;1;;;Dam;Amsterdam\n", "", "postcode", 2, false},
        {"999990019;1011AB;0;;;Dam;Amsterdam\n", "", "huisnummer", 2, false},
        {"999990019;1011AB;1x;;;Dam;Amsterdam\n", "", "huisnummer", 2, false},
        {"999990019;1011AB;1;ab;;Dam;Amsterdam\n", "", "huisletter", 2, false},
        {"999990019;1011AB;1;1;;Dam;Amsterdam\n", "", "huisletter", 2, false},
        {"999990019;1011AB;1;;12345;Dam;Amsterdam\n", "", "huisnummertoevoeging", 2, false},
        {"999990019;1011AB;1;;;Dam;Amsterdam\n#\n999990019;9711AA;5;;;A;B\n", "", "earlier line", 4, false},
        {"", "999990020\n", "expected 2 fields", 2, true},
        {"", "999990021;2024-07-01\n", "not a valid bsn or onderwijsnummer", 2, true},
        {"", "999990020;2024-02-30\n", "not a date", 2, true},
        {"", "999990020;2024-07-01Z\n", "not a date", 2, true},
        {"", "999990020;2024-07-01\n999990020;2024-08-01\n", "earlier line", 3, true},
    };
    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        char brp[512], sk[512], err[256], where[128];
        snprintf(brp, sizeof brp, BRP_HEADER "%s", rows[i].brp);
        snprintf(sk, sizeof sk, SK_HEADER "%s", rows[i].sk);
        rod_brp_table *t = load(brp, sk, err, sizeof err);
        snprintf(where, sizeof where, "%s:%d: ", rows[i].in_sk ? sk_path : brp_path, rows[i].line);
        UT_CHECK(t == NULL, "row %zu is refused", i);
        UT_CHECK(strncmp(err, where, strlen(where)) == 0 && strstr(err, rows[i].expect) != NULL,
                 "row %zu: \"%s\" should start with \"%s\" and say \"%s\"", i, err, where, rows[i].expect);
        UT_CHECK(strstr(err, "9999900") == NULL && strstr(err, "Amsterdam") == NULL,
                 "row %zu: no value in \"%s\"", i, err);
        rod_brp_table_free(t);
    }
}

static void test_missing_file_is_refused(void)
{
    char err[256];
    rod_brp_table *t = rod_brp_table_load("/nonexistent/brp.csv", "/nonexistent/sk.csv", err, sizeof err);
    UT_CHECK(t == NULL && strstr(err, "/nonexistent/brp.csv") != NULL, "a missing file is named: %s", err);
}

static void test_large_extract(void)
{
    /* 20,000 bsns: every lookup finds its own address (the index grows
     * while reading) */
    FILE *f = fopen(brp_path, "w");
    if (!f)
        return;
    fputs(BRP_HEADER, f);
    int n = 0;
    for (unsigned long v = 100000000; n < 20000; v++) {
        char bsn[16];
        snprintf(bsn, sizeof bsn, "%09lu", v);
        if (!rod_bsn_valid(bsn))
            continue;
        fprintf(f, "%s;1011AB;%d;;;Dam;Amsterdam\n", bsn, n % 99999 + 1);
        n++;
    }
    fclose(f);
    write_file(sk_path, SK_HEADER);
    char err[256];
    rod_brp_table *t = rod_brp_table_load(brp_path, sk_path, err, sizeof err);
    UT_CHECK(t != NULL && rod_brp_table_adressen(t) == 20000, "20,000 addresses load: %s", err);
    int wrong = 0;
    n = 0;
    for (unsigned long v = 100000000; t && n < 20000; v++) {
        char bsn[16];
        snprintf(bsn, sizeof bsn, "%09lu", v);
        const rod_brp_adres *a = rod_brp_table_adres(t, bsn);
        if (!rod_bsn_valid(bsn)) {
            wrong += a != NULL;
            continue;
        }
        wrong += !a || a->huisnummer != n % 99999 + 1;
        n++;
    }
    UT_CHECK(wrong == 0, "%d lookups wrong", wrong);
    rod_brp_table_free(t);
}

static bool count_bsn(const char *bsn, void *arg)
{
    char *seen = arg;
    strcat(seen, bsn);
    strcat(seen, " ");
    return true;
}

static void test_diff_lists_changed_addresses(void)
{
    char err[256];
    rod_brp_table *a = load(BRP_HEADER "999990019;1011AB;1;;;Dam;Amsterdam\n"
                                       "999990020;9711AA;5;;;Grote Markt;Groningen\n"
                                       "111222333;1011AB;2;;;Dam;Amsterdam\n",
                            SK_HEADER, err, sizeof err);
    rod_brp_table *b = load(BRP_HEADER "999990019;1011AB;1;;;Dam;Amsterdam\n"
                                       "999990020;9711AA;6;;;Grote Markt;Groningen\n"
                                       "123456782;1011AB;3;;;Dam;Amsterdam\n",
                            SK_HEADER, err, sizeof err);
    char seen[256] = "";
    UT_CHECK(a && b && rod_brp_table_diff(a, b, count_bsn, seen), "diff runs");
    UT_CHECK(strstr(seen, "999990020 ") && strstr(seen, "111222333 ") && strstr(seen, "123456782 ") &&
                 !strstr(seen, "999990019"),
             "changed, removed and added, not the same one: \"%s\"", seen);
    seen[0] = '\0';
    UT_CHECK(rod_brp_table_diff(NULL, a, count_bsn, seen) && strlen(seen) == 30, "from nothing: all three");
    rod_brp_table_free(a);
    rod_brp_table_free(b);
}

void test_brp_table_register(void)
{
    static const ut_test tests[] = {
        {"the fixtures are read", test_fixtures_are_read},
        {"header-only files are empty", test_header_only_is_empty},
        {"bad lines are refused with file:line", test_bad_lines_are_refused},
        {"a missing file is refused", test_missing_file_is_refused},
        {"a large extract", test_large_extract},
        {"the diff lists changed addresses", test_diff_lists_changed_addresses},
    };

    ut_register_suite_with("store/brp_table", make_paths, remove_paths, tests, UT_COUNT(tests));
}
