/* Event loops (epoll, non-blocking OpenSSL) and the worker pool. */
#include "net/server.h"

#include "core/heap.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/refusal.h"
#include "core/status.h"
#include "http/http.h"
#include "net/listen.h"
#include "net/peer_table.h"
#include "tls/tls.h"

/* C_LINGER: a refusal is written and the write side shut; the rest of the
 * client's input is read and thrown away until it closes or a time limit */
enum conn_state { C_HANDSHAKE, C_READ, C_WORK, C_WRITE, C_LINGER };
enum { PEND_SILENT, PEND_HEARD };

typedef struct io_loop io_loop;
typedef struct conn conn;

struct conn {
    int fd;
    SSL *ssl;
    /* atomic: a worker hands a finished keep-alive connection straight back
     * to C_READ while the loop's deadline sweep may be looking at it */
    _Atomic enum conn_state state;
    io_loop *loop;
    char *buf;
    size_t len, cap;
    bool head_done;
    http_head head;
    http_chunked chunk;
    size_t body_off, body_len, msg_end;
    bool continue_sent;
    double t_start; /* handshake start or a request's first byte; 0 when idle */
    double t_idle;
    double t_write;
    char oin[21];
    bool has_oin;
    char *out;
    size_t out_len, out_off;
    bool close_after;
    bool linger;        /* refused before the body was read: lingering close */
    double t_linger;    /* when the lingering close began */
    long long lingered; /* bytes discarded since then */
    bool peer_gone;
    bool closed; /* socket closed; memory freed after the event round */
    unsigned requests;
    conn *prev, *next;
    conn *done_next;
    /* Waiting: accepted, no complete request yet (handshake or before the
     * first request). Counted per address, and in one of the loop's two
     * lists in accept order: silent (no ClientHello yet), then heard. When
     * the table is full the oldest silent one is closed first. */
    bool pending;
    int pend_list;   /* PEND_SILENT or PEND_HEARD */
    double t_listed; /* when it entered that list */
    conn *pend_prev, *pend_next;
    rod_peer_key key;
    char peer[56];     /* "address:port", for refusal log lines */
    rod_tls_note note; /* what the certificate check saw */
};

struct io_loop {
    int index;
    int epfd;
    int listen_fd;
    int event_fd;
    pthread_t thread;
    conn *conns;
    int nconns;
    conn *pend_head[2], *pend_tail[2]; /* waiting connections, oldest first */
    int pend_len[2];
    int spare_fd; /* given up to accept and close one connection when out of fds */
    pthread_mutex_t done_lock;
    conn *done;   /* finished by workers, to be written */
    conn *closed; /* closed in this round of events, freed after it */
};

static const rod_config *cfg;
static const rod_app *app;
static io_loop *loops;
static int nloops;
static volatile sig_atomic_t stopping;
static atomic_int total_conns;
/* waiting connections per address, shared by the loops (SO_REUSEPORT spreads
 * one address's connections over all of them) */
static pthread_mutex_t peers_lock = PTHREAD_MUTEX_INITIALIZER;
static rod_peer_table *peers;
/* One answer when memory runs out, wherever: 503 with Retry-After (format_
 * response adds it), which a client can act on, unlike a 500. */
#define NO_MEMORY_TEXT "Tijdelijk onvoldoende geheugen; probeer het over enkele seconden opnieuw."
/* "ROD-0003: <omschrijving>" from the status table, for 413 answers */
static char too_large_text[256];

/* ---- worker pool ---------------------------------------------------------- */

/* Two queues: ordinary requests, and large ones (a body of at least
 * large_request_bytes: a 10,000-item batch, or the costliest XML shapes the
 * limits accept, up to seconds of CPU each). Any worker takes an ordinary
 * request first; at most large_workers take large ones at a time, so a
 * burst of large requests never holds every worker and an ordinary request
 * never waits behind one in the queue. */
typedef struct {
    conn *head, *tail;
} conn_queue;

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queue_cond = PTHREAD_COND_INITIALIZER;
static conn_queue ordinary_queue, large_queue;
static int large_busy; /* workers serving a large request (under queue_lock) */
static bool workers_quit;
static pthread_t *workers;
static int nworkers;
/* for rod_server_stats_get */
static atomic_int busy_workers, queued_requests;
static atomic_ullong handled_requests;

static bool is_large(const conn *c)
{
    return c->body_len >= (size_t)cfg->large_request_bytes;
}

static void enqueue(conn_queue *q, conn *c)
{
    c->done_next = NULL;
    if (q->tail)
        q->tail->done_next = c;
    else
        q->head = c;
    q->tail = c;
    atomic_fetch_add_explicit(&queued_requests, 1, memory_order_relaxed);
}

static conn *dequeue(conn_queue *q)
{
    conn *c = q->head;
    if (c) {
        q->head = c->done_next;
        if (!q->head)
            q->tail = NULL;
        atomic_fetch_sub_explicit(&queued_requests, 1, memory_order_relaxed);
    }
    return c;
}

static void submit(conn *c)
{
    pthread_mutex_lock(&queue_lock);
    enqueue(is_large(c) ? &large_queue : &ordinary_queue, c);
    pthread_cond_signal(&queue_cond);
    pthread_mutex_unlock(&queue_lock);
}

/* The next request for a worker, waiting for one; NULL when the workers
 * stop. *took_large says it came from the large queue. */
