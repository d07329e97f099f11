/* Unit tests for client/template.c: the aanleveren template's header, the
 * spreadsheet clean-up and the local row checks (each with its code and
 * column), on sheets built in memory with client/sheet.c. */
#include <string.h>

#include "client/sheet.h"
#include "client/template.h"
#include "unit.h"

/* A sheet of one header line and one row of (column, value) pairs. */
static void make(rodctl_sheet *s, rodctl_layout *l, const char *const *kv, size_t n)
{
    memset(s, 0, sizeof *s);
    for (size_t i = 0; i < n; i++) {
        rodctl_sheet_set(s, 0, i, kv[2 * i], strlen(kv[2 * i]));
        rodctl_sheet_set(s, 1, i, kv[2 * i + 1], strlen(kv[2 * i + 1]));
    }
    char err[256];
    UT_CHECK(rodctl_layout_read(l, s, err, sizeof err) == 0, "layout: %s", err);
}

/* The problems of a row that is valid except for one column. */
static int check_one(const char *col, const char *value, rodctl_problem *p)
{
    const char *kv[] = {"instellingscode",
                        "31XU",
                        "inschrijfdatum",
                        "2025-08-25",
                        "geslacht",
                        "MAN",
                        "geboortedatum",
                        "2014",
                        "achternaam",
                        "Sato",
                        "postcode",
                        "1071AB",
                        "huisnummer",
                        "12",
                        "bsn",
                        "",
                        "landcode",
                        ""};
    size_t n = UT_COUNT(kv) / 2;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(kv[2 * i], col))
            kv[2 * i + 1] = value;
    rodctl_sheet s;
    rodctl_layout l;
    make(&s, &l, kv, n);
    int k = rodctl_row_check(&s, &l, 1, p);
    rodctl_sheet_free(&s);
    return k;
}

static void test_valid_row(void)
{
    rodctl_problem p[RODCTL_MAX_PROBLEMS] = {0};
    UT_CHECK(check_one("bsn", "", p) == 0, "the base row is valid, got %s", rod_status_code(p[0].status));
    UT_CHECK(check_one("bsn", "123456782", p) == 0, "with a valid BSN");
}

static void test_codes_and_columns(void)
{
    static const struct {
        const char *col, *value, *code;
        rodctl_col at;
    } rows[] = {
        {"bsn", "123456789", "ROD-0204", RODCTL_COL_BSN},
        {"instellingscode", "31xu", "ROD-0002", RODCTL_COL_INSTELLINGSCODE},
        {"inschrijfdatum", "2025-02-30", "ROD-0206", RODCTL_COL_INSCHRIJFDATUM},
        {"inschrijfdatum", "25-08-2025", "ROD-0206", RODCTL_COL_INSCHRIJFDATUM},
        {"geslacht", "M", "ROD-0002", RODCTL_COL_GESLACHT},
        {"geboortedatum", "2014-13", "ROD-0206", RODCTL_COL_GEBOORTEDATUM},
        {"geboortedatum", "2999", "ROD-0212", RODCTL_COL_GEBOORTEDATUM},
        {"postcode", "1234SA", "ROD-0210", RODCTL_COL_POSTCODE},
        {"huisnummer", "0", "ROD-0002", RODCTL_COL_HUISNUMMER},
        {"huisnummer", "12a", "ROD-0002", RODCTL_COL_HUISNUMMER},
        {"achternaam", "", "ROD-0208", RODCTL_COL_ACHTERNAAM},
        {"landcode", "5010", "ROD-0002", RODCTL_COL_LANDCODE}, /* a Dutch and a foreign address */
        {"achternaam", "\xC3\x28", "ROD-0001", RODCTL_COL_ACHTERNAAM},
    };
    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        rodctl_problem p[RODCTL_MAX_PROBLEMS];
        int k = check_one(rows[i].col, rows[i].value, p);
        UT_CHECK(k >= 1 && !strcmp(rod_status_code(p[0].status), rows[i].code) && p[0].col == rows[i].at,
                 "%s=\"%s\": want %s at %s, got %d problem(s), first %s at %s", rows[i].col, rows[i].value,
                 rows[i].code, rodctl_col_name(rows[i].at), k, k ? rod_status_code(p[0].status) : "-",
                 k ? rodctl_col_name(p[0].col) : "-");
    }
}

static void test_too_young_and_order_of_dates(void)
{
    const char *kv[] = {"instellingscode", "31XU",       "inschrijfdatum",  "2025-08-25",
                        "uitschrijfdatum", "2025-08-01", "geslacht",        "VROUW",
                        "geboortedatum",   "2099-01-01", "onderwijsnummer", "101222331"};
    rodctl_sheet s;
    rodctl_layout l;
    make(&s, &l, kv, UT_COUNT(kv) / 2);
    rodctl_problem p[RODCTL_MAX_PROBLEMS];
    int k = rodctl_row_check(&s, &l, 1, p);
    UT_CHECK(k == 2, "two problems, got %d", k);
    UT_CHECK(k >= 1 && p[0].status == ROD_INSCHRIJF_AFTER_UITSCHRIJF, "ROD-0203 first");
    UT_CHECK(k >= 2 && p[1].status == ROD_DATE_IN_FUTURE, "ROD-0212 second");
    rodctl_sheet_free(&s);
}

