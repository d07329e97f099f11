/* Writes log lines with a single write(2) each, so lines from concurrent
 * threads never interleave. */
#include "core/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int log_fd = 2;
static char log_path[4096]; /* "" while logging to standard error */

static int open_log(const char *path)
{
    return open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
}

int rod_log_start(const char *path)
{
    if (!path || !*path) {
        log_fd = 2;
        log_path[0] = '\0';
        return 0;
    }
    if (strlen(path) >= sizeof log_path)
        return -1;
    int fd = open_log(path);
    if (fd < 0)
        return -1;
    log_fd = fd;
    snprintf(log_path, sizeof log_path, "%s", path);
    return 0;
}

int rod_log_reopen(void *arg, char *err, size_t errlen)
{
    (void)arg;
    if (log_fd <= 2 || !log_path[0])
        return 0;
    int fd = open_log(log_path);
    if (fd < 0) {
        snprintf(err, errlen, "cannot open log file %s: %s", log_path, strerror(errno));
        return -1;
    }
    /* log_fd keeps its number, so writers never see a closed descriptor;
     * dup3 rather than dup2, which would drop close-on-exec */
    int rc = dup3(fd, log_fd, O_CLOEXEC) < 0 ? -1 : 0;
    if (rc != 0)
        snprintf(err, errlen, "dup3 on the log file: %s", strerror(errno));
    close(fd);
    return rc;
}

void rod_log_stop(void)
{
    if (log_fd > 2)
        close(log_fd);
    log_fd = 2;
    log_path[0] = '\0';
}

static size_t stamp(char *buf, size_t len)
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    size_t n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
    n += (size_t)snprintf(buf + n, len - n, ".%03ldZ ", ts.tv_nsec / 1000000);
    return n;
}

static void emit(char *line, size_t n, size_t cap)
{
    if (n >= cap)
        n = cap - 1;
    line[n++] = '\n';
    ssize_t w = write(log_fd, line, n);
    (void)w;
}

void rod_log_info(const char *fmt, ...)
{
    char line[1024];
    size_t n = stamp(line, sizeof line);
    va_list ap;
    va_start(ap, fmt);
    int m = vsnprintf(line + n, sizeof line - n - 1, fmt, ap);
    va_end(ap);
    if (m > 0)
        n += (size_t)m < sizeof line - n - 1 ? (size_t)m : sizeof line - n - 2;
    emit(line, n, sizeof line);
}

size_t rod_log_sanitise(char *out, size_t cap, const char *s)
{
    size_t i = 0;
    for (; s && *s && i + 1 < cap; s++)
        out[i++] = (*s > 0x20 && *s < 0x7f) ? *s : '?';
    out[i] = '\0';
    return i;
}

void rod_log_request(const char *oin, const char *operation, const char *message_id, const char *result,
                     int http_status, double millis)
{
    rod_log_request_note(oin, operation, message_id, result, http_status, millis, NULL);
}

void rod_log_request_note(const char *oin, const char *operation, const char *message_id, const char *result,
                          int http_status, double millis, const char *note)
{
    char line[1024], msgid[129]; /* at most 128 characters of the client's text */
    rod_log_sanitise(msgid, sizeof msgid, message_id && *message_id ? message_id : "-");
    size_t n = stamp(line, sizeof line);
    int m = snprintf(line + n, sizeof line - n - 1, "req org=%s op=%s msgid=%s result=%s http=%d ms=%.2f",
                     oin && *oin ? oin : "-", operation && *operation ? operation : "-", msgid,
                     result && *result ? result : "OK", http_status, millis);
    if (m > 0)
        n += (size_t)m < sizeof line - n - 1 ? (size_t)m : sizeof line - n - 2;
    if (note && *note && n + 2 < sizeof line - 1) {
        line[n++] = ' ';
        for (const char *c = note; *c && n + 2 < sizeof line; c++)
            line[n++] = (unsigned char)*c < 0x20 || *c == 0x7f ? '?' : *c;
    }
    emit(line, n, sizeof line);
}
