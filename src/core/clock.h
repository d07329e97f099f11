/* "Today" for the register: the local date in Europe/Amsterdam (CONTRACT 2;
 * main sets TZ); and the one monotonic clock of the gateway. */
#ifndef ROD_CORE_CLOCK_H
#define ROD_CORE_CLOCK_H

#include "rules/date.h"

rod_date rod_today(void);

/* Milliseconds on the monotonic clock (durations, timeouts; never a date). */
double rod_monotonic_ms(void);

#endif
