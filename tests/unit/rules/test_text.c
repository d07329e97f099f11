/* Unit tests for rules/text.c: UTF-8 length and validity, trimming, and the
 * e-mail, telephone and instellingscode formats. */
#include <string.h>

#include "rules/text.h"
#include "unit.h"

static void test_utf8_length(void)
{
    static const struct {
        const char *s;
        size_t chars;
    } rows[] = {
        {"", 0},
        {"abc", 3},
        {"\xC3\xA9", 1},         /* é */
        {"caf\xC3\xA9", 4},      /* café */
        {"\xE2\x82\xAC", 1},     /* € */
        {"\xF0\x9F\x98\x80", 1}, /* 😀 */
        {"a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", 4},
        {"\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E", 3}, /* 日本語 */
        {"e\xCC\x81", 2},                            /* e + combining acute: two code points */
        {"\xF4\x8F\xBF\xBF", 1},                     /* U+10FFFF */
    };
    char many[401];

    for (size_t i = 0; i < UT_COUNT(rows); i++)
        UT_CHECK(rod_utf8_length(rows[i].s) == rows[i].chars, "length of row %zu = %zu, want %zu", i,
                 rod_utf8_length(rows[i].s), rows[i].chars);
    /* 200 characters in 400 bytes: a max-200 field must accept it. */
    for (size_t i = 0; i < 200; i++)
        memcpy(many + 2 * i, "\xC3\xA9", 2);
    many[400] = '\0';
    UT_CHECK(rod_utf8_length(many) == 200, "200 x e-acute");
    UT_CHECK(rod_utf8_length(NULL) == 0, "length of NULL");
}

static void test_utf8_valid(void)
{
    static const struct {
        const char *s;
        size_t len;
    } rows[] = {
        {"", 0},
        {"plain ASCII", 11},
        {"\x7F", 1},             /* U+007F, last one-byte */
        {"\xC2\x80", 2},         /* U+0080, first two-byte */
        {"\xDF\xBF", 2},         /* U+07FF */
        {"\xE0\xA0\x80", 3},     /* U+0800, first three-byte */
        {"\xED\x9F\xBF", 3},     /* U+D7FF, before surrogates */
        {"\xEE\x80\x80", 3},     /* U+E000, after surrogates */
        {"\xEF\xBF\xBF", 3},     /* U+FFFF */
        {"\xF0\x90\x80\x80", 4}, /* U+10000, first four-byte */
        {"\xF4\x8F\xBF\xBF", 4}, /* U+10FFFF, the last */
        {"caf\xC3\xA9 \xE2\x82\xAC\xF0\x9F\x98\x80", 13},
        {"a\0b", 3},         /* NUL is UTF-8; XML is not our job */
        {"\xC3\xA9\xFF", 2}, /* only len bytes are looked at */
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++)
        UT_CHECK(rod_utf8_valid(rows[i].s, rows[i].len), "row %zu should be valid UTF-8", i);
    UT_CHECK(rod_utf8_valid(NULL, 0), "NULL with length 0");
}

static void test_utf8_invalid(void)
{
    static const struct {
        const char *s;
        size_t len;
        const char *why;
    } rows[] = {
        {"\xC0\x80", 2, "overlong NUL"},
        {"\xC1\xBF", 2, "overlong U+007F"},
        {"\xE0\x80\x80", 3, "overlong three-byte"},
        {"\xE0\x9F\xBF", 3, "overlong U+07FF"},
        {"\xF0\x80\x80\x80", 4, "overlong four-byte"},
        {"\xF0\x8F\xBF\xBF", 4, "overlong U+FFFF"},
        {"\xED\xA0\x80", 3, "surrogate U+D800"},
        {"\xED\xBF\xBF", 3, "surrogate U+DFFF"},
        {"\xED\xA0\xBD\xED\xB8\x80", 6, "CESU-8 surrogate pair"},
        {"\xF4\x90\x80\x80", 4, "U+110000"},
        {"\xF5\x80\x80\x80", 4, "F5 lead byte"},
        {"\xF7\xBF\xBF\xBF", 4, "F7 lead byte"},
        {"\xF8\x88\x80\x80\x80", 5, "five-byte form"},
        {"\xFE", 1, "FE"},
        {"\xFF", 1, "FF"},
        {"\x80", 1, "lone continuation 80"},
        {"\xBF", 1, "lone continuation BF"},
        {"a\x80"
         "b",
         3, "continuation after ASCII"},
        {"\xC3", 1, "truncated two-byte"},
        {"\xE2\x82", 2, "truncated three-byte"},
        {"\xF0\x9F\x98", 3, "truncated four-byte"},
        {"\xC3\xA9", 1, "cut by len"},
        {"ab\xE2\x82", 4, "truncated at the end"},
        {"\xC3\x41", 2, "ASCII as continuation"},
        {"\xC3\xC3\xA9", 3, "lead as continuation"},
        {"\xE2\x28\xA1", 3, "bad second byte"},
        {"\xE2\x82\x28", 3, "bad third byte"},
        {"\xF0\x9F\x98\x41", 4, "bad fourth byte"},
        {"\xC3\xA9\xA9", 3, "one continuation too many"},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++)
        UT_CHECK(!rod_utf8_valid(rows[i].s, rows[i].len), "%s should be invalid UTF-8", rows[i].why);
    UT_CHECK(!rod_utf8_valid(NULL, 1), "NULL with length 1");
}

