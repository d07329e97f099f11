/* Unit tests for tls/digest.c. The failure of OpenSSL's random generator and
 * digest is produced for real, not by a seam: the default library context is
 * swapped for one that has only the "null" provider, which offers no
 * algorithm, so RAND_bytes and EVP_Digest fail as they would without one. */
#include <openssl/crypto.h>
#include <openssl/provider.h>
#include <string.h>

#include "tls/digest.h"
#include "unit.h"

static void test_digest_and_uuid(void)
{
    unsigned char d[32];
    static const unsigned char abc[32] = {0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40,
                                          0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17,
                                          0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad};
    char a[46], b[46];

    UT_CHECK(rod_sha256("abc", 3, d) && memcmp(d, abc, 32) == 0, "SHA-256 of abc");
    UT_CHECK(rod_uuid_urn(a) && rod_uuid_urn(b), "two UUIDs");
    UT_CHECK(strlen(a) == 45 && strncmp(a, "urn:uuid:", 9) == 0 && a[23] == '4', "version 4 form: %s", a);
    UT_CHECK(strcmp(a, b) != 0, "two UUIDs differ");
}

static void test_failures_are_reported(void)
{
    OSSL_LIB_CTX *empty = OSSL_LIB_CTX_new();
    OSSL_PROVIDER *null = empty ? OSSL_PROVIDER_load(empty, "null") : NULL;

    UT_CHECK(null != NULL, "a library context with only the null provider");
    if (!null) {
        OSSL_LIB_CTX_free(empty);
        return;
    }
    OSSL_LIB_CTX *saved = OSSL_LIB_CTX_set0_default(empty);
    unsigned char d[32];
    char u[46] = "x";
    bool digest_ok = rod_sha256("abc", 3, d);
    bool uuid_ok = rod_uuid_urn(u);

    OSSL_LIB_CTX_set0_default(saved);
    OSSL_PROVIDER_unload(null);
    OSSL_LIB_CTX_free(empty);
    static const unsigned char zero[32];

    UT_CHECK(!digest_ok && memcmp(d, zero, 32) == 0, "a failed digest is reported and zeroed");
    UT_CHECK(!uuid_ok && u[0] == '\0', "no random bytes: no UUID (was a constant one)");
    UT_CHECK(rod_uuid_urn(u), "the default context works again");
}

void test_digest_register(void)
{
    CU_pSuite s = CU_add_suite("digest", NULL, NULL);

    CU_add_test(s, "SHA-256 and version 4 UUIDs", test_digest_and_uuid);
    CU_add_test(s, "OpenSSL failures are reported, never a constant UUID", test_failures_are_reported);
}
