/* Every allocation a handler makes for its answer goes through rod_alloc,
 * so that none can fail unseen: a failure marks the request (rod_ctx's
 * out_of_memory), and rod_dispatch then ends it with ROD-9002, its
 * transaction rolled back, whatever the handler made of the NULL. A caller
 * still checks the result before writing through it. */
#ifndef ROD_SOAP_ALLOC_H
#define ROD_SOAP_ALLOC_H

#include <stdbool.h>
#include <stddef.h>

struct soap;

/* soap_malloc(soap, n); NULL marks the request failed. */
void *rod_alloc(struct soap *soap, size_t n);
/* A copy of s (NULL for NULL) on the request's heap; NULL for a non-NULL s
 * marks the request failed. */
char *rod_alloc_strdup(struct soap *soap, const char *s);
/* Whether an allocation of the current request failed. */
bool rod_alloc_failed(const struct soap *soap);

/* Called by rod_dispatch before each run of a handler. In a test build
 * (ROD_TEST_FAIL_ALLOC, build/rodgate-failalloc) it restarts the count of
 * the injected failure: RODGATE_TEST_FAIL_ALLOC=N fails the N-th
 * allocation of every request, =step fails the k-th allocation of the k-th
 * request (so one gateway walks every allocation site of a request sent
 * again and again). In the normal build it does nothing. */
void rod_alloc_request_begin(void);

#endif
