/* A strict HTTP/1.1 request-head parser and chunked decoder (RFC 9112). It
 * accepts what SOAP clients send and refuses ambiguity: conflicting lengths,
 * obsolete line folding, bare LF in the request line, unknown codings. */
#include "http/http.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *find_head_end(const char *buf, size_t len)
{
    for (size_t i = 3; i < len; i++)
        if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r')
            return buf + i + 1;
    return NULL;
}

static bool is_tchar(int c)
{
    return isalnum(c) || (c && strchr("!#$%&'*+-.^_`|~", c));
}

static void copy_value(char *dst, size_t cap, const char *v, size_t n, bool *overflow)
{
    if (n >= cap) {
        *overflow = true;
        n = cap - 1;
    }
    memcpy(dst, v, n);
    dst[n] = '\0';
}

/* True when the comma-separated list `v` (n bytes) holds `token`. */
static bool list_has(const char *v, size_t n, const char *token)
{
    size_t tl = strlen(token), i = 0;
    while (i < n) {
        while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
            i++;
        size_t s = i;
        while (i < n && v[i] != ',')
            i++;
        size_t e = i;
        while (e > s && (v[e - 1] == ' ' || v[e - 1] == '\t'))
            e--;
        if (e - s == tl && strncasecmp(v + s, token, tl) == 0)
            return true;
    }
    return false;
}

http_progress http_parse_head(const char *buf, size_t len, size_t max_head, http_head *h, int *status)
{
    const char *end = find_head_end(buf, len < max_head ? len : max_head);
    if (!end) {
        if (len >= max_head) {
            *status = 431;
            return HTTP_FAIL;
        }
        return HTTP_NEED_MORE;
    }
    memset(h, 0, sizeof *h);
    h->content_length = -1;
    h->head_len = (size_t)(end - buf);
    *status = 400;

    /* Request line: METHOD SP target SP HTTP/1.x CRLF */
    const char *p = buf, *eol = memchr(buf, '\r', h->head_len);
    if (!eol || eol[1] != '\n')
        return HTTP_FAIL;
    const char *sp1 = memchr(p, ' ', (size_t)(eol - p));
    if (!sp1 || sp1 == p || (size_t)(sp1 - p) >= sizeof h->method)
        return HTTP_FAIL;
    for (const char *q = p; q < sp1; q++)
        if (!is_tchar((unsigned char)*q))
            return HTTP_FAIL;
    memcpy(h->method, p, (size_t)(sp1 - p));
    const char *tgt = sp1 + 1, *sp2 = memchr(tgt, ' ', (size_t)(eol - tgt));
    if (!sp2 || sp2 == tgt || *tgt != '/')
        return HTTP_FAIL;
    if ((size_t)(sp2 - tgt) >= sizeof h->target) {
        *status = 414;
        return HTTP_FAIL;
    }
    for (const char *q = tgt; q < sp2; q++)
        if ((unsigned char)*q <= 0x20 || (unsigned char)*q >= 0x7f)
            return HTTP_FAIL;
    memcpy(h->target, tgt, (size_t)(sp2 - tgt));
    const char *ver = sp2 + 1;
    if (eol - ver != 8 || strncmp(ver, "HTTP/1.", 7) != 0 || !isdigit((unsigned char)ver[7])) {
        *status = (eol - ver == 8 && strncmp(ver, "HTTP/", 5) == 0) ? 505 : 400;
        return HTTP_FAIL;
    }
    h->minor = ver[7] - '0';
    if (h->minor > 1) {
        *status = 505;
        return HTTP_FAIL;
    }
    bool conn_close = false, conn_keep = false, overflow = false, te_seen = false;
    char cl_text[16];
    size_t cl_len = 0;
    int hosts = 0;

    for (p = eol + 2; p < end - 2;) {
        eol = memchr(p, '\r', (size_t)(end - p));
        if (!eol || eol[1] != '\n')
            return HTTP_FAIL;
        if (*p == ' ' || *p == '\t')
            return HTTP_FAIL; /* obsolete line folding */
        const char *colon = memchr(p, ':', (size_t)(eol - p));
        if (!colon || colon == p)
            return HTTP_FAIL;
        for (const char *q = p; q < colon; q++)
            if (!is_tchar((unsigned char)*q))
                return HTTP_FAIL;
        size_t nlen = (size_t)(colon - p);
        const char *v = colon + 1, *ve = eol;
        while (v < ve && (*v == ' ' || *v == '\t'))
            v++;
        while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
            ve--;
        for (const char *q = v; q < ve; q++)
            if ((unsigned char)*q < 0x20 && *q != '\t')
                return HTTP_FAIL;
        size_t vlen = (size_t)(ve - v);
#define IS(name) (nlen == sizeof(name) - 1 && strncasecmp(p, name, nlen) == 0)
        if (IS("Content-Length")) {
            if (vlen == 0 || vlen > 15)
                return HTTP_FAIL;
            long long n = 0;
            for (size_t i = 0; i < vlen; i++) {
                if (!isdigit((unsigned char)v[i]))
                    return HTTP_FAIL;
                n = n * 10 + (v[i] - '0');
            }
            /* A repeated Content-Length must be the same text: "5" and
             * "05" are one number here but may be framed differently by a
             * proxy in front (RFC 9112 6.3). */
            if (h->content_length >= 0 && (vlen != cl_len || memcmp(v, cl_text, vlen) != 0))
                return HTTP_FAIL;
            h->content_length = n;
            memcpy(cl_text, v, vlen);
            cl_len = vlen;
        } else if (IS("Transfer-Encoding")) {
            if (te_seen || !(vlen == 7 && strncasecmp(v, "chunked", 7) == 0)) {
                *status = 501;
                return HTTP_FAIL;
            }
            te_seen = true;
            h->chunked = true;
        } else if (IS("Content-Type")) {
            copy_value(h->content_type, sizeof h->content_type, v, vlen, &overflow);
        } else if (IS("SOAPAction")) {
            if (h->has_soapaction)
                return HTTP_FAIL;
            h->has_soapaction = true;
            copy_value(h->soapaction, sizeof h->soapaction, v, vlen, &overflow);
        } else if (IS("Host")) {
            hosts++;
            copy_value(h->host, sizeof h->host, v, vlen, &overflow);
        } else if (IS("Connection")) {
            conn_close |= list_has(v, vlen, "close");
            conn_keep |= list_has(v, vlen, "keep-alive");
        } else if (IS("Expect")) {
            if (vlen == 12 && strncasecmp(v, "100-continue", 12) == 0)
                h->expect_continue = true;
            else {
                *status = 417;
                return HTTP_FAIL;
            }
        }
#undef IS
        p = eol + 2;
    }
    if (overflow) {
        *status = 431;
        return HTTP_FAIL;
    }
    /* RFC 9112 6.3: a message with both is an attack vector; refuse it. */
    if (h->chunked && h->content_length >= 0)
        return HTTP_FAIL;
    /* RFC 9112 6.1: Transfer-Encoding in an HTTP/1.0 message is faulty (a
     * 1.0 proxy would not decode it); refused rather than guessed. */
    if (h->chunked && h->minor == 0)
        return HTTP_FAIL;
    if (h->minor == 1 && hosts != 1)
        return HTTP_FAIL;
    if (hosts > 1)
        return HTTP_FAIL;
    h->keep_alive = h->minor == 1 ? !conn_close : (conn_keep && !conn_close);
    return HTTP_DONE;
}

