/* Stored responses, deflated above a size (store/stored_response.h). */
#include "store/stored_response.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static const char MAGIC[ROD_STORED_MAGIC_LEN] = {'\0', 'R', 'O', 'D', 'Z', 1};

bool rod_stored_pack(const char *response, size_t len, char **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    if (len < ROD_STORED_DEFLATE_MIN || len > (size_t)UINT32_MAX)
        return false;
    uLongf cap = compressBound((uLong)len);
    char *buf = malloc(ROD_STORED_HEADER + (size_t)cap);
    if (!buf)
        return false;
    /* level 1: a 2.3 MB batch answer in about 7 ms, to a twentieth of its
     * size; the higher levels gain a few per cent more for more time */
    if (compress2((Bytef *)buf + ROD_STORED_HEADER, &cap, (const Bytef *)response, (uLong)len, 1) != Z_OK ||
        ROD_STORED_HEADER + (size_t)cap >= len) {
        free(buf);
        return false;
    }
    memcpy(buf, MAGIC, sizeof MAGIC);
    uint64_t n = len;
    for (int i = 0; i < 8; i++)
        buf[sizeof MAGIC + (size_t)i] = (char)(unsigned char)(n >> (56 - 8 * i));
    *out = buf;
    *out_len = ROD_STORED_HEADER + (size_t)cap;
    return true;
}

bool rod_stored_is_packed(const char *stored, size_t len)
{
    return len >= ROD_STORED_HEADER && memcmp(stored, MAGIC, sizeof MAGIC) == 0;
}

bool rod_stored_unpack(const char *stored, size_t len, size_t max_len, char **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    if (!rod_stored_is_packed(stored, len))
        return false;
    uint64_t n = 0;
    for (int i = 0; i < 8; i++)
        n = n << 8 | (unsigned char)stored[sizeof MAGIC + (size_t)i];
    if (n == 0 || n > max_len || n > (uint64_t)UINT32_MAX)
        return false;
    char *buf = malloc((size_t)n + 1);
    if (!buf)
        return false;
    uLongf got = (uLongf)n;
    uLong used = (uLong)(len - ROD_STORED_HEADER);
    /* uncompress2: the whole stream must fit the original length exactly,
     * and all of the stored bytes must be that stream */
    if (uncompress2((Bytef *)buf, &got, (const Bytef *)stored + ROD_STORED_HEADER, &used) != Z_OK ||
        got != n || used != (uLong)(len - ROD_STORED_HEADER)) {
        free(buf);
        return false;
    }
    buf[n] = '\0';
    *out = buf;
    *out_len = (size_t)n;
    return true;
}
