/* The window rate limiter of core/ratelimit.h. */
#include "core/ratelimit.h"

bool rod_ratelimit_allow(rod_ratelimit *r, double now, double interval, unsigned long burst,
                         unsigned long *suppressed_before)
{
    *suppressed_before = 0;
    if (r->window_start == 0 || now - r->window_start >= interval) {
        *suppressed_before = r->suppressed;
        r->window_start = now > 0 ? now : 1e-9;
        r->in_window = 0;
        r->suppressed = 0;
    }
    if (r->in_window < burst) {
        r->in_window++;
        return true;
    }
    r->suppressed++;
    return false;
}

unsigned long rod_ratelimit_flush(rod_ratelimit *r, double now, double interval)
{
    if (r->window_start == 0 || now - r->window_start < interval || r->suppressed == 0)
        return 0;
    unsigned long n = r->suppressed;
    /* the window is over: the next event opens a new one */
    r->window_start = 0;
    r->in_window = 0;
    r->suppressed = 0;
    return n;
}
