/* A rod_arena for the unit tests: every block is remembered and freed by
 * ut_arena_free, so the sanitizer's leak check stays quiet. */
#ifndef RODGATE_TESTS_UT_ARENA_H
#define RODGATE_TESTS_UT_ARENA_H

#include <stddef.h>
#include <stdlib.h>

#include "rules/verzuim_fields.h"

typedef struct ut_block {
    struct ut_block *next;
    max_align_t data[];
} ut_block;

typedef struct {
    rod_arena arena;
    ut_block *blocks;
    size_t fail_after; /* 0: never fail; n: the n-th allocation fails */
    size_t count;
} ut_arena;

static inline void *ut_arena_alloc(void *ctx, size_t n)
{
    ut_arena *u = ctx;

    u->count++;
    if (u->fail_after && u->count >= u->fail_after)
        return NULL;
    ut_block *b = malloc(sizeof *b + n);

    if (b == NULL)
        return NULL;
    b->next = u->blocks;
    u->blocks = b;
    return b->data;
}

static inline void ut_arena_init(ut_arena *u)
{
    u->arena.alloc = ut_arena_alloc;
    u->arena.ctx = u;
    u->blocks = NULL;
    u->fail_after = 0;
    u->count = 0;
}

static inline void ut_arena_free(ut_arena *u)
{
    while (u->blocks) {
        ut_block *next = u->blocks->next;

        free(u->blocks);
        u->blocks = next;
    }
}

#endif
