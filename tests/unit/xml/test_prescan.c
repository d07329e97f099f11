/* Unit tests for xml/prescan.c: each limit is found at the construct that
 * exceeds it, markup inside attribute values, comments and CDATA is not
 * counted, and a request within the limits passes. */
#include <string.h>

#include "unit.h"
#include "xml/prescan.h"

static const rod_xml_limits lim = {4, 2, 3, 20, 8, 10};

static rod_scan_result scan_with(const rod_xml_limits *l, const char *s, size_t *at)
{
    return rod_xml_prescan(s, strlen(s), l, at);
}

static rod_scan_result scan_at(const char *s, size_t *at)
{
    return scan_with(&lim, s, at);
}

static void test_limits_found_where_exceeded(void)
{
    static const struct {
        const char *xml;
        rod_scan_result r;
        size_t at;
    } rows[] = {
        {"<a b='' c='' d='' e=''/>", ROD_SCAN_OK, 0},
        {"<a b='' c='' d='' e='' f=''/>", ROD_SCAN_ATTRIBUTES, 23},
        {"<a xmlns='u' xmlns:p='u'/>", ROD_SCAN_OK, 0},
        {"<a xmlns='u' xmlns:p='u' xmlns:q='u'/>", ROD_SCAN_NS_ELEMENT, 25},
        {"<a xmlns:p='u'><b xmlns:q='u'/><c xmlns:r='u'/><d xmlns:s='u'/></a>", ROD_SCAN_NS_DOCUMENT, 50},
        {"<a xmlnsx='u' xmlnsy='u' xmlnsz='u'/>", ROD_SCAN_OK, 0}, /* not declarations */
        {"<abcdefgh/>", ROD_SCAN_OK, 0},
        {"<abcdefghi/>", ROD_SCAN_NAME, 0},
        {"<a abcdefghi=''/>", ROD_SCAN_NAME, 3},
        {"<a>0123456789</a>", ROD_SCAN_OK, 0},
        {"<a>0123456789X</a>", ROD_SCAN_TEXT, 3},
        {"<a b='0123456789X'/>", ROD_SCAN_TEXT, 3},
        {"<a><!--0123456789X--></a>", ROD_SCAN_TEXT, 3},
        {"<a><![CDATA[0123456789X]]></a>", ROD_SCAN_TEXT, 3},
        {"<a><?p 123456789X?></a>", ROD_SCAN_TEXT, 3},
        {"<!DOCTYPE a><a/>", ROD_SCAN_DTD, 0},
        {"<a><!ENTITY x 'y'></a>", ROD_SCAN_DTD, 3},
        {"<a>"
         "<b/><b/><b/><b/><b/><b/><b/><b/><b/><b/>"
         "<b/><b/><b/><b/><b/><b/><b/><b/><b/></a>",
         ROD_SCAN_OK, 0},
        {"<a>"
         "<b/><b/><b/><b/><b/><b/><b/><b/><b/><b/>"
         "<b/><b/><b/><b/><b/><b/><b/><b/><b/><b/></a>",
         ROD_SCAN_NODES, 79},
        {"<a><!----><!----><!----><!----><!----><!----><!----><!----><!----><!----><!----><!---->"
         "<!----><!----><!----><!----><!----><!----><!----><!----></a>",
         ROD_SCAN_NODES, 136},
    };
    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        size_t at = 99;
        rod_scan_result r = scan_at(rows[i].xml, &at);
        UT_CHECK(r == rows[i].r && at == rows[i].at, "row %zu (%s): result %d at %zu, expected %d at %zu", i,
                 rows[i].xml, r, at, rows[i].r, rows[i].at);
    }
}

static void test_markup_in_values_is_not_counted(void)
{
    static const rod_xml_limits wide = {4, 2, 3, 20, 8, 100};
    size_t at;
    UT_CHECK(scan_with(&wide, "<a b='<c d=\"\" e=\"\" f=\"\" g=\"\">'/>", &at) == ROD_SCAN_OK,
             "'<' and '>' in a value");
    UT_CHECK(scan_with(&wide, "<a b=\"x>y\" c='p\"q'/>", &at) == ROD_SCAN_OK,
             "'>' and the other quote in a value");
    UT_CHECK(scan_with(&wide, "<a><!-- <b c='' d='' e='' f='' g=''/> --></a>", &at) == ROD_SCAN_OK,
             "a tag in a comment");
    UT_CHECK(scan_with(&wide, "<a><![CDATA[<!DOCTYPE x>]]></a>", &at) == ROD_SCAN_OK, "a DOCTYPE in CDATA");
}

static void test_malformed_input_is_left_to_libxml2(void)
{
    size_t at;
    static const char *const rows[] = {"<",        "<a",       "<a b",       "<a b=", "<a b='",
                                       "<a b='x",  "<!--",     "<![CDATA[x", "<?p",   "</",
                                       "<a =''/>", "<a b c/>", "<a b=c/>",   ""};
    for (size_t i = 0; i < UT_COUNT(rows); i++)
        UT_CHECK(scan_at(rows[i], &at) == ROD_SCAN_OK, "'%s' is not judged", rows[i]);
}

static void test_line_and_column(void)
{
    const char *s = "<a>\n  <b>\xc3\xa9\xc3\xa9x</b>\n</a>";
    int line, col;
    rod_xml_line_column(s, strlen(s), 0, &line, &col);
    UT_CHECK(line == 1 && col == 1, "start: %d:%d", line, col);
    rod_xml_line_column(s, strlen(s), 6, &line, &col);
    UT_CHECK(line == 2 && col == 3, "<b>: %d:%d", line, col);
    rod_xml_line_column(s, strlen(s), 13, &line, &col);
    UT_CHECK(line == 2 && col == 8, "x after two two-byte characters: %d:%d", line, col);
}

void test_prescan_register(void)
{
    static const ut_test tests[] = {
        {"limits found where exceeded", test_limits_found_where_exceeded},
        {"markup in values is not counted", test_markup_in_values_is_not_counted},
        {"malformed input is left to libxml2", test_malformed_input_is_left_to_libxml2},
        {"line and column", test_line_and_column},
    };

    ut_register_suite("xml/prescan", tests, UT_COUNT(tests));
}
