/* The register's calendar date and the monotonic clock. */
#include "core/clock.h"

#include <time.h>

rod_date rod_today(void)
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    return (rod_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

double rod_monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}
