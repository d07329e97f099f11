/* Queue and writer thread of the audit trail. */
#include "core/audit.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "store/audit.h"

#define QUEUE_CAP 65536
#define BATCH     512

static rod_audit_entry *queue;
static size_t head, count;
static unsigned long long lost;
static bool quit, running;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static pthread_t writer;
static const rod_config *audit_cfg;

void rod_audit_record(const rod_audit_entry *e)
{
    pthread_mutex_lock(&lock);
    if (!queue || count == QUEUE_CAP) {
        lost++;
    } else {
        queue[(head + count) % QUEUE_CAP] = *e;
        count++;
        if (count >= BATCH)
            pthread_cond_signal(&cond);
    }
    pthread_mutex_unlock(&lock);
}

/* Takes up to BATCH records from the front of the queue. */
static size_t take(rod_audit_entry *out)
{
    size_t n = count < BATCH ? count : BATCH;
    for (size_t i = 0; i < n; i++)
        out[i] = queue[(head + i) % QUEUE_CAP];
    return n;
}

static void drop(size_t n)
{
    head = (head + n) % QUEUE_CAP;
    count -= n;
}

static void *writer_main(void *arg)
{
    (void)arg;
    rod_audit_store *store = rod_audit_store_new(audit_cfg);
    static rod_audit_entry batch[BATCH];
    time_t last_purge = 0;
    unsigned long long reported_lost = 0;
    pthread_mutex_lock(&lock);
    for (;;) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 200 * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        while (!quit && count < BATCH && pthread_cond_timedwait(&cond, &lock, &until) == 0)
            ;
        size_t n = take(batch);
        bool stop = quit && n == 0;
        unsigned long long now_lost = lost;
        pthread_mutex_unlock(&lock);
        if (stop)
            break;
        if (now_lost != reported_lost) {
            rod_log_info("audit: %llu records lost (queue full while the database was unavailable)",
                         now_lost);
            reported_lost = now_lost;
        }
        bool stored = n == 0 || rod_audit_store_insert(store, batch, n) == 0;
        time_t t = time(NULL);
        if (t - last_purge >= 3600 && rod_audit_store_purge(store, audit_cfg->audit_retention_days) == 0)
            last_purge = t;
        pthread_mutex_lock(&lock);
        if (stored)
            drop(n);
        else if (!quit) {
            /* database unavailable: keep the records and retry in a second */
            pthread_mutex_unlock(&lock);
            struct timespec pause = {1, 0};
            nanosleep(&pause, NULL);
            pthread_mutex_lock(&lock);
        } else {
            lost += n; /* shutting down without a database */
            drop(n);
        }
    }
    rod_audit_store_free(store);
    return NULL;
}

int rod_audit_start(const rod_config *cfg)
{
    audit_cfg = cfg;
    queue = calloc(QUEUE_CAP, sizeof *queue);
    if (!queue)
        return -1;
    quit = false;
    if (pthread_create(&writer, NULL, writer_main, NULL) != 0)
        return -1;
    running = true;
    return 0;
}

void rod_audit_stop(void)
{
    if (!running)
        return;
    pthread_mutex_lock(&lock);
    quit = true;
    pthread_cond_signal(&cond);
    pthread_mutex_unlock(&lock);
    pthread_join(writer, NULL);
    running = false;
    pthread_mutex_lock(&lock);
    free(queue);
    queue = NULL;
    count = head = 0;
    pthread_mutex_unlock(&lock);
}
