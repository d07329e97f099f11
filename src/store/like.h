/* LIKE patterns of search texts (the searches of store/). */
#ifndef ROD_STORE_LIKE_H
#define ROD_STORE_LIKE_H

#include <stddef.h>

/* Writes into out[cap] (cap >= 3) a pattern for `LIKE ? ESCAPE '!'` that
 * matches text as a literal substring: "%" text "%" with '%', '_' and '!'
 * escaped by '!'. A text too long for out is cut (2 * strlen(text) + 3
 * always suffices). Returns the pattern's length. */
size_t rod_like_substring(char *out, size_t cap, const char *text);

#endif
