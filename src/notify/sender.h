/* The sending loop of rodgate-notify: claim due outbox rows under a lease,
 * send each as e-mail, record the outcome; until stopped, or with `drain`
 * until no row is left open (sent or given up). */
#ifndef ROD_NOTIFY_SENDER_H
#define ROD_NOTIFY_SENDER_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "config/config.h"

/* Runs until *stop (set by a signal handler) or, with drain, until nothing
 * is open. 0, or -1 with err when it cannot start (curl). */
int rod_sender_run(const rod_config *cfg, bool drain, volatile sig_atomic_t *stop, char *err, size_t errlen);

#endif
