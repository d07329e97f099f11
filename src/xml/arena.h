/* A per-thread bump allocator for libxml2 while it builds the tree of one
 * large request. See arena.c for why. */
#ifndef ROD_XML_ARENA_H
#define ROD_XML_ARENA_H

#include <stdbool.h>
#include <stddef.h>

/* Routes libxml2's allocations through the arena functions (xmlMemSetup).
 * Call once, before libxml2 allocates anything and before threads start. */
void rod_xml_arena_install(void);

/* From now on this thread's libxml2 allocations come from its arena.
 * Returns false (and libxml2 keeps using malloc) when no arena can be
 * reserved. */
bool rod_xml_arena_begin(void);

/* Stops allocating from the arena; memory already handed out stays valid
 * and xmlFree of it stays a no-op. */
void rod_xml_arena_end(void);

/* Drops everything the arena handed out (the caller has freed or forgotten
 * all of it) and returns its pages to the kernel. */
void rod_xml_arena_free(void);

/* One thread's arena, for another thread that reads and releases a tree
 * built in it (xml/envelope.c validates a batch beside its worker). The
 * owner must allocate nothing from its arena until the other thread is
 * done with it. */
typedef struct rod_xml_arena rod_xml_arena;

/* The calling thread's arena. */
rod_xml_arena *rod_xml_arena_mine(void);

/* From now on this thread treats a's blocks as arena blocks (xmlFree of
 * one is a no-op, a realloc copies it to malloc); NULL ends that. */
void rod_xml_arena_borrow(rod_xml_arena *a);

/* rod_xml_arena_free() of a, from any thread. */
void rod_xml_arena_release(rod_xml_arena *a);

#endif
