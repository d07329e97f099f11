/* libFuzzer harness over the pure HTTP code: http_parse_head() and
 * http_chunked_decode(), driven the way src/net/server.c drives them
 * (advance_request/reset_request: head, length checks, in-place chunked
 * decoding with compaction, pipelined requests on one connection).
 *
 * Input: byte 0 selects the limits and how the bytes arrive (see below), the
 * rest is what a client sends on one connection.
 *
 * Invariants (abort() when broken):
 *  - HTTP_DONE: head_len <= len and <= max_head, the head ends in CRLF CRLF
 *    and contains no earlier CRLF CRLF; the fields are NUL-terminated inside
 *    their arrays; the method is a token, the target starts with '/' and has
 *    no controls/space; minor is 0 or 1; content_length >= -1; never both
 *    chunked and a Content-Length; the same head parsed from exactly
 *    head_len bytes gives the same result, and from head_len - 1 bytes
 *    HTTP_NEED_MORE;
 *  - HTTP_FAIL: the status is one of 400 414 417 431 501 505 (head) or
 *    400 413 (chunked); HTTP_NEED_MORE: no CRLF CRLF within max_head;
 *  - chunked: out <= in <= len, decoded bytes never exceed max_body, the
 *    decoded body matches an independent (strict) reference decoder;
 *  - the whole connection gives the same sequence of requests and errors
 *    whether its bytes arrive at once or in small pieces;
 *  - every parse gets a buffer of exactly len bytes (ASan sees overreads). */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"

static void broken(const char *what)
{
    fprintf(stderr, "\n*** INVARIANT BROKEN: %s\n", what);
    abort();
}

#define CHECK(cond, what) \
    do {                  \
        if (!(cond))      \
            broken(what); \
    } while (0)

/* ---- a growable log of what a connection produced ------------------------ */

typedef struct {
    char *data;
    size_t len, cap;
} logbuf;

static void log_add(logbuf *l, const void *p, size_t n)
{
    if (l->len + n > l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 1024;
        while (cap < l->len + n)
            cap *= 2;
        l->data = realloc(l->data, cap);
        if (!l->data)
            abort();
        l->cap = cap;
    }
    memcpy(l->data + l->len, p, n);
    l->len += n;
}

static void log_str(logbuf *l, const char *s)
{
    log_add(l, s, strlen(s) + 1);
}

static void log_num(logbuf *l, long long v)
{
    log_add(l, &v, sizeof v);
}

/* ---- the head parser on an exact-size copy -------------------------------- */

static bool has_crlfcrlf(const char *b, size_t n)
{
    for (size_t i = 3; i < n; i++)
        if (b[i - 3] == '\r' && b[i - 2] == '\n' && b[i - 1] == '\r' && b[i] == '\n')
            return true;
    return false;
}

static bool nul_inside(const char *a, size_t cap)
{
    return memchr(a, '\0', cap) != NULL;
}

static http_progress parse_head(const char *buf, size_t len, size_t max_head, http_head *h, int *status)
{
    char *copy = malloc(len ? len : 1);
    if (!copy)
        abort();
    memcpy(copy, buf, len);
    *status = 0;
    http_progress p = http_parse_head(copy, len, max_head, h, status);
    free(copy);
    return p;
}

static void check_head(const char *buf, size_t len, size_t max_head, const http_head *h)
{
    CHECK(h->head_len <= len && h->head_len <= max_head && h->head_len >= 4, "head_len out of range");
    CHECK(memcmp(buf + h->head_len - 4, "\r\n\r\n", 4) == 0, "head does not end in CRLF CRLF");
    CHECK(!has_crlfcrlf(buf, h->head_len - 1), "head_len is not the first CRLF CRLF");
    CHECK(nul_inside(h->method, sizeof h->method) && nul_inside(h->target, sizeof h->target) &&
              nul_inside(h->content_type, sizeof h->content_type) &&
              nul_inside(h->soapaction, sizeof h->soapaction) && nul_inside(h->host, sizeof h->host),
          "a field is not NUL-terminated");
    CHECK(h->method[0] != '\0', "empty method");
    for (const char *q = h->method; *q; q++)
        CHECK((unsigned char)*q > 0x20 && (unsigned char)*q < 0x7f && !strchr("()<>@,;:\\\"/[]?={}", *q),
              "method is not a token");
    CHECK(h->target[0] == '/', "target does not start with /");
    for (const char *q = h->target; *q; q++)
        CHECK((unsigned char)*q > 0x20 && (unsigned char)*q < 0x7f, "control or space in the target");
    CHECK(h->minor == 0 || h->minor == 1, "HTTP minor version not 0 or 1");
    CHECK(h->content_length >= -1, "negative Content-Length");
    CHECK(!(h->chunked && h->content_length >= 0), "both chunked and Content-Length");
    CHECK(h->has_soapaction || h->soapaction[0] == '\0', "SOAPAction value without the header");
}

