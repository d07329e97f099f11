/* Unit tests for core/status.c: every status has a contract code, a kind and
 * a Dutch text; codes are unique and are those of the contract's error table
 * (spec 6 and 9.7) with the kind given there; the code lookup finds
 * each status back. */
#include <ctype.h>
#include <string.h>

#include "core/status.h"
#include "unit.h"

/* The contract's error table: code and kind. `since` 0 is version 1 (every
 * code must exist), 1 a version 1.1 addition (checked when it exists). */
static const struct {
    const char *code;
    rod_kind kind;
    int since;
} contract[] = {
    {"ROD-0001", ROD_KIND_FAULT_CLIENT, 0}, {"ROD-0002", ROD_KIND_FAULT_CLIENT, 0},
    {"ROD-0003", ROD_KIND_FAULT_CLIENT, 0}, {"ROD-0004", ROD_KIND_FAULT_CLIENT, 0},
    {"ROD-0005", ROD_KIND_FAULT_CLIENT, 0}, {"ROD-0006", ROD_KIND_FAULT_CLIENT, 0},
    {"ROD-0101", ROD_KIND_FAULT_CLIENT, 0}, {"ROD-0103", ROD_KIND_FAULT_CLIENT, 0},
    {"ROD-9001", ROD_KIND_FAULT_SERVER, 0}, {"ROD-9002", ROD_KIND_FAULT_SERVER, 0},
    {"ROD-0102", ROD_KIND_FOUT, 0},         {"ROD-0201", ROD_KIND_FOUT, 0},
    {"ROD-0202", ROD_KIND_FOUT, 0},         {"ROD-0203", ROD_KIND_FOUT, 0},
    {"ROD-0204", ROD_KIND_FOUT, 0},         {"ROD-0205", ROD_KIND_FOUT, 0},
    {"ROD-0206", ROD_KIND_FOUT, 0},         {"ROD-0207", ROD_KIND_FOUT, 0},
    {"ROD-0208", ROD_KIND_FOUT, 0},         {"ROD-0209", ROD_KIND_FOUT, 0},
    {"ROD-0210", ROD_KIND_FOUT, 0},         {"ROD-0211", ROD_KIND_FOUT, 0},
    {"ROD-0212", ROD_KIND_FOUT, 0},         {"ROD-0213", ROD_KIND_FOUT, 1},
    {"ROD-0301", ROD_KIND_FOUT, 0},         {"ROD-0302", ROD_KIND_FOUT, 0},
    {"ROD-0303", ROD_KIND_FOUT, 0},         {"ROD-0304", ROD_KIND_FOUT, 0},
    {"ROD-0305", ROD_KIND_FOUT, 0},         {"ROD-0306", ROD_KIND_FOUT, 0},
    {"ROD-0307", ROD_KIND_FOUT, 0},         {"ROD-0308", ROD_KIND_FOUT, 0},
    {"ROD-0309", ROD_KIND_FOUT, 0},         {"ROD-0310", ROD_KIND_FOUT, 0},
    {"ROD-0311", ROD_KIND_FOUT, 0},         {"ROD-0312", ROD_KIND_FOUT, 0},
    {"ROD-0313", ROD_KIND_FOUT, 0},         {"ROD-0314", ROD_KIND_FOUT, 0},
    {"ROD-0315", ROD_KIND_FOUT, 0},         {"ROD-0316", ROD_KIND_FOUT, 0},
    {"ROD-0317", ROD_KIND_FOUT, 0},         {"ROD-0318", ROD_KIND_FOUT, 0},
    {"ROD-0319", ROD_KIND_FOUT, 0},         {"ROD-0320", ROD_KIND_FOUT, 0},
    {"ROD-0321", ROD_KIND_FOUT, 0},         {"ROD-0322", ROD_KIND_FOUT, 0},
    {"ROD-0323", ROD_KIND_FOUT, 0},         {"ROD-0324", ROD_KIND_FOUT, 0},
    {"ROD-0325", ROD_KIND_FOUT, 0},
};

static bool code_shape(const char *c)
{
    if (strlen(c) != 8 || strncmp(c, "ROD-", 4) != 0)
        return false;
    for (int i = 4; i < 8; i++)
        if (!isdigit((unsigned char)c[i]))
            return false;
    return true;
}

