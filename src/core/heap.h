/* The process's malloc settings, and warming the heap before a large
 * request. See heap.c for why. */
#ifndef ROD_CORE_HEAP_H
#define ROD_CORE_HEAP_H

#include <stddef.h>

/* Call once in main(), before threads start. */
void rod_heap_init(void);

/* Makes about `bytes` of this thread's malloc heap resident in one system
 * call, so that the many small allocations that follow do not each fault
 * a page in. */
void rod_heap_warm(size_t bytes);

/* Makes the pages inside [p, p + len) resident in one system call. */
void rod_heap_populate(void *p, size_t len);

/* Hands the free heap back to the kernel (after a large request). */
void rod_heap_release(void);

#endif