/* The head again from exactly its own bytes, and one byte short of them. */
static void check_head_prefix(const char *buf, size_t max_head, const http_head *h)
{
    http_head h2;
    int st;
    http_progress p = parse_head(buf, h->head_len, max_head, &h2, &st);
    CHECK(p == HTTP_DONE, "the head alone does not parse");
    CHECK(memcmp(h, &h2, sizeof h2) == 0, "the head alone parses differently");
    p = parse_head(buf, h->head_len - 1, max_head, &h2, &st);
    CHECK(p == HTTP_NEED_MORE || (p == HTTP_FAIL && st == 431 && h->head_len - 1 >= max_head),
          "a head one byte short is not NEED_MORE");
}

/* ---- a strict reference chunked decoder (RFC 9112 7.1) -------------------- */

static bool ref_tchar(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c && strchr("!#$%&'*+-.^_`|~", c));
}

/* qdtext / quoted-pair / field-value bytes: HTAB, SP, VCHAR, obs-text */
static bool ref_qd(unsigned char c)
{
    return c == '\t' || (c >= 0x20 && c != 0x7f);
}

static size_t ref_ws(const unsigned char *in, size_t n, size_t i)
{
    while (i < n && (in[i] == ' ' || in[i] == '\t'))
        i++;
    return i;
}

/* chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] )
 * from *pi up to the CR: 1 (with *pi at the CR), 0 need more, -1 bad. */
static int ref_ext(const unsigned char *in, size_t n, size_t *pi)
{
    size_t i = *pi;
    for (;;) {
        if ((i = ref_ws(in, n, i)) == n)
            return 0;
        if (in[i] == '\r') {
            *pi = i;
            return 1;
        }
        if (in[i] != ';')
            return -1;
        if ((i = ref_ws(in, n, i + 1)) == n)
            return 0;
        if (!ref_tchar(in[i]))
            return -1;
        while (i < n && ref_tchar(in[i]))
            i++;
        if ((i = ref_ws(in, n, i)) == n)
            return 0;
        if (in[i] != '=')
            continue;
        if ((i = ref_ws(in, n, i + 1)) == n)
            return 0;
        if (in[i] == '"') {
            for (i++;; i++) {
                if (i == n)
                    return 0;
                if (in[i] == '"')
                    break;
                if (in[i] == '\\' && ++i == n)
                    return 0;
                if (!ref_qd(in[i]))
                    return -1;
            }
            i++;
        } else {
            if (!ref_tchar(in[i]))
                return -1;
            while (i < n && ref_tchar(in[i]))
                i++;
        }
    }
}

/* Decodes in[0..n) in one go into out (n bytes). Returns HTTP_DONE with
 * *used and *outlen, HTTP_NEED_MORE, or HTTP_FAIL. chunk-size is 1*HEXDIG;
 * extensions follow the grammar of RFC 9112 7.1.1 (BWS, then ';' name and an
 * optional token or quoted-string value); a trailer line is field bytes (no
 * control byte but HTAB, not starting with whitespace) ended by CRLF. */
