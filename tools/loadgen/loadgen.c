/* loadgen: an event-driven HTTPS/1.1 load generator for rodgate and its
 * anchors (nginx, a node-soap peer).
 *
 * One epoll loop per thread (default one thread), non-blocking sockets and
 * non-blocking OpenSSL. Every connection presents a client certificate (mutual
 * TLS) and either keeps its connection alive or opens a new one per request
 * (--new-conn: every request pays a full handshake; no session resumption;
 * --resume with --new-conn: each connection offers the TLS session, i.e. the
 * ticket, saved from the previous connection of the same slot, and the
 * summary counts the handshakes that resumed and those that did not).
 * Request bodies come from template files; placeholders are substituted per
 * request:
 *   {{MSGID}}   a fresh urn:uuid per request (wsa:MessageID)
 *   {{PUPIL}}   field 1 of the next line of --pupils (each line used once)
 *   {{PUPIL.N}} field N (1..8) of that line (fields split by tab, comma or space)
 *   {{SEQ}}     the request's sequence number
 * Responses are read by Content-Length (or chunked). Outcomes are counted
 * separately: HTTP status other than 200, SOAP Fault, and functional failure
 * (gelukt=false, or aantalAfgekeurd > 0).
 *
 * With --new-conn the client closes each connection (close_notify, then FIN)
 * after reading the response; --send-close also sends "Connection: close" so
 * that the server closes first. At the end of the run no new requests start
 * and the ones in flight finish (--drain seconds, not counted), so a server
 * never sees a connection dropped in the middle of a request.
 * Server figures: --server-pid (and --db-pid) PIDs, comma-separated: their
 * utime+stime from /proc/PID/stat before and after the measuring window,
 * divided by the responses; VmRSS/VmHWM of the first server PID at the end.
 *
 * Output: a human line, then one JSON line (machine-readable) on stdout.
 *
 * Build: cc -O2 -Wall -Wextra -Werror -std=c11 -D_GNU_SOURCE -pthread
 *        -o build/bench/loadgen tools/loadgen/loadgen.c -lssl -lcrypto -lm
 * Licence: GPL-2.0-or-later, as the rest of rodgate.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_TEMPLATES 16
#define MAX_FIELDS    8
#define MAX_PIDS      16

/* ---- small helpers ---------------------------------------------------------- */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *fmt, const char *arg)
{
    fprintf(stderr, "loadgen: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n");
    exit(2);
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        die("cannot open %s", path);
    if (fseek(f, 0, SEEK_END) != 0)
        die("cannot seek %s", path);
    long n = ftell(f);
    if (n < 0)
        die("cannot size %s", path);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
        die("cannot read %s", path);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* A growable byte buffer. */
typedef struct {
    char *p;
    size_t len, cap;
} buf_t;

static void buf_reserve(buf_t *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p)
        die("%s", "out of memory");
    b->p = p;
    b->cap = cap;
}