static conn *next_request(bool *took_large)
{
    pthread_mutex_lock(&queue_lock);
    for (;;) {
        conn *c = dequeue(&ordinary_queue);
        *took_large = false;
        if (!c && large_busy < cfg->large_workers && (c = dequeue(&large_queue)) != NULL) {
            large_busy++;
            *took_large = true;
        }
        if (c || workers_quit) {
            pthread_mutex_unlock(&queue_lock);
            return c;
        }
        pthread_cond_wait(&queue_cond, &queue_lock);
    }
}

/* A large request is done: its slot may serve the next one (a waiting
 * worker may have gone back to sleep when the slots were all taken). */
static void large_done(void)
{
    pthread_mutex_lock(&queue_lock);
    large_busy--;
    if (large_queue.head)
        pthread_cond_signal(&queue_cond);
    pthread_mutex_unlock(&queue_lock);
}

static void format_response(conn *c, const rod_response *r)
{
    char head[512];
    /* a 503 of the event loop (out of memory) says when to come back */
    int n = snprintf(head, sizeof head,
                     "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
                     "X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\n%s%s\r\n",
                     r->status, http_reason(r->status), r->content_type ? r->content_type : "text/plain",
                     r->body_len, r->status == 503 ? "Retry-After: 5\r\n" : "",
                     c->close_after ? "Connection: close\r\n" : "");
    c->out = malloc((size_t)n + r->body_len);
    if (!c->out) {
        c->close_after = true;
        c->out_len = 0;
        return;
    }
    memcpy(c->out, head, (size_t)n);
    if (r->body_len)
        memcpy(c->out + n, r->body, r->body_len);
    c->out_len = (size_t)n + r->body_len;
    c->out_off = 0;
}

static void set_events(conn *c, uint32_t events);
static void reset_request(conn *c);

/* The read buffer's first size, and the size from which a buffer counts as
 * large: after a large request the buffers are given back and the heap
 * trimmed, so RSS follows the load (glibc would keep the freed memory). */
#define BUF_INITIAL ((size_t)32768)
#define BUF_LARGE   ((size_t)1 << 20)

/* A connection that carried a large request or answer: once its buffers
 * are released the heap is trimmed. */
static bool holds_large_buffers(const conn *c)
{
    return c->cap >= BUF_LARGE || c->out_len >= BUF_LARGE;
}

/* Writes what is left of c->out: 0 when all is written, else the SSL error
 * (a retry must pass the same buffer, which c->out_off keeps). */
static int write_out(conn *c)
{
    while (c->out_off < c->out_len) {
        int n = SSL_write(c->ssl, c->out + c->out_off, (int)(c->out_len - c->out_off));
        if (n <= 0)
            return SSL_get_error(c->ssl, n);
        c->out_off += (size_t)n;
    }
    return 0;
}

/* The worker writes the answer itself when the socket takes it at once (the
 * usual case) and re-arms the connection for its next request, which saves
 * the round through the event loop (an eventfd write, a wake-up, a read).
 * Anything else (a partial write, a closing or pipelined connection) goes
 * back to the loop. Returns true when the worker answered and re-armed it. */
static bool answer_directly(conn *c)
{
    if (c->close_after || c->peer_gone || c->len != c->msg_end)
        return false;
    if (write_out(c) != 0) {
        ERR_clear_error();
        return false; /* the loop retries the same buffer, or closes */
    }
    reset_request(c);
    /* armed before the state changes: an event that comes first finds
     * C_WORK, is ignored and (level-triggered) comes again; after the store
     * the loop owns the connection and may free it at once */
    set_events(c, EPOLLIN);
    atomic_store(&c->state, C_READ);
    return true;
}

static void *worker_main(void *arg)
{
    int index = (int)(intptr_t)arg;
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    void *ctx = app->worker_init(index);
    for (;;) {
        bool took_large;
        conn *c = next_request(&took_large);
        if (!c)
            break;
        atomic_fetch_add_explicit(&busy_workers, 1, memory_order_relaxed);
        atomic_fetch_add_explicit(&handled_requests, 1, memory_order_relaxed);

        /* The connection belongs to this worker until it is handed back. */
        char saved = c->buf[c->body_off + c->body_len];
        c->buf[c->body_off + c->body_len] = '\0';
        rod_request req = {
            .method = c->head.method,
            .target = c->head.target,
            .content_type = c->head.content_type,
            .soapaction = c->head.has_soapaction ? c->head.soapaction : NULL,
            .host = c->head.host,
            .body = c->buf + c->body_off,
            .body_len = c->body_len,
            .oin = c->has_oin ? c->oin : NULL,
        };
        rod_response resp = {500, "text/plain", NULL, 0};
        if (ctx)
            app->worker_handle(ctx, &req, &resp);
        c->buf[c->body_off + c->body_len] = saved;
        if (took_large)
            large_done();
        format_response(c, &resp);
        free(resp.body);
        atomic_fetch_sub_explicit(&busy_workers, 1, memory_order_relaxed);
        /* a large request (a 10,000-item batch) leaves megabytes of freed
         * heap behind; they are handed back after the answer, where its
         * large buffers are released (reset_request, conn_free) */
        if (answer_directly(c))
            continue;
        io_loop *l = c->loop;
        pthread_mutex_lock(&l->done_lock);
        c->done_next = l->done;
        l->done = c;
        pthread_mutex_unlock(&l->done_lock);
        /* EAGAIN means the counter is already non-zero: the loop wakes
         * anyway; anything else would leave the answer unsent, so say so */
        uint64_t one = 1;
        if (write(l->event_fd, &one, sizeof one) < 0 && errno != EAGAIN)
            rod_log_info("net: eventfd write failed: %s", strerror(errno));
    }
    if (ctx)
        app->worker_free(ctx);
    OPENSSL_thread_stop();
    return NULL;
}