/* CH_SIZE_FIRST (0, the state of a zeroed decoder): the first character of a
 * chunk-size line, which must be a hex digit (chunk-size = 1*HEXDIG); an
 * empty size line is no last chunk. */
enum {
    CH_SIZE_FIRST,
    CH_SIZE,
    CH_EXT_BWS,      /* after the size or a value: BWS, then ';' or CR */
    CH_EXT_NAME_BWS, /* after ';': BWS, then the name's first tchar */
    CH_EXT_NAME,     /* in the name */
    CH_EXT_NAME_END, /* BWS after a name: '=', ';' or CR may follow */
    CH_EXT_VAL_BWS,  /* after '=': BWS, then a token or a quoted-string */
    CH_EXT_TOKEN,    /* in a token value */
    CH_EXT_QUOTED,   /* in a quoted-string value */
    CH_EXT_ESCAPE,   /* after a backslash in a quoted-string */
    CH_SIZE_LF,
    CH_DATA,
    CH_DATA_CR,
    CH_DATA_LF,
    CH_TRAILER,
    CH_TRAILER_LINE,
    CH_TRAILER_LF,
    CH_END_LF
};

static bool is_ws(unsigned char c)
{
    return c == ' ' || c == '\t';
}

/* qdtext and quoted-pair's second byte (RFC 9110 5.6.4): HTAB, SP, visible
 * ASCII and obs-text; never NUL, CR, LF or another control byte. */
static bool is_qd(unsigned char c)
{
    return c == '\t' || (c >= 0x20 && c != 0x7f);
}

/* One byte of the chunk extensions (RFC 9112 7.1.1):
 *   chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] )
 * moving d->state; CR ends the extensions. False on any other byte. */