static http_progress ref_chunked(const unsigned char *in, size_t n, unsigned char *out, size_t max_body,
                                 size_t *used, size_t *outlen, bool *too_big)
{
    size_t i = 0, o = 0;
    *too_big = false;
    for (;;) {
        size_t digits = 0;
        unsigned long long size = 0;
        while (i < n &&
               ((in[i] >= '0' && in[i] <= '9') || ((in[i] | 0x20) >= 'a' && (in[i] | 0x20) <= 'f'))) {
            if (size > (1ULL << 40)) {
                *too_big = true;
                return HTTP_FAIL;
            }
            unsigned c = in[i] | 0x20;
            size = size * 16 + (c <= '9' ? c - '0' : c - 'a' + 10);
            digits++;
            i++;
        }
        if (i == n)
            return HTTP_NEED_MORE;
        if (digits == 0)
            return HTTP_FAIL;
        if (in[i] == ';' || in[i] == ' ' || in[i] == '\t') {
            int e = ref_ext(in, n, &i);
            if (e == 0)
                return HTTP_NEED_MORE;
            if (e < 0)
                return HTTP_FAIL;
        }
        if (in[i] != '\r')
            return HTTP_FAIL;
        if (++i == n)
            return HTTP_NEED_MORE;
        if (in[i++] != '\n')
            return HTTP_FAIL;
        if (size == 0)
            break;
        if (o + size > max_body) {
            *too_big = true;
            return HTTP_FAIL;
        }
        if (n - i < size) {
            return HTTP_NEED_MORE;
        }
        memcpy(out + o, in + i, (size_t)size);
        o += (size_t)size;
        i += (size_t)size;
        if (i == n)
            return HTTP_NEED_MORE;
        if (in[i++] != '\r')
            return HTTP_FAIL;
        if (i == n)
            return HTTP_NEED_MORE;
        if (in[i++] != '\n')
            return HTTP_FAIL;
    }
    /* trailer section: field lines, then CRLF */
    for (;;) {
        if (i == n)
            return HTTP_NEED_MORE;
        if (in[i] == '\r') {
            if (++i == n)
                return HTTP_NEED_MORE;
            if (in[i] != '\n')
                return HTTP_FAIL;
            *used = i + 1;
            *outlen = o;
            return HTTP_DONE;
        }
        /* a trailer line (discarded): field bytes up to CRLF */
        if (in[i] == ' ' || in[i] == '\t' || !ref_qd(in[i]))
            return HTTP_FAIL;
        for (i++; i < n && in[i] != '\r'; i++)
            if (!ref_qd(in[i]))
                return HTTP_FAIL;
        if (i == n || ++i == n)
            return HTTP_NEED_MORE;
        if (in[i++] != '\n')
            return HTTP_FAIL;
    }
}

/* ---- one connection, driven as src/net/server.c does ---------------------- */

typedef struct {
    size_t max_head, max_body;
    char *buf; /* exactly len bytes are valid */
    size_t len, cap;
    bool head_done, finished;
    http_head head;
    http_chunked chunk;
    size_t body_off;
    bool oneshot; /* all bytes arrived at once: compare with the reference */
    logbuf log;
} conn;

static void conn_fail(conn *c, const char *why, int status)
{
    log_str(&c->log, why);
    log_num(&c->log, status);
    c->finished = true;
}

/* Chunked decoding of the buffered bytes on a buffer of exactly c->len bytes. */
static http_progress decode(conn *c, int *status)
{
    char *copy = malloc(c->len ? c->len : 1);
    if (!copy)
        abort();
    memcpy(copy, c->buf, c->len);
    http_chunked before = c->chunk;
    size_t limit = c->body_off + c->max_body;
    *status = 0;
    http_progress p = http_chunked_decode(&c->chunk, copy, c->len, limit, status);
    if (c->oneshot && before.in == c->body_off) {
        /* the whole chunked body from its start: the reference must agree */
        size_t n = c->len - c->body_off, used = 0, outlen = 0;
        unsigned char *ref = malloc(n ? n : 1);
        bool too_big;
        if (!ref)
            abort();
        http_progress rp = ref_chunked((const unsigned char *)c->buf + c->body_off, n, ref, c->max_body,
                                       &used, &outlen, &too_big);
        CHECK(rp == p, "chunked body of a request: decoder and strict reference disagree");
        if (p == HTTP_DONE)
            CHECK(c->chunk.in == c->body_off + used && c->chunk.out == c->body_off + outlen &&
                      memcmp(copy + c->body_off, ref, outlen) == 0,
                  "chunked body of a request: decoder and reference decode differently");
        free(ref);
    }
    CHECK(c->chunk.out <= c->chunk.in && c->chunk.in <= c->len, "chunked offsets out of order");
    CHECK(c->chunk.in >= before.in && c->chunk.out >= before.out, "chunked offsets went back");
    CHECK(c->chunk.out <= limit, "decoded more than max_body");
    if (p == HTTP_FAIL)
        CHECK(*status == 400 || *status == 413, "chunked failure status not 400/413");
    memcpy(c->buf, copy, c->len);
    free(copy);
    return p;
}

