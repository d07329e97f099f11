/* Small cryptographic helpers used outside TLS: SHA-256 and random UUIDs. */
#ifndef ROD_TLS_DIGEST_H
#define ROD_TLS_DIGEST_H

#include <stdbool.h>
#include <stddef.h>

/* The SHA-256 of data into out. False when OpenSSL fails (out is then all
 * zero and must not be used). */
bool rod_sha256(const void *data, size_t len, unsigned char out[32]);
/* Writes "urn:uuid:xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx" (46 bytes with NUL).
 * False, with out empty, when the random generator fails: the caller answers
 * ROD-9002 rather than send a MessageID that could repeat. */
bool rod_uuid_urn(char out[46]);

#endif
