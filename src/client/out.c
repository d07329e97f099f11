/* The CSV and XLSX writers of rodctl. */
#include "client/out.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <xlsxwriter.h>

struct rodctl_out {
    char path[1024], tmp[1040];
    FILE *csv;
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_row_t row;
    lxw_col_t col;
    int failed;
};

rodctl_out *rodctl_out_open(const char *path, int xlsx, char *err, size_t errlen)
{
    size_t n = strlen(path);
    if (xlsx < 0)
        xlsx = n > 5 && !strcasecmp(path + n - 5, ".xlsx");
    rodctl_out *o = calloc(1, sizeof *o);
    if (!o || n >= sizeof o->path) {
        snprintf(err, errlen, "%s: %s", path, o ? "name too long" : "out of memory");
        free(o);
        return NULL;
    }
    snprintf(o->path, sizeof o->path, "%s", path);
    snprintf(o->tmp, sizeof o->tmp, "%s.tmp", path);
    if (xlsx) {
        /* constant memory: rows go to disk as they are written */
        lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
        o->wb = workbook_new_opt(o->tmp, &opt);
        o->ws = o->wb ? workbook_add_worksheet(o->wb, NULL) : NULL;
        if (!o->ws) {
            snprintf(err, errlen, "%s: cannot create the workbook", o->tmp);
            if (o->wb)
                workbook_close(o->wb);
            free(o);
            return NULL;
        }
    } else if (!(o->csv = fopen(o->tmp, "w"))) {
        snprintf(err, errlen, "%s: %s", o->tmp, strerror(errno));
        free(o);
        return NULL;
    }
    return o;
}

void rodctl_out_cell(rodctl_out *o, const char *value)
{
    if (o->csv) {
        if (o->col > 0 && fputc(';', o->csv) == EOF)
            o->failed = 1;
        if (value && *value && csv_fwrite(o->csv, value, strlen(value)) != 0)
            o->failed = 1;
    } else if (value && *value &&
               worksheet_write_string(o->ws, o->row, o->col, value, NULL) != LXW_NO_ERROR) {
        o->failed = 1;
    }
    o->col++;
}

void rodctl_out_end_row(rodctl_out *o)
{
    if (o->csv && fputs("\r\n", o->csv) == EOF)
        o->failed = 1;
    o->row++;
    o->col = 0;
}

int rodctl_out_close(rodctl_out *o, char *err, size_t errlen)
{
    int rc = o->failed ? -1 : 0;
    if (o->csv) {
        if (fclose(o->csv) != 0)
            rc = -1;
    } else if (workbook_close(o->wb) != LXW_NO_ERROR) {
        rc = -1;
    }
    if (rc == 0 && rename(o->tmp, o->path) != 0)
        rc = -1;
    if (rc) {
        snprintf(err, errlen, "%s: cannot write the file (%s)", o->path, strerror(errno));
        remove(o->tmp);
    }
    free(o);
    return rc;
}
