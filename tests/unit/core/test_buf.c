/* Unit tests for core/buf.c: the growable buffer grows, stays
 * NUL-terminated, takes nothing after a failure, and is empty after free. */
#include <string.h>

#include "core/buf.h"
#include "unit.h"

static void test_buffer_grows(void)
{
    rod_buf b = {0};
    char piece[100];

    memset(piece, 'a', sizeof piece);
    for (int i = 0; i < 100; i++)
        rod_buf_add(&b, piece, sizeof piece);
    UT_CHECK(!b.failed && b.len == 10000, "10000 bytes in 100 pieces, len %zu", b.len);
    UT_CHECK(b.cap > b.len && b.data[b.len] == '\0', "always NUL-terminated");
    rod_buf_puts(&b, "end");
    UT_CHECK(b.len == 10003 && strcmp(b.data + 10000, "end") == 0, "puts appends");
    rod_buf_add(&b, "", 0);
    UT_CHECK(b.len == 10003, "nothing appends nothing");
    rod_buf_free(&b);
    UT_CHECK(b.data == NULL && b.len == 0 && b.cap == 0 && !b.failed, "free empties it");
    rod_buf_puts(&b, "again");
    UT_CHECK(b.data && strcmp(b.data, "again") == 0, "and it can be used again");
    rod_buf_free(&b);
}

static void test_failed_buffer_stays_failed(void)
{
    rod_buf b = {0};

    b.failed = 1;
    rod_buf_puts(&b, "x");
    rod_buf_add(&b, "y", 1);
    UT_CHECK(b.data == NULL && b.len == 0, "a failed buffer takes nothing more");
    rod_buf_free(&b);
    UT_CHECK(!b.failed, "free clears the failure");
}

void test_buf_register(void)
{
    static const ut_test tests[] = {
        {"buffer grows", test_buffer_grows},
        {"a failed buffer stays failed", test_failed_buffer_stays_failed},
    };

    ut_register_suite("core/buf", tests, UT_COUNT(tests));
}