/* What advance_request does with the bytes so far; returns false when it needs
 * more bytes. */
static bool advance(conn *c)
{
    if (!c->head_done) {
        int status;
        http_progress p = parse_head(c->buf, c->len, c->max_head, &c->head, &status);
        if (p == HTTP_NEED_MORE) {
            CHECK(c->len < c->max_head && !has_crlfcrlf(c->buf, c->len), "NEED_MORE with a complete head");
            return false;
        }
        if (p == HTTP_FAIL) {
            CHECK(status == 400 || status == 414 || status == 417 || status == 431 || status == 501 ||
                      status == 505,
                  "head failure with an unexpected status");
            conn_fail(c, "head", status);
            return false;
        }
        check_head(c->buf, c->len, c->max_head, &c->head);
        check_head_prefix(c->buf, c->max_head, &c->head);
        c->head_done = true;
        c->body_off = c->head.head_len;
        bool post = strcmp(c->head.method, "POST") == 0;
        if (post && !c->head.chunked && c->head.content_length < 0) {
            conn_fail(c, "length required", 411);
            return false;
        }
        if (c->head.content_length > (long long)c->max_body) {
            conn_fail(c, "too large", 413);
            return false;
        }
        if (!post && (c->head.chunked || c->head.content_length > 0)) {
            conn_fail(c, "unexpected body", 400);
            return false;
        }
        if (c->head.chunked)
            c->chunk.in = c->chunk.out = c->body_off;
        log_str(&c->log, "head");
        log_add(&c->log, &c->head, sizeof c->head);
    }
    size_t body_len, msg_end;
    if (c->head.chunked) {
        int status;
        http_progress p = decode(c, &status);
        if (p == HTTP_NEED_MORE) {
            size_t rest = c->len - c->chunk.in;
            memmove(c->buf + c->chunk.out, c->buf + c->chunk.in, rest);
            c->len = c->chunk.out + rest;
            c->chunk.in = c->chunk.out;
            return false;
        }
        if (p == HTTP_FAIL) {
            conn_fail(c, "chunked", status);
            return false;
        }
        body_len = c->chunk.out - c->body_off;
        msg_end = c->chunk.in;
    } else {
        size_t want = c->body_off + (size_t)(c->head.content_length > 0 ? c->head.content_length : 0);
        if (c->len < want)
            return false;
        body_len = want - c->body_off;
        msg_end = want;
    }
    CHECK(body_len <= c->max_body, "body over max_body");
    log_str(&c->log, "request");
    log_num(&c->log, (long long)body_len);
    log_add(&c->log, c->buf + c->body_off, body_len);
    /* reset_request: keep what follows (pipelining) */
    size_t rest = c->len - msg_end;
    memmove(c->buf, c->buf + msg_end, rest);
    c->len = rest;
    c->head_done = false;
    memset(&c->chunk, 0, sizeof c->chunk);
    c->body_off = 0;
    return true;
}

/* Feeds data[0..n) in pieces of `step` bytes (0: all at once). */
static void run_conn(conn *c, const char *data, size_t n, size_t step)
{
    c->buf = malloc(n ? n : 1);
    if (!c->buf)
        abort();
    c->len = 0;
    size_t fed = 0;
    int requests = 0;
    while (!c->finished && fed < n) {
        size_t k = step ? step : n;
        if (k > n - fed)
            k = n - fed;
        memcpy(c->buf + c->len, data + fed, k);
        c->len += k;
        fed += k;
        while (!c->finished && advance(c))
            if (++requests > 64)
                c->finished = true;
    }
    if (!c->finished)
        log_str(&c->log, c->head_done ? "incomplete body" : "incomplete head");
    free(c->buf);
}

