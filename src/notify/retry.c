/* Exponential backoff for the notification sender (notify/retry.h). */
#include "notify/retry.h"

long rod_retry_delay(long base, long max, long attempt)
{
    if (base <= 0)
        base = 1;
    if (base >= max)
        return max;
    long d = base;
    /* doubling stops at max, so d never overflows */
    for (long i = 1; i < attempt && d < max; i++)
        d = d > max / 2 ? max : d * 2;
    return d < max ? d : max;
}
