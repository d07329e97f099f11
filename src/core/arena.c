/* The request-lifetime allocator behind rod_arena (core/arena.h). */
#include "core/arena.h"

#include <string.h>

void *rod_arena_alloc(rod_arena *a, size_t n)
{
    return a->alloc(a->ctx, n ? n : 1);
}

char *rod_arena_strndup(rod_arena *a, const char *s, size_t n)
{
    if (s == NULL)
        return NULL;
    char *d = rod_arena_alloc(a, n + 1);

    if (d != NULL) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

char *rod_arena_strdup(rod_arena *a, const char *s)
{
    return s == NULL ? NULL : rod_arena_strndup(a, s, strlen(s));
}

void *rod_arena_grow(rod_arena *a, void *items, int n, int *cap, size_t elem)
{
    if (n < *cap)
        return items;
    int ncap = *cap ? *cap * 2 : 8;
    void *p = rod_arena_alloc(a, elem * (size_t)ncap);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, items, elem * (size_t)n);
    *cap = ncap;
    return p;
}
