/* The register's calendar date. */
#include "core/clock.h"

#include <time.h>

rod_date rod_today(void)
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    return (rod_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}
