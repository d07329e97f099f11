/* The stored response of a mutating request (verwerkt_bericht.response),
 * as it is kept for replays of its MessageID: a response of at least
 * ROD_STORED_DEFLATE_MIN bytes (a batch's answer lists every item: 2.3 MB
 * for 10,000) is kept deflated, which spares MariaDB most of writing it
 * (about 24 ms of a 10,000-item batch, docs/performance.md) and the table
 * most of its size; smaller ones are kept as they are. A deflated one is
 * marked by a header no XML text can begin with: a NUL byte, "RODZ", the
 * format version 1, and the original length (8 bytes, big-endian). */
#ifndef ROD_STORE_STORED_RESPONSE_H
#define ROD_STORE_STORED_RESPONSE_H

#include <stdbool.h>
#include <stddef.h>

#define ROD_STORED_DEFLATE_MIN ((size_t)65536)
#define ROD_STORED_MAGIC_LEN   6 /* NUL, "RODZ", the version */
#define ROD_STORED_HEADER      (ROD_STORED_MAGIC_LEN + 8)

/* The form to store: true and a new buffer in *out (the caller frees it)
 * when the response is deflated; false when it is to be stored as it is
 * (small, deflate would not make it smaller, or no memory for it). */
bool rod_stored_pack(const char *response, size_t len, char **out, size_t *out_len);

/* Whether a stored value carries the header of a deflated response. */
bool rod_stored_is_packed(const char *stored, size_t len);

/* The response a stored deflated value holds, in a new NUL-terminated
 * buffer of its original length, at most max_len bytes; false when the
 * value is damaged (its stream or its length does not match the header),
 * larger than max_len, or memory runs out. */
bool rod_stored_unpack(const char *stored, size_t len, size_t max_len, char **out, size_t *out_len);

#endif
