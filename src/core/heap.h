/* The process's malloc settings, and giving memory back after a large
 * request. See heap.c for why. */
#ifndef ROD_CORE_HEAP_H
#define ROD_CORE_HEAP_H

#include <stddef.h>

/* Call once in main(), before threads start. */
void rod_heap_start(void);

/* Makes the pages inside [p, p + len) resident in one system call instead
 * of a page fault each (about 20x cheaper per page on this kind of VM). */
void rod_heap_populate(void *p, size_t len);

/* Hands the free heap back to the kernel (after a large request). */
void rod_heap_stop(void);

#endif
