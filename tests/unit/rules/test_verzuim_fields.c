/* Unit tests for rules/verzuim_fields.c: field lists, their JSON text both
 * ways, and the field differences of the history. */
#include <string.h>

#include "rules/verzuim_fields.h"
#include "unit.h"
#include "ut_arena.h"

static bool same(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

static void test_add_and_get(void)
{
    ut_arena u;
    rod_fields f;

    ut_arena_init(&u);
    rod_fields_init(&f, &u.arena);
    rod_fields_add(&f, "verzuim/begindatum", "2025-01-06");
    rod_fields_add(&f, "verzuim/einddatum", NULL); /* absent: no field */
    rod_fields_addf_path(&f, "Piet", "leerling/contactpersoon[%d]/naam", 2);
    UT_CHECK(f.n == 2, "two fields, got %d", f.n);
    UT_CHECK(same(rod_fields_get(&f, "leerling/contactpersoon[2]/naam"), "Piet"), "formatted path");
    UT_CHECK(rod_fields_get(&f, "verzuim/einddatum") == NULL, "absent field");
    UT_CHECK(!f.oom, "no allocation failure");
    ut_arena_free(&u);
}

static void test_json_round_trip(void)
{
    static const char *const values[] = {
        "plain",
        "",
        "quote \" and backslash \\",
        "tab\tnewline\ncr\r",
        "\x01\x1f control",
        "Zoë Ïda ünïcødé — €",
        "emoji \xF0\x9F\x98\x80",
        "</melding> & <b>",
    };
    ut_arena u;
    rod_fields f, back;

    ut_arena_init(&u);
    rod_fields_init(&f, &u.arena);
    for (size_t i = 0; i < UT_COUNT(values); i++)
        rod_fields_addf_path(&f, values[i], "p/%zu", i);
    char *json = rod_fields_to_json(&f, &u.arena);

    UT_CHECK(json != NULL, "encoded");
    rod_fields_init(&back, &u.arena);
    UT_CHECK(json && rod_fields_from_json(json, &back), "decoded: %s", json ? json : "");
    UT_CHECK(back.n == f.n, "same count %d/%d", back.n, f.n);
    for (int i = 0; i < f.n && i < back.n; i++) {
        UT_CHECK(same(back.items[i].path, f.items[i].path), "path %d", i);
        UT_CHECK(same(back.items[i].value, f.items[i].value), "value %d: %s", i, back.items[i].value);
    }
    ut_arena_free(&u);
}

static void test_json_exact_text(void)
{
    ut_arena u;
    rod_fields f;

    ut_arena_init(&u);
    rod_fields_init(&f, &u.arena);
    char *empty = rod_fields_to_json(&f, &u.arena);

    UT_CHECK(empty && strcmp(empty, "{}") == 0, "empty object: %s", empty ? empty : "");
    rod_fields_add(&f, "a/b", "x\"y");
    rod_fields_add(&f, "c", "\n");
    char *json = rod_fields_to_json(&f, &u.arena);

    UT_CHECK(json && strcmp(json, "{\"a/b\":\"x\\\"y\",\"c\":\"\\u000a\"}") == 0, "text: %s",
             json ? json : "");
    ut_arena_free(&u);
}

static void test_json_escapes_in(void)
{
    ut_arena u;
    rod_fields f;

    ut_arena_init(&u);
    rod_fields_init(&f, &u.arena);
    UT_CHECK(rod_fields_from_json(" { \"k\" : \"\\u00e9\\n\\/\\ud83d\\ude00\" , \"l\":\"\"} ", &f), "parsed");
    UT_CHECK(f.n == 2 && same(f.items[0].value, "\xC3\xA9\n/\xF0\x9F\x98\x80"), "escapes decoded");
    UT_CHECK(f.n == 2 && same(f.items[1].value, ""), "empty string");
    ut_arena_free(&u);
}

static void test_json_invalid(void)
{
    static const char *const rows[] = {
        "",
        "[]",
        "{",
        "{\"a\"}",
        "{\"a\":1}",
        "{\"a\":null}",
        "{\"a\":\"b\",}",
        "{\"a\":\"b\"} x",
        "{\"a\":\"\\u0000\"}",
        "{\"a\":\"\\ud800\"}",
        "{\"a\":\"\\x\"}",
        "{\"a\":\"raw\ncontrol\"}",
        "{\"a\":\"unterminated}",
    };
    ut_arena u;

    ut_arena_init(&u);
    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        rod_fields f;

        rod_fields_init(&f, &u.arena);
        UT_CHECK(!rod_fields_from_json(rows[i], &f), "should refuse: %s", rows[i]);
    }
    rod_fields f;

    rod_fields_init(&f, &u.arena);
    UT_CHECK(!rod_fields_from_json(NULL, &f), "NULL");
    ut_arena_free(&u);
}

static void fields_of(rod_fields *f, rod_arena *a, const char *const *kv)
{
    rod_fields_init(f, a);
    for (int i = 0; kv[i]; i += 2)
        rod_fields_add(f, kv[i], kv[i + 1]);
}