static void buf_add(buf_t *b, const char *s, size_t n)
{
    buf_reserve(b, n);
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void buf_addf(buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void buf_addf(buf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char tmp[1024];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0)
        buf_add(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* ---- templates -------------------------------------------------------------- */

enum seg_kind { SEG_TEXT, SEG_MSGID, SEG_PUPIL, SEG_SEQ };

typedef struct {
    enum seg_kind kind;
    int field; /* for SEG_PUPIL: 0-based */
    const char *text;
    size_t len;
} segment;

typedef struct {
    bool is_get;
    char path[512];
    char action[256];
    segment *segs;
    int nsegs;
    unsigned weight;
    bool uses_pupil;
} template_t;

static template_t templates[MAX_TEMPLATES];
static int ntemplates;
static unsigned total_weight;

static void template_add_post(const char *spec, const char *path, const char *soapaction_mode)
{
    if (ntemplates == MAX_TEMPLATES)
        die("%s", "too many templates");
    char file[1024];
    snprintf(file, sizeof file, "%s", spec);
    unsigned weight = 1;
    char *at = strrchr(file, '@');
    if (at) {
        *at = '\0';
        weight = (unsigned)strtoul(at + 1, NULL, 10);
        if (!weight)
            weight = 1;
    }
    template_t *t = &templates[ntemplates++];
    memset(t, 0, sizeof *t);
    t->weight = weight;
    total_weight += weight;
    snprintf(t->path, sizeof t->path, "%s", path);
    size_t len;
    char *text = read_file(file, &len);
    /* SOAPAction: the template's wsa:Action, or "" */
    if (strcmp(soapaction_mode, "auto") == 0) {
        const char *a = strstr(text, ":Action>");
        if (a) {
            a += 8;
            while (isspace((unsigned char)*a))
                a++;
            size_t n = strcspn(a, "<");
            while (n && isspace((unsigned char)a[n - 1]))
                n--;
            if (n < sizeof t->action)
                memcpy(t->action, a, n), t->action[n] = '\0';
        }
    } else if (strcmp(soapaction_mode, "empty") != 0) {
        snprintf(t->action, sizeof t->action, "%s", soapaction_mode);
    }
    /* split into text and placeholders */
    int cap = 16;
    t->segs = calloc((size_t)cap, sizeof *t->segs);
    const char *p = text;
    while (*p || p == text) {
        const char *q = strstr(p, "{{");
        const char *end = q ? q : text + len;
        if (t->nsegs + 2 >= cap) {
            cap *= 2;
            t->segs = realloc(t->segs, (size_t)cap * sizeof *t->segs);
            if (!t->segs)
                die("%s", "out of memory");
        }
        if (end > p)
            t->segs[t->nsegs++] = (segment){SEG_TEXT, 0, p, (size_t)(end - p)};
        if (!q)
            break;
        const char *close = strstr(q, "}}");
        if (!close)
            die("unterminated placeholder in %s", file);
        size_t nl = (size_t)(close - q - 2);
        const char *name = q + 2;
        segment s = {SEG_TEXT, 0, q, (size_t)(close + 2 - q)};
        if (nl == 5 && strncmp(name, "MSGID", 5) == 0)
            s.kind = SEG_MSGID;
        else if (nl == 3 && strncmp(name, "SEQ", 3) == 0)
            s.kind = SEG_SEQ;
        else if (nl >= 5 && strncmp(name, "PUPIL", 5) == 0) {
            s.kind = SEG_PUPIL;
            t->uses_pupil = true;
            if (nl > 6 && name[5] == '.') {
                int f = atoi(name + 6);
                if (f < 1 || f > MAX_FIELDS)
                    die("bad pupil field in %s", file);
                s.field = f - 1;
            }
        }
        t->segs[t->nsegs++] = s;
        p = close + 2;
    }
}

static void template_add_get(const char *spec)
{
    if (ntemplates == MAX_TEMPLATES)
        die("%s", "too many templates");
    template_t *t = &templates[ntemplates++];
    memset(t, 0, sizeof *t);
    char tmp[sizeof templates[0].path];
    snprintf(tmp, sizeof tmp, "%s", spec);
    unsigned weight = 1;
    char *at = strrchr(tmp, '@');
    if (at) {
        *at = '\0';
        weight = (unsigned)strtoul(at + 1, NULL, 10);
        if (!weight)
            weight = 1;
    }
    snprintf(t->path, sizeof t->path, "%s", tmp);
    t->is_get = true;
    t->weight = weight;
    total_weight += weight;
}

/* ---- pupils ---------------------------------------------------------------- */

typedef struct {
    const char *f[MAX_FIELDS];
    size_t len[MAX_FIELDS];
} pupil_t;

static pupil_t *pupils;
static size_t npupils;
static atomic_size_t next_pupil;
static atomic_bool pupils_exhausted;

static void load_pupils(const char *path)
{
    size_t len;
    char *text = read_file(path, &len);
    size_t cap = 1024;
    pupils = malloc(cap * sizeof *pupils);
    for (char *line = text; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        if (*line && *line != '#') {
            if (npupils == cap) {
                cap *= 2;
                pupils = realloc(pupils, cap * sizeof *pupils);
                if (!pupils)
                    die("%s", "out of memory");
            }
            pupil_t *p = &pupils[npupils++];
            memset(p, 0, sizeof *p);
            int nf = 0;
            char *s = line;
            while (*s && nf < MAX_FIELDS) {
                size_t n = strcspn(s, "\t, \r");
                p->f[nf] = s;
                p->len[nf] = n;
                nf++;
                s += n;
                if (!*s)
                    break;
                *s++ = '\0';
                while (*s == ' ' || *s == '\r')
                    s++;
            }
        }
        line = nl ? nl + 1 : NULL;
    }
    if (!npupils)
        die("no pupils in %s", path);
}

/* ---- options and shared state -------------------------------------------------- */

static struct {
    const char *host;
    int port;
    const char *cert, *key, *ca;
    int conns;
    double duration, warmup, timeout;
    long long max_requests;
    int threads;
    bool new_conn;
    bool resume;     /* --new-conn: offer the slot's last session (a ticket) */
    bool send_close; /* --new-conn: also send "Connection: close" (the server closes first) */
    double drain;    /* seconds to wait for requests in flight at the end */
    const char *label;
    pid_t server_pids[MAX_PIDS];
    int nserver;
    pid_t db_pids[MAX_PIDS];
    int ndb;
    const char *dump;
    bool quiet;
} opt = {"127.0.0.1", 10443, NULL,  NULL, NULL,  16,  10, 0,   60, 0,    1,
         false,       false, false, 10,   "run", {0}, 0,  {0}, 0,  NULL, false};

static SSL_CTX *ssl_ctx;
static struct sockaddr_in server_addr;
static char msgid_prefix[32]; /* 8-4-4 hex of the run, the rest per request */
static atomic_llong seq_counter;
static atomic_llong issued;    /* requests started (for -n) */
static atomic_llong completed; /* responses completed in the measuring phase */
static atomic_int phase;       /* 0 warm-up, 1 measuring, 2 draining (no new requests), 3 stop */
static atomic_bool dumped;
static pthread_mutex_t sample_lock = PTHREAD_MUTEX_INITIALIZER;
static char err_sample[700];
static char fault_code[16];

/* ---- per-thread statistics ------------------------------------------------------ */

typedef struct {
    uint32_t *lat_us;
    size_t nlat, caplat;
    long long ok, non200, fault, gelukt_false, conn_err, timeouts, reconnects, handshakes;
    /* --resume: handshakes that offered a session, and those that resumed it */
    long long resume_offered, resumed;
    long long bytes_in, bytes_out;
} stats_t;

static void stats_lat(stats_t *s, double seconds)
{
    if (s->nlat == s->caplat) {
        s->caplat = s->caplat ? s->caplat * 2 : 65536;
        s->lat_us = realloc(s->lat_us, s->caplat * sizeof *s->lat_us);
        if (!s->lat_us)
            die("%s", "out of memory");
    }
    double us = seconds * 1e6;
    s->lat_us[s->nlat++] = us > 4e9 ? 4000000000u : (uint32_t)us;
}

/* ---- connections ------------------------------------------------------------ */

enum cstate { CS_IDLE, CS_CONNECTING, CS_HANDSHAKE, CS_SENDING, CS_RECEIVING };

typedef struct conn {
    int fd;
    SSL *ssl;
    enum cstate st;
    buf_t out;
    size_t out_off;
    buf_t in;
    size_t head_len;          /* 0 until the head is complete */
    long long content_length; /* -1 unknown */
    bool chunked, close_after;
    int status;
    double t_req;      /* request start (connect start with --new-conn) */
    bool counted;      /* request started in the measuring phase */
    bool fresh;        /* no request sent on this connection yet */
    double retry_at;   /* > 0: reconnect after this time (the last attempt failed) */
    bool offered;      /* --resume: this connection offered sess */
    SSL_SESSION *sess; /* --resume: the session to offer on the slot's next connection */
    struct thread_ctx *th;
} conn_t;

typedef struct thread_ctx {
    int index;
    int epfd;
    int nconns;
    conn_t *conns;
    stats_t st;
    pthread_t tid;
    unsigned rng;
} thread_ctx;

static void conn_close(conn_t *c)
{
    if (c->ssl && opt.resume) {
        /* the newest resumable session of this connection (with TLS 1.3 the
         * server's ticket came after the handshake, before the response) */
        SSL_SESSION *s = SSL_get1_session(c->ssl);
        if (s && SSL_SESSION_is_resumable(s)) {
            SSL_SESSION_free(c->sess);
            c->sess = s;
        } else {
            SSL_SESSION_free(s);
        }
    }
    if (c->ssl) {
        /* a close_notify when the session is up (one try, never waits) */
        if (SSL_is_init_finished(c->ssl))
            SSL_shutdown(c->ssl);
        ERR_clear_error();
        SSL_free(c->ssl);
        c->ssl = NULL;
    }
    if (c->fd >= 0) {
        epoll_ctl(c->th->epfd, EPOLL_CTL_DEL, c->fd, NULL);
        close(c->fd);
        c->fd = -1;
    }
    c->st = CS_IDLE;
}

static void conn_watch(conn_t *c, uint32_t events)
{
    struct epoll_event ev = {.events = events, .data.ptr = c};
    if (epoll_ctl(c->th->epfd, EPOLL_CTL_MOD, c->fd, &ev) != 0)
        epoll_ctl(c->th->epfd, EPOLL_CTL_ADD, c->fd, &ev);
}

static bool conn_open(conn_t *c)
{
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c->fd < 0)
        return false;
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    c->fresh = true;
    int r = connect(c->fd, (struct sockaddr *)&server_addr, sizeof server_addr);
    if (r != 0 && errno != EINPROGRESS) {
        close(c->fd);
        c->fd = -1;
        return false;
    }
    c->ssl = SSL_new(ssl_ctx);
    SSL_set_fd(c->ssl, c->fd);
    SSL_set_connect_state(c->ssl);
    c->offered = opt.resume && c->sess && SSL_set_session(c->ssl, c->sess) == 1;
    c->st = CS_CONNECTING;
    conn_watch(c, EPOLLOUT);
    return true;
}

/* Builds the next request into c->out. False when there is nothing left to send. */
static bool build_request(conn_t *c)
{
    thread_ctx *th = c->th;
    long long n = atomic_fetch_add(&issued, 1);
    if (opt.max_requests && n >= opt.max_requests)
        return false;
    const template_t *t = &templates[0];
    if (ntemplates > 1) {
        th->rng = th->rng * 1103515245u + 12345u;
        unsigned pick = (th->rng >> 8) % total_weight;
        for (int i = 0; i < ntemplates; i++) {
            if (pick < templates[i].weight) {
                t = &templates[i];
                break;
            }
            pick -= templates[i].weight;
        }
    }
    c->out.len = 0;
    c->out_off = 0;
    if (t->is_get) {
        buf_addf(&c->out, "GET %s HTTP/1.1\r\nHost: %s:%d\r\nUser-Agent: rodgate-loadgen\r\n%s\r\n", t->path,
                 opt.host, opt.port, opt.send_close ? "Connection: close\r\n" : "");
        return true;
    }
    const pupil_t *pupil = NULL;
    if (t->uses_pupil) {
        size_t i = atomic_fetch_add(&next_pupil, 1);
        if (!pupils || i >= npupils) {
            atomic_store(&pupils_exhausted, true);
            return false;
        }
        pupil = &pupils[i];
    }
    long long seq = atomic_fetch_add(&seq_counter, 1);
    /* the body first, at an offset that leaves room for the head */
    static __thread buf_t body;
    body.len = 0;
    for (int i = 0; i < t->nsegs; i++) {
        const segment *s = &t->segs[i];
        switch (s->kind) {
        case SEG_TEXT:
            buf_add(&body, s->text, s->len);
            break;
        case SEG_MSGID:
            buf_addf(&body, "urn:uuid:%s-%012llx", msgid_prefix, (unsigned long long)seq);
            break;
        case SEG_SEQ:
            buf_addf(&body, "%lld", seq);
            break;
        case SEG_PUPIL:
            if (pupil->f[s->field])
                buf_add(&body, pupil->f[s->field], pupil->len[s->field]);
            break;
        }
    }
    buf_addf(&c->out,
             "POST %s HTTP/1.1\r\nHost: %s:%d\r\nUser-Agent: rodgate-loadgen\r\n"
             "Content-Type: text/xml; charset=utf-8\r\nSOAPAction: \"%s\"\r\nContent-Length: %zu\r\n%s\r\n",
             t->path, opt.host, opt.port, t->action, body.len, opt.send_close ? "Connection: close\r\n" : "");
    buf_add(&c->out, body.p, body.len);
    return true;
}

static void record_error_sample(const char *kind, const conn_t *c)
{
    pthread_mutex_lock(&sample_lock);
    if (!err_sample[0]) {
        const char *b = c->in.p + c->head_len;
        const char *body_start = strstr(b, "Body>");
        if (body_start)
            b = body_start + 5;
        size_t o = 0;
        o += (size_t)snprintf(err_sample, sizeof err_sample, "%s %d: ", kind, c->status);
        bool space = false;
        for (; *b && o + 2 < sizeof err_sample; b++) {
            unsigned char ch = (unsigned char)*b;
            if (isspace(ch)) {
                if (!space)
                    err_sample[o++] = ' ';
                space = true;
                continue;
            }
            space = false;
            err_sample[o++] = ch < 0x20 ? '?' : (char)ch;
        }
        err_sample[o] = '\0';
        const char *code = strstr(c->in.p + c->head_len, "ROD-");
        if (code && strlen(code) >= 8)
            snprintf(fault_code, sizeof fault_code, "%.8s", code);
    }
    pthread_mutex_unlock(&sample_lock);
}

/* Classifies a complete response. */
static void response_done(conn_t *c, double t)
{
    stats_t *s = &c->th->st;
    if (opt.dump && !atomic_exchange(&dumped, true)) {
        FILE *f = fopen(opt.dump, "wb");
        if (f) {
            fwrite(c->in.p + c->head_len, 1, c->in.len - c->head_len, f);
            fclose(f);
        }
    }
    if (!c->counted || atomic_load(&phase) != 1)
        return;
    s->bytes_in += (long long)c->in.len;
    s->bytes_out += (long long)c->out.len;
    const char *body = c->in.p + c->head_len;
    bool is_fault = strstr(body, "Fault>") != NULL;
    bool not_ok = false;
    if (!is_fault && c->status == 200) {
        if (strstr(body, "gelukt>false<"))
            not_ok = true;
        const char *a = strstr(body, "aantalAfgekeurd>");
        if (a && atol(a + 16) > 0)
            not_ok = true;
    }
    if (is_fault) {
        s->fault++;
        record_error_sample("fault", c);
    } else if (c->status != 200) {
        s->non200++;
        record_error_sample("http", c);
    } else if (not_ok) {
        s->gelukt_false++;
        record_error_sample("gelukt=false", c);
    } else
        s->ok++;
    stats_lat(s, t - c->t_req);
    atomic_fetch_add(&completed, 1);
}

/* Parses what has arrived. Returns 1 when the response is complete, 0 when
 * more is needed, -1 on a malformed response. */
static int parse_response(conn_t *c, bool eof)
{
    if (!c->head_len) {
        char *e = strstr(c->in.p, "\r\n\r\n");
        if (!e)
            return eof ? -1 : 0;
        c->head_len = (size_t)(e + 4 - c->in.p);
        if (strncmp(c->in.p, "HTTP/1.", 7) != 0)
            return -1;
        c->status = atoi(c->in.p + 9);
        c->content_length = -1;
        c->chunked = false;
        c->close_after = strncmp(c->in.p, "HTTP/1.0", 8) == 0;
        for (char *h = strstr(c->in.p, "\r\n") + 2; h < e; h = strstr(h, "\r\n") + 2) {
            if (strncasecmp(h, "Content-Length:", 15) == 0)
                c->content_length = atoll(h + 15);
            else if (strncasecmp(h, "Transfer-Encoding:", 18) == 0 && strstr(h, "chunked") &&
                     strstr(h, "chunked") < strstr(h, "\r\n"))
                c->chunked = true;
            else if (strncasecmp(h, "Connection:", 11) == 0) {
                const char *v = h + 11;
                while (*v == ' ')
                    v++;
                if (strncasecmp(v, "close", 5) == 0)
                    c->close_after = true;
                else if (strncasecmp(v, "keep-alive", 10) == 0)
                    c->close_after = false;
            }
        }
    }
    size_t have = c->in.len - c->head_len;
    if (c->content_length >= 0)
        return have >= (size_t)c->content_length ? 1 : 0;
    if (c->chunked) {
        /* walk the chunks; complete at the zero chunk and its CRLF */
        const char *p = c->in.p + c->head_len, *end = c->in.p + c->in.len;
        for (;;) {
            const char *crlf = memmem(p, (size_t)(end - p), "\r\n", 2);
            if (!crlf)
                return eof ? -1 : 0;
            unsigned long n = strtoul(p, NULL, 16);
            p = crlf + 2;
            if (n == 0) {
                const char *fin = memmem(p, (size_t)(end - p), "\r\n", 2);
                return fin ? 1 : (eof ? -1 : 0);
            }
            if ((size_t)(end - p) < n + 2)
                return eof ? -1 : 0;
            p += n + 2;
        }
    }
    /* neither: the body runs to the end of the connection */
    c->close_after = true;
    return eof ? 1 : 0;
}

static void conn_next(conn_t *c);

static void conn_fail(conn_t *c, bool timeout)
{
    if (c->counted && atomic_load(&phase) == 1) {
        if (timeout)
            c->th->st.timeouts++;
        else
            c->th->st.conn_err++;
        pthread_mutex_lock(&sample_lock);
        if (!err_sample[0]) {
            unsigned long e = ERR_peek_error();
            char ebuf[256] = "";
            if (e)
                ERR_error_string_n(e, ebuf, sizeof ebuf);
            snprintf(err_sample, sizeof err_sample, "%s in state %d: %s %s",
                     timeout ? "timeout" : "connection error", (int)c->st, strerror(errno), ebuf);
        }
        pthread_mutex_unlock(&sample_lock);
    }
    ERR_clear_error();
    conn_close(c);
    /* the thread loop starts the next request a little later, so a refusing
     * server is not hammered (and no recursion builds up) */
    if (atomic_load(&phase) < 2)
        c->retry_at = now_s() + 0.002;
    else
        c->retry_at = 0;
}

/* Starts the next request on c (opening a connection when needed). */
static void conn_next(conn_t *c)
{
    if (atomic_load(&phase) >= 2) {
        conn_close(c);
        return;
    }
    if (!build_request(c)) {
        conn_close(c);
        return;
    }
    c->in.len = 0;
    if (c->in.p)
        c->in.p[0] = '\0';
    c->head_len = 0;
    c->status = 0;
    c->t_req = now_s();
    c->counted = atomic_load(&phase) == 1;
    if (c->fd < 0) {
        if (!conn_open(c))
            conn_fail(c, false);
        return; /* continues in CS_CONNECTING */
    }
    c->st = CS_SENDING;
    conn_watch(c, EPOLLOUT);
}

static void do_io(conn_t *c);

static void handshake_step(conn_t *c)
{
    int r = SSL_do_handshake(c->ssl);
    if (r == 1) {
        bool count = c->counted && atomic_load(&phase) == 1;
        c->th->st.handshakes += count;
        c->th->st.resume_offered += count && c->offered;
        c->th->st.resumed += count && c->offered && SSL_session_reused(c->ssl);
        c->st = CS_SENDING;
        conn_watch(c, EPOLLOUT);
        do_io(c);
        return;
    }
    int e = SSL_get_error(c->ssl, r);
    if (e == SSL_ERROR_WANT_READ)
        conn_watch(c, EPOLLIN);
    else if (e == SSL_ERROR_WANT_WRITE)
        conn_watch(c, EPOLLOUT);
    else
        conn_fail(c, false);
}

static void do_io(conn_t *c)
{
    for (;;) {
        switch (c->st) {
        case CS_IDLE:
            return;
        case CS_CONNECTING: {
            int err = 0;
            socklen_t el = sizeof err;
            getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &el);
            if (err) {
                errno = err;
                conn_fail(c, false);
                return;
            }
            c->st = CS_HANDSHAKE;
            handshake_step(c);
            return;
        }
        case CS_HANDSHAKE:
            handshake_step(c);
            return;
        case CS_SENDING: {
            while (c->out_off < c->out.len) {
                size_t chunk = c->out.len - c->out_off;
                if (chunk > (1u << 20))
                    chunk = 1u << 20;
                int n = SSL_write(c->ssl, c->out.p + c->out_off, (int)chunk);
                if (n > 0) {
                    c->out_off += (size_t)n;
                    continue;
                }
                int e = SSL_get_error(c->ssl, n);
                if (e == SSL_ERROR_WANT_WRITE) {
                    conn_watch(c, EPOLLOUT);
                    return;
                }
                if (e == SSL_ERROR_WANT_READ) {
                    conn_watch(c, EPOLLIN);
                    return;
                }
                conn_fail(c, false);
                return;
            }
            c->fresh = false;
            c->st = CS_RECEIVING;
            conn_watch(c, EPOLLIN);
            continue;
        }
        case CS_RECEIVING: {
            bool eof = false;
            for (;;) {
                buf_reserve(&c->in, 65536);
                int n = SSL_read(c->ssl, c->in.p + c->in.len, (int)(c->in.cap - c->in.len - 1));
                if (n > 0) {
                    c->in.len += (size_t)n;
                    c->in.p[c->in.len] = '\0';
                    continue;
                }
                int e = SSL_get_error(c->ssl, n);
                if (e == SSL_ERROR_WANT_READ)
                    break;
                if (e == SSL_ERROR_WANT_WRITE) {
                    conn_watch(c, EPOLLOUT);
                    break;
                }
                eof = true; /* closed (cleanly or not) */
                break;
            }
            int pr = c->in.len ? parse_response(c, eof) : (eof ? -1 : 0);
            if (pr == 0)
                return;
            if (pr < 0) {
                conn_fail(c, false);
                return;
            }
            double t = now_s();
            response_done(c, t);
            if (opt.new_conn || c->close_after || eof) {
                if (c->close_after && !opt.new_conn)
                    c->th->st.reconnects++;
                conn_close(c);
            }
            conn_next(c);
            return;
        }
        }
    }
}

static void *thread_main(void *arg)
{
    thread_ctx *th = arg;
    for (int i = 0; i < th->nconns; i++)
        conn_next(&th->conns[i]);
    struct epoll_event evs[256];
    double last_timeout_check = now_s();
    for (;;) {
        int active = 0;
        double t = now_s();
        for (int i = 0; i < th->nconns; i++) {
            conn_t *c = &th->conns[i];
            if (c->retry_at > 0 && t >= c->retry_at) {
                c->retry_at = 0;
                conn_next(c);
            }
            active += c->st != CS_IDLE || c->retry_at > 0;
        }
        if (!active || atomic_load(&phase) >= 3)
            break;
        int n = epoll_wait(th->epfd, evs, 256, 2);
        for (int i = 0; i < n; i++)
            do_io(evs[i].data.ptr);
        t = now_s();
        if (t - last_timeout_check > 0.2) {
            last_timeout_check = t;
            for (int i = 0; i < th->nconns; i++) {
                conn_t *c = &th->conns[i];
                if (c->st != CS_IDLE && t - c->t_req > opt.timeout)
                    conn_fail(c, true);
            }
        }
    }
    for (int i = 0; i < th->nconns; i++)
        conn_close(&th->conns[i]);
    return NULL;
}

/* ---- server process figures -------------------------------------------------------- */

static double proc_cpu_seconds(const pid_t *pids, int n)
{
    double total = 0;
    long hz = sysconf(_SC_CLK_TCK);
    for (int i = 0; i < n; i++) {
        char path[64], line[2048];
        snprintf(path, sizeof path, "/proc/%d/stat", (int)pids[i]);
        FILE *f = fopen(path, "r");
        if (!f)
            continue;
        size_t len = fread(line, 1, sizeof line - 1, f);
        fclose(f);
        line[len] = '\0';
        char *p = strrchr(line, ')');
        if (!p)
            continue;
        /* fields after ")": 3 state ... 14 utime 15 stime */
        unsigned long long ut = 0, st = 0;
        int field = 2;
        for (char *tok = strtok(p + 1, " "); tok; tok = strtok(NULL, " ")) {
            field++;
            if (field == 14)
                ut = strtoull(tok, NULL, 10);
            else if (field == 15) {
                st = strtoull(tok, NULL, 10);
                break;
            }
        }
        total += (double)(ut + st) / (double)hz;
    }
    return total;
}

/* CPU seconds the whole machine spent busy (all but idle and iowait), from /proc/stat. */
static double machine_busy_seconds(void)
{
    FILE *f = fopen("/proc/stat", "r");
    if (!f)
        return 0;
    unsigned long long v[10] = {0};
    int n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3],
                   &v[4], &v[5], &v[6], &v[7], &v[8], &v[9]);
    fclose(f);
    if (n < 8)
        return 0;
    unsigned long long busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7]; /* guest is inside user */
    return (double)busy / (double)sysconf(_SC_CLK_TCK);
}

