/* Counts per client address, for the per-address limit on connections that
 * have not yet sent a complete request. An IPv4 address counts alone; an
 * IPv6 address by its /64 (one subscriber's prefix, which a single client can
 * fill with addresses). Pure data structure, not thread-safe: the server
 * locks around it. */
#ifndef ROD_NET_PEER_TABLE_H
#define ROD_NET_PEER_TABLE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    unsigned char b[16];
} rod_peer_key;

/* IPv4 (4 bytes) as its v4-mapped form. */
void rod_peer_key_ipv4(rod_peer_key *k, const unsigned char addr[4]);
/* IPv6 (16 bytes): its /64; a v4-mapped address as the IPv4 address. */
void rod_peer_key_ipv6(rod_peer_key *k, const unsigned char addr[16]);

typedef struct rod_peer_table rod_peer_table;

/* A table with `buckets` chains (rounded up to a power of two). NULL when
 * out of memory. */
rod_peer_table *rod_peer_table_new(size_t buckets);
/* Frees the table and every entry; accepts NULL. */
void rod_peer_table_free(rod_peer_table *t);

/* Adds one to the key's count unless it is at `limit` already. True when
 * added; false at the limit, or when an entry cannot be allocated. */
bool rod_peer_table_take(rod_peer_table *t, const rod_peer_key *k, long limit);
/* Takes one off (the entry goes at zero). A key not in the table is ignored. */
void rod_peer_table_give(rod_peer_table *t, const rod_peer_key *k);
/* The key's count (0 when absent). */
long rod_peer_table_count(const rod_peer_table *t, const rod_peer_key *k);
/* The number of keys with a count above zero. */
size_t rod_peer_table_size(const rod_peer_table *t);

#endif
