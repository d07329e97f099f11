/* The per-address counts of net/peer_table.h: a chained hash table. */
#include "net/peer_table.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
    rod_peer_key key;
    long count;
    struct entry *next;
} entry;

struct rod_peer_table {
    entry **chains;
    size_t mask;
    size_t size;
};

void rod_peer_key_ipv4(rod_peer_key *k, const unsigned char addr[4])
{
    memset(k->b, 0, sizeof k->b);
    k->b[10] = k->b[11] = 0xff;
    memcpy(k->b + 12, addr, 4);
}

void rod_peer_key_ipv6(rod_peer_key *k, const unsigned char addr[16])
{
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (memcmp(addr, mapped, sizeof mapped) == 0) {
        rod_peer_key_ipv4(k, addr + 12);
        return;
    }
    memset(k->b, 0, sizeof k->b);
    memcpy(k->b, addr, 8);
}

rod_peer_table *rod_peer_table_new(size_t buckets)
{
    size_t n = 16;
    while (n < buckets && n < ((size_t)1 << 24))
        n <<= 1;
    rod_peer_table *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->chains = calloc(n, sizeof *t->chains);
    if (!t->chains) {
        free(t);
        return NULL;
    }
    t->mask = n - 1;
    return t;
}

void rod_peer_table_free(rod_peer_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i <= t->mask; i++)
        for (entry *e = t->chains[i], *next; e; e = next) {
            next = e->next;
            free(e);
        }
    free(t->chains);
    free(t);
}

/* FNV-1a over the 16 bytes. */
static size_t hash(const rod_peer_key *k)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < sizeof k->b; i++) {
        h ^= k->b[i];
        h *= 1099511628211ULL;
    }
    return (size_t)(h ^ (h >> 32));
}

static entry **find(const rod_peer_table *t, const rod_peer_key *k)
{
    entry **p = &t->chains[hash(k) & t->mask];
    while (*p && memcmp((*p)->key.b, k->b, sizeof k->b) != 0)
        p = &(*p)->next;
    return p;
}

bool rod_peer_table_take(rod_peer_table *t, const rod_peer_key *k, long limit)
{
    entry **p = find(t, k);
    if (*p) {
        if ((*p)->count >= limit)
            return false;
        (*p)->count++;
        return true;
    }
    if (limit < 1)
        return false;
    entry *e = malloc(sizeof *e);
    if (!e)
        return false;
    e->key = *k;
    e->count = 1;
    e->next = NULL;
    *p = e;
    t->size++;
    return true;
}

void rod_peer_table_give(rod_peer_table *t, const rod_peer_key *k)
{
    entry **p = find(t, k);
    if (!*p)
        return;
    if (--(*p)->count > 0)
        return;
    entry *e = *p;
    *p = e->next;
    free(e);
    t->size--;
}

long rod_peer_table_count(const rod_peer_table *t, const rod_peer_key *k)
{
    entry **p = find(t, k);
    return *p ? (*p)->count : 0;
}

size_t rod_peer_table_size(const rod_peer_table *t)
{
    return t->size;
}