/* All 2^21 code points, encoded by hand: exactly the scalar values up to
 * U+10FFFF are valid, and each counts as one character. */
static void test_utf8_every_code_point(void)
{
    for (unsigned long cp = 0; cp < 0x200000UL; cp++) {
        unsigned char b[5] = {0};
        size_t n;
        bool expect = cp <= 0x10FFFFUL && !(cp >= 0xD800UL && cp <= 0xDFFFUL);

        if (cp < 0x80UL) {
            b[0] = (unsigned char)cp;
            n = 1;
        } else if (cp < 0x800UL) {
            b[0] = (unsigned char)(0xC0 | (cp >> 6));
            b[1] = (unsigned char)(0x80 | (cp & 0x3F));
            n = 2;
        } else if (cp < 0x10000UL) {
            b[0] = (unsigned char)(0xE0 | (cp >> 12));
            b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
            b[2] = (unsigned char)(0x80 | (cp & 0x3F));
            n = 3;
        } else {
            b[0] = (unsigned char)(0xF0 | (cp >> 18));
            b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
            b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
            b[3] = (unsigned char)(0x80 | (cp & 0x3F));
            n = 4;
        }
        if (rod_utf8_valid((const char *)b, n) != expect) {
            UT_CHECK(false, "U+%04lX valid should be %d", cp, expect);
            return;
        }
        if (cp > 0 && expect && rod_utf8_length((const char *)b) != 1) {
            UT_CHECK(false, "U+%04lX is not one character", cp);
            return;
        }
    }
    CU_PASS("every code point");
}

static void test_trim(void)
{
    static const struct {
        const char *in, *out;
        size_t skip; /* leading characters removed */
    } rows[] = {
        {"abc", "abc", 0},
        {"  abc  ", "abc", 2},
        {"\t\r\n abc \n\r\t", "abc", 4},
        {"a b", "a b", 0},
        {"  a \t b  ", "a \t b", 2},
        {"   ", "", 3},
        {"", "", 0},
        {"\n", "", 1},
        {"abc   ", "abc", 0},
        {"   abc", "abc", 3},
        /* Only XML white space: vertical tab, form feed and NBSP stay. */
        {"\vabc\f", "\vabc\f", 0},
        {"\xC2\xA0"
         "abc\xC2\xA0",
         "\xC2\xA0"
         "abc\xC2\xA0",
         0},
        {" \xC3\xA9 ", "\xC3\xA9", 1},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        char buf[64];
        char *got;

        strcpy(buf, rows[i].in);
        got = rod_trim(buf);
        UT_CHECK(strcmp(got, rows[i].out) == 0, "trim row %zu gave \"%s\"", i, got);
        UT_CHECK(got == buf + rows[i].skip, "trim row %zu should point %zu into the buffer", i, rows[i].skip);
    }
    UT_CHECK(rod_trim(NULL) == NULL, "trim(NULL)");
}