static bool chunk_ext_step(http_chunked *d, unsigned char c)
{
    switch (d->state) {
    case CH_EXT_NAME:
        if (is_tchar(c))
            return true;
        if (is_ws(c)) {
            d->state = CH_EXT_NAME_END;
            return true;
        }
        break;
    case CH_EXT_TOKEN:
        if (is_tchar(c))
            return true;
        break;
    case CH_EXT_NAME_BWS:
        if (is_ws(c))
            return true;
        if (!is_tchar(c))
            return false;
        d->state = CH_EXT_NAME;
        return true;
    case CH_EXT_VAL_BWS:
        if (is_ws(c))
            return true;
        if (c == '"') {
            d->state = CH_EXT_QUOTED;
            return true;
        }
        if (!is_tchar(c))
            return false;
        d->state = CH_EXT_TOKEN;
        return true;
    case CH_EXT_QUOTED:
        if (c == '"')
            d->state = CH_EXT_BWS;
        else if (c == '\\')
            d->state = CH_EXT_ESCAPE;
        else if (!is_qd(c))
            return false;
        return true;
    case CH_EXT_ESCAPE:
        d->state = CH_EXT_QUOTED;
        return is_qd(c);
    }
    /* CH_EXT_BWS, CH_EXT_NAME_END, or the end of a name or token */
    if (is_ws(c)) {
        if (d->state == CH_EXT_TOKEN)
            d->state = CH_EXT_BWS;
        return true;
    }
    if (c == '=' && (d->state == CH_EXT_NAME || d->state == CH_EXT_NAME_END)) {
        d->state = CH_EXT_VAL_BWS;
        return true;
    }
    if (c == ';') {
        d->state = CH_EXT_NAME_BWS;
        return true;
    }
    if (c == '\r') {
        d->state = CH_SIZE_LF;
        return true;
    }
    return false;
}

http_progress http_chunked_decode(http_chunked *d, char *buf, size_t len, size_t max_body, int *status)
{
    *status = 400;
    while (d->in < len) {
        unsigned char c = (unsigned char)buf[d->in];
        switch (d->state) {
        case CH_SIZE_FIRST:
        case CH_SIZE:
            if (isxdigit(c)) {
                if (d->left > (1ULL << 40)) {
                    *status = 413;
                    return HTTP_FAIL;
                }
                d->left = d->left * 16 + (unsigned)(isdigit(c) ? c - '0' : (tolower(c) - 'a' + 10));
                d->state = CH_SIZE;
                d->in++;
            } else if (d->state == CH_SIZE_FIRST) {
                return HTTP_FAIL;
            } else if (c == ';' || c == ' ' || c == '\t') {
                d->state = c == ';' ? CH_EXT_NAME_BWS : CH_EXT_BWS;
                d->in++;
            } else if (c == '\r') {
                d->state = CH_SIZE_LF;
                d->in++;
            } else
                return HTTP_FAIL;
            break;
        case CH_EXT_BWS:
        case CH_EXT_NAME_BWS:
        case CH_EXT_NAME:
        case CH_EXT_NAME_END:
        case CH_EXT_VAL_BWS:
        case CH_EXT_TOKEN:
        case CH_EXT_QUOTED:
        case CH_EXT_ESCAPE:
            if (!chunk_ext_step(d, c))
                return HTTP_FAIL;
            d->in++;
            break;
        case CH_SIZE_LF:
            if (c != '\n')
                return HTTP_FAIL;
            d->in++;
            if (d->left == 0)
                d->state = CH_TRAILER;
            else {
                if (d->out + d->left > max_body) {
                    *status = 413;
                    return HTTP_FAIL;
                }
                d->state = CH_DATA;
            }
            break;
        case CH_DATA: {
            size_t n = len - d->in;
            if (n > d->left)
                n = (size_t)d->left;
            memmove(buf + d->out, buf + d->in, n);
            d->out += n;
            d->in += n;
            d->left -= n;
            if (d->left == 0)
                d->state = CH_DATA_CR;
            break;
        }
        case CH_DATA_CR:
            if (c != '\r')
                return HTTP_FAIL;
            d->state = CH_DATA_LF;
            d->in++;
            break;
        case CH_DATA_LF:
            if (c != '\n')
                return HTTP_FAIL;
            d->state = CH_SIZE_FIRST;
            d->left = 0;
            d->in++;
            break;
        case CH_TRAILER: /* start of a trailer line, or the final CRLF */
            if (c == '\r') {
                d->state = CH_END_LF;
            } else if (c == ' ' || c == '\t' || !is_qd(c))
                return HTTP_FAIL; /* no folding, no control bytes */
            else
                d->state = CH_TRAILER_LINE;
            d->in++;
            break;
        case CH_TRAILER_LINE: /* ignored, but framed as a field line: CRLF, no NUL */
            if (c == '\r')
                d->state = CH_TRAILER_LF;
            else if (!is_qd(c))
                return HTTP_FAIL;
            d->in++;
            break;
        case CH_TRAILER_LF:
            if (c != '\n')
                return HTTP_FAIL;
            d->state = CH_TRAILER;
            d->in++;
            break;
        case CH_END_LF:
            if (c != '\n')
                return HTTP_FAIL;
            d->in++;
            return HTTP_DONE;
        }
    }
    return HTTP_NEED_MORE;
}

const char *http_reason(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 411:
        return "Length Required";
    case 413:
        return "Content Too Large";
    case 414:
        return "URI Too Long";
    case 415:
        return "Unsupported Media Type";
    case 417:
        return "Expectation Failed";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Error";
    }
}
