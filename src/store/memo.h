/* A worker thread's short-lived memo of rows that change rarely and are
 * read by many requests (instellingen, gemeente organisations). Each lookup
 * saved is a database round trip saved. The caller keeps the values in an
 * array of ROD_MEMO_SLOTS beside the keys; an entry lives ROD_MEMO_SECONDS,
 * so a changed row is seen within that time (as the organisation cache in
 * store/org.c). Only found rows are kept: a row added is seen at once. */
#ifndef ROD_STORE_MEMO_H
#define ROD_STORE_MEMO_H

#include <stdbool.h>

#define ROD_MEMO_SLOTS   16
#define ROD_MEMO_SECONDS 30
#define ROD_MEMO_KEY     24

typedef struct {
    char key[ROD_MEMO_SLOTS][ROD_MEMO_KEY];
    double at[ROD_MEMO_SLOTS];
    bool used[ROD_MEMO_SLOTS];
    int next; /* the slot to replace when none is free or stale */
} rod_memo;

/* Monotonic seconds, the memo's clock (also for caches of other shapes
 * that keep entries ROD_MEMO_SECONDS). */
double rod_memo_clock(void);

/* The slot holding a fresh entry for key, or -1. */
int rod_memo_find(const rod_memo *m, const char *key);
/* The slot to fill for key (its old slot, a free or stale one, or the next
 * in turn); the entry counts from now. -1 when the key is too long to keep. */
int rod_memo_put(rod_memo *m, const char *key);
#endif
