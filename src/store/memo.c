/* Keys and ages of a worker's memo; the values live with the caller. */
#include "store/memo.h"

#include <string.h>
#include <time.h>

double rod_memo_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool fresh(const rod_memo *m, int i, double now)
{
    return m->used[i] && now - m->at[i] < ROD_MEMO_SECONDS;
}

int rod_memo_find(const rod_memo *m, const char *key)
{
    double now = rod_memo_clock();
    for (int i = 0; i < ROD_MEMO_SLOTS; i++)
        if (fresh(m, i, now) && strcmp(m->key[i], key) == 0)
            return i;
    return -1;
}

int rod_memo_put(rod_memo *m, const char *key)
{
    size_t len = strlen(key);
    if (len >= ROD_MEMO_KEY)
        return -1;
    double now = rod_memo_clock();
    int slot = -1;
    for (int i = 0; i < ROD_MEMO_SLOTS && slot < 0; i++)
        if (m->used[i] && strcmp(m->key[i], key) == 0)
            slot = i;
    for (int i = 0; i < ROD_MEMO_SLOTS && slot < 0; i++)
        if (!fresh(m, i, now))
            slot = i;
    if (slot < 0) {
        slot = m->next;
        m->next = (m->next + 1) % ROD_MEMO_SLOTS;
    }
    memcpy(m->key[slot], key, len + 1);
    m->at[slot] = now;
    m->used[slot] = true;
    return slot;
}
