/* The operator's listener: plain HTTP on metrics_listen (by default
 * localhost only, never the contract's port), one thread, one connection
 * at a time. GET /health (the process answers), /ready (it can serve:
 * metrics/ready.h) and /metrics (Prometheus text format:
 * metrics/exposition.h). */
#ifndef ROD_METRICS_LISTENER_H
#define ROD_METRICS_LISTENER_H

#include <stddef.h>

#include "config/config.h"

/* Binds metrics_listen and starts the thread; nothing when the setting is
 * empty. Returns 0, or -1 with err (the address is taken, ...). */
int rod_metrics_start(const rod_config *cfg, char *err, size_t errlen);
/* Stops the thread and closes the socket; nothing when not started. */
void rod_metrics_stop(void);

#endif