/* ---- connections ------------------------------------------------------------- */

/* A failed MOD (out of kernel memory) leaves the connection unarmed: it is
 * marked gone, so the deadline sweep closes it instead of keeping it alive. */
static void set_events(conn *c, uint32_t events)
{
    struct epoll_event ev = {.events = events, .data.ptr = c};
    if (epoll_ctl(c->loop->epfd, EPOLL_CTL_MOD, c->fd, &ev) != 0) {
        c->peer_gone = true;
        c->close_after = true;
    }
}

static void pend_unlink(conn *c)
{
    io_loop *l = c->loop;
    int k = c->pend_list;
    if (c->pend_prev)
        c->pend_prev->pend_next = c->pend_next;
    else
        l->pend_head[k] = c->pend_next;
    if (c->pend_next)
        c->pend_next->pend_prev = c->pend_prev;
    else
        l->pend_tail[k] = c->pend_prev;
    c->pend_prev = c->pend_next = NULL;
    l->pend_len[k]--;
}

static void pend_append(conn *c, int k)
{
    io_loop *l = c->loop;
    c->pend_list = k;
    c->t_listed = rod_monotonic_ms();
    c->pend_next = NULL;
    c->pend_prev = l->pend_tail[k];
    if (l->pend_tail[k])
        l->pend_tail[k]->pend_next = c;
    else
        l->pend_head[k] = c;
    l->pend_tail[k] = c;
    l->pend_len[k]++;
}

/* The connection sent a complete request (or is closed): it no longer counts
 * as waiting, for its address nor for eviction. */
static void pending_leave(conn *c)
{
    if (!c->pending)
        return;
    pend_unlink(c);
    c->pending = false;
    pthread_mutex_lock(&peers_lock);
    rod_peer_table_give(peers, &c->key);
    pthread_mutex_unlock(&peers_lock);
}

/* A ClientHello arrived: from now on the connection is closed for a newcomer
 * only when no silent one is left (a silent connection costs an attacker
 * nothing; a handshake costs it a certificate and CPU). */
static void pending_heard(conn *c)
{
    if (!c->pending || c->pend_list == PEND_HEARD)
        return;
    pend_unlink(c);
    pend_append(c, PEND_HEARD);
}

static void conn_free(conn *c)
{
    io_loop *l = c->loop;
    if (c->prev)
        c->prev->next = c->next;
    else
        l->conns = c->next;
    if (c->next)
        c->next->prev = c->prev;
    l->nconns--;
    atomic_fetch_sub(&total_conns, 1);
    pending_leave(c);
    epoll_ctl(l->epfd, EPOLL_CTL_DEL, c->fd, NULL);
    if (c->ssl) {
        if (c->state != C_HANDSHAKE && !c->peer_gone)
            SSL_shutdown(c->ssl); /* best effort close_notify; never waits */
        SSL_free(c->ssl);
    }
    close(c->fd);
    bool large = holds_large_buffers(c);
    free(c->buf);
    free(c->out);
    c->buf = c->out = NULL;
    if (large)
        rod_heap_stop();
    ERR_clear_error();
    /* An event for this connection may still wait in the current batch of
     * epoll_wait (e.g. freed while writing a worker's answer in drain_done):
     * keep the struct until the batch is done and skip it there. */
    c->closed = true;
    c->done_next = l->closed;
    l->closed = c;
}

static void free_closed(io_loop *l)
{
    while (l->closed) {
        conn *c = l->closed;
        l->closed = c->done_next;
        free(c);
    }
}

/* Answers an error the loop detects itself (limits, malformed HTTP) and
 * closes the connection after sending it. */
static void reply_error(conn *c, int status, const char *text)
{
    rod_refusal(rod_refusal_for_http(status), c->peer, c->note.serial);
    rod_response r = {status, "text/plain; charset=utf-8", (char *)text, strlen(text)};
    c->close_after = true;
    /* the request's input is not read to its end: close gently (a timed-out
     * client, marked gone, is closed at once) */
    c->linger = cfg->lingering_time > 0;
    free(c->out);
    c->out = NULL;
    format_response(c, &r);
    c->state = C_WRITE;
    c->t_write = rod_monotonic_ms();
    set_events(c, EPOLLOUT);
}

static void reset_request(conn *c)
{
    size_t rest = c->len > c->msg_end ? c->len - c->msg_end : 0;
    if (rest)
        memmove(c->buf, c->buf + c->msg_end, rest);
    c->len = rest;
    bool large = holds_large_buffers(c);
    if (c->cap >= BUF_LARGE && rest + 16384 < BUF_INITIAL) {
        /* back to an ordinary buffer for the next request */
        char *nb = malloc(BUF_INITIAL);
        if (nb) {
            memcpy(nb, c->buf, rest);
            free(c->buf);
            c->buf = nb;
            c->cap = BUF_INITIAL;
        }
    }
    c->head_done = false;
    c->continue_sent = false;
    memset(&c->chunk, 0, sizeof c->chunk);
    c->body_off = c->body_len = c->msg_end = 0;
    c->t_start = rest ? rod_monotonic_ms() : 0;
    c->t_idle = rod_monotonic_ms();
    free(c->out);
    c->out = NULL;
    c->out_len = c->out_off = 0;
    if (large)
        rod_heap_stop();
}

