/* "Today" for the register: the local calendar date in Europe/Amsterdam
 * (spec 2; main sets TZ); handlers get it as a rules date from
 * rod_today (soap/service.h). And the one monotonic clock of the gateway. */
#ifndef ROD_CORE_CLOCK_H
#define ROD_CORE_CLOCK_H

void rod_clock_today(int *year, int *month, int *day);

/* Milliseconds on the monotonic clock (durations, timeouts; never a date). */
double rod_monotonic_ms(void);

#endif
