/* When a failed notification is tried again: exponential backoff, pure. */
#ifndef ROD_NOTIFY_RETRY_H
#define ROD_NOTIFY_RETRY_H

/* Seconds to wait after the attempt-th failed attempt (1, 2, ...): base,
 * 2 base, 4 base, ... and never more than max (also for huge attempts). */
long rod_retry_delay(long base, long max, long attempt);

#endif