static void try_write(conn *c);
static void try_read(conn *c);

/* Looks at the buffered bytes: head, body limits, completeness. */
static void advance_request(conn *c)
{
    if (!c->head_done) {
        int status;
        http_progress p = http_parse_head(c->buf, c->len, (size_t)cfg->max_header, &c->head, &status);
        if (p == HTTP_NEED_MORE)
            return;
        if (p == HTTP_FAIL) {
            reply_error(c, status, http_reason(status));
            return;
        }
        c->head_done = true;
        c->body_off = c->head.head_len;
        bool post = strcmp(c->head.method, "POST") == 0;
        if (post && !c->head.chunked && c->head.content_length < 0) {
            reply_error(c, 411, "Content-Length of chunked body vereist");
            return;
        }
        /* Refused before being read (spec 5). */
        if (c->head.content_length > cfg->max_body) {
            reply_error(c, 413, too_large_text);
            return;
        }
        if (!post && (c->head.chunked || c->head.content_length > 0)) {
            reply_error(c, 400, "Onverwachte body");
            return;
        }
        if (c->head.chunked)
            c->chunk.in = c->chunk.out = c->body_off;
        if (c->head.expect_continue && c->head.minor == 1 && !c->continue_sent) {
            static const char cont[] = "HTTP/1.1 100 Continue\r\n\r\n";
            /* tiny: one record, taken whole by a socket that is not full; a
             * socket that cannot take it (a client that does not read) or a
             * broken one is closed, as it could not take the answer either */
            int w = SSL_write(c->ssl, cont, sizeof cont - 1);
            if (w != (int)sizeof cont - 1) {
                ERR_clear_error();
                c->peer_gone = true;
                conn_free(c);
                return;
            }
            c->continue_sent = true;
        }
    }
    if (c->head.chunked) {
        int status;
        http_progress p =
            http_chunked_decode(&c->chunk, c->buf, c->len, c->body_off + (size_t)cfg->max_body, &status);
        if (p == HTTP_NEED_MORE) {
            /* Compact: drop the consumed chunk framing so the buffer holds
             * only decoded body plus what is not yet decoded. */
            size_t rest = c->len - c->chunk.in;
            memmove(c->buf + c->chunk.out, c->buf + c->chunk.in, rest);
            c->len = c->chunk.out + rest;
            c->chunk.in = c->chunk.out;
            return;
        }
        if (p == HTTP_FAIL) {
            reply_error(c, status, status == 413 ? too_large_text : "Ongeldige chunked body");
            return;
        }
        c->body_len = c->chunk.out - c->body_off;
        c->msg_end = c->chunk.in;
        /* the decoded body is contiguous; keep the rest (pipelined) after
         * msg_end, and make room for the terminating NUL the worker writes */
    } else {
        size_t want = c->body_off + (size_t)(c->head.content_length > 0 ? c->head.content_length : 0);
        if (c->len < want)
            return;
        c->body_len = want - c->body_off;
        c->msg_end = want;
    }
    /* the worker writes a NUL after the body */
    if (c->body_off + c->body_len >= c->cap) {
        char *nb = realloc(c->buf, c->cap + 1);
        if (!nb) {
            reply_error(c, 503, NO_MEMORY_TEXT);
            return;
        }
        c->buf = nb;
        c->cap += 1;
    }
    c->requests++;
    pending_leave(c);
    c->close_after = !c->head.keep_alive || c->requests >= (unsigned)cfg->max_keepalive || stopping;
    c->state = C_WORK;
    set_events(c, 0);
    submit(c);
}

static void try_read(conn *c)
{
    for (;;) {
        /* a body of a known length: the message and the NUL the worker
         * writes after it, once its head is read */
        size_t need = c->head_done && !c->head.chunked && c->head.content_length > 0
                          ? c->body_off + (size_t)c->head.content_length + 1
                          : 0;
        if (c->len + 16384 > c->cap && !(need && c->cap >= need)) {
            size_t limit = (size_t)cfg->max_header + (size_t)cfg->max_body + 65536;
            size_t ncap = c->cap ? c->cap * 2 : BUF_INITIAL;
            if (ncap > limit + 16384)
                ncap = limit + 16384;
            /* the last step only as far as the announced length: a 6.8 MB
             * batch then takes 6.8 MB, not the 8 MiB of the next power of
             * two (and its resident pages). Still doubling until then, so
             * a client never makes the buffer more than twice what it has
             * sent. */
            if (need > c->cap && ncap > need)
                ncap = need;
            if (ncap <= c->cap) {
                reply_error(c, 413, too_large_text);
                return;
            }
            char *nb = realloc(c->buf, ncap);
            if (!nb) {
                reply_error(c, 503, NO_MEMORY_TEXT);
                return;
            }
            c->buf = nb;
            /* the new room is about to be written: make it resident in one
             * call rather than a page fault per 4 KiB (at most as much as
             * has arrived already, so a client cannot make us commit
             * memory it does not send) */
            if (ncap >= BUF_LARGE)
                rod_heap_populate(c->buf + c->len, ncap - c->len);
            c->cap = ncap;
        }
        int n = SSL_read(c->ssl, c->buf + c->len, (int)(c->cap - c->len));
        if (n <= 0) {
            int e = SSL_get_error(c->ssl, n);
            if (e == SSL_ERROR_WANT_READ) {
                break;
            }
            if (e == SSL_ERROR_WANT_WRITE) {
                set_events(c, EPOLLIN | EPOLLOUT);
                return;
            }
            c->peer_gone = e != SSL_ERROR_ZERO_RETURN;
            conn_free(c);
            return;
        }
        if (c->len == 0 && c->t_start == 0)
            c->t_start = rod_monotonic_ms();
        c->len += (size_t)n;
        if (!c->head_done || c->head.chunked || c->len >= c->body_off + (size_t)c->head.content_length) {
            advance_request(c);
            if (c->closed || c->state != C_READ)
                return;
        }
    }
    set_events(c, EPOLLIN);
}

