/* A per-thread bump allocator for libxml2 while it builds the tree of one
 * large request.
 *
 * Why: a 10,000-item batch (6.8 MB) becomes a tree of some 50 MB in
 * hundreds of thousands of small blocks. Built with malloc on freshly
 * mapped memory, each first touch of a page is a page fault, and on a
 * virtual machine a fault costs about 11 us: 13,000 faults made the parse
 * take 150 ms where the parsing itself takes 25 ms. The arena reserves
 * address space once per thread, populates it ahead of use in steps of
 * POPULATE_STEP with one MADV_POPULATE_WRITE each (about 20x cheaper per
 * page than faulting), and drops the whole tree at once afterwards.
 *
 * Only allocations made between rod_xml_arena_begin() and _end() come from
 * the arena; xmlFree() of a block inside this thread's arena is a no-op,
 * anything else goes to free(). The caller guarantees that nothing made
 * while the arena was active outlives rod_xml_arena_free(): envelope.c
 * uses a parser context of its own for such a parse and frees it, and the
 * tree, before the release. */
#include "xml/arena.h"

#include "core/heap.h"

#include <libxml/xmlmemory.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Address space per worker thread (reserved, not committed). A tree larger
 * than this continues on malloc. */
#define RESERVE ((size_t)512 << 20)
/* 1 MiB: at most that much populated ahead of the tree (4 MiB raised a
 * batch's VmHWM by 2.4 MiB for no measurable speed) */
#define POPULATE_STEP ((size_t)1 << 20)
#define ALIGN         16

/* Blocks carry no header (a tree is some 300,000 blocks: a size field each
 * would be 5 MB of a 10,000-item batch's peak); rod_realloc copies what
 * lies between the block and the end of the arena's used part instead,
 * which holds the block's bytes (and possibly its neighbours', harmless:
 * the grown part of a realloc'ed block is undefined anyway). */
struct rod_xml_arena {
    char *base;
    size_t used, populated;
    char *last; /* the most recent block, which a realloc can grow in place */
    bool active;
};
static __thread rod_xml_arena arena;
/* another thread's arena whose tree this thread reads and releases (the
 * batch's validation, xml/envelope.c): its blocks are not this thread's to
 * free either */
static __thread rod_xml_arena *borrowed;

static bool within(const rod_xml_arena *a, const void *p)
{
    return a->base && (const char *)p >= a->base && (const char *)p < a->base + RESERVE;
}

static bool in_arena(const void *p)
{
    return within(&arena, p) || (borrowed && within(borrowed, p));
}

static size_t rounded(size_t n)
{
    return (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
}

/* Makes the arena's first `end` bytes usable; false when they exceed it. */
static bool reserve_to(size_t end)
{
    if (end > RESERVE)
        return false;
    if (end > arena.populated) {
        size_t to = (end + POPULATE_STEP - 1) & ~(POPULATE_STEP - 1);
        if (to > RESERVE)
            to = RESERVE;
        rod_heap_populate(arena.base + arena.populated, to - arena.populated);
        arena.populated = to;
    }
    return true;
}

static void *arena_alloc(size_t n)
{
    size_t need = rounded(n ? n : 1);
    if (n > RESERVE || !reserve_to(arena.used + need))
        return malloc(n);
    char *block = arena.base + arena.used;
    arena.used += need;
    arena.last = block;
    return block;
}

static void *rod_malloc(size_t n)
{
    return arena.active ? arena_alloc(n) : malloc(n);
}

static void rod_free(void *p)
{
    if (!in_arena(p))
        free(p);
}

static void *rod_realloc(void *p, size_t n)
{
    if (!p || !in_arena(p))
        return arena.active && !p ? arena_alloc(n) : realloc(p, n);
    char *c = p;
    /* a block of this thread's arena, or of the one it borrowed (whose
     * owner allocates nothing meanwhile) */
    rod_xml_arena *a = within(&arena, p) ? &arena : borrowed;
    bool mine = a == &arena && arena.active;
    size_t at = (size_t)(c - a->base);
    /* the last block grows (or shrinks) where it is: a growing buffer is
     * the common case */
    if (mine && c == arena.last && n <= RESERVE && reserve_to(at + rounded(n ? n : 1))) {
        arena.used = at + rounded(n ? n : 1);
        return p;
    }
    size_t held = a->used > at ? a->used - at : 0; /* the block's bytes lie within */
    void *q = mine ? arena_alloc(n) : malloc(n);
    if (q)
        memcpy(q, p, held < n ? held : n);
    return q;
}

static char *rod_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = rod_malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

void rod_xml_arena_install(void)
{
    xmlMemSetup(rod_free, rod_malloc, rod_realloc, rod_strdup);
}

bool rod_xml_arena_begin(void)
{
    if (!arena.base) {
        void *m =
            mmap(NULL, RESERVE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (m == MAP_FAILED)
            return false;
        arena.base = m;
    }
    arena.active = true;
    return true;
}

void rod_xml_arena_end(void)
{
    arena.active = false;
}

void rod_xml_arena_release(rod_xml_arena *a)
{
    a->active = false;
    if (a->populated)
        (void)madvise(a->base, a->populated, MADV_DONTNEED);
    a->populated = a->used = 0;
    a->last = NULL;
}

void rod_xml_arena_free(void)
{
    rod_xml_arena_release(&arena);
}

rod_xml_arena *rod_xml_arena_mine(void)
{
    return &arena;
}

void rod_xml_arena_borrow(rod_xml_arena *a)
{
    borrowed = a == &arena ? NULL : a;
}
