/* The CSV reader (libcsv), and the choice of reader by the file's name. */
#include "client/sheet.h"

#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
