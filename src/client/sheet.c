/* The in-memory sheet (pure: also linked into the unit tests). */
#include "client/sheet.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Cells are stored row-major with a fixed width: the widest row seen so
 * far. Widening re-lays the rows already stored. */
static int widen(rodctl_sheet *s, size_t ncols)
{
    if (ncols <= s->ncols)
        return 0;
    char **cells = calloc(s->cap ? s->cap * ncols : ncols, sizeof *cells);
    if (!cells)
        return -1;
    for (size_t r = 0; r < s->nrows; r++)
        for (size_t c = 0; c < s->ncols; c++)
            cells[r * ncols + c] = s->cells[r * s->ncols + c];
    free(s->cells);
    s->cells = cells;
    s->ncols = ncols;
    if (!s->cap)
        s->cap = 1;
    return 0;
}

static int grow_rows(rodctl_sheet *s, size_t nrows)
{
    if (nrows <= s->cap && s->cells) {
        if (nrows > s->nrows)
            s->nrows = nrows;
        return 0;
    }
    size_t cap = s->cap ? s->cap : 64;
    while (cap < nrows)
        cap *= 2;
    size_t w = s->ncols ? s->ncols : 1;
    char **cells = realloc(s->cells, cap * w * sizeof *cells);
    if (!cells)
        return -1;
    memset(cells + s->cap * w, 0, (cap - s->cap) * w * sizeof *cells);
    s->cells = cells;
    s->cap = cap;
    if (!s->ncols)
        s->ncols = 1;
    if (nrows > s->nrows)
        s->nrows = nrows;
    return 0;
}

int rodctl_sheet_set(rodctl_sheet *s, size_t r, size_t c, const char *value, size_t len)
{
    /* cells are kept trimmed of XML white space, as the gateway trims text */
    while (len && (*value == ' ' || *value == '\t' || *value == '\r' || *value == '\n')) {
        value++;
        len--;
    }
    while (len && (value[len - 1] == ' ' || value[len - 1] == '\t' || value[len - 1] == '\r' ||
                   value[len - 1] == '\n'))
        len--;
    if (grow_rows(s, r + 1) || widen(s, c + 1))
        return -1;
    char *v = malloc(len + 1);
    if (!v)
        return -1;
    memcpy(v, value, len);
    v[len] = '\0';
    free(s->cells[r * s->ncols + c]);
    s->cells[r * s->ncols + c] = v;
    return 0;
}

const char *rodctl_sheet_cell(const rodctl_sheet *s, size_t r, size_t c)
{
    if (r >= s->nrows || c >= s->ncols)
        return NULL;
    const char *v = s->cells[r * s->ncols + c];
    return v && *v ? v : NULL;
}

void rodctl_sheet_free(rodctl_sheet *s)
{
    if (s->cells)
        for (size_t i = 0; i < s->nrows * s->ncols; i++)
            free(s->cells[i]);
    free(s->cells);
    memset(s, 0, sizeof *s);
}

char *rodctl_read_file(const char *path, size_t *len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap + 1);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *b = realloc(buf, cap * 2 + 1);
            if (!b) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = b;
            cap *= 2;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf || bad) {
        snprintf(err, errlen, "%s: %s", path, buf ? "read error" : "out of memory");
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}
