/* Loads the postcode table and answers lookups by binary search. */
#include "store/postcode.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static rod_postcode_range *ranges;
static size_t nranges;

static int by_from(const void *a, const void *b)
{
    const rod_postcode_range *x = a, *y = b;
    return (x->from > y->from) - (x->from < y->from);
}

static bool four_digits(const char *s)
{
    return strlen(s) == 4 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
           isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]);
}

int rod_postcode_load(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    char line[512];
    size_t cap = 0;
    int lineno = 0;
    rod_postcode_free();
    while (fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (lineno == 1 || line[0] == '\0' || line[0] == '#')
            continue; /* header */
        char *fields[4], *save = NULL, *p = line;
        int n = 0;
        for (char *tok; n < 4 && (tok = strtok_r(p, ";", &save)) != NULL; p = NULL)
            fields[n++] = tok;
        if (n != 4 || !four_digits(fields[0]) || !four_digits(fields[1]) || !four_digits(fields[2]) ||
            strlen(fields[3]) == 0 || strlen(fields[3]) > 200 || atoi(fields[0]) > atoi(fields[1])) {
            snprintf(err, errlen, "%s:%d: expected van;tot;gemeentecode;gemeentenaam", path, lineno);
            fclose(f);
            return -1;
        }
        if (nranges == cap) {
            cap = cap ? cap * 2 : 64;
            rod_postcode_range *nr = realloc(ranges, cap * sizeof *nr);
            if (!nr) {
                fclose(f);
                snprintf(err, errlen, "out of memory");
                return -1;
            }
            ranges = nr;
        }
        rod_postcode_range *r = &ranges[nranges++];
        r->from = atoi(fields[0]);
        r->to = atoi(fields[1]);
        snprintf(r->gemeentecode, sizeof r->gemeentecode, "%s", fields[2]);
        snprintf(r->naam, sizeof r->naam, "%s", fields[3]);
    }
    fclose(f);
    qsort(ranges, nranges, sizeof *ranges, by_from);
    for (size_t i = 1; i < nranges; i++)
        if (ranges[i].from <= ranges[i - 1].to) {
            snprintf(err, errlen, "%s: postcode ranges %d-%d and %d-%d overlap", path, ranges[i - 1].from,
                     ranges[i - 1].to, ranges[i].from, ranges[i].to);
            return -1;
        }
    return 0;
}

void rod_postcode_free(void)
{
    free(ranges);
    ranges = NULL;
    nranges = 0;
}

const rod_postcode_range *rod_postcode_find(const char *postcode)
{
    if (!postcode || strlen(postcode) < 4)
        return NULL;
    int num = 0;
    for (int i = 0; i < 4; i++) {
        if (!isdigit((unsigned char)postcode[i]))
            return NULL;
        num = num * 10 + (postcode[i] - '0');
    }
    size_t lo = 0, hi = nranges;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (ranges[mid].to < num)
            lo = mid + 1;
        else if (ranges[mid].from > num)
            hi = mid;
        else
            return &ranges[mid];
    }
    return NULL;
}
