/* Unit tests for http/http.c: the request head (request line, headers,
 * Content-Length, Transfer-Encoding, Host, Connection, Expect) and the
 * chunked decoder, fed whole and byte by byte. Framing rules another change
 * makes stricter (HTTP/1.0 with chunked, chunk extensions, Content-Length N
 * beside 0N) are left to the tests that come with it. */
#include <stdio.h>
#include <string.h>

#include "http/http.h"
#include "unit.h"

#define MAX_HEAD 16384

/* Parses a complete head; returns the progress and fills *h and *status. */
static http_progress parse(const char *head, http_head *h, int *status)
{
    *status = 0;
    return http_parse_head(head, strlen(head), MAX_HEAD, h, status);
}

/* True when `head` is refused with `want`. */
static bool refused(const char *head, int want)
{
    http_head h;
    int status;

    return parse(head, &h, &status) == HTTP_FAIL && status == want;
}

static bool accepted(const char *head, http_head *h)
{
    int status;

    return parse(head, h, &status) == HTTP_DONE;
}

static void test_minimal_post(void)
{
    const char *head = "POST /rod/v1?x=1 HTTP/1.1\r\nHost: localhost:8443\r\nContent-Length: 42\r\n"
                       "Content-Type: text/xml; charset=utf-8\r\nSOAPAction: \"urn:a\"\r\n\r\n";
    http_head h;
    int status = 0;

    UT_CHECK(parse(head, &h, &status) == HTTP_DONE, "a plain POST parses (status %d)", status);
    UT_CHECK(strcmp(h.method, "POST") == 0, "method %s", h.method);
    UT_CHECK(strcmp(h.target, "/rod/v1?x=1") == 0, "target %s", h.target);
    UT_CHECK(h.minor == 1, "minor %d", h.minor);
    UT_CHECK(strcmp(h.host, "localhost:8443") == 0, "host %s", h.host);
    UT_CHECK(h.content_length == 42, "content_length %lld", h.content_length);
    UT_CHECK(strcmp(h.content_type, "text/xml; charset=utf-8") == 0, "content_type %s", h.content_type);
    UT_CHECK(h.has_soapaction && strcmp(h.soapaction, "\"urn:a\"") == 0, "soapaction %s", h.soapaction);
    UT_CHECK(!h.chunked && !h.expect_continue, "neither chunked nor expect");
    UT_CHECK(h.keep_alive, "HTTP/1.1 keeps the connection by default");
    UT_CHECK(h.head_len == strlen(head), "head_len %zu of %zu", h.head_len, strlen(head));
}

static void test_head_arrives_in_pieces(void)
{
    const char *msg = "GET /rod/v1?wsdl HTTP/1.1\r\nHost: a\r\n\r\nBODY";
    size_t head_len = strlen(msg) - 4;
    http_head h;
    int status;

    for (size_t n = 0; n < head_len; n++)
        UT_CHECK(http_parse_head(msg, n, MAX_HEAD, &h, &status) == HTTP_NEED_MORE, "%zu bytes: need more", n);
    UT_CHECK(http_parse_head(msg, strlen(msg), MAX_HEAD, &h, &status) == HTTP_DONE, "complete head");
    UT_CHECK(h.head_len == head_len, "the body starts at %zu, not %zu", head_len, h.head_len);
    UT_CHECK(h.content_length == -1, "no Content-Length: -1, got %lld", h.content_length);
    UT_CHECK(!h.has_soapaction, "no SOAPAction");
}

static void test_head_over_the_limit_is_431(void)
{
    char buf[2048];
    http_head h;
    int status = 0;

    memset(buf, 'a', sizeof buf);
    memcpy(buf, "POST / HTTP/1.1\r\nX: ", 20);
    UT_CHECK(http_parse_head(buf, 1023, 1024, &h, &status) == HTTP_NEED_MORE, "under the limit: need more");
    UT_CHECK(http_parse_head(buf, 1024, 1024, &h, &status) == HTTP_FAIL && status == 431,
             "at the limit without a blank line: 431, got %d", status);
    /* the blank line beyond max_head does not count */
    memcpy(buf + 1500, "\r\n\r\n", 4);
    UT_CHECK(http_parse_head(buf, 1504, 1024, &h, &status) == HTTP_FAIL && status == 431,
             "a head ending beyond the limit: 431, got %d", status);
}

