/* Unit tests for store/stored_response.c: a large response comes back from
 * its stored form byte for byte, a small one is stored as it is, and a
 * damaged stored value is refused rather than answered. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/stored_response.h"
#include "unit.h"

/* a batch-like answer of n items */
static char *answer(int items, size_t *len)
{
    size_t cap = (size_t)items * 200 + 200;
    char *s = malloc(cap);
    size_t n = (size_t)snprintf(s, cap, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Envelope>");
    for (int i = 1; i <= items; i++)
        n += (size_t)snprintf(s + n, cap - n,
                              "<resultaat><volgnummer>%d</volgnummer><status>GELUKT</status><bsn>%09d</bsn>"
                              "</resultaat>",
                              i, 310000000 + i * 12);
    n += (size_t)snprintf(s + n, cap - n, "</Envelope>");
    *len = n;
    return s;
}

static void test_large_round_trip(void)
{
    size_t len, packed_len, plain_len;
    char *src = answer(10000, &len), *packed, *plain;

    UT_CHECK(rod_stored_pack(src, len, &packed, &packed_len), "a %zu-byte answer is deflated", len);
    UT_CHECK(packed_len < len / 4, "to %zu bytes", packed_len);
    UT_CHECK(rod_stored_is_packed(packed, packed_len), "and carries the header");
    UT_CHECK(!rod_stored_is_packed(src, len), "the XML itself does not");
    UT_CHECK(rod_stored_unpack(packed, packed_len, len, &plain, &plain_len), "it inflates");
    UT_CHECK(plain_len == len && memcmp(plain, src, len) == 0, "to the same %zu bytes (got %zu)", len,
             plain_len);
    UT_CHECK(plain[plain_len] == '\0', "NUL-terminated");
    free(plain);
    UT_CHECK(!rod_stored_unpack(packed, packed_len, len - 1, &plain, &plain_len) && !plain,
             "refused when larger than the limit");
    free(packed);
    free(src);
}

static void test_small_stays_as_it_is(void)
{
    size_t len, packed_len;
    char *src = answer(10, &len), *packed;

    UT_CHECK(len < ROD_STORED_DEFLATE_MIN, "the example is small (%zu)", len);
    UT_CHECK(!rod_stored_pack(src, len, &packed, &packed_len) && !packed,
             "a small answer is stored as it is");
    free(src);
}

static void test_incompressible_stays_as_it_is(void)
{
    size_t len = ROD_STORED_DEFLATE_MIN * 2, packed_len;
    char *src = malloc(len), *packed;
    unsigned x = 12345;

    for (size_t i = 0; i < len; i++) {
        x = x * 1103515245u + 12345u;
        src[i] = (char)(x >> 16);
    }
    UT_CHECK(!rod_stored_pack(src, len, &packed, &packed_len) && !packed,
             "bytes that do not deflate are stored as they are");
    free(src);
}

static void test_damaged_is_refused(void)
{
    size_t len, packed_len, plain_len;
    char *src = answer(2000, &len), *packed, *plain;

    UT_CHECK(rod_stored_pack(src, len, &packed, &packed_len), "deflated");
    /* a byte of the stream changed */
    packed[packed_len / 2] ^= 0x5a;
    UT_CHECK(!rod_stored_unpack(packed, packed_len, len, &plain, &plain_len) && !plain,
             "a changed stream is refused");
    packed[packed_len / 2] ^= 0x5a;
    /* cut short */
    UT_CHECK(!rod_stored_unpack(packed, packed_len - 10, len, &plain, &plain_len) && !plain,
             "a cut stream is refused");
    /* a header that claims one byte more than the stream holds */
    packed[ROD_STORED_HEADER - 1]++;
    UT_CHECK(!rod_stored_unpack(packed, packed_len, len + 1, &plain, &plain_len) && !plain,
             "a length that does not match is refused");
    packed[ROD_STORED_HEADER - 1]--;
    /* only the header */
    UT_CHECK(!rod_stored_unpack(packed, ROD_STORED_HEADER, len, &plain, &plain_len) && !plain,
             "a header alone is refused");
    UT_CHECK(!rod_stored_unpack(packed, ROD_STORED_HEADER - 1, len, &plain, &plain_len) && !plain,
             "less than a header is refused");
    UT_CHECK(rod_stored_unpack(packed, packed_len, len, &plain, &plain_len),
             "the repaired value inflates again");
    free(plain);
    free(packed);
    free(src);
}

void test_stored_response_register(void)
{
    static const ut_test tests[] = {
        {"a large answer round-trips", test_large_round_trip},
        {"a small answer stays as it is", test_small_stays_as_it_is},
        {"incompressible bytes stay as they are", test_incompressible_stays_as_it_is},
        {"a damaged stored value is refused", test_damaged_is_refused},
    };

    ut_register_suite("store/stored_response", tests, UT_COUNT(tests));
}
