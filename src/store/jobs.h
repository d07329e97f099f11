/* The jobs thread: runs every retention job (store/retention.h) at start and
 * then every job_interval seconds on the register's date, on a connection
 * of the job's account, and logs one line per job (name, count, duration;
 * never what was removed). After a failure (database down) it tries again
 * a minute later. */
#ifndef ROD_STORE_JOBS_H
#define ROD_STORE_JOBS_H

#include "config/config.h"

/* 0, or -1 when the thread cannot be created (the thread keeps a copy of
 * cfg with the job account in it). */
int rod_jobs_start(const rod_config *cfg);
/* Wakes the thread and waits for it (a running job finishes its batch). */
void rod_jobs_stop(void);

#endif