static void test_email(void)
{
    static const struct {
        const char *s;
        bool ok;
    } rows[] = {
        {"a@b", true},
        {"jan.jansen@example.nl", true},
        {"x+tag@sub.example.org", true},
        {"\xC3\xBC@ex\xC3\xA4mple.de", true}, /* ü@exämple.de */
        {"", false},
        {"@", false},
        {"a@", false},
        {"@b", false},
        {"ab", false},
        {"a@@b", false},
        {"a@b@c", false},
        {"a b@c", false},
        {"a@b c", false},
        {" a@b", false},
        {"a@b ", false},
        {"a\t@b", false},
        {"a@b\n", false},
        {"a@b\r", false},
        {"a\x7F@b", false},
        {"a\xC2\xA0"
         "b@c",
         false}, /* NO-BREAK SPACE */
        {"a\xE3\x80\x80"
         "b@c",
         false}, /* IDEOGRAPHIC SPACE */
        {"a\xE2\x80\xA8"
         "b@c",
         false}, /* LINE SEPARATOR */
        {"a\xC2\x85"
         "b@c",
         false},            /* NEXT LINE */
        {"a\xFF@b", false}, /* not UTF-8 */
        {"a\xC3@b", false}, /* truncated sequence */
    };
    char buf[600];

    for (size_t i = 0; i < UT_COUNT(rows); i++)
        UT_CHECK(rod_email_valid(rows[i].s) == rows[i].ok, "email \"%s\" valid should be %d", rows[i].s,
                 rows[i].ok);
    UT_CHECK(!rod_email_valid(NULL), "email NULL");

    /* 254 characters is the limit, counted in characters: 250 x "é" plus
	 * "@a.b" is 254 characters in 504 bytes. */
    for (size_t i = 0; i < 250; i++)
        memcpy(buf + 2 * i, "\xC3\xA9", 2);
    strcpy(buf + 500, "@a.b");
    UT_CHECK(rod_email_valid(buf), "254 characters (504 bytes) allowed");
    strcpy(buf + 500, "@a.bc");
    UT_CHECK(!rod_email_valid(buf), "255 characters rejected");

    memset(buf, 'x', 250);
    strcpy(buf + 250, "@a.b");
    UT_CHECK(rod_email_valid(buf), "254 ASCII characters allowed");
    strcpy(buf + 250, "@a.bc");
    UT_CHECK(!rod_email_valid(buf), "255 ASCII characters rejected");
}

static void test_telefoon(void)
{
    static const struct {
        const char *s;
        bool ok;
    } rows[] = {
        {"0612345678", true},
        {"+31 (0)20-1234567", true},
        {"1", true},
        {"12345678901234567890", true},   /* 20 */
        {"+31 6 1234 5678 (12)", true},   /* 20 */
        {"123456789012345678901", false}, /* 21 */
        {"", false},
        {"06-1234567x", false},
        {"06.12345678", false},
        {"06/12345678", false},
        {"+31\t20", false},
        {"0612345678\n", false},
        {"\xEF\xBC\x90\xEF\xBC\x96", false}, /* fullwidth 06 */
        {"#31", false},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++)
        UT_CHECK(rod_telefoon_valid(rows[i].s) == rows[i].ok, "telefoon \"%s\" valid should be %d", rows[i].s,
                 rows[i].ok);
    UT_CHECK(!rod_telefoon_valid(NULL), "telefoon NULL");
}

static void test_instellingscode(void)
{
    static const struct {
        const char *s;
        bool ok;
    } rows[] = {
        {"31XU", true},  {"24GP", true},   {"00AA", true},         {"99ZZ", true},   {"31xu", false},
        {"31Xu", false}, {"3XU1", false},  {"31XUU", false},       {"31X", false},   {"A1XU", false},
        {"", false},     {"31 XU", false}, {"31\xC3\x84U", false}, {"31XU ", false}, {"312U", false},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++)
        UT_CHECK(rod_instellingscode_valid(rows[i].s) == rows[i].ok,
                 "instellingscode \"%s\" valid should be %d", rows[i].s, rows[i].ok);
    UT_CHECK(!rod_instellingscode_valid(NULL), "instellingscode NULL");
}

void test_text_register(void)
{
    static const ut_test tests[] = {
        {"UTF-8 length in characters", test_utf8_length},
        {"UTF-8 well-formed sequences", test_utf8_valid},
        {"UTF-8 ill-formed sequences", test_utf8_invalid},
        {"UTF-8 every code point", test_utf8_every_code_point},
        {"trim XML white space", test_trim},
        {"e-mail", test_email},
        {"telefoon", test_telefoon},
        {"instellingscode", test_instellingscode},
    };

    ut_register_suite("rules/text", tests, UT_COUNT(tests));
}
