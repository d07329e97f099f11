/* An example request of tests/data for the unit tests: the file's contents
 * without its XML declaration (so it can be put in an envelope), or NULL;
 * the caller frees it. */
#ifndef RODGATE_TESTS_UT_EXAMPLE_H
#define RODGATE_TESTS_UT_EXAMPLE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline char *ut_example(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    long n;

    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (text = malloc((size_t)n + 1)) != NULL) {
        size_t got = fread(text, 1, (size_t)n, f);

        text[got] = '\0';
        if (strncmp(text, "<?xml", 5) == 0) {
            char *end = strstr(text, "?>");

            if (end)
                memmove(text, end + 2, strlen(end + 2) + 1);
        }
    }
    fclose(f);
    return text;
}

#endif
