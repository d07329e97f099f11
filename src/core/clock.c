/* The register's calendar date and the monotonic clock. */
#include "core/clock.h"

#include <time.h>

void rod_clock_today(int *year, int *month, int *day)
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    *year = tm.tm_year + 1900;
    *month = tm.tm_mon + 1;
    *day = tm.tm_mday;
}

double rod_monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}