/* The answer is out; the client may still be sending the body that was
 * refused. Closing now, with unread input, makes the kernel send a reset,
 * which discards the answer at the client (or at HAProxy before it): send
 * close_notify and FIN instead, then read and discard what comes until the
 * client closes, lingering_timeout passes without input or lingering_time in
 * all (nginx's lingering close), or lingering_bytes were discarded: by then
 * the answer has long been read (HAProxy reads it at once), and a client
 * sending an endless body must not keep the gateway reading it (the
 * default, 24 MiB, covers the whole body of a request refused for its
 * Content-Length at max_body). The connection counts as waiting, as it has
 * not sent a complete request, so the per-address limit and eviction bound
 * what lingering connections can hold; no worker is involved. */
static void linger_start(conn *c)
{
    if (!c->pending) {
        /* a refusal on a kept-alive connection: waiting again, if its
         * address has room, else closed at once */
        pthread_mutex_lock(&peers_lock);
        bool taken = rod_peer_table_take(peers, &c->key, cfg->max_pending_per_address);
        pthread_mutex_unlock(&peers_lock);
        if (!taken) {
            conn_free(c);
            return;
        }
        c->pending = true;
        pend_append(c, PEND_HEARD);
    }
    SSL_shutdown(c->ssl); /* close_notify, best effort; never waits */
    ERR_clear_error();
    c->peer_gone = true; /* conn_free: no second close_notify */
    if (shutdown(c->fd, SHUT_WR) != 0) {
        conn_free(c);
        return;
    }
    c->state = C_LINGER;
    c->t_linger = c->t_idle = rod_monotonic_ms();
    c->lingered = 0;
    set_events(c, EPOLLIN);
}

/* Reads and drops the raw input of a lingering connection. */
static void linger_read(conn *c)
{
    char sink[16384];
    for (;;) {
        ssize_t n = recv(c->fd, sink, sizeof sink, 0);
        if (n > 0) {
            c->t_idle = rod_monotonic_ms();
            c->lingered += n;
            if (c->lingered > cfg->lingering_bytes) {
                conn_free(c);
                return;
            }
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        if (n < 0 && errno == EINTR)
            continue;
        conn_free(c); /* the client closed (or the socket broke) */
        return;
    }
}

static void try_write(conn *c)
{
    int e = write_out(c);
    if (e == SSL_ERROR_WANT_WRITE) {
        set_events(c, EPOLLOUT);
        return;
    }
    if (e == SSL_ERROR_WANT_READ) {
        set_events(c, EPOLLIN);
        return;
    }
    if (e != 0) {
        c->peer_gone = true;
        conn_free(c);
        return;
    }
    if (c->linger && !c->peer_gone) {
        linger_start(c);
        return;
    }
    if (c->close_after || c->peer_gone) {
        conn_free(c);
        return;
    }
    reset_request(c);
    c->state = C_READ;
    if (c->len) {
        advance_request(c); /* a pipelined request is already buffered */
        if (c->closed || c->state != C_READ)
            return;
    }
    try_read(c);
}

static void try_handshake(conn *c)
{
    int r = SSL_do_handshake(c->ssl);
    if (SSL_get_state(c->ssl) != TLS_ST_BEFORE) /* a ClientHello was read */
        pending_heard(c);
    if (r == 1) {
        c->has_oin = rod_tls_peer_oin(c->ssl, c->oin);
        c->state = C_READ;
        /* the first request's headers are due header_timeout after the
         * handshake: a connection that only handshakes is not idle time */
        c->t_start = rod_monotonic_ms();
        c->t_idle = c->t_start;
        try_read(c);
        return;
    }
    int e = SSL_get_error(c->ssl, r);
    if (e == SSL_ERROR_WANT_READ)
        set_events(c, EPOLLIN);
    else if (e == SSL_ERROR_WANT_WRITE)
        set_events(c, EPOLLOUT);
    else {
        /* refused at the handshake: bad or missing certificate, protocol */
        rod_refusal(rod_tls_refusal(&c->note, e), c->peer, c->note.serial);
        conn_free(c);
    }
}

/* "address:port" of the peer, and the key its waiting connections count under. */
static void describe_peer(const struct sockaddr_storage *ss, char *out, size_t cap, rod_peer_key *key)
{
    char ip[INET6_ADDRSTRLEN] = "?";
    if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *a = (const struct sockaddr_in *)ss;
        inet_ntop(AF_INET, &a->sin_addr, ip, sizeof ip);
        rod_peer_key_ipv4(key, (const unsigned char *)&a->sin_addr);
        snprintf(out, cap, "%s:%u", ip, ntohs(a->sin_port));
    } else if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)ss;
        inet_ntop(AF_INET6, &a->sin6_addr, ip, sizeof ip);
        rod_peer_key_ipv6(key, (const unsigned char *)&a->sin6_addr);
        snprintf(out, cap, "[%s]:%u", ip, ntohs(a->sin6_port));
    } else {
        memset(key, 0, sizeof *key);
        snprintf(out, cap, "?");
    }
}

