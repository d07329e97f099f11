/* Unit tests for http/http.c: the framing rules of RFC 9112 that a proxy in
 * front could read differently (issue 16 item 8). */
#include <stdio.h>
#include <string.h>

#include "http/http.h"
#include "unit.h"

static http_progress head(const char *text, int *status)
{
    static http_head h;

    return http_parse_head(text, strlen(text), 16384, &h, status);
}

static void test_http10_with_chunked_refused(void)
{
    int st = 0;

    UT_CHECK(head("POST /rod/v1 HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", &st) == HTTP_FAIL &&
                 st == 400,
             "HTTP/1.0 with chunked: 400, got %d", st);
    UT_CHECK(head("POST /rod/v1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", &st) == HTTP_DONE,
             "HTTP/1.1 with chunked is fine");
}

static void test_content_length_spellings(void)
{
    static const struct {
        const char *a, *b;
        bool ok;
    } rows[] = {
        {"5", "5", true}, {"5", "05", false}, {"05", "5", false}, {"0", "00", false}, {"12", "12", true}};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char text[256];
        int st = 0;

        snprintf(text, sizeof text,
                 "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %s\r\nContent-Length: %s\r\n\r\n", rows[i].a,
                 rows[i].b);
        http_progress p = head(text, &st);

        UT_CHECK(rows[i].ok ? p == HTTP_DONE : (p == HTTP_FAIL && st == 400), "Content-Length %s then %s",
                 rows[i].a, rows[i].b);
    }
}

static http_progress chunked(const char *body, size_t len)
{
    static char buf[512];
    http_chunked d;
    int st;

    memcpy(buf, body, len);
    memset(&d, 0, sizeof d);
    return http_chunked_decode(&d, buf, len, sizeof buf, &st);
}

static void test_chunk_extensions(void)
{
    static const struct {
        const char *text;
        size_t len; /* 0: strlen */
        bool ok;
    } rows[] = {
        {"3;a\r\nabc\r\n0\r\n\r\n", 0, true},           {"3;a=b\r\nabc\r\n0\r\n\r\n", 0, true},
        {"3 ; a = b ; c\r\nabc\r\n0\r\n\r\n", 0, true}, {"3;a=\"x y\\\" ;\"\r\nabc\r\n0\r\n\r\n", 0, true},
        {"3;a\r\nabc\r\n0;last=1\r\n\r\n", 0, true},    {"3;a=b\0c\r\nabc\r\n0\r\n\r\n", 20, false},
        {"3;\x01\r\nabc\r\n0\r\n\r\n", 0, false},       {"3;=x\r\nabc\r\n0\r\n\r\n", 0, false},
        {"3;a=\r\nabc\r\n0\r\n\r\n", 0, false},         {"3;a=b c\r\nabc\r\n0\r\n\r\n", 0, false},
        {"3;a=\"b\r\nabc\r\n0\r\n\r\n", 0, false},      {"3;a=\"b\x7f\"\r\nabc\r\n0\r\n\r\n", 0, false},
        {"3;a@b\r\nabc\r\n0\r\n\r\n", 0, false},        {"3;a\nabc\r\n0\r\n\r\n", 0, false},
        {"3\r\nabc\r\n0\r\nX-T: 1\r\n\r\n", 0, true},   {"3\r\nabc\r\n0\r\nX-T: \0\r\n\r\n", 21, false},
        {"3\r\nabc\r\n0\r\nX-T: 1\n\r\n", 0, false},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        size_t len = rows[i].len ? rows[i].len : strlen(rows[i].text);
        http_progress p = chunked(rows[i].text, len);

        UT_CHECK(rows[i].ok ? p == HTTP_DONE : p == HTTP_FAIL, "row %zu: got %d", i, (int)p);
    }
}

void test_http_framing_register(void)
{
    CU_pSuite s = CU_add_suite("http framing", NULL, NULL);

    CU_add_test(s, "HTTP/1.0 with Transfer-Encoding is refused", test_http10_with_chunked_refused);
    CU_add_test(s, "a repeated Content-Length must be the same text", test_content_length_spellings);
    CU_add_test(s, "chunk extensions are token or quoted-string only", test_chunk_extensions);
}
