/* The process's malloc settings, and giving memory back after a large
 * request.
 *
 * A worker handling a 10,000-item batch allocates tens of megabytes in
 * small blocks (gSOAP's objects, the column arrays of the bulk insert) and
 * frees them when the request is done; glibc keeps such memory on the heap.
 * rod_heap_stop() hands it back after the answer to a large request, so
 * RSS follows the load.
 *
 * Tried and dropped: warming the heap before a large request (one block of
 * four times the body, populated in one call, freed, so gSOAP's small
 * blocks land on resident pages) saved ~15-30 ms of page faults per batch
 * but needed fixed mmap and trim thresholds (32/64 MiB), with which the
 * gateway's RSS rose from ~38 to ~85 MiB after a dozen batches (pages
 * pinned in the thread arenas). The libxml2 tree, the largest part, has
 * its own arena (xml/arena.c) instead. */
#include "core/heap.h"

#include <malloc.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

void rod_heap_start(void)
{
    /* A fixed worker pool needs few malloc arenas; the default (8 per
     * core) only inflates RSS. */
    mallopt(M_ARENA_MAX, 4);
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

void rod_heap_stop(void)
{
    malloc_trim(0);
}
