/* Unit tests for soap/xmltext.c: escaping into a rod_buf (core/buf.c) that
 * always yields well-formed XML in UTF-8: & < > " escaped, valid
 * UTF-8 kept, every invalid byte or XML-forbidden character one '?'. */
#include <stdlib.h>
#include <string.h>

#include "soap/xmltext.h"
#include "unit.h"

/* rod_buf_escape(s) as a string the caller frees. */
static char *escaped(const char *s)
{
    rod_buf b = {0};

    rod_buf_escape(&b, s);
    rod_buf_add(&b, "", 0); /* an empty input still leaves a string */
    return b.data;
}

static void check_escape(const char *in, const char *want, const char *what)
{
    char *got = escaped(in);

    UT_CHECK(got && strcmp(got, want) == 0, "%s: [%s], want [%s]", what, got ? got : "(null)", want);
    free(got);
}

static void test_failed_buffer_takes_nothing(void)
{
    rod_buf b = {0};

    b.failed = 1;
    rod_buf_escape(&b, "<x>");
    UT_CHECK(b.data == NULL && b.len == 0, "a failed buffer takes nothing more");
}

static void test_markup_characters(void)
{
    check_escape("a & b < c > d \"e\" 'f'", "a &amp; b &lt; c &gt; d &quot;e&quot; 'f'", "markup");
    check_escape("&amp;", "&amp;amp;", "an entity is text, escaped again");
    check_escape("]]>", "]]&gt;", "the CDATA end");
    check_escape("", "", "empty");
}

static void test_escape_null_is_nothing(void)
{
    rod_buf b = {0};

    rod_buf_escape(&b, NULL);
    UT_CHECK(b.len == 0, "NULL appends nothing");
    free(b.data);
}

static void test_valid_utf8_is_kept(void)
{
    check_escape("Ren\xc3\xa9"
                 "e \xc3\x9f",
                 "Ren\xc3\xa9"
                 "e \xc3\x9f",
                 "two-byte sequences");
    check_escape("\xe2\x82\xac \xe6\x97\xa5\xe6\x9c\xac", "\xe2\x82\xac \xe6\x97\xa5\xe6\x9c\xac",
                 "three-byte");
    check_escape("\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80", "four-byte (U+1F600)");
    check_escape("\xc2\x80", "\xc2\x80", "U+0080, the lowest two-byte");
    check_escape("\xef\xbf\xbd", "\xef\xbf\xbd", "U+FFFD");
    check_escape("\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf", "U+10FFFF, the highest");
    check_escape("tab\there\nnewline\rcr", "tab\there\nnewline\rcr", "tab, newline, carriage return");
}

static void test_invalid_becomes_question_mark(void)
{
    static const struct {
        const char *in, *want, *what;
    } rows[] = {
        {"a\x01z", "a?z", "a control character"},
        {"\x1f\x7f", "?\x7f", "0x1F is forbidden, DEL is allowed"},
        {"\x80", "?", "a lone continuation byte"},
        {"\xc3", "?", "a sequence cut by the end"},
        {"\xc3(", "?(", "a lead byte without continuation"},
        {"\xe2\x82", "??", "three-byte cut short: each byte one '?'"},
        {"\xc0\xaf", "??", "overlong '/'"},
        {"\xe0\x80\xaf", "???", "overlong three-byte"},
        {"\xf0\x82\x82\xac", "????", "overlong four-byte"},
        {"\xed\xa0\x80", "???", "a surrogate (U+D800)"},
        {"\xef\xbf\xbe", "???", "U+FFFE"},
        {"\xef\xbf\xbf", "???", "U+FFFF"},
        {"\xf4\x90\x80\x80", "????", "above U+10FFFF"},
        {"\xf8\x88\x80\x80\x80", "?????", "a five-byte form"},
        {"\xfe\xff", "??", "bytes never in UTF-8"},
        {"ok\xc3\xa9\xff<", "ok\xc3\xa9?&lt;", "valid, invalid and markup mixed"},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++)
        check_escape(rows[i].in, rows[i].want, rows[i].what);
}

void test_xmltext_register(void)
{
    static const ut_test tests[] = {
        {"a failed buffer takes nothing", test_failed_buffer_takes_nothing},
        {"markup characters", test_markup_characters},
        {"escape of NULL is nothing", test_escape_null_is_nothing},
        {"valid UTF-8 is kept", test_valid_utf8_is_kept},
        {"invalid becomes '?'", test_invalid_becomes_question_mark},
    };

    ut_register_suite("soap/xmltext", tests, UT_COUNT(tests));
}