static double self_cpu_seconds(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
           ru.ru_stime.tv_usec / 1e6;
}

static long proc_status_kib(pid_t pid, const char *key)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    long v = -1;
    size_t kl = strlen(key);
    while (fgets(line, sizeof line, f))
        if (strncmp(line, key, kl) == 0 && line[kl] == ':') {
            v = atol(line + kl + 1);
            break;
        }
    fclose(f);
    return v;
}

static int parse_pids(const char *s, pid_t *out)
{
    int n = 0;
    while (*s && n < MAX_PIDS) {
        long v = strtol(s, (char **)&s, 10);
        if (v > 0)
            out[n++] = (pid_t)v;
        while (*s && !isdigit((unsigned char)*s))
            s++;
    }
    return n;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static double pct(const uint32_t *v, size_t n, double p)
{
    if (!n)
        return NAN;
    size_t i = (size_t)ceil(p / 100.0 * (double)n);
    if (i < 1)
        i = 1;
    if (i > n)
        i = n;
    return v[i - 1] / 1000.0;
}

static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            fprintf(f, "\\%c", ch);
        else if (ch < 0x20)
            fprintf(f, "\\u%04x", ch);
        else
            fputc(ch, f);
    }
    fputc('"', f);
}

static void json_num(FILE *f, const char *key, double v, bool last)
{
    if (isnan(v) || isinf(v))
        fprintf(f, "\"%s\":null%s", key, last ? "" : ",");
    else
        fprintf(f, "\"%s\":%.6g%s", key, v, last ? "" : ",");
}