static void test_every_status_has_code_kind_text(void)
{
    for (int s = 0; s < ROD_STATUS_COUNT; s++) {
        const char *code = rod_status_code((rod_status)s), *text = rod_status_text((rod_status)s);
        rod_kind kind = rod_status_kind((rod_status)s);
        size_t n = strlen(text);

        if (s == ROD_OK)
            UT_CHECK(code[0] == '\0' && kind == ROD_KIND_OK, "ROD_OK has no code and kind OK");
        else
            UT_CHECK(code_shape(code) && kind != ROD_KIND_OK, "status %d: code [%s], kind %d", s, code,
                     (int)kind);
        /* a sentence a person can act on: starts upper-case, ends with a full stop, no stray blanks */
        UT_CHECK(n > 5 && isupper((unsigned char)text[0]) && text[n - 1] == '.' &&
                     !isspace((unsigned char)text[0]) && strstr(text, "  ") == NULL,
                 "status %d (%s): text [%s]", s, code, text);
    }
}

static void test_codes_unique(void)
{
    for (int a = 0; a < ROD_STATUS_COUNT; a++)
        for (int b = a + 1; b < ROD_STATUS_COUNT; b++)
            UT_CHECK(strcmp(rod_status_code((rod_status)a), rod_status_code((rod_status)b)) != 0,
                     "statuses %d and %d share code %s", a, b, rod_status_code((rod_status)a));
}

static void test_codes_and_kinds_are_the_contracts(void)
{
    for (size_t i = 0; i < UT_COUNT(contract); i++) {
        rod_status s = rod_status_from_code(contract[i].code);

        if (s == ROD_STATUS_COUNT) {
            UT_CHECK(contract[i].since > 0, "contract code %s has no status", contract[i].code);
            continue;
        }
        UT_CHECK(rod_status_kind(s) == contract[i].kind, "%s: kind %d, the contract says %d",
                 contract[i].code, (int)rod_status_kind(s), (int)contract[i].kind);
    }
    for (int s = 1; s < ROD_STATUS_COUNT; s++) {
        bool listed = false;

        for (size_t i = 0; i < UT_COUNT(contract); i++)
            listed |= strcmp(contract[i].code, rod_status_code((rod_status)s)) == 0;
        UT_CHECK(listed, "%s is not in the contract's table", rod_status_code((rod_status)s));
    }
}

static void test_lookup_by_code(void)
{
    for (int s = 1; s < ROD_STATUS_COUNT; s++)
        UT_CHECK(rod_status_from_code(rod_status_code((rod_status)s)) == (rod_status)s, "%s finds status %d",
                 rod_status_code((rod_status)s), s);
    UT_CHECK(rod_status_from_code("ROD-9999") == ROD_STATUS_COUNT, "an unknown code");
    UT_CHECK(rod_status_from_code("rod-0001") == ROD_STATUS_COUNT, "codes are case-sensitive");
    UT_CHECK(rod_status_from_code("ROD-000") == ROD_STATUS_COUNT, "a prefix of a code");
    UT_CHECK(rod_status_from_code(NULL) == ROD_STATUS_COUNT, "NULL");
}

static void test_out_of_range_is_internal(void)
{
    rod_status bad = (rod_status)ROD_STATUS_COUNT, negative = (rod_status)-1;

    UT_CHECK(strcmp(rod_status_code(bad), "ROD-9002") == 0, "an unknown status is ROD-9002");
    UT_CHECK(strcmp(rod_status_text(bad), rod_status_text(ROD_INTERNAL)) == 0,
             "with the internal error's text");
    UT_CHECK(rod_status_kind(bad) == ROD_KIND_FAULT_SERVER, "a Server fault");
    UT_CHECK(strcmp(rod_status_code(negative), "ROD-9002") == 0, "also below zero");
}

void test_status_register(void)
{
    static const ut_test tests[] = {
        {"every status has code, kind, text", test_every_status_has_code_kind_text},
        {"codes unique", test_codes_unique},
        {"codes and kinds are the contract's", test_codes_and_kinds_are_the_contracts},
        {"lookup by code", test_lookup_by_code},
        {"out of range is internal", test_out_of_range_is_internal},
    };

    ut_register_suite("core/status", tests, UT_COUNT(tests));
}
