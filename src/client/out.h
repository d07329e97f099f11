/* A table written row by row to a CSV file (libcsv's quoting, ';' between
 * fields, UTF-8) or an XLSX workbook (libxlsxwriter), by the file's
 * extension. Written to FILE.tmp and renamed at the end, so a reader never
 * sees half a file. */
#ifndef ROD_CLIENT_OUT_H
#define ROD_CLIENT_OUT_H

#include <stddef.h>

typedef struct rodctl_out rodctl_out;

/* xlsx: 1 for a workbook, 0 for CSV, -1 by the extension of path. NULL with
 * err set when the file cannot be created. */
rodctl_out *rodctl_out_open(const char *path, int xlsx, char *err, size_t errlen);
/* The next cell of the current row; NULL writes an empty cell. */
void rodctl_out_cell(rodctl_out *o, const char *value);
void rodctl_out_end_row(rodctl_out *o);
/* Finishes, renames into place and frees o. Returns 0, or -1 with err. */
int rodctl_out_close(rodctl_out *o, char *err, size_t errlen);

#endif
