/* Small cryptographic helpers used outside TLS: SHA-256 and random UUIDs. */
#ifndef ROD_TLS_DIGEST_H
#define ROD_TLS_DIGEST_H

#include <stddef.h>

void rod_sha256(const void *data, size_t len, unsigned char out[32]);
/* Writes "urn:uuid:xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx" (46 bytes with NUL). */
void rod_uuid_urn(char out[46]);

#endif
