/* The XLSX reader: the first worksheet of an Office Open XML workbook
 * (ECMA-376), its cells as text. libzip opens the archive and libxml2's
 * streaming reader reads xl/sharedStrings.xml and the sheet; only the
 * mapping of cells onto rows and columns is ours. A cell holds a shared
 * string (t="s"), an inline string (t="inlineStr"), a formula's text
 * (t="str"), a boolean or a number, each taken as written. */
#include "client/sheet.h"

#include <libxml/xmlreader.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define MAX_PART (256u * 1024 * 1024) /* an unpacked part larger than this is refused */

static char *read_part(zip_t *z, const char *name, size_t *len, int required, char *err, size_t errlen)
{
    zip_stat_t st;
    if (zip_stat(z, name, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) {
        if (required)
            snprintf(err, errlen, "XLSX: no %s in the archive (not an XLSX workbook?)", name);
        return NULL;
    }
    if (st.size > MAX_PART) {
        snprintf(err, errlen, "XLSX: %s is larger than %u MiB unpacked", name, MAX_PART >> 20);
        return NULL;
    }
    zip_file_t *f = zip_fopen(z, name, 0);
    char *buf = f ? malloc(st.size + 1) : NULL;
    zip_int64_t got = buf ? zip_fread(f, buf, st.size) : -1;
    if (f)
        zip_fclose(f);
    if (got < 0 || (zip_uint64_t)got != st.size) {
        snprintf(err, errlen, "XLSX: cannot unpack %s", name);
        free(buf);
        return NULL;
    }
    buf[st.size] = '\0';
    *len = st.size;
    return buf;
}

/* libxml2's own messages would go to stderr; a broken part is reported once,
 * in rodctl's words */
static void quiet(void *arg, const char *msg, xmlParserSeverities severity, xmlTextReaderLocatorPtr where)
{
    (void)arg, (void)msg, (void)severity, (void)where;
}

static xmlTextReaderPtr reader_for(const char *xml, size_t len, const char *name)
{
    /* no network, no entity substitution, no DTD loading: a spreadsheet is untrusted input */
    xmlTextReaderPtr r =
        xmlReaderForMemory(xml, (int)len, name, "UTF-8", XML_PARSE_NONET | XML_PARSE_NOBLANKS);
    if (r)
        xmlTextReaderSetErrorHandler(r, quiet, NULL);
    return r;
}

static int is_element(xmlTextReaderPtr r, const char *local)
{
    return xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT &&
           !strcmp((const char *)xmlTextReaderConstLocalName(r), local);
}

static int is_end(xmlTextReaderPtr r, const char *local)
{
    return xmlTextReaderNodeType(r) == XML_READER_TYPE_END_ELEMENT &&
           !strcmp((const char *)xmlTextReaderConstLocalName(r), local);
}

/* The text of every <t> inside the current element (a rich-text string has
 * several runs), appended into a fresh string. */
static char *collect_t(xmlTextReaderPtr r, const char *until)
{
    size_t cap = 64, n = 0;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    out[0] = '\0';
    if (xmlTextReaderIsEmptyElement(r))
        return out;
    int in_t = 0;
    while (xmlTextReaderRead(r) == 1 && !is_end(r, until)) {
        int type = xmlTextReaderNodeType(r);
        if (is_element(r, "t"))
            in_t = !xmlTextReaderIsEmptyElement(r);
        else if (is_end(r, "t"))
            in_t = 0;
        else if (in_t && (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
            const char *v = (const char *)xmlTextReaderConstValue(r);
            size_t k = strlen(v);
            if (n + k + 1 > cap) {
                while (n + k + 1 > cap)
                    cap *= 2;
                char *o = realloc(out, cap);
                if (!o) {
                    free(out);
                    return NULL;
                }
                out = o;
            }
            memcpy(out + n, v, k + 1);
            n += k;
        }
    }
    return out;
}

typedef struct {
    char **s;
    size_t n;
} strings;

static int read_shared(zip_t *z, strings *ss, char *err, size_t errlen)
{
    size_t len;
    char *xml = read_part(z, "xl/sharedStrings.xml", &len, 0, err, errlen);
    if (!xml)
        return *err ? -1 : 0; /* a workbook without strings has no such part */
    xmlTextReaderPtr r = reader_for(xml, len, "sharedStrings.xml");
    size_t cap = 0;
    int rc = r ? 0 : -1;
    while (rc == 0 && xmlTextReaderRead(r) == 1) {
        if (!is_element(r, "si"))
            continue;
        if (ss->n == cap) {
            cap = cap ? cap * 2 : 1024;
            char **s = realloc(ss->s, cap * sizeof *s);
            if (!s) {
                rc = -1;
                break;
            }
            ss->s = s;
        }
        if (!(ss->s[ss->n] = collect_t(r, "si")))
            rc = -1;
        else
            ss->n++;
    }
    if (rc)
        snprintf(err, errlen, "XLSX: cannot read xl/sharedStrings.xml");
    xmlFreeTextReader(r);
    free(xml);
    return rc;
}

/* "AB12" -> column 27 (0-based), row 11 (0-based). Returns 0 or -1. */
static int cell_ref(const char *ref, size_t *row, size_t *col)
{
    size_t c = 0, r = 0;
    const char *p = ref;
    for (; *p >= 'A' && *p <= 'Z'; p++)
        c = c * 26 + (size_t)(*p - 'A' + 1);
    for (; *p >= '0' && *p <= '9'; p++)
        r = r * 10 + (size_t)(*p - '0');
    if (*p || c == 0 || r == 0 || c > 16384 || r > 1048576)
        return -1;
    *row = r - 1;
    *col = c - 1;
    return 0;
}

static int read_cell(xmlTextReaderPtr r, rodctl_sheet *s, const strings *ss, size_t row, size_t *next_col)
{
    xmlChar *ref = xmlTextReaderGetAttribute(r, BAD_CAST "r");
    xmlChar *type = xmlTextReaderGetAttribute(r, BAD_CAST "t");
    size_t rr = row, col = *next_col;
    int rc = 0;
    if (ref && cell_ref((const char *)ref, &rr, &col) != 0)
        rc = -1;
    char *text = NULL;
    if (rc == 0 && !xmlTextReaderIsEmptyElement(r)) {
        if (type && !strcmp((const char *)type, "inlineStr")) {
            text = collect_t(r, "c");
        } else {
            while (xmlTextReaderRead(r) == 1 && !is_end(r, "c"))
                if (is_element(r, "v") && !xmlTextReaderIsEmptyElement(r)) {
                    xmlChar *v = xmlTextReaderReadString(r); /* libxml2's memory: xmlFree */
                    free(text);
                    text = v ? strdup((const char *)v) : NULL;
                    xmlFree(v);
                }
            if (text && type && !strcmp((const char *)type, "s")) {
                char *end;
                unsigned long i = strtoul(text, &end, 10);
                int bad = *end != '\0' || i >= ss->n;
                free(text);
                text = bad ? NULL : strdup(ss->s[i]);
                if (!text)
                    rc = -1; /* an index outside the shared strings: a broken workbook */
            }
        }
    }
    if (rc == 0 && text && rodctl_sheet_set(s, rr, col, text, strlen(text)))
        rc = -1;
    *next_col = col + 1;
    free(text);
    xmlFree(ref);
    xmlFree(type);
    return rc;
}

static int read_sheet(zip_t *z, rodctl_sheet *s, const strings *ss, char *err, size_t errlen)
{
    size_t len;
    char *xml = read_part(z, "xl/worksheets/sheet1.xml", &len, 1, err, errlen);
    if (!xml)
        return -1;
    xmlTextReaderPtr r = reader_for(xml, len, "sheet1.xml");
    size_t row = 0, col = 0;
    int rc = r ? 0 : -1, ret;
    while (rc == 0 && (ret = xmlTextReaderRead(r)) == 1) {
        if (is_element(r, "row")) {
            xmlChar *n = xmlTextReaderGetAttribute(r, BAD_CAST "r");
            row = n ? strtoul((const char *)n, NULL, 10) - 1 : row + 1;
            xmlFree(n);
            col = 0;
        } else if (is_element(r, "c")) {
            rc = read_cell(r, s, ss, row, &col);
        }
    }
    if (rc == 0 && ret != 0)
        rc = -1;
    if (rc)
        snprintf(err, errlen, "XLSX: xl/worksheets/sheet1.xml is not a readable worksheet");
    xmlFreeTextReader(r);
    free(xml);
    return rc;
}

int rodctl_sheet_read_xlsx(rodctl_sheet *s, const char *path, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    *err = '\0';
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);
    if (!z) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        snprintf(err, errlen, "%s: not an XLSX file: %s", path, zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return -1;
    }
    strings ss = {NULL, 0};
    int rc = read_shared(z, &ss, err, errlen);
    if (rc == 0)
        rc = read_sheet(z, s, &ss, err, errlen);
    for (size_t i = 0; i < ss.n; i++)
        free(ss.s[i]);
    free(ss.s);
    zip_close(z);
    if (rc)
        rodctl_sheet_free(s);
    return rc;
}