static void test_request_line(void)
{
    static const struct {
        const char *head;
        int status; /* 0: accepted */
    } rows[] = {
        {"POST / HTTP/1.1\r\nHost: a\r\n\r\n", 0},
        {"M-SEARCH / HTTP/1.1\r\nHost: a\r\n\r\n", 400}, /* 8 characters: longer than any method we know */
        {"OPTIONS / HTTP/1.1\r\nHost: a\r\n\r\n", 0},
        {" / HTTP/1.1\r\nHost: a\r\n\r\n", 400},
        {"PO(ST / HTTP/1.1\r\nHost: a\r\n\r\n", 400},
        {"POST  / HTTP/1.1\r\nHost: a\r\n\r\n", 400},
        {"POST http://a/ HTTP/1.1\r\nHost: a\r\n\r\n", 400},
        {"POST * HTTP/1.1\r\nHost: a\r\n\r\n", 400},
        {"POST /a\x7f HTTP/1.1\r\nHost: a\r\n\r\n", 400},
        {"POST /\xc3\xa9 HTTP/1.1\r\nHost: a\r\n\r\n", 400},
        {"POST /a\tb HTTP/1.1\r\nHost: a\r\n\r\n", 400},
        {"POST / HTTP/1.1 \r\nHost: a\r\n\r\n", 400},
        {"POST /\r\nHost: a\r\n\r\n", 400},
        {"POST / HTTP/1.1\nHost: a\r\n\r\n", 400},
        {"POST / http/1.1\r\nHost: a\r\n\r\n", 400},
        {"POST / HTTP/1.10\r\nHost: a\r\n\r\n", 400},
        {"POST / HTTP/2.0\r\nHost: a\r\n\r\n", 505},
        {"POST / HTTP/1.2\r\nHost: a\r\n\r\n", 505},
        {"POST / HTTP/0.9\r\nHost: a\r\n\r\n", 505},
        {"POST / HTTP/1.0\r\n\r\n", 0},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        http_head h;
        int status = 0;
        http_progress p = parse(rows[i].head, &h, &status);

        if (rows[i].status == 0)
            UT_CHECK(p == HTTP_DONE, "row %zu accepted (got status %d)", i, status);
        else
            UT_CHECK(p == HTTP_FAIL && status == rows[i].status, "row %zu: %d, got progress %d status %d", i,
                     rows[i].status, (int)p, status);
    }
}

static void test_target_length(void)
{
    char head[1200], target[1100];
    http_head h;

    memset(target, 'a', sizeof target);
    target[0] = '/';
    target[1023] = '\0'; /* 1023 characters: fits the buffer with its NUL */
    snprintf(head, sizeof head, "GET %s HTTP/1.1\r\nHost: a\r\n\r\n", target);
    UT_CHECK(accepted(head, &h) && strlen(h.target) == 1023, "a target of 1023 characters is kept");
    target[1023] = 'a';
    target[1024] = '\0';
    snprintf(head, sizeof head, "GET %s HTTP/1.1\r\nHost: a\r\n\r\n", target);
    UT_CHECK(refused(head, 414), "a target of 1024 characters is 414");
}

static void test_header_syntax(void)
{
    static const struct {
        const char *head;
        int status;
    } rows[] = {
        {"POST / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", 400},
        {"POST / HTTP/1.1\r\nHost: a\r\n\tfolded\r\n\r\n", 400},
        {"POST / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n", 400},
        {"POST / HTTP/1.1\r\nHost: a\r\n: empty-name\r\n\r\n", 400},
        {"POST / HTTP/1.1\r\nHost : a\r\n\r\n", 400},
        {"POST / HTTP/1.1\r\nHo(st: a\r\n\r\n", 400},
        {"POST / HTTP/1.1\r\nHost: a\x01z\r\n\r\n", 400},
        {"POST / HTTP/1.1\r\nHost: a\nX: b\r\n\r\n", 400},
        {"POST / HTTP/1.1\r\nHost: a\rX: b\r\n\r\n", 400},
        {"POST / HTTP/1.1\r\nX-Empty:\r\nHost: a\r\n\r\n", 0},
        {"POST / HTTP/1.1\r\nX-Tab: a\tb\r\nHost: a\r\n\r\n", 0},
        {"POST / HTTP/1.1\r\nX-Utf8: \xc3\xa9\r\nHost: a\r\n\r\n", 0},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        http_head h;
        int status = 0;
        http_progress p = parse(rows[i].head, &h, &status);

        if (rows[i].status == 0)
            UT_CHECK(p == HTTP_DONE, "row %zu accepted (got status %d)", i, status);
        else
            UT_CHECK(p == HTTP_FAIL && status == rows[i].status, "row %zu: %d, got progress %d status %d", i,
                     rows[i].status, (int)p, status);
    }
}