static void test_diff(void)
{
    /* one common order: a b c d e f */
    static const char *const before[] = {"a", "1", "b", "2", "d", "4", "e", "5", NULL};
    static const char *const after[] = {"a", "1", "c", "3", "d", "40", "f", "6", NULL};
    static const struct {
        const char *path, *old_value, *new_value;
    } want[] = {
        {"b", "2", NULL}, {"c", NULL, "3"}, {"d", "4", "40"}, {"e", "5", NULL}, {"f", NULL, "6"},
    };
    ut_arena u;
    rod_fields b, a;
    rod_changes c;

    ut_arena_init(&u);
    fields_of(&b, &u.arena, before);
    fields_of(&a, &u.arena, after);
    rod_changes_init(&c, &u.arena);
    rod_fields_diff(&b, &a, &c);
    UT_CHECK(c.n == (int)UT_COUNT(want), "%d changes", c.n);
    for (int i = 0; i < c.n && i < (int)UT_COUNT(want); i++)
        UT_CHECK(same(c.items[i].path, want[i].path) && same(c.items[i].old_value, want[i].old_value) &&
                     same(c.items[i].new_value, want[i].new_value),
                 "change %d: %s %s -> %s", i, c.items[i].path,
                 c.items[i].old_value ? c.items[i].old_value : "-",
                 c.items[i].new_value ? c.items[i].new_value : "-");

    /* no difference, empty lists */
    rod_changes_init(&c, &u.arena);
    rod_fields_diff(&b, &b, &c);
    UT_CHECK(c.n == 0, "identical lists");
    rod_fields empty;

    rod_fields_init(&empty, &u.arena);
    rod_changes_init(&c, &u.arena);
    rod_fields_diff(&empty, &a, &c);
    UT_CHECK(c.n == a.n && c.items[0].old_value == NULL, "all added");
    rod_changes_init(&c, &u.arena);
    rod_fields_diff(&b, &empty, &c);
    UT_CHECK(c.n == b.n && c.items[0].new_value == NULL, "all removed");
    ut_arena_free(&u);
}

static void test_diff_indexed(void)
{
    /* a third contactpersoon added between existing fields */
    static const char *const before[] = {"leerling/contactpersoon[1]/naam",
                                         "A",
                                         "leerling/contactpersoon[2]/naam",
                                         "B",
                                         "verzuim/soort",
                                         "LUXE",
                                         NULL};
    static const char *const after[] = {"leerling/contactpersoon[1]/naam",
                                        "A",
                                        "leerling/contactpersoon[2]/naam",
                                        "B",
                                        "leerling/contactpersoon[3]/naam",
                                        "C",
                                        "leerling/contactpersoon[3]/email",
                                        "c@x.nl",
                                        "verzuim/soort",
                                        "LUXE",
                                        NULL};
    ut_arena u;
    rod_fields b, a;
    rod_changes c;

    ut_arena_init(&u);
    fields_of(&b, &u.arena, before);
    fields_of(&a, &u.arena, after);
    rod_changes_init(&c, &u.arena);
    rod_fields_diff(&b, &a, &c);
    UT_CHECK(c.n == 2, "two added fields, got %d", c.n);
    UT_CHECK(c.n == 2 && same(c.items[0].path, "leerling/contactpersoon[3]/naam") &&
                 same(c.items[1].path, "leerling/contactpersoon[3]/email"),
             "in document order");
    ut_arena_free(&u);
}

static void test_changes_json(void)
{
    ut_arena u;
    rod_changes c, back;

    ut_arena_init(&u);
    rod_changes_init(&c, &u.arena);
    char *empty = rod_changes_to_json(&c, &u.arena);

    UT_CHECK(empty && strcmp(empty, "[]") == 0, "empty list");
    rod_changes_add(&c, "verzuim/einddatum", NULL, "2025-02-01");
    rod_changes_add(&c, "status", "GEREGISTREERD", "INGETROKKEN");
    rod_changes_add(&c, "verzuim/toelichting", "tekst \"met\" quotes", NULL);
    char *json = rod_changes_to_json(&c, &u.arena);

    UT_CHECK(json != NULL, "encoded");
    rod_changes_init(&back, &u.arena);
    UT_CHECK(json && rod_changes_from_json(json, &back), "decoded %s", json ? json : "");
    UT_CHECK(back.n == 3, "three changes");
    for (int i = 0; i < back.n && i < c.n; i++)
        UT_CHECK(same(back.items[i].path, c.items[i].path) &&
                     same(back.items[i].old_value, c.items[i].old_value) &&
                     same(back.items[i].new_value, c.items[i].new_value),
                 "change %d", i);
    rod_changes_init(&back, &u.arena);
    UT_CHECK(!rod_changes_from_json("[{\"oud\":null}]", &back), "veld is required");
    UT_CHECK(!rod_changes_from_json("[{\"veld\":\"a\",\"x\":null}]", &back), "unknown key");
    UT_CHECK(!rod_changes_from_json("{}", &back), "not a list");
    ut_arena_free(&u);
}

static void test_out_of_memory(void)
{
    ut_arena u;
    rod_fields f;

    ut_arena_init(&u);
    rod_fields_init(&f, &u.arena);
    u.fail_after = 3;
    for (int i = 0; i < 10; i++)
        rod_fields_add(&f, "p", "v");
    UT_CHECK(f.oom, "failure is recorded");
    UT_CHECK(rod_fields_to_json(&f, &u.arena) == NULL, "no JSON without memory");
    ut_arena_free(&u);
}

void test_verzuim_fields_register(void)
{
    static const ut_test tests[] = {
        {"add and get", test_add_and_get},
        {"JSON round trip", test_json_round_trip},
        {"JSON exact text", test_json_exact_text},
        {"JSON escapes in", test_json_escapes_in},
        {"JSON refused", test_json_invalid},
        {"diff in document order", test_diff},
        {"diff of indexed paths", test_diff_indexed},
        {"changes as JSON", test_changes_json},
        {"out of memory", test_out_of_memory},
    };

    ut_register_suite("rules/verzuim_fields", tests, UT_COUNT(tests));
}