/* Out of file descriptors: the listener stays readable (level-triggered), so
 * the waiting connection is taken with the spare descriptor and closed,
 * rather than spinning on EMFILE. */
static void shed_one(io_loop *l)
{
    if (l->spare_fd < 0)
        return;
    close(l->spare_fd);
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    int fd = accept4(l->listen_fd, (struct sockaddr *)&ss, &sl, SOCK_CLOEXEC);
    if (fd >= 0) {
        char peer[56];
        rod_peer_key key;
        describe_peer(&ss, peer, sizeof peer, &key);
        close(fd);
        rod_refusal(ROD_REFUSAL_FD_LIMIT, peer, NULL);
    }
    l->spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
}

/* The accept queue of each listener (open_listener). */
#define LISTEN_BACKLOG 4096

/* How many of the oldest waiting connections eviction compares. */
#define EVICT_SCAN 32

/* Of the oldest EVICT_SCAN connections of list k, the one whose address has
 * the most waiting connections (the oldest among equals): a flood from few
 * addresses loses its own connections, not a normal client's one. */
static conn *eviction_candidate(io_loop *l, int k)
{
    conn *best = NULL;
    long best_count = 0;
    int n = 0;
    pthread_mutex_lock(&peers_lock);
    for (conn *c = l->pend_head[k]; c && n < EVICT_SCAN; c = c->pend_next, n++) {
        long count = rod_peer_table_count(peers, &c->key);
        if (count > best_count) {
            best = c;
            best_count = count;
        }
    }
    pthread_mutex_unlock(&peers_lock);
    return best;
}

/* Makes room for one connection when the table is full: a waiting
 * connection of this loop is closed (a client that has sent a complete
 * request is never closed for a newcomer), a silent one (no ClientHello) if
 * there is one, chosen by eviction_candidate. False when there is none. */
/* A loop keeps this many silent connections before it closes heard ones: a
 * newcomer is silent until its ClientHello is read, and a longer silent list
 * gives it longer to be heard under a flood of silent connections. */
#define SILENT_MIN 256
/* A heard connection is closed for a newcomer only after this long (ms) in
 * the handshake or handshaken without a request; a normal client asks well
 * within it. */
#define HEARD_GRACE_MS 1000.0

static bool evict_oldest_waiting(io_loop *l)
{
    /* Silent connections first (they cost an attacker nothing), unless the
     * silent list is short and a heard one has waited past HEARD_GRACE_MS:
     * then a table held by handshaken connections that never ask gives up
     * those, and the silent list grows again. */
    conn *h = l->pend_head[PEND_HEARD];
    bool heard_idle = h && rod_monotonic_ms() - h->t_listed >= HEARD_GRACE_MS;
    int k = l->pend_head[PEND_SILENT] && !(heard_idle && l->pend_len[PEND_SILENT] < SILENT_MIN) ? PEND_SILENT
                                                                                                : PEND_HEARD;
    conn *victim = eviction_candidate(l, k);
    if (!victim)
        return false;
    rod_refusal(ROD_REFUSAL_CONN_EVICTED, victim->peer, victim->note.serial);
    victim->peer_gone = true; /* no close_notify for a client that never asked */
    conn_free(victim);
    return true;
}

static void accept_all(io_loop *l)
{
    for (;;) {
        struct sockaddr_storage ss;
        socklen_t sl = sizeof ss;
        int fd = accept4(l->listen_fd, (struct sockaddr *)&ss, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE)
                shed_one(l);
            return;
        }
        if (stopping) {
            close(fd);
            continue;
        }
        char peer[56];
        rod_peer_key key;
        describe_peer(&ss, peer, sizeof peer, &key);
        pthread_mutex_lock(&peers_lock);
        bool taken = rod_peer_table_take(peers, &key, cfg->max_pending_per_address);
        pthread_mutex_unlock(&peers_lock);
        if (!taken) {
            rod_refusal(ROD_REFUSAL_PENDING_PER_ADDRESS, peer, NULL);
            close(fd);
            continue;
        }
        if (atomic_load(&total_conns) >= cfg->max_connections && !evict_oldest_waiting(l)) {
            pthread_mutex_lock(&peers_lock);
            rod_peer_table_give(peers, &key);
            pthread_mutex_unlock(&peers_lock);
            rod_refusal(ROD_REFUSAL_CONN_LIMIT, peer, NULL);
            close(fd);
            continue;
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        conn *c = calloc(1, sizeof *c);
        SSL *ssl = c ? rod_tls_new_ssl(fd, &c->note) : NULL;
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
        if (!ssl || epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev) != 0) {
            /* out of memory: nothing to answer with before a handshake */
            SSL_free(ssl);
            free(c);
            close(fd);
            ERR_clear_error();
            pthread_mutex_lock(&peers_lock);
            rod_peer_table_give(peers, &key);
            pthread_mutex_unlock(&peers_lock);
            continue;
        }
        c->fd = fd;
        c->ssl = ssl;
        c->loop = l;
        c->state = C_HANDSHAKE;
        c->t_start = rod_monotonic_ms();
        c->key = key;
        memcpy(c->peer, peer, sizeof c->peer);
        c->pending = true;
        pend_append(c, PEND_SILENT);
        c->next = l->conns;
        if (l->conns)
            l->conns->prev = c;
        l->conns = c;
        l->nconns++;
        atomic_fetch_add(&total_conns, 1);
        try_handshake(c);
    }
}

