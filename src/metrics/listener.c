/* The metrics listener's thread (metrics/listener.h). Scrapes are rare and
 * small, so one blocking connection at a time with short timeouts is
 * enough, and a slow client costs it at most those timeouts. */
#include "metrics/listener.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/log.h"
#include "http/http.h"
#include "metrics/exposition.h"
#include "metrics/ready.h"
#include "net/listen.h"
#include "store/db.h"

#define HEAD_MAX   8192
#define TIMEOUT_MS 2000

static int listen_fd = -1;
static int stop_pipe[2] = {-1, -1};
static pthread_t thread;
static bool running;
static const rod_config *mcfg;

/* Waits for fd to become readable; false on timeout, error or stop. */
static bool wait_readable(int fd, int timeout_ms)
{
    struct pollfd p[2] = {{.fd = fd, .events = POLLIN}, {.fd = stop_pipe[0], .events = POLLIN}};
    int n = poll(p, 2, timeout_ms);
    return n > 0 && !(p[1].revents & POLLIN) && (p[0].revents & (POLLIN | POLLHUP | POLLERR));
}

static void send_all(int fd, const char *data, size_t len)
{
    while (len) {
        struct pollfd p = {.fd = fd, .events = POLLOUT};
        if (poll(&p, 1, TIMEOUT_MS) <= 0)
            return;
        ssize_t n = send(fd, data, len, MSG_NOSIGNAL);
        if (n <= 0)
            return;
        data += n;
        len -= (size_t)n;
    }
}

static void answer(int fd, int status, const char *content_type, const char *body, size_t len, bool head_only)
{
    char head[256];
    int n =
        snprintf(head, sizeof head,
                 "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\nCache-Control: no-store\r\n"
                 "Connection: close\r\n\r\n",
                 status, http_reason(status), content_type, len);
    send_all(fd, head, (size_t)n);
    if (!head_only)
        send_all(fd, body, len);
}

static void text(int fd, int status, const char *body, bool head_only)
{
    answer(fd, status, "text/plain; charset=utf-8", body, strlen(body), head_only);
}

/* One connection: reads the head (a GET has no body) and answers. */
static void serve(int fd, rod_db *db, rod_buf *out)
{
    char buf[HEAD_MAX];
    size_t len = 0;
    http_head h;
    int status = 400;
    http_progress p = HTTP_NEED_MORE;
    /* the whole head within TIMEOUT_MS: a client trickling bytes cannot
     * hold the (only) connection slot for longer */
    double deadline = rod_monotonic_ms() + TIMEOUT_MS;
    int left;
    while (p == HTTP_NEED_MORE && len < sizeof buf && (left = (int)(deadline - rod_monotonic_ms())) > 0 &&
           wait_readable(fd, left)) {
        ssize_t n = recv(fd, buf + len, sizeof buf - len, 0);
        if (n <= 0)
            return;
        len += (size_t)n;
        p = http_parse_head(buf, len, sizeof buf - 1, &h, &status);
    }
    if (p != HTTP_DONE) {
        if (p == HTTP_FAIL)
            text(fd, status, "bad request\n", false);
        return;
    }
    bool head_only = strcmp(h.method, "HEAD") == 0;
    if (strcmp(h.method, "GET") != 0 && !head_only) {
        text(fd, 405, "only GET\n", false);
        return;
    }
    const char *path = h.target;
    size_t plen = strcspn(path, "?");
    if (plen == 7 && strncmp(path, "/health", 7) == 0) {
        text(fd, 200, "alive\n", head_only);
    } else if (plen == 6 && strncmp(path, "/ready", 6) == 0) {
        char reason[512], body[600];
        bool ok = rod_metrics_ready(db, reason, sizeof reason);
        snprintf(body, sizeof body, "%s\n", ok ? "ready" : reason);
        text(fd, ok ? 200 : 503, body, head_only);
    } else if (plen == 8 && strncmp(path, "/metrics", 8) == 0) {
        out->len = 0; /* the buffer is kept from scrape to scrape */
        out->failed = 0;
        rod_metrics_render(db, out);
        if (out->failed || !out->data)
            text(fd, 503, "out of memory\n", head_only);
        else
            answer(fd, 200, "text/plain; version=0.0.4; charset=utf-8", out->data, out->len, head_only);
    } else {
        text(fd, 404, "not found: /health, /ready, /metrics\n", head_only);
    }
}

static void *listener_main(void *arg)
{
    (void)arg;
    sigset_t all; /* signals go to the main thread */
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    rod_db_thread_begin();
    rod_db *db = rod_db_new(mcfg);
    rod_buf out = {0};
    while (wait_readable(listen_fd, -1)) {
        int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
        if (fd < 0)
            continue;
        if (db)
            serve(fd, db, &out);
        else
            text(fd, 503, "out of memory\n", false);
        close(fd);
    }
    rod_buf_free(&out);
    rod_db_free(db);
    rod_db_thread_end();
    return NULL;
}

int rod_metrics_start(const rod_config *cfg, char *err, size_t errlen)
{
    mcfg = cfg;
    if (!cfg->metrics_listen[0])
        return 0;
    listen_fd = rod_listen_open("metrics_listen", cfg->metrics_listen, 16, 0, err, errlen);
    if (listen_fd < 0)
        return -1;
    if (pipe(stop_pipe) != 0) {
        snprintf(err, errlen, "metrics: pipe: %s", strerror(errno));
        close(listen_fd);
        listen_fd = -1;
        return -1;
    }
    int rc = pthread_create(&thread, NULL, listener_main, NULL);
    if (rc != 0) {
        snprintf(err, errlen, "metrics: starting the listener: %s", strerror(rc));
        rod_metrics_stop();
        return -1;
    }
    running = true;
    rod_log_info("rodgate: metrics on http://%s/metrics (/health, /ready)", cfg->metrics_listen);
    return 0;
}

void rod_metrics_stop(void)
{
    if (running) {
        char c = 'x';
        if (write(stop_pipe[1], &c, 1) != 1)
            rod_log_info("metrics: could not signal the listener to stop");
        pthread_join(thread, NULL);
        running = false;
    }
    for (int i = 0; i < 2; i++)
        if (stop_pipe[i] >= 0) {
            close(stop_pipe[i]);
            stop_pipe[i] = -1;
        }
    if (listen_fd >= 0) {
        close(listen_fd);
        listen_fd = -1;
    }
}
