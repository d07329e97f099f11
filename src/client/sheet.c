/* The in-memory sheet and its CSV reader (libcsv). */
#include "client/sheet.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* --- CSV ------------------------------------------------------------------- */

typedef struct {
    rodctl_sheet *s;
    size_t row, col;
    int failed;
} csv_state;

static void on_field(void *data, size_t len, void *p)
{
    csv_state *st = p;
    if (rodctl_sheet_set(st->s, st->row, st->col, data ? data : "", data ? len : 0))
        st->failed = 1;
    st->col++;
}

static void on_row(int c, void *p)
{
    (void)c;
    csv_state *st = p;
    st->row++;
    st->col = 0;
}

/* ';' when the header line has more of them than ',' (Excel in a Dutch
 * locale saves CSV with ';'). */
static unsigned char delimiter_of(const char *data, size_t len)
{
    size_t semi = 0, comma = 0;
    for (size_t i = 0; i < len && data[i] != '\n'; i++) {
        semi += data[i] == ';';
        comma += data[i] == ',';
    }
    return semi > comma ? ';' : ',';
}

int rodctl_sheet_read_csv(rodctl_sheet *s, const char *data, size_t len, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) { /* a UTF-8 byte order mark */
        data += 3;
        len -= 3;
    }
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0) {
        snprintf(err, errlen, "CSV: out of memory");
        return -1;
    }
    csv_set_delim(&p, delimiter_of(data, len));
    csv_state st = {s, 0, 0, 0};
    int rc = 0;
    if (csv_parse(&p, data, len, on_field, on_row, &st) != len || csv_fini(&p, on_field, on_row, &st) != 0) {
        snprintf(err, errlen, "CSV line %zu: %s", st.row + 1, csv_strerror(csv_error(&p)));
        rc = -1;
    } else if (st.failed) {
        snprintf(err, errlen, "CSV: out of memory");
        rc = -1;
    }
    csv_free(&p);
    if (rc)
        rodctl_sheet_free(s);
    return rc;
}

int rodctl_sheet_read(rodctl_sheet *s, const char *path, char *err, size_t errlen)
{
    size_t n = strlen(path);
    if (n > 5 && !strcasecmp(path + n - 5, ".xlsx"))
        return rodctl_sheet_read_xlsx(s, path, err, errlen);
    if (n > 4 && !strcasecmp(path + n - 4, ".csv")) {
        size_t len;
        char *data = rodctl_read_file(path, &len, err, errlen);
        if (!data)
            return -1;
        int rc = rodctl_sheet_read_csv(s, data, len, err, errlen);
        free(data);
        return rc;
    }
    snprintf(err, errlen, "%s: expected a .csv or .xlsx file", path);
    return -1;
}