/* Cuts off slow and idle clients (spec 5: headers within header_timeout,
 * the whole request within request_timeout of its first byte). */
static void check_deadlines(io_loop *l)
{
    double now = rod_monotonic_ms();
    double hdr = (double)cfg->header_timeout * 1e3, req = (double)cfg->request_timeout * 1e3,
           idle = (double)cfg->idle_timeout * 1e3, hs = (double)cfg->handshake_timeout * 1e3;
    for (conn *c = l->conns, *next; c; c = next) {
        next = c->next;
        switch (c->state) {
        case C_HANDSHAKE:
            if (now - c->t_start > hs || stopping) {
                if (!stopping)
                    rod_refusal(ROD_REFUSAL_HANDSHAKE_TIMEOUT, c->peer, c->note.serial);
                conn_free(c);
            }
            break;
        case C_READ:
            if (stopping && c->len == 0) {
                conn_free(c); /* nothing of a request received: close at once */
            } else if (c->t_start == 0) {
                if (now - c->t_idle > idle)
                    conn_free(c);
            } else if ((!c->head_done && now - c->t_start > hdr) || now - c->t_start > req) {
                c->peer_gone = true; /* do not wait for a close_notify */
                reply_error(c, 408, "Het verzoek kwam niet binnen de tijdslimiet binnen.");
                try_write(c);
            }
            break;
        case C_WRITE:
            if (now - c->t_write > req)
                conn_free(c);
            break;
        case C_LINGER:
            if (stopping || now - c->t_linger > (double)cfg->lingering_time * 1e3 ||
                now - c->t_idle > (double)cfg->lingering_timeout * 1e3)
                conn_free(c);
            break;
        case C_WORK:
            break;
        }
    }
}

static void drain_done(io_loop *l)
{
    uint64_t v;
    ssize_t r = read(l->event_fd, &v, sizeof v);
    (void)r;
    pthread_mutex_lock(&l->done_lock);
    conn *list = l->done;
    l->done = NULL;
    pthread_mutex_unlock(&l->done_lock);
    while (list) {
        conn *c = list;
        list = c->done_next;
        if (c->peer_gone) {
            conn_free(c);
            continue;
        }
        c->state = C_WRITE;
        c->t_write = rod_monotonic_ms();
        try_write(c);
    }
}

static void *loop_main(void *arg)
{
    io_loop *l = arg;
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    struct epoll_event events[128];
    double last_check = rod_monotonic_ms();
    bool listening = true;
    for (;;) {
        if (stopping && listening) {
            epoll_ctl(l->epfd, EPOLL_CTL_DEL, l->listen_fd, NULL);
            listening = false;
        }
        if (stopping && l->nconns == 0)
            break;
        int n = epoll_wait(l->epfd, events, 128, 250);
        if (n < 0) {
            /* signals are blocked here, so this is no EINTR: say it, do not spin */
            rod_log_info("net: epoll_wait failed: %s", strerror(errno));
            struct timespec pause = {0, 50 * 1000 * 1000};
            nanosleep(&pause, NULL);
            n = 0;
        }
        for (int i = 0; i < n; i++) {
            void *p = events[i].data.ptr;
            if (p == &l->listen_fd) {
                accept_all(l);
                continue;
            }
            if (p == &l->event_fd) {
                drain_done(l);
                continue;
            }
            conn *c = p;
            if (c->closed)
                continue;
            uint32_t ev = events[i].events;
            switch (c->state) {
            case C_HANDSHAKE:
                try_handshake(c);
                break;
            case C_READ:
                if (ev & (EPOLLERR | EPOLLHUP) && !(ev & EPOLLIN))
                    conn_free(c);
                else
                    try_read(c);
                break;
            case C_WRITE:
                try_write(c);
                break;
            case C_LINGER:
                linger_read(c);
                break;
            case C_WORK:
                if (ev & (EPOLLERR | EPOLLHUP))
                    c->peer_gone = true;
                break;
            }
        }
        double now = rod_monotonic_ms();
        if (now - last_check >= 250) {
            last_check = now;
            check_deadlines(l);
            if (l->index == 0) {
                rod_tls_maybe_reload();
                rod_refusal_flush();
            }
        }
        free_closed(l);
    }
    free_closed(l);
    OPENSSL_thread_stop();
    return NULL;
}

/* A deep accept queue: under a connection flood the loops accept in
 * bursts, and a full queue drops a normal client's handshake, which then
 * waits for the kernel's SYN retransmit (1 s, 3 s). The kernel caps it at
 * net.core.somaxconn. */
static int open_listener(const char *listen_addr, char *err, size_t errlen)
{
    return rod_listen_open("listen", listen_addr, LISTEN_BACKLOG, ROD_LISTEN_NONBLOCK | ROD_LISTEN_REUSEPORT,
                           err, errlen);
}

/* Each connection costs a descriptor: the soft limit goes up to the hard one
 * (Debian's default soft limit of 1024 would otherwise cap max_connections),
 * and a limit still too low for max_connections is said at start. */
