/* A spreadsheet read into memory: rows of text cells, from a CSV file
 * (libcsv; ';' or ',' as the header line shows) or from the first worksheet
 * of an XLSX file (libzip opens the archive, libxml2 reads its XML). */
#ifndef ROD_CLIENT_SHEET_H
#define ROD_CLIENT_SHEET_H

#include <stddef.h>

typedef struct {
    char **cells; /* ncols per row, NULL for an empty cell */
    size_t ncols, nrows, cap;
    size_t pending_cols; /* CSV: cells of the row being read */
} rodctl_sheet;

/* Reads path by its extension (.csv or .xlsx). Returns 0, or -1 with the
 * reason in err. The caller frees with rodctl_sheet_free. */
int rodctl_sheet_read(rodctl_sheet *s, const char *path, char *err, size_t errlen);
int rodctl_sheet_read_csv(rodctl_sheet *s, const char *data, size_t len, char *err, size_t errlen);
int rodctl_sheet_read_xlsx(rodctl_sheet *s, const char *path, char *err, size_t errlen);
/* The cell at row r (0 = the header line), column c; NULL when empty. */
const char *rodctl_sheet_cell(const rodctl_sheet *s, size_t r, size_t c);
/* Sets a cell, growing the sheet; value is copied without leading and
 * trailing white space. Returns 0 or -1. */
int rodctl_sheet_set(rodctl_sheet *s, size_t r, size_t c, const char *value, size_t len);
void rodctl_sheet_free(rodctl_sheet *s);
/* Reads a whole file into a NUL-terminated heap buffer (freed by the
 * caller); NULL with err set. */
char *rodctl_read_file(const char *path, size_t *len, char *err, size_t errlen);

#endif