/* ---- chunked decoder alone, against the reference -------------------------- */

static void chunked_alone(const char *data, size_t n, size_t max_body, size_t step)
{
    unsigned char *ref = malloc(n ? n : 1);
    char *buf = malloc(n ? n : 1);
    if (!ref || !buf)
        abort();
    size_t used = 0, outlen = 0;
    bool too_big;
    http_progress rp = ref_chunked((const unsigned char *)data, n, ref, max_body, &used, &outlen, &too_big);

    /* one shot */
    memcpy(buf, data, n);
    http_chunked d = {0};
    int status = 0;
    http_progress p = http_chunked_decode(&d, buf, n, max_body, &status);
    CHECK(d.out <= d.in && d.in <= n, "chunked offsets out of order");
    CHECK(d.out <= max_body, "decoded more than max_body");
    if (p != rp) {
        fprintf(stderr, "decoder %d, reference %d (status %d)\n", (int)p, (int)rp, status);
        broken("chunked decoder and strict reference disagree");
    }
    if (p == HTTP_DONE) {
        CHECK(d.in == used && d.out == outlen && memcmp(buf, ref, outlen) == 0,
              "chunked decoder and reference decode differently");
    } else if (p == HTTP_FAIL) {
        CHECK(status == (too_big ? 413 : 400), "chunked failure status differs from the reference");
    }

    /* in pieces, with compaction as the server does */
    if (step) {
        char *b2 = malloc(n ? n : 1);
        if (!b2)
            abort();
        http_chunked d2 = {0};
        size_t len = 0, fed = 0;
        http_progress p2 = HTTP_NEED_MORE;
        while (p2 == HTTP_NEED_MORE && fed < n) {
            size_t k = step < n - fed ? step : n - fed;
            memcpy(b2 + len, data + fed, k);
            len += k;
            fed += k;
            char *exact = malloc(len);
            if (!exact)
                abort();
            memcpy(exact, b2, len);
            p2 = http_chunked_decode(&d2, exact, len, max_body, &status);
            memcpy(b2, exact, len);
            free(exact);
            if (p2 == HTTP_NEED_MORE) {
                size_t rest = len - d2.in;
                memmove(b2 + d2.out, b2 + d2.in, rest);
                len = d2.out + rest;
                d2.in = d2.out;
            }
        }
        CHECK(p2 == p, "chunked decoding in pieces ends differently");
        if (p == HTTP_DONE)
            CHECK(d2.out == d.out && memcmp(b2, buf, d.out) == 0,
                  "chunked decoding in pieces decodes differently");
        free(b2);
    }
    free(ref);
    free(buf);
}

/* Byte 0:
 *   bit 0     0: a connection (heads, bodies, pipelining); 1: the chunked
 *             decoder alone on the rest, against the reference
 *   bits 1-2  max_head / max_body: 16384 / 20 MiB, 64 / 64, 1024 / 16, 300 / 1
 *   bits 3-5  piece size for the incremental run: 1, 2, 3, 5, 7, 13, 64, 1000
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const size_t heads[4] = {16384, 64, 1024, 300};
    static const size_t bodies[4] = {20971520, 64, 16, 1};
    static const size_t steps[8] = {1, 2, 3, 5, 7, 13, 64, 1000};
    uint8_t b = data[0];
    const char *in = (const char *)data + 1;
    size_t n = size - 1;
    size_t max_head = heads[(b >> 1) & 3], max_body = bodies[(b >> 1) & 3];
    size_t step = steps[(b >> 3) & 7];
    if (b & 1) {
        chunked_alone(in, n, max_body, step);
        return 0;
    }
    conn one = {.max_head = max_head, .max_body = max_body};
    conn pieces = {.max_head = max_head, .max_body = max_body};
    one.oneshot = true;
    run_conn(&one, in, n, 0);
    run_conn(&pieces, in, n, step);
    if (one.log.len != pieces.log.len || memcmp(one.log.data, pieces.log.data, one.log.len) != 0)
        broken("the connection gives different requests when its bytes arrive in pieces");
    free(one.log.data);
    free(pieces.log.data);
    return 0;
}