static void test_foreign_address(void)
{
    const char *kv[] = {"instellingscode", "31XU", "inschrijfdatum", "2025-08-25", "geslacht", "MAN",
                        "geboortedatum",   "2012", "achternaam",     "Dupont",     "landcode", "6030",
                        "adresregel1",     "",     "adresregel2",    "Bruxelles"};
    rodctl_sheet s;
    rodctl_layout l;
    make(&s, &l, kv, UT_COUNT(kv) / 2);
    rodctl_problem p[RODCTL_MAX_PROBLEMS];
    int k = rodctl_row_check(&s, &l, 1, p);
    UT_CHECK(k == 2 && p[0].status == ROD_FOREIGN_ADDRESS_INVALID && p[0].col == RODCTL_COL_LANDCODE &&
                 p[1].status == ROD_FOREIGN_ADDRESS_INVALID && p[1].col == RODCTL_COL_ADRESREGEL1,
             "landcode 6030 and adresregel 2 without 1: got %d", k);
    rodctl_sheet_free(&s);
}

static void test_layout(void)
{
    static const struct {
        const char *header[3];
        const char *error; /* NULL: accepted */
    } rows[] = {
        {{"instellingscode", "inschrijfdatum", "kleur"}, "unknown column 'kleur'"},
        {{"instellingscode", "InschrijfDatum", "INSTELLINGSCODE"}, "appears twice"},
        {{"instellingscode", "inschrijfdatum", "geslacht"}, "'geboortedatum' is missing"},
        {{"GEBOORTEDATUM", "inschrijfdatum", "geslacht"}, "'instellingscode' is missing"},
    };
    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        rodctl_sheet s = {0};
        rodctl_layout l;
        for (size_t c = 0; c < 3; c++)
            rodctl_sheet_set(&s, 0, c, rows[i].header[c], strlen(rows[i].header[c]));
        char err[256] = "";
        int rc = rodctl_layout_read(&l, &s, err, sizeof err);
        UT_CHECK(rc == -1 && strstr(err, rows[i].error), "header %zu: want \"%s\", got \"%s\"", i,
                 rows[i].error, err);
        rodctl_sheet_free(&s);
    }
}

static void test_normalize(void)
{
    const char *kv[] = {"instellingscode",
                        "31XU",
                        "inschrijfdatum",
                        "45000",
                        "geslacht",
                        "MAN",
                        "geboortedatum",
                        "2015",
                        "bsn",
                        "12345678",
                        "uitschrijfdatum",
                        "45000.0"};
    rodctl_sheet s;
    rodctl_layout l;
    make(&s, &l, kv, UT_COUNT(kv) / 2);
    rodctl_sheet_normalize(&s, &l);
    const char *in = rodctl_row_cell(&s, &l, 1, RODCTL_COL_INSCHRIJFDATUM);
    const char *uit = rodctl_row_cell(&s, &l, 1, RODCTL_COL_UITSCHRIJFDATUM);
    const char *geb = rodctl_row_cell(&s, &l, 1, RODCTL_COL_GEBOORTEDATUM);
    const char *bsn = rodctl_row_cell(&s, &l, 1, RODCTL_COL_BSN);
    UT_CHECK(in && !strcmp(in, "2023-03-15"), "Excel day 45000 is 2023-03-15, got %s", in);
    UT_CHECK(uit && !strcmp(uit, "2023-03-15"), "45000.0 too, got %s", uit);
    UT_CHECK(geb && !strcmp(geb, "2015"), "a year stays a year, got %s", geb);
    UT_CHECK(bsn && !strcmp(bsn, "012345678"), "the BSN gets its leading zero back, got %s", bsn);
    rodctl_sheet_free(&s);
}

static void test_sheet_cells_trimmed(void)
{
    rodctl_sheet s = {0};
    rodctl_sheet_set(&s, 3, 2, "  31XU \r\n", 9);
    rodctl_sheet_set(&s, 0, 5, "   ", 3);
    UT_CHECK(s.nrows == 4 && s.ncols == 6, "grown to 4x6, got %zux%zu", s.nrows, s.ncols);
    const char *v = rodctl_sheet_cell(&s, 3, 2);
    UT_CHECK(v && !strcmp(v, "31XU"), "trimmed, got \"%s\"", v ? v : "(null)");
    UT_CHECK(rodctl_sheet_cell(&s, 0, 5) == NULL, "white space only is empty");
    UT_CHECK(rodctl_sheet_cell(&s, 9, 9) == NULL, "outside the sheet");
    rodctl_sheet_free(&s);
}

void test_template_register(void)
{
    static const ut_test tests[] = {
        {"a valid row has no problems", test_valid_row},
        {"each broken column: its code and column", test_codes_and_columns},
        {"several problems of one row, in order", test_too_young_and_order_of_dates},
        {"foreign address rules", test_foreign_address},
        {"header line: unknown, repeated and missing columns", test_layout},
        {"Excel day numbers and BSN leading zeros undone", test_normalize},
        {"sheet cells: trimmed, grown, empty", test_sheet_cells_trimmed},
    };

    ut_register_suite("client/template", tests, UT_COUNT(tests));
}
