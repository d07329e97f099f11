/* SHA-256 and random (version 4) UUIDs from OpenSSL. */
#include "tls/digest.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>

bool rod_sha256(const void *data, size_t len, unsigned char out[32])
{
    unsigned int n = 32;
    if (EVP_Digest(data, len, out, &n, EVP_sha256(), NULL) == 1 && n == 32)
        return true;
    memset(out, 0, 32);
    return false;
}

bool rod_uuid_urn(char out[46])
{
    unsigned char b[16];
    /* no constant or guessed fallback: a MessageID that repeats would
     * collide with another response's; the caller answers ROD-9002 */
    if (RAND_bytes(b, sizeof b) != 1) {
        out[0] = '\0';
        return false;
    }
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    snprintf(out, 46, "urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
             b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
    return true;
}
