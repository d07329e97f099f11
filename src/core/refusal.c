/* The refusal counters and their rate-limited log lines (core/refusal.h). */
#include "core/refusal.h"

#include <pthread.h>
#include <stdatomic.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/ratelimit.h"

static const char *const names[] = {
#define ROD_REFUSAL_NAME(name, log, text) log,
    ROD_REFUSAL_MAP(ROD_REFUSAL_NAME)
#undef ROD_REFUSAL_NAME
};

static atomic_ullong counts[ROD_REFUSAL_COUNT];
static pthread_mutex_t limit_lock = PTHREAD_MUTEX_INITIALIZER;
static rod_ratelimit limits[ROD_REFUSAL_COUNT];
static double log_interval = 60;
static unsigned long log_burst = 10;

static double now_s(void)
{
    return rod_monotonic_ms() / 1e3;
}

void rod_refusal_configure(long interval, long burst)
{
    pthread_mutex_lock(&limit_lock);
    log_interval = (double)interval;
    log_burst = (unsigned long)burst;
    pthread_mutex_unlock(&limit_lock);
}

/* A certificate's subject is the client's text: at most 64 printable
 * characters, so that it cannot forge a log line. */
static const char *printable(char *out, size_t cap, const char *s)
{
    if (!s || !*s)
        return "-";
    rod_log_sanitise(out, cap < 65 ? cap : 65, s);
    return out;
}

static void log_suppressed(rod_refusal_reason reason, unsigned long n)
{
    if (n)
        rod_log_info("refused reason=%s suppressed=%lu (log limit %lu per %.0f s)", names[reason], n,
                     log_burst, log_interval);
}

void rod_refusal(rod_refusal_reason reason, const char *peer, const char *serial)
{
    if ((unsigned)reason >= ROD_REFUSAL_COUNT)
        reason = ROD_REFUSAL_HTTP_OTHER;
    atomic_fetch_add_explicit(&counts[reason], 1, memory_order_relaxed);
    unsigned long before;
    pthread_mutex_lock(&limit_lock);
    bool allowed = rod_ratelimit_allow(&limits[reason], now_s(), log_interval, log_burst, &before);
    pthread_mutex_unlock(&limit_lock);
    log_suppressed(reason, before);
    if (!allowed)
        return;
    char p[72], s[72];
    rod_log_info("refused reason=%s peer=%s serial=%s", names[reason], printable(p, sizeof p, peer),
                 printable(s, sizeof s, serial));
}

void rod_refusal_flush(void)
{
    double now = now_s();
    for (int r = 0; r < ROD_REFUSAL_COUNT; r++) {
        pthread_mutex_lock(&limit_lock);
        unsigned long n = rod_ratelimit_flush(&limits[r], now, log_interval);
        pthread_mutex_unlock(&limit_lock);
        log_suppressed((rod_refusal_reason)r, n);
    }
}

rod_refusal_reason rod_refusal_for_http(int status)
{
    switch (status) {
    case 400:
        return ROD_REFUSAL_HTTP_400;
    case 408:
        return ROD_REFUSAL_HTTP_408;
    case 411:
        return ROD_REFUSAL_HTTP_411;
    case 413:
        return ROD_REFUSAL_HTTP_413;
    case 414:
        return ROD_REFUSAL_HTTP_414;
    case 417:
        return ROD_REFUSAL_HTTP_417;
    case 431:
        return ROD_REFUSAL_HTTP_431;
    case 501:
        return ROD_REFUSAL_HTTP_501;
    case 503:
        return ROD_REFUSAL_HTTP_503;
    case 505:
        return ROD_REFUSAL_HTTP_505;
    default:
        return ROD_REFUSAL_HTTP_OTHER;
    }
}

unsigned long long rod_refusal_count(rod_refusal_reason reason)
{
    if ((unsigned)reason >= ROD_REFUSAL_COUNT)
        return 0;
    return atomic_load_explicit(&counts[reason], memory_order_relaxed);
}

const char *rod_refusal_name(rod_refusal_reason reason)
{
    return (unsigned)reason < ROD_REFUSAL_COUNT ? names[reason] : "";
}

void rod_refusal_each(void (*fn)(rod_refusal_reason reason, const char *name, unsigned long long count,
                                 void *arg),
                      void *arg)
{
    for (int r = 0; r < ROD_REFUSAL_COUNT; r++)
        fn((rod_refusal_reason)r, names[r], rod_refusal_count((rod_refusal_reason)r), arg);
}
