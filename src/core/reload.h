/* Reload on SIGHUP: every module that can take new files while the gateway
 * runs (the log file, the TLS context, reference data) registers one hook
 * here; the signal thread of main.c runs them all, in registration order, on
 * each SIGHUP. A hook that fails keeps its previous state: reloading never
 * stops service. */
#ifndef ROD_CORE_RELOAD_H
#define ROD_CORE_RELOAD_H

#include <stddef.h>

/* A reload step. Returns 0 when the new state is in place, or -1 with a
 * one-line reason in err (no personal data) when the previous state stays.
 * Runs on the signal thread, concurrently with requests: the hook does its own
 * locking or atomic swap. */
typedef int (*rod_reload_fn)(void *arg, char *err, size_t errlen);

#define ROD_RELOAD_MAX 16

/* Adds a hook; name (static text) is what the log line of each reload says.
 * Safe from any thread, also while a reload runs (the hook joins the next).
 * Returns 0, or -1 when ROD_RELOAD_MAX hooks are registered already. */
int rod_reload_register(const char *name, rod_reload_fn fn, void *arg);

/* Runs every hook once and logs one line per hook ("reload: NAME done" or
 * "reload: NAME failed, keeping the previous: REASON"). Returns the number of
 * hooks that failed. Reloads do not overlap: a second caller waits. */
int rod_reload_run(void);

/* Forgets every hook (shutdown and the unit tests). */
void rod_reload_clear(void);

#endif
