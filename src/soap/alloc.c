/* The request allocator's checks (soap/alloc.h), and in test builds the
 * failure injection that proves them (tests/metrics/test_alloc_fail.py). */
#include "soap/alloc.h"

#include <string.h>

#include "soap/context.h"
#include "soapH.h"

#ifdef ROD_TEST_FAIL_ALLOC
#include <stdlib.h>

/* per worker thread: the allocations of the current request, and which
 * one fails (0: none) */
static _Thread_local long alloc_count, fail_at, requests_seen;

void rod_alloc_request_begin(void)
{
    const char *how = getenv("RODGATE_TEST_FAIL_ALLOC");
    alloc_count = 0;
    requests_seen++;
    fail_at = !how ? 0 : strcmp(how, "step") == 0 ? requests_seen : atol(how);
}

static bool inject_failure(void)
{
    return ++alloc_count == fail_at;
}
#else
void rod_alloc_request_begin(void)
{
}

static bool inject_failure(void)
{
    return false;
}
#endif

static void mark_failed(struct soap *soap)
{
    rod_ctx *c = soap->user;
    if (c)
        c->out_of_memory = true;
}

void *rod_alloc(struct soap *soap, size_t n)
{
    void *p = inject_failure() ? NULL : soap_malloc(soap, n);
    if (!p)
        mark_failed(soap);
    return p;
}

char *rod_alloc_strdup(struct soap *soap, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = rod_alloc(soap, n);
    if (p)
        memcpy(p, s, n);
    return p;
}

bool rod_alloc_failed(const struct soap *soap)
{
    const rod_ctx *c = soap->user;
    return c && c->out_of_memory;
}
