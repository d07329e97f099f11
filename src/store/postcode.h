/* The postcode-to-gemeente table (spec 7): data, loaded from a CSV at
 * start-up, read-only afterwards and shared by all workers. */
#ifndef ROD_STORE_POSTCODE_H
#define ROD_STORE_POSTCODE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    int from, to; /* inclusive range of the 4-digit postcode number */
    char gemeentecode[5];
    char naam[201];
} rod_postcode_range;

/* Loads `path` (header line, then `van;tot;gemeentecode;gemeentenaam`).
 * Overlapping ranges are an error. Returns 0 or -1 with err. */
int rod_postcode_load(const char *path, char *err, size_t errlen);
void rod_postcode_free(void);

/* The range holding postcode (e.g. "1012AB"), or NULL when none does. */
const rod_postcode_range *rod_postcode_find(const char *postcode);

#endif
