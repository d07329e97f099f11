/* The SIGHUP hook list (core/reload.h): a small fixed table, so registering
 * never allocates and a reload cannot fail for lack of memory. */
#include "core/reload.h"

#include <pthread.h>

#include "core/log.h"

typedef struct {
    const char *name;
    rod_reload_fn fn;
    void *arg;
} hook;

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
/* held for a whole reload, so that two never overlap */
static pthread_mutex_t run_lock = PTHREAD_MUTEX_INITIALIZER;
static hook hooks[ROD_RELOAD_MAX];
static int nhooks;

int rod_reload_register(const char *name, rod_reload_fn fn, void *arg)
{
    int rc = -1;
    pthread_mutex_lock(&table_lock);
    if (fn && nhooks < ROD_RELOAD_MAX) {
        hooks[nhooks++] = (hook){name ? name : "?", fn, arg};
        rc = 0;
    }
    pthread_mutex_unlock(&table_lock);
    return rc;
}

int rod_reload_run(void)
{
    pthread_mutex_lock(&run_lock);
    /* a copy, so that a hook may register another without deadlock */
    hook now[ROD_RELOAD_MAX];
    pthread_mutex_lock(&table_lock);
    int n = nhooks;
    for (int i = 0; i < n; i++)
        now[i] = hooks[i];
    pthread_mutex_unlock(&table_lock);

    int failed = 0;
    for (int i = 0; i < n; i++) {
        char err[512] = "";
        if (now[i].fn(now[i].arg, err, sizeof err) == 0) {
            rod_log_info("reload: %s done", now[i].name);
        } else {
            failed++;
            rod_log_info("reload: %s failed, keeping the previous: %s", now[i].name,
                         err[0] ? err : "no reason given");
        }
    }
    pthread_mutex_unlock(&run_lock);
    return failed;
}

void rod_reload_clear(void)
{
    pthread_mutex_lock(&table_lock);
    nhooks = 0;
    pthread_mutex_unlock(&table_lock);
}
