/* Unit tests for store/memo.c: a worker's memo of instellingen and gemeenten
 * answers only fresh entries for the key asked, replaces stale ones first
 * and never grows beyond its slots. */
#include <stdio.h>
#include <string.h>

#include "store/memo.h"
#include "unit.h"

static void test_find_what_was_put(void)
{
    rod_memo m;

    memset(&m, 0, sizeof m);
    UT_CHECK(rod_memo_find(&m, "31XU") == -1, "an empty memo finds nothing");
    int slot = rod_memo_put(&m, "31XU");

    UT_CHECK(slot >= 0 && slot < ROD_MEMO_SLOTS, "put gave slot %d", slot);
    UT_CHECK(rod_memo_find(&m, "31XU") == slot, "found in its slot");
    UT_CHECK(rod_memo_find(&m, "31XV") == -1, "another key is not found");
    UT_CHECK(rod_memo_find(&m, "31X") == -1, "a prefix is not found");
    UT_CHECK(rod_memo_put(&m, "31XU") == slot, "putting a key again reuses its slot");
}

static void test_stale_entries_are_not_found(void)
{
    rod_memo m;

    memset(&m, 0, sizeof m);
    int slot = rod_memo_put(&m, "0363");

    m.at[slot] -= ROD_MEMO_SECONDS; /* as if put ROD_MEMO_SECONDS ago */
    UT_CHECK(rod_memo_find(&m, "0363") == -1, "an entry of %d s ago is stale", ROD_MEMO_SECONDS);
    int other = rod_memo_put(&m, "0014");

    UT_CHECK(other == slot, "a stale slot (%d) is taken first, got %d", slot, other);
}

static void test_full_memo_replaces_in_turn(void)
{
    rod_memo m;
    char key[16];

    memset(&m, 0, sizeof m);
    for (int i = 0; i < ROD_MEMO_SLOTS; i++) {
        snprintf(key, sizeof key, "K%03d", i);
        UT_CHECK(rod_memo_put(&m, key) >= 0, "put %s", key);
    }
    for (int i = 0; i < ROD_MEMO_SLOTS; i++) {
        snprintf(key, sizeof key, "K%03d", i);
        UT_CHECK(rod_memo_find(&m, key) >= 0, "%s kept", key);
    }
    /* one more: the oldest in turn gives way, the others stay */
    int slot = rod_memo_put(&m, "NEW1");

    UT_CHECK(slot >= 0, "a full memo still takes a key");
    UT_CHECK(rod_memo_find(&m, "NEW1") == slot, "the new key is found");
    int kept = 0;

    for (int i = 0; i < ROD_MEMO_SLOTS; i++) {
        snprintf(key, sizeof key, "K%03d", i);
        kept += rod_memo_find(&m, key) >= 0;
    }
    UT_CHECK(kept == ROD_MEMO_SLOTS - 1, "%d of %d old keys kept", kept, ROD_MEMO_SLOTS);
}

static void test_long_key_is_not_kept(void)
{
    rod_memo m;
    char key[ROD_MEMO_KEY + 1];

    memset(&m, 0, sizeof m);
    memset(key, 'A', sizeof key - 1);
    key[sizeof key - 1] = '\0';
    UT_CHECK(rod_memo_put(&m, key) == -1, "a key of %zu characters is refused", strlen(key));
    UT_CHECK(rod_memo_find(&m, key) == -1, "and not found");
}

void test_memo_register(void)
{
    static const ut_test tests[] = {
        {"find what was put", test_find_what_was_put},
        {"stale entries are not found", test_stale_entries_are_not_found},
        {"a full memo replaces in turn", test_full_memo_replaces_in_turn},
        {"a long key is not kept", test_long_key_is_not_kept},
    };

    ut_register_suite("store/memo", tests, UT_COUNT(tests));
}
