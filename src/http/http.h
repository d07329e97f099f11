/* HTTP/1.1 request parsing for the gateway: the request head and a chunked
 * body decoder. Pure functions over caller-owned buffers, so they can be
 * unit-tested and fuzzed without sockets. */
#ifndef ROD_HTTP_HTTP_H
#define ROD_HTTP_HTTP_H

#include <stdbool.h>
#include <stddef.h>

typedef enum { HTTP_NEED_MORE, HTTP_DONE, HTTP_FAIL } http_progress;

typedef struct {
    char method[8];
    char target[1024]; /* origin-form: path and query */
    int minor;         /* HTTP/1.<minor> */
    char content_type[256];
    char soapaction[512];
    bool has_soapaction;
    char host[256];
    long long content_length; /* -1 when absent */
    bool chunked;
    bool keep_alive;
    bool expect_continue;
    size_t head_len; /* bytes up to and including the blank line */
} http_head;

/* Parses the head at the start of buf[0..len). Returns HTTP_NEED_MORE until
 * the blank line has arrived (HTTP_FAIL with 431 once len exceeds
 * max_head without it), HTTP_DONE with *h filled, or HTTP_FAIL with the
 * status to answer in *status (400, 431, 501, 505). */
http_progress http_parse_head(const char *buf, size_t len, size_t max_head, http_head *h, int *status);

/* Incremental in-place decoder of a chunked body. */
typedef struct {
    int state;
    unsigned long long left; /* bytes left in the current chunk */
    size_t in;               /* read offset (raw) */
    size_t out;              /* write offset (decoded) */
} http_chunked;

/* Decodes buf[d->in .. len) into buf[d->out ..], never past max_body decoded
 * bytes. HTTP_DONE when the last chunk and trailer are consumed (d->in is
 * then the end of the message), HTTP_FAIL with *status 400 or 413. */
http_progress http_chunked_decode(http_chunked *d, char *buf, size_t len, size_t max_body, int *status);

/* The reason phrase for a status code. */
const char *http_reason(int status);

#endif
