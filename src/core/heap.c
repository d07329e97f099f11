/* The process's malloc settings, and warming the heap before a large
 * request.
 *
 * A worker handling a 10,000-item batch allocates tens of megabytes in
 * small blocks (gSOAP's objects, the column arrays of the bulk insert).
 * Freshly mapped, every page faults on first touch, and on a virtual
 * machine a fault costs about 11 us: 40-60 ms per batch. rod_heap_warm()
 * takes one block of the expected size from the thread's heap, populates
 * it with a single MADV_POPULATE_WRITE (about 20x cheaper per page) and
 * frees it again; the small allocations that follow are carved from those
 * resident pages. After the request rod_heap_release() returns them, so
 * RSS follows the load.
 *
 * For that the block must come from the heap (below the mmap threshold)
 * and stay there when freed (below the trim threshold), hence fixed
 * thresholds instead of glibc's sliding ones. */
#include "core/heap.h"

#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

/* glibc's largest mmap threshold on 64-bit (half a thread arena's heap) */
#define MMAP_THRESHOLD ((size_t)32 << 20)
#define WARM_MAX (MMAP_THRESHOLD - ((size_t)1 << 20))

void rod_heap_init(void)
{
    /* A fixed worker pool needs few malloc arenas; the default (8 per
     * core) only inflates RSS. */
    mallopt(M_ARENA_MAX, 4);
    mallopt(M_MMAP_THRESHOLD, (int)MMAP_THRESHOLD);
    mallopt(M_TRIM_THRESHOLD, (int)(2 * MMAP_THRESHOLD));
}

void rod_heap_warm(size_t bytes)
{
    if (bytes > WARM_MAX)
        bytes = WARM_MAX;
    char *p = malloc(bytes);
    if (!p)
        return;
    rod_heap_populate(p, bytes);
    free(p);
}

void rod_heap_populate(void *p, size_t len)
{
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t from = ((uintptr_t)p + page - 1) & ~(page - 1);
    uintptr_t to = ((uintptr_t)p + len) & ~(page - 1);
    /* best effort: where the kernel cannot, pages fault in as usual */
    if (to > from)
        (void)madvise((void *)from, to - from, MADV_POPULATE_WRITE);
}

void rod_heap_release(void)
{
    malloc_trim(0);
}
