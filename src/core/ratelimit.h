/* A window rate limiter for log lines: at most `burst` lines per `interval`
 * seconds; what is held back is counted, so that the first line of the next
 * window can say how many were left out. Pure (the caller passes the time),
 * not thread-safe (the caller locks). */
#ifndef ROD_CORE_RATELIMIT_H
#define ROD_CORE_RATELIMIT_H

#include <stdbool.h>

typedef struct {
    double window_start; /* seconds; 0 before the first event */
    unsigned long in_window;
    unsigned long suppressed; /* events held back in the current window */
} rod_ratelimit;

/* Counts one event at `now` (seconds, monotonic). Returns true when it may be
 * written. When a new window begins, *suppressed_before is set to the number
 * held back in the window that ended (else 0), and the count restarts. */
bool rod_ratelimit_allow(rod_ratelimit *r, double now, double interval, unsigned long burst,
                         unsigned long *suppressed_before);

/* Ends the current window if `now` is past it and returns the number held
 * back in it (0 when none, or when the window is still running). Lets a timer
 * report a flood that stopped, when no next event comes to report it. */
unsigned long rod_ratelimit_flush(rod_ratelimit *r, double now, double interval);

#endif