static void usage(void)
{
    fprintf(stderr,
            "usage: loadgen --port P --cert F --key F [--ca F] (--post FILE[@W] | --get PATH[@W])...\n"
            "  [-c CONNS] [-d SECONDS] [-w WARMUP] [-n REQUESTS] [-t THREADS] [--new-conn [--resume]]\n"
            "  [--path /rod/v1] [--soapaction auto|empty|VALUE] [--pupils FILE]\n"
            "  [--server-pid PID[,PID..]] [--db-pid PID[,PID..]] [--label NAME] [--timeout S]\n"
            "  [--dump FILE] [--host 127.0.0.1] [--quiet] [--send-close] [--drain SECONDS]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {{"host", required_argument, 0, 'H'},
                                             {"port", required_argument, 0, 'p'},
                                             {"cert", required_argument, 0, 'C'},
                                             {"key", required_argument, 0, 'K'},
                                             {"ca", required_argument, 0, 'A'},
                                             {"conns", required_argument, 0, 'c'},
                                             {"duration", required_argument, 0, 'd'},
                                             {"warmup", required_argument, 0, 'w'},
                                             {"requests", required_argument, 0, 'n'},
                                             {"threads", required_argument, 0, 't'},
                                             {"new-conn", no_argument, 0, 'N'},
                                             {"resume", no_argument, 0, 'E'},
                                             {"post", required_argument, 0, 'P'},
                                             {"get", required_argument, 0, 'G'},
                                             {"path", required_argument, 0, 'U'},
                                             {"soapaction", required_argument, 0, 'S'},
                                             {"pupils", required_argument, 0, 'L'},
                                             {"server-pid", required_argument, 0, 's'},
                                             {"db-pid", required_argument, 0, 'D'},
                                             {"label", required_argument, 0, 'l'},
                                             {"timeout", required_argument, 0, 'T'},
                                             {"dump", required_argument, 0, 'o'},
                                             {"quiet", no_argument, 0, 'q'},
                                             {"send-close", no_argument, 0, 'X'},
                                             {"drain", required_argument, 0, 'R'},
                                             {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    const char *path = "/rod/v1", *soapaction = "auto", *pupil_file = NULL;
    const char *posts[MAX_TEMPLATES], *gets[MAX_TEMPLATES];
    int nposts = 0, ngets = 0;
    bool duration_set = false;
    int ch;
    while ((ch = getopt_long(argc, argv, "c:d:w:n:t:l:qh", longopts, NULL)) != -1) {
        switch (ch) {
        case 'H':
            opt.host = optarg;
            break;
        case 'p':
            opt.port = atoi(optarg);
            break;
        case 'C':
            opt.cert = optarg;
            break;
        case 'K':
            opt.key = optarg;
            break;
        case 'A':
            opt.ca = optarg;
            break;
        case 'c':
            opt.conns = atoi(optarg);
            break;
        case 'd':
            opt.duration = atof(optarg);
            duration_set = true;
            break;
        case 'w':
            opt.warmup = atof(optarg);
            break;
        case 'n':
            opt.max_requests = atoll(optarg);
            break;
        case 't':
            opt.threads = atoi(optarg);
            break;
        case 'N':
            opt.new_conn = true;
            break;
        case 'E':
            opt.resume = true;
            break;
        case 'P':
            if (nposts < MAX_TEMPLATES)
                posts[nposts++] = optarg;
            break;
        case 'G':
            if (ngets < MAX_TEMPLATES)
                gets[ngets++] = optarg;
            break;
        case 'U':
            path = optarg;
            break;
        case 'S':
            soapaction = optarg;
            break;
        case 'L':
            pupil_file = optarg;
            break;
        case 's':
            opt.nserver = parse_pids(optarg, opt.server_pids);
            break;
        case 'D':
            opt.ndb = parse_pids(optarg, opt.db_pids);
            break;
        case 'l':
            opt.label = optarg;
            break;
        case 'T':
            opt.timeout = atof(optarg);
            break;
        case 'o':
            opt.dump = optarg;
            break;
        case 'q':
            opt.quiet = true;
            break;
        case 'X':
            opt.send_close = true;
            break;
        case 'R':
            opt.drain = atof(optarg);
            break;
        default:
            usage();
        }
    }
    if (nposts + ngets == 0 || opt.conns < 1 || opt.threads < 1 || !opt.cert || !opt.key ||
        (opt.resume && !opt.new_conn))
        usage();
    if (opt.max_requests && !duration_set)
        opt.duration = 1e9; /* -n alone: until done */
    if (opt.threads > opt.conns)
        opt.threads = opt.conns;
    for (int i = 0; i < nposts; i++)
        template_add_post(posts[i], path, soapaction);
    for (int i = 0; i < ngets; i++)
        template_add_get(gets[i]);
    if (pupil_file)
        load_pupils(pupil_file);
    for (int i = 0; i < ntemplates; i++)
        if (templates[i].uses_pupil && !pupils)
            die("%s", "a template uses {{PUPIL}}: give --pupils FILE");

    signal(SIGPIPE, SIG_IGN);
    memset(&server_addr, 0, sizeof server_addr);
    server_addr.sin_family = AF_INET;
    server_addr.sin_port = htons((uint16_t)opt.port);
    if (inet_pton(AF_INET, opt.host, &server_addr.sin_addr) != 1)
        die("not an IPv4 address: %s", opt.host);

    ssl_ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_min_proto_version(ssl_ctx, TLS1_2_VERSION);
    /* --resume keeps each slot's session itself (no client cache); without
     * it the client asks for no ticket and never resumes */
    if (!opt.resume)
        SSL_CTX_set_options(ssl_ctx, SSL_OP_NO_TICKET);
    SSL_CTX_set_session_cache_mode(ssl_ctx, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_mode(ssl_ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    if (SSL_CTX_use_certificate_chain_file(ssl_ctx, opt.cert) != 1)
        die("cannot load certificate %s", opt.cert);
    if (SSL_CTX_use_PrivateKey_file(ssl_ctx, opt.key, SSL_FILETYPE_PEM) != 1)
        die("cannot load key %s", opt.key);
    if (opt.ca) {
        if (SSL_CTX_load_verify_locations(ssl_ctx, opt.ca, NULL) != 1)
            die("cannot load CA %s", opt.ca);
        SSL_CTX_set_verify(ssl_ctx, SSL_VERIFY_PEER, NULL);
    }

    unsigned char rnd[8];
    RAND_bytes(rnd, sizeof rnd);
    snprintf(msgid_prefix, sizeof msgid_prefix, "%02x%02x%02x%02x-%02x%02x-4%01x%02x-8%03x", rnd[0], rnd[1],
             rnd[2], rnd[3], rnd[4], rnd[5], rnd[6] & 15, rnd[7], (unsigned)(getpid() & 0xfff));

    thread_ctx *ths = calloc((size_t)opt.threads, sizeof *ths);
    conn_t *conns = calloc((size_t)opt.conns, sizeof *conns);
    for (int i = 0; i < opt.conns; i++)
        conns[i].fd = -1;
    int per = opt.conns / opt.threads, extra = opt.conns % opt.threads, at = 0;
    for (int i = 0; i < opt.threads; i++) {
        ths[i].index = i;
        ths[i].epfd = epoll_create1(EPOLL_CLOEXEC);
        ths[i].nconns = per + (i < extra);
        ths[i].conns = conns + at;
        ths[i].rng = 0x9e3779b9u * (unsigned)(i + 1);
        for (int k = 0; k < ths[i].nconns; k++)
            ths[i].conns[k].th = &ths[i];
        at += ths[i].nconns;
    }

    atomic_store(&phase, opt.warmup > 0 ? 0 : 1);
    double t_start = now_s(), t0 = t_start, cpu0 = 0, db0 = 0, mach0 = 0, self0 = 0;
    if (opt.warmup <= 0) {
        cpu0 = proc_cpu_seconds(opt.server_pids, opt.nserver);
        db0 = proc_cpu_seconds(opt.db_pids, opt.ndb);
        mach0 = machine_busy_seconds();
        self0 = self_cpu_seconds();
    }
    for (int i = 0; i < opt.threads; i++)
        pthread_create(&ths[i].tid, NULL, thread_main, &ths[i]);

    /* the clock: warm-up, measuring window, stop */
    bool threads_done = false;
    bool *joined = calloc((size_t)opt.threads, sizeof *joined);
    for (;;) {
        usleep(5000);
        double t = now_s();
        if (atomic_load(&phase) == 0 && t - t_start >= opt.warmup) {
            cpu0 = proc_cpu_seconds(opt.server_pids, opt.nserver);
            db0 = proc_cpu_seconds(opt.db_pids, opt.ndb);
            mach0 = machine_busy_seconds();
            self0 = self_cpu_seconds();
            t0 = now_s();
            atomic_store(&phase, 1);
        }
        if (atomic_load(&phase) == 1 && t - t0 >= opt.duration)
            break;
        /* all threads finished by themselves (-n reached, pupils exhausted) */
        bool any = false;
        for (int i = 0; i < opt.threads; i++) {
            if (!joined[i] && pthread_tryjoin_np(ths[i].tid, NULL) == 0)
                joined[i] = true;
            any |= !joined[i];
        }
        if (!any) {
            threads_done = true;
            break;
        }
    }
    double t1 = now_s();
    double cpu1 = proc_cpu_seconds(opt.server_pids, opt.nserver);
    double db1 = proc_cpu_seconds(opt.db_pids, opt.ndb);
    double mach1 = machine_busy_seconds(), self1 = self_cpu_seconds();
    /* drain: no new requests; the ones in flight finish (uncounted), so the
     * server never sees a connection dropped in the middle of a request */
    atomic_store(&phase, 2);
    for (double td = now_s(); !threads_done && now_s() - td < opt.drain;) {
        bool any = false;
        for (int i = 0; i < opt.threads; i++) {
            if (!joined[i] && pthread_tryjoin_np(ths[i].tid, NULL) == 0)
                joined[i] = true;
            any |= !joined[i];
        }
        if (!any)
            break;
        usleep(2000);
    }
    atomic_store(&phase, 3);
    for (int i = 0; i < opt.threads; i++)
        if (!joined[i])
            pthread_join(ths[i].tid, NULL);

    stats_t tot = {0};
    for (int i = 0; i < opt.threads; i++) {
        stats_t *s = &ths[i].st;
        tot.ok += s->ok;
        tot.non200 += s->non200;
        tot.fault += s->fault;
        tot.gelukt_false += s->gelukt_false;
        tot.conn_err += s->conn_err;
        tot.timeouts += s->timeouts;
        tot.reconnects += s->reconnects;
        tot.handshakes += s->handshakes;
        tot.resume_offered += s->resume_offered;
        tot.resumed += s->resumed;
        tot.bytes_in += s->bytes_in;
        tot.bytes_out += s->bytes_out;
        for (size_t k = 0; k < s->nlat; k++)
            stats_lat(&tot, s->lat_us[k] / 1e6);
    }
    qsort(tot.lat_us, tot.nlat, sizeof *tot.lat_us, cmp_u32);
    double secs = t1 - t0;
    long long responses = tot.ok + tot.non200 + tot.fault + tot.gelukt_false;
    double rps = secs > 0 ? (double)responses / secs : 0;
    double mean = 0;
    for (size_t k = 0; k < tot.nlat; k++)
        mean += tot.lat_us[k] / 1000.0;
    mean = tot.nlat ? mean / (double)tot.nlat : NAN;
    double cpu_ms = responses && opt.nserver ? (cpu1 - cpu0) * 1000.0 / (double)responses : NAN;
    double db_ms = responses && opt.ndb ? (db1 - db0) * 1000.0 / (double)responses : NAN;
    long rss = opt.nserver ? proc_status_kib(opt.server_pids[0], "VmRSS") : -1;
    long hwm = opt.nserver ? proc_status_kib(opt.server_pids[0], "VmHWM") : -1;
    double p50 = pct(tot.lat_us, tot.nlat, 50), p90 = pct(tot.lat_us, tot.nlat, 90),
           p99 = pct(tot.lat_us, tot.nlat, 99), p999 = pct(tot.lat_us, tot.nlat, 99.9),
           pmax = tot.nlat ? tot.lat_us[tot.nlat - 1] / 1000.0 : NAN;

    if (!opt.quiet)
        printf("%s: %.1f req/s over %.2f s, %lld responses (ok %lld, non-200 %lld, SOAP fault %lld, "
               "gelukt=false %lld), connection errors %lld, timeouts %lld; latency ms p50 %.2f p90 %.2f p99 "
               "%.2f "
               "max %.2f; server CPU %.3f ms/req%s\n",
               opt.label, rps, secs, responses, tot.ok, tot.non200, tot.fault, tot.gelukt_false, tot.conn_err,
               tot.timeouts, p50, p90, p99, pmax, cpu_ms,
               atomic_load(&pupils_exhausted) ? " (pupil list exhausted)" : "");
    if (!opt.quiet && opt.resume)
        printf("%s: %lld handshakes, %lld offered a session, %lld resumed, %lld offered but full\n",
               opt.label, tot.handshakes, tot.resume_offered, tot.resumed, tot.resume_offered - tot.resumed);
    printf("{\"label\":");
    json_str(stdout, opt.label);
    printf(",\"mode\":\"%s\",\"conns\":%d,\"threads\":%d,", opt.new_conn ? "new-conn" : "keep-alive",
           opt.conns, opt.threads);
    json_num(stdout, "seconds", secs, false);
    printf("\"responses\":%lld,\"ok\":%lld,\"non200\":%lld,\"fault\":%lld,\"gelukt_false\":%lld,"
           "\"conn_errors\":%lld,\"timeouts\":%lld,\"reconnects\":%lld,\"handshakes\":%lld,",
           responses, tot.ok, tot.non200, tot.fault, tot.gelukt_false, tot.conn_err, tot.timeouts,
           tot.reconnects, tot.handshakes);
    json_num(stdout, "rps", rps, false);
    json_num(stdout, "ok_rps", secs > 0 ? (double)tot.ok / secs : 0, false);
    json_num(stdout, "p50_ms", p50, false);
    json_num(stdout, "p90_ms", p90, false);
    json_num(stdout, "p99_ms", p99, false);
    json_num(stdout, "p999_ms", p999, false);
    json_num(stdout, "max_ms", pmax, false);
    json_num(stdout, "mean_ms", mean, false);
    json_num(stdout, "server_cpu_ms_per_req", cpu_ms, false);
    json_num(stdout, "db_cpu_ms_per_req", db_ms, false);
    /* where the machine's CPU went in the window, in cores: server, database,
     * this client, and everything else (other processes on the machine) */
    double win = secs > 0 ? secs : 1;
    double c_server = opt.nserver ? (cpu1 - cpu0) / win : 0, c_db = opt.ndb ? (db1 - db0) / win : 0;
    double c_client = (self1 - self0) / win, c_busy = (mach1 - mach0) / win;
    json_num(stdout, "cores_server", c_server, false);
    json_num(stdout, "cores_db", c_db, false);
    json_num(stdout, "cores_client", c_client, false);
    json_num(stdout, "cores_busy", c_busy, false);
    json_num(stdout, "cores_other", c_busy - c_server - c_db - c_client, false);
    printf("\"server_rss_kib\":%ld,\"server_hwm_kib\":%ld,\"bytes_in\":%lld,\"bytes_out\":%lld,", rss, hwm,
           tot.bytes_in, tot.bytes_out);
    /* --resume: handshakes that offered a session and did not resume are
     * counted apart (resume_missed), never as resumed */
    printf("\"resume\":%s,\"resume_offered\":%lld,\"resumed\":%lld,\"resume_missed\":%lld,",
           opt.resume ? "true" : "false", tot.resume_offered, tot.resumed, tot.resume_offered - tot.resumed);
    printf("\"pupils_used\":%zu,\"pupils_exhausted\":%s,\"fault_code\":",
           pupils ? (atomic_load(&next_pupil) < npupils ? atomic_load(&next_pupil) : npupils) : (size_t)0,
           atomic_load(&pupils_exhausted) ? "true" : "false");
    json_str(stdout, fault_code);
    printf(",\"error_sample\":");
    json_str(stdout, err_sample);
    printf("}\n");
    fflush(stdout);
    return 0;
}