static void test_values_are_trimmed_and_names_case_blind(void)
{
    http_head h;

    UT_CHECK(accepted("POST / HTTP/1.1\r\nhOST:   a.example \t\r\ncontent-type:\ttext/xml  \r\n"
                      "soapaction: \"\"\r\ncontent-length: 7\r\n\r\n",
                      &h),
             "lower- and mixed-case names");
    UT_CHECK(strcmp(h.host, "a.example") == 0, "host trimmed: [%s]", h.host);
    UT_CHECK(strcmp(h.content_type, "text/xml") == 0, "content_type trimmed: [%s]", h.content_type);
    UT_CHECK(h.has_soapaction && strcmp(h.soapaction, "\"\"") == 0, "soapaction [%s]", h.soapaction);
    UT_CHECK(h.content_length == 7, "content_length %lld", h.content_length);
}

static void test_content_length(void)
{
    static const struct {
        const char *value;
        long long length; /* -2: refused with 400 */
    } rows[] = {
        {"0", 0},
        {"20971520", 20971520},
        {"999999999999999", 999999999999999LL}, /* 15 digits */
        {"1000000000000000", -2},               /* 16 digits */
        {"", -2},
        {"-1", -2},
        {"+1", -2},
        {"1 2", -2},
        {"0x10", -2},
        {"12a", -2},
        {"1,1", -2},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        char head[256];
        http_head h;
        int status = 0;

        snprintf(head, sizeof head, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: %s\r\n\r\n",
                 rows[i].value);
        http_progress p = parse(head, &h, &status);

        if (rows[i].length == -2)
            UT_CHECK(p == HTTP_FAIL && status == 400, "Content-Length [%s] refused, got %d/%d", rows[i].value,
                     (int)p, status);
        else
            UT_CHECK(p == HTTP_DONE && h.content_length == rows[i].length, "Content-Length [%s] is %lld",
                     rows[i].value, h.content_length);
    }
    http_head h;

    UT_CHECK(accepted("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n", &h) &&
                 h.content_length == 5,
             "the same length twice is one length");
    UT_CHECK(refused("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 400),
             "two different lengths are refused");
}

static void test_transfer_encoding(void)
{
    http_head h;

    UT_CHECK(accepted("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", &h) && h.chunked,
             "chunked");
    UT_CHECK(h.content_length == -1, "no length with chunked");
    UT_CHECK(accepted("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: CHUNKED\r\n\r\n", &h) && h.chunked,
             "the coding's name is case-blind");
    UT_CHECK(refused("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", 501), "gzip: 501");
    UT_CHECK(refused("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
             "a list of codings: 501");
    UT_CHECK(refused("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
                     "Transfer-Encoding: chunked\r\n\r\n",
                     501),
             "two Transfer-Encoding headers: 501");
    UT_CHECK(
        refused("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n", 400),
        "chunked with a Content-Length: 400");
    UT_CHECK(
        refused("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        "a Content-Length with chunked: 400");
}

static void test_host(void)
{
    http_head h;

    UT_CHECK(refused("POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n", 400), "HTTP/1.1 without Host: 400");
    UT_CHECK(refused("POST / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400), "HTTP/1.1 with two Hosts: 400");
    UT_CHECK(refused("POST / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n", 400), "HTTP/1.0 with two Hosts: 400");
    UT_CHECK(accepted("POST / HTTP/1.0\r\nContent-Length: 0\r\n\r\n", &h) && h.minor == 0,
             "HTTP/1.0 without Host");
    UT_CHECK(accepted("POST / HTTP/1.1\r\nHost:\r\n\r\n", &h) && h.host[0] == '\0', "an empty Host counts");
}

static void test_connection(void)
{
    static const struct {
        const char *head;
        bool keep_alive;
    } rows[] = {
        {"GET / HTTP/1.1\r\nHost: a\r\n\r\n", true},
        {"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", false},
        {"GET / HTTP/1.1\r\nHost: a\r\nConnection: Close\r\n\r\n", false},
        {"GET / HTTP/1.1\r\nHost: a\r\nConnection: TE, close\r\n\r\n", false},
        {"GET / HTTP/1.1\r\nHost: a\r\nConnection: closed\r\n\r\n", true},
        {"GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\nConnection: close\r\n\r\n", false},
        {"GET / HTTP/1.0\r\n\r\n", false},
        {"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", true},
        {"GET / HTTP/1.0\r\nConnection: Keep-Alive , TE\r\n\r\n", true},
        {"GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n", false},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        http_head h;

        UT_CHECK(accepted(rows[i].head, &h), "row %zu parses", i);
        UT_CHECK(h.keep_alive == rows[i].keep_alive, "row %zu: keep_alive %d", i, (int)h.keep_alive);
    }
}

static void test_expect_and_soapaction(void)
{
    http_head h;

    UT_CHECK(accepted("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\n\r\n", &h) && h.expect_continue,
             "Expect: 100-continue");
    UT_CHECK(refused("POST / HTTP/1.1\r\nHost: a\r\nExpect: something\r\n\r\n", 417), "another Expect: 417");
    UT_CHECK(refused("POST / HTTP/1.1\r\nHost: a\r\nSOAPAction: \"a\"\r\nSOAPAction: \"a\"\r\n\r\n", 400),
             "two SOAPAction headers: 400");
    UT_CHECK(accepted("POST / HTTP/1.1\r\nHost: a\r\nSOAPAction:\r\n\r\n", &h) && h.has_soapaction &&
                 h.soapaction[0] == '\0',
             "an empty SOAPAction is present and empty");
}

static void test_values_too_long_are_431(void)
{
    char head[1200], value[600];
    http_head h;

    memset(value, 'x', sizeof value);
    value[255] = '\0';
    snprintf(head, sizeof head, "POST / HTTP/1.1\r\nHost: a\r\nContent-Type: %s\r\n\r\n", value);
    UT_CHECK(accepted(head, &h) && strlen(h.content_type) == 255, "a Content-Type of 255 characters fits");
    value[255] = 'x';
    value[256] = '\0';
    snprintf(head, sizeof head, "POST / HTTP/1.1\r\nHost: a\r\nContent-Type: %s\r\n\r\n", value);
    UT_CHECK(refused(head, 431), "a Content-Type of 256 characters: 431");
    snprintf(head, sizeof head, "POST / HTTP/1.1\r\nHost: %s\r\n\r\n", value);
    UT_CHECK(refused(head, 431), "a Host of 256 characters: 431");
    value[256] = 'x';
    value[512] = '\0';
    snprintf(head, sizeof head, "POST / HTTP/1.1\r\nHost: a\r\nSOAPAction: %s\r\n\r\n", value);
    UT_CHECK(refused(head, 431), "a SOAPAction of 512 characters: 431");
}

/* --- chunked bodies ------------------------------------------------------- */

typedef struct {
    http_progress p;
    int status;
    size_t in, out;
    char data[256];
} decoded;

/* Decodes `raw` (n bytes) in one call, or, with `step`, offering the bytes
 * `step` at a time as a socket would. */
static decoded decode(const char *raw, size_t n, size_t max_body, size_t step)
{
    decoded r;
    char buf[256];
    http_chunked d;

    memset(&r, 0, sizeof r);
    memset(&d, 0, sizeof d);
    memcpy(buf, raw, n);
    size_t avail = step ? 0 : n;

    do {
        if (step)
            avail = avail + step < n ? avail + step : n;
        r.p = http_chunked_decode(&d, buf, avail, max_body, &r.status);
    } while (r.p == HTTP_NEED_MORE && avail < n);
    r.in = d.in;
    r.out = d.out;
    memcpy(r.data, buf, d.out);
    r.data[d.out] = '\0';
    return r;
}

#define RAW(s) s, sizeof(s) - 1

static void test_chunked_whole_and_byte_by_byte(void)
{
    static const char raw[] = "5\r\nhello\r\nA;name=value\r\n, chunked!\r\n0\r\nX-Trailer: 1\r\n\r\nNEXT";
    size_t end = sizeof raw - 1 - 4;

    for (size_t step = 0; step <= 3; step++) {
        decoded r = decode(RAW(raw), 1 << 20, step);

        UT_CHECK(r.p == HTTP_DONE, "step %zu: done, got %d/%d", step, (int)r.p, r.status);
        UT_CHECK(strcmp(r.data, "hello, chunked!") == 0, "step %zu: [%s]", step, r.data);
        UT_CHECK(r.in == end, "step %zu: the message ends at %zu, in %zu", step, end, r.in);
    }
}

static void test_chunk_sizes(void)
{
    decoded r = decode(RAW("a\r\n0123456789\r\nB\r\nabcdefghijk\r\n00\r\n\r\n"), 1 << 20, 0);

    UT_CHECK(r.p == HTTP_DONE && r.out == 21, "hex sizes in either case, %zu bytes", r.out);
    r = decode(RAW("0\r\n\r\n"), 1 << 20, 0);
    UT_CHECK(r.p == HTTP_DONE && r.out == 0, "an empty body");
    r = decode(RAW("5\r\nhel"), 1 << 20, 0);
    UT_CHECK(r.p == HTTP_NEED_MORE && r.out == 3, "part of a chunk is decoded already, %zu", r.out);
}

static void test_chunked_malformed(void)
{
    static const struct {
        const char *raw;
        int status;
    } rows[] = {
        {"\r\n\r\n", 400},                 /* an empty size line is no last chunk */
        {"g\r\nx\r\n0\r\n\r\n", 400},      /* not hex */
        {"-5\r\nhello\r\n", 400},          /* no sign */
        {" 5\r\nhello\r\n", 400},          /* no leading space */
        {"5\nhello\r\n0\r\n\r\n", 400},    /* bare LF after the size */
        {"5;a\nhello\r\n", 400},           /* bare LF in an extension */
        {"5\r\nhelloX\r\n0\r\n\r\n", 400}, /* data longer than its size */
        {"5\r\nhello\r0\r\n\r\n", 400},    /* CR without LF after the data */
        {"5\r\nhello\n0\r\n\r\n", 400},    /* LF without CR after the data */
        {"5\rhello", 400},                 /* CR without LF after the size */
        {"0\r\n\rX", 400},                 /* CR without LF at the end */
        {"FFFFFFFFFFFFFFFFFFFF\r\n", 413},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        decoded r = decode(rows[i].raw, strlen(rows[i].raw), 1 << 20, 0);

        UT_CHECK(r.p == HTTP_FAIL && r.status == rows[i].status, "row %zu: %d, got %d/%d", i, rows[i].status,
                 (int)r.p, r.status);
    }
}

static void test_chunked_body_limit(void)
{
    decoded r = decode(RAW("5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n"), 10, 0);

    UT_CHECK(r.p == HTTP_DONE && r.out == 10, "exactly max_body is accepted");
    r = decode(RAW("5\r\nhello\r\n6\r\nworld!\r\n0\r\n\r\n"), 10, 0);
    UT_CHECK(r.p == HTTP_FAIL && r.status == 413, "one byte more over two chunks: 413, got %d", r.status);
    r = decode(RAW("b\r\n"), 10, 0);
    UT_CHECK(r.p == HTTP_FAIL && r.status == 413,
             "a chunk announced larger than max_body: 413 before its data");
}

static void test_reason_phrases(void)
{
    static const struct {
        int status;
        const char *reason;
    } rows[] = {
        {100, "Continue"},
        {200, "OK"},
        {400, "Bad Request"},
        {404, "Not Found"},
        {405, "Method Not Allowed"},
        {408, "Request Timeout"},
        {411, "Length Required"},
        {413, "Content Too Large"},
        {414, "URI Too Long"},
        {415, "Unsupported Media Type"},
        {417, "Expectation Failed"},
        {431, "Request Header Fields Too Large"},
        {500, "Internal Server Error"},
        {501, "Not Implemented"},
        {503, "Service Unavailable"},
        {505, "HTTP Version Not Supported"},
        {299, "Error"},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++)
        UT_CHECK(strcmp(http_reason(rows[i].status), rows[i].reason) == 0, "%d: %s", rows[i].status,
                 http_reason(rows[i].status));
}

void test_http_register(void)
{
    static const ut_test tests[] = {
        {"a plain POST", test_minimal_post},
        {"the head in pieces", test_head_arrives_in_pieces},
        {"a head over max_head is 431", test_head_over_the_limit_is_431},
        {"request line", test_request_line},
        {"target length", test_target_length},
        {"header syntax", test_header_syntax},
        {"values trimmed, names case-blind", test_values_are_trimmed_and_names_case_blind},
        {"Content-Length", test_content_length},
        {"Transfer-Encoding", test_transfer_encoding},
        {"Host", test_host},
        {"Connection and keep-alive", test_connection},
        {"Expect and SOAPAction", test_expect_and_soapaction},
        {"values too long are 431", test_values_too_long_are_431},
        {"chunked whole and byte by byte", test_chunked_whole_and_byte_by_byte},
        {"chunk sizes", test_chunk_sizes},
        {"chunked malformed", test_chunked_malformed},
        {"chunked body limit", test_chunked_body_limit},
        {"reason phrases", test_reason_phrases},
    };

    ut_register_suite("http/http", tests, UT_COUNT(tests));
}
