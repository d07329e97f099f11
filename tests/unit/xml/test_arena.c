/* Unit tests for xml/arena.c: blocks without a header, so realloc must keep
 * a block's bytes by what lies after it; the last block grows in place;
 * memory handed out stays valid after the arena stops allocating. */
#include <libxml/xmlmemory.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "xml/arena.h"

static void fill(char *p, size_t n, char c)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (char)(c + (char)(i % 7));
}

static bool filled(const char *p, size_t n, char c)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != (char)(c + (char)(i % 7)))
            return false;
    return true;
}

static void test_blocks_aligned_and_apart(void)
{
    rod_xml_arena_install();
    CU_ASSERT_FATAL(rod_xml_arena_begin());
    char *a = xmlMalloc(1), *b = xmlMalloc(17), *c = xmlMalloc(0);
    CU_ASSERT_FATAL(a && b && c);
    UT_CHECK(((uintptr_t)a | (uintptr_t)b | (uintptr_t)c) % 16 == 0, "blocks are 16-byte aligned");
    UT_CHECK(b >= a + 16 && c >= b + 32, "blocks do not overlap: %p %p %p", (void *)a, (void *)b, (void *)c);
    fill(b, 17, 'b');
    xmlFree(b); /* a no-op inside the arena */
    UT_CHECK(filled(b, 17, 'b'), "xmlFree of an arena block leaves it alone");
    rod_xml_arena_free();
}

static void test_last_block_grows_in_place(void)
{
    CU_ASSERT_FATAL(rod_xml_arena_begin());
    (void)xmlMalloc(40);
    char *p = xmlMalloc(100);
    fill(p, 100, 'p');
    char *q = xmlRealloc(p, 5000);
    UT_CHECK(q == p, "the last block grew where it was");
    UT_CHECK(filled(q, 100, 'p'), "its bytes are kept");
    char *next = xmlMalloc(8);
    UT_CHECK(next >= q + 5000, "the next block starts after the grown one");
    rod_xml_arena_free();
}

static void test_earlier_block_moves_with_its_bytes(void)
{
    CU_ASSERT_FATAL(rod_xml_arena_begin());
    char *p = xmlMalloc(64);
    fill(p, 64, 'e');
    char *after = xmlMalloc(32);
    fill(after, 32, 'z');
    char *q = xmlRealloc(p, 200);
    UT_CHECK(q && q != p, "a block that is not the last moves");
    UT_CHECK(filled(q, 64, 'e'), "its 64 bytes moved with it");
    UT_CHECK(filled(after, 32, 'z'), "its neighbour is untouched");
    char *s = xmlRealloc(q, 10); /* shrinking keeps the front */
    UT_CHECK(s && filled(s, 10, 'e'), "a shrunk block keeps its front");
    rod_xml_arena_free();
}

static void test_realloc_after_end_uses_malloc(void)
{
    CU_ASSERT_FATAL(rod_xml_arena_begin());
    char *p = xmlMalloc(300);
    fill(p, 300, 'm');
    char *big = xmlMalloc(64);
    (void)big;
    rod_xml_arena_end();
    char *q = xmlRealloc(p, 1000); /* arena stopped: an ordinary heap block */
    CU_ASSERT_FATAL(q != NULL);
    UT_CHECK(filled(q, 300, 'm'), "the block's bytes were copied out");
    xmlFree(q); /* outside the arena: really freed (ASan checks) */
    char *r = xmlMalloc(16);
    CU_ASSERT_FATAL(r != NULL);
    xmlFree(r);
    rod_xml_arena_free();
}

void test_arena_register(void)
{
    static const ut_test tests[] = {
        {"blocks aligned and apart", test_blocks_aligned_and_apart},
        {"last block grows in place", test_last_block_grows_in_place},
        {"earlier block moves with its bytes", test_earlier_block_moves_with_its_bytes},
        {"realloc after end uses malloc", test_realloc_after_end_uses_malloc},
    };
    ut_register_suite("xml/arena", tests, UT_COUNT(tests));
}
