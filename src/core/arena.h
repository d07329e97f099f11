/* The arena allocator that rules/ and store/ build their results in (the
 * caller chooses the memory behind it). */
#ifndef ROD_CORE_ARENA_H
#define ROD_CORE_ARENA_H

#include <stddef.h>

/* Memory that lives as long as its owner (the request's gSOAP memory in
 * the gateway, a list of blocks in the tests); never freed piecemeal. alloc
 * returns NULL when out of memory. */
typedef struct {
    void *(*alloc)(void *ctx, size_t n);
    void *ctx;
} rod_arena;

void *rod_arena_alloc(rod_arena *a, size_t n);
/* A copy of s (NULL gives NULL). */
char *rod_arena_strdup(rod_arena *a, const char *s);
char *rod_arena_strndup(rod_arena *a, const char *s, size_t n);
/* Room for item n of a growing array of `elem`-byte items with *cap slots:
 * items itself while n < *cap, else a copy twice as large (8 at first) and
 * *cap updated. NULL when out of memory (items stays valid). */
void *rod_arena_grow(rod_arena *a, void *items, int n, int *cap, size_t elem);

#endif