static void raise_fd_limit(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return;
    if (rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
            getrlimit(RLIMIT_NOFILE, &rl);
    }
    /* the listeners, epoll and event fds, the log, the workers' database
     * connections and some room */
    rlim_t need = (rlim_t)cfg->max_connections + (rlim_t)cfg->workers + 64;
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < need)
        rod_log_info(
            "net: the file descriptor limit (%llu) is below max_connections + %ld; connections beyond "
            "it are closed at accept (fd-limit)",
            (unsigned long long)rl.rlim_cur, cfg->workers + 64);
}

static void close_loops(void)
{
    for (int i = 0; i < nloops; i++) {
        io_loop *l = &loops[i];
        if (l->listen_fd >= 0)
            close(l->listen_fd);
        if (l->epfd >= 0)
            close(l->epfd);
        if (l->event_fd >= 0)
            close(l->event_fd);
        if (l->spare_fd >= 0)
            close(l->spare_fd);
        pthread_mutex_destroy(&l->done_lock);
    }
    free(loops);
    free(workers);
    loops = NULL;
    workers = NULL;
    rod_peer_table_free(peers);
    peers = NULL;
}

/* Sets up loop i: listener, epoll, eventfd, spare descriptor. */
static int open_loop(io_loop *l, int i, char *err, size_t errlen)
{
    l->index = i;
    l->listen_fd = l->epfd = l->event_fd = l->spare_fd = -1;
    pthread_mutex_init(&l->done_lock, NULL);
    l->listen_fd = open_listener(cfg->listen, err, errlen);
    if (l->listen_fd < 0)
        return -1;
    l->epfd = epoll_create1(EPOLL_CLOEXEC);
    l->event_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    l->spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &l->listen_fd};
    struct epoll_event ev2 = {.events = EPOLLIN, .data.ptr = &l->event_fd};
    if (l->epfd < 0 || l->event_fd < 0 || epoll_ctl(l->epfd, EPOLL_CTL_ADD, l->listen_fd, &ev) != 0 ||
        epoll_ctl(l->epfd, EPOLL_CTL_ADD, l->event_fd, &ev2) != 0) {
        snprintf(err, errlen, "event loop %d: %s", i, strerror(errno));
        return -1;
    }
    return 0;
}

static void stop_workers(int started)
{
    pthread_mutex_lock(&queue_lock);
    workers_quit = true;
    pthread_cond_broadcast(&queue_cond);
    pthread_mutex_unlock(&queue_lock);
    for (int i = 0; i < started; i++)
        pthread_join(workers[i], NULL);
}

int rod_server_run(const rod_config *config, const rod_app *application, char *err, size_t errlen)
{
    cfg = config;
    app = application;
    snprintf(too_large_text, sizeof too_large_text, "%s: %s", rod_status_code(ROD_XML_LIMIT),
             rod_status_text(ROD_XML_LIMIT));
    rod_refusal_configure(cfg->refusal_log_interval, cfg->refusal_log_burst);
    raise_fd_limit();
    nloops = (int)cfg->io_threads;
    loops = calloc((size_t)nloops, sizeof *loops);
    nworkers = (int)cfg->workers;
    workers = calloc((size_t)nworkers, sizeof *workers);
    peers = rod_peer_table_new((size_t)cfg->max_connections * 2);
    if (!loops || !workers || !peers) {
        snprintf(err, errlen, "out of memory");
        if (loops)
            nloops = 0;
        close_loops();
        return -1;
    }
    /* All listeners bind before any thread starts, so a taken port fails
     * start-up cleanly. SO_REUSEPORT spreads connections over the loops. */
    for (int i = 0; i < nloops; i++) {
        if (open_loop(&loops[i], i, err, errlen) != 0) {
            nloops = i + 1;
            close_loops();
            return -1;
        }
    }
    int rc;
    for (int i = 0; i < nworkers; i++) {
        if ((rc = pthread_create(&workers[i], NULL, worker_main, (void *)(intptr_t)i)) != 0) {
            snprintf(err, errlen, "starting worker %d: %s", i, strerror(rc));
            stop_workers(i);
            close_loops();
            return -1;
        }
    }
    int started = 0;
    for (; started < nloops; started++) {
        if ((rc = pthread_create(&loops[started].thread, NULL, loop_main, &loops[started])) != 0) {
            snprintf(err, errlen, "starting event loop %d: %s", started, strerror(rc));
            stopping = 1; /* the loops already started end at once: no connection yet */
            break;
        }
    }
    if (started == nloops)
        rod_log_info("rodgate: listening on https://%s/rod/v1 (%d event loops, %d workers)", cfg->listen,
                     nloops, nworkers);

    for (int i = 0; i < started; i++)
        pthread_join(loops[i].thread, NULL);
    stop_workers(nworkers);
    close_loops();
    return started == nloops ? 0 : -1;
}

void rod_server_stop(void)
{
    stopping = 1;
}

void rod_server_stats_get(rod_server_stats *out)
{
    out->workers = nworkers;
    out->busy = atomic_load_explicit(&busy_workers, memory_order_relaxed);
    out->queued = atomic_load_explicit(&queued_requests, memory_order_relaxed);
    pthread_mutex_lock(&queue_lock); /* a scrape's rare visit */
    out->large_busy = large_busy;
    pthread_mutex_unlock(&queue_lock);
    out->connections = atomic_load_explicit(&total_conns, memory_order_relaxed);
    out->handled = atomic_load_explicit(&handled_requests, memory_order_relaxed);
}
