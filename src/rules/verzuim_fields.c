/* Field lists of a melding: building, JSON text and differences. */
#include "rules/verzuim_fields.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

/* ---- field lists ---------------------------------------------------------------- */

/* Grows an arena array of elem-sized items; the old block stays in the
 * arena (it is freed with it). */
static bool grow(rod_arena *a, void **items, int n, int *cap, size_t elem)
{
    if (n < *cap)
        return true;
    int ncap = *cap ? *cap * 2 : 32;
    void *p = rod_arena_alloc(a, elem * (size_t)ncap);

    if (p == NULL)
        return false;
    if (n)
        memcpy(p, *items, elem * (size_t)n);
    *items = p;
    *cap = ncap;
    return true;
}

void rod_fields_init(rod_fields *f, rod_arena *a)
{
    memset(f, 0, sizeof *f);
    f->arena = a;
}

void rod_fields_add(rod_fields *f, const char *path, const char *value)
{
    if (value == NULL)
        return;
    if (!grow(f->arena, (void **)&f->items, f->n, &f->cap, sizeof *f->items)) {
        f->oom = true;
        return;
    }
    char *p = rod_arena_strdup(f->arena, path);
    char *v = rod_arena_strdup(f->arena, value);

    if (p == NULL || v == NULL) {
        f->oom = true;
        return;
    }
    f->items[f->n].path = p;
    f->items[f->n].value = v;
    f->n++;
}

void rod_fields_addf_path(rod_fields *f, const char *value, const char *fmt, ...)
{
    char path[256];
    va_list ap;

    if (value == NULL)
        return;
    va_start(ap, fmt);
    vsnprintf(path, sizeof path, fmt, ap);
    va_end(ap);
    rod_fields_add(f, path, value);
}

const char *rod_fields_get(const rod_fields *f, const char *path)
{
    for (int i = 0; i < f->n; i++)
        if (strcmp(f->items[i].path, path) == 0)
            return f->items[i].value;
    return NULL;
}

/* ---- JSON out ------------------------------------------------------------------------ */

/* A JSON string: quotes, backslashes and control characters escaped, all
 * other UTF-8 as it is. */
static void sb_json_string(rod_buf *b, const char *s)
{
    rod_buf_add(b, "\"", 1);
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        char esc[8];

        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            rod_buf_add(b, esc, 2);
        } else if (c < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            rod_buf_add(b, esc, 6);
        } else {
            rod_buf_add(b, p, 1);
        }
    }
    rod_buf_add(b, "\"", 1);
}

/* The text of b in the arena; b is freed. */
static char *to_arena(rod_buf *b, rod_arena *a)
{
    char *out = b->failed ? NULL : rod_arena_strndup(a, b->data, b->len);
    rod_buf_free(b);
    return out;
}

char *rod_fields_to_json(const rod_fields *f, rod_arena *a)
{
    rod_buf b = {0};

    rod_buf_puts(&b, "{");
    for (int i = 0; i < f->n; i++) {
        if (i)
            rod_buf_puts(&b, ",");
        sb_json_string(&b, f->items[i].path);
        rod_buf_puts(&b, ":");
        sb_json_string(&b, f->items[i].value);
    }
    rod_buf_puts(&b, "}");
    return to_arena(&b, a);
}

char *rod_changes_to_json(const rod_changes *c, rod_arena *a)
{
    rod_buf b = {0};

    rod_buf_puts(&b, "[");
    for (int i = 0; i < c->n; i++) {
        const rod_change *x = &c->items[i];

        rod_buf_puts(&b, i ? ",{\"veld\":" : "{\"veld\":");
        sb_json_string(&b, x->path);
        rod_buf_puts(&b, ",\"oud\":");
        if (x->old_value)
            sb_json_string(&b, x->old_value);
        else
            rod_buf_puts(&b, "null");
        rod_buf_puts(&b, ",\"nieuw\":");
        if (x->new_value)
            sb_json_string(&b, x->new_value);
        else
            rod_buf_puts(&b, "null");
        rod_buf_puts(&b, "}");
    }
    rod_buf_puts(&b, "]");
    return to_arena(&b, a);
}

/* ---- JSON in --------------------------------------------------------------------------- */

/* The parser: the text still to read, and one buffer for the strings of a
 * member (they are copied into the arena by rod_fields_add and
 * rod_changes_add, so none is allocated twice). */
typedef struct {
    const char *p;
    rod_buf buf;
} jin;

static void ws(jin *j)
{
    while (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')
        j->p++;
}

static bool lit(jin *j, char c)
{
    ws(j);
    if (*j->p != c)
        return false;
    j->p++;
    return true;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static bool hex4(const char *s, unsigned *out)
{
    unsigned v = 0;

    for (int i = 0; i < 4; i++) {
        int h = hexval(s[i]);

        if (h < 0)
            return false;
        v = v * 16 + (unsigned)h;
    }
    *out = v;
    return true;
}

static void put_utf8(rod_buf *b, uint32_t cp)
{
    char u[4];
    size_t n;

    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    rod_buf_add(b, u, n);
}

/* A JSON string appended to j->buf with its NUL, *at its offset there;
 * false on a syntax error. An embedded NUL (\u0000) is refused: the fields
 * are C strings. */
static bool jstring(jin *j, size_t *at)
{
    rod_buf *b = &j->buf;

    if (!lit(j, '"'))
        return false;
    *at = b->len;
    for (;;) {
        unsigned char c = (unsigned char)*j->p;

        if (c == '\0' || c < 0x20)
            return false;
        j->p++;
        if (c == '"')
            break;
        if (c != '\\') {
            rod_buf_add(b, (const char *)&c, 1);
            continue;
        }
        char e = *j->p++;
        unsigned cp, lo;

        switch (e) {
        case '"':
            rod_buf_add(b, "\"", 1);
            break;
        case '\\':
            rod_buf_add(b, "\\", 1);
            break;
        case '/':
            rod_buf_add(b, "/", 1);
            break;
        case 'b':
            rod_buf_add(b, "\b", 1);
            break;
        case 'f':
            rod_buf_add(b, "\f", 1);
            break;
        case 'n':
            rod_buf_add(b, "\n", 1);
            break;
        case 'r':
            rod_buf_add(b, "\r", 1);
            break;
        case 't':
            rod_buf_add(b, "\t", 1);
            break;
        case 'u':
            if (!hex4(j->p, &cp))
                return false;
            j->p += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (j->p[0] != '\\' || j->p[1] != 'u' || !hex4(j->p + 2, &lo) || lo < 0xDC00 || lo > 0xDFFF)
                    return false;
                j->p += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if ((cp >= 0xDC00 && cp <= 0xDFFF) || cp == 0) {
                return false;
            }
            put_utf8(b, cp);
            break;
        default:
            return false;
        }
    }
    rod_buf_add(b, "", 1);
    return !b->failed;
}

/* A string or null: *at (size_t)-1 for null. */
static bool jstring_or_null(jin *j, size_t *at)
{
    ws(j);
    if (strncmp(j->p, "null", 4) == 0) {
        j->p += 4;
        *at = (size_t)-1;
        return true;
    }
    return jstring(j, at);
}

/* The string at offset at of j->buf, NULL for (size_t)-1. */
static const char *jtext(const jin *j, size_t at)
{
    return at == (size_t)-1 ? NULL : j->buf.data + at;
}

static bool at_end(jin *j)
{
    ws(j);
    return *j->p == '\0';
}

static bool fields_from_json(jin *j, rod_fields *out)
{
    if (!lit(j, '{'))
        return false;
    if (lit(j, '}'))
        return at_end(j);
    do {
        size_t k, v;

        j->buf.len = 0;
        if (!jstring(j, &k) || !lit(j, ':') || !jstring(j, &v))
            return false;
        rod_fields_add(out, jtext(j, k), jtext(j, v));
    } while (lit(j, ','));
    return lit(j, '}') && at_end(j) && !out->oom;
}

bool rod_fields_from_json(const char *json, rod_fields *out)
{
    jin j = {json, {0}};
    bool ok = json != NULL && fields_from_json(&j, out);

    rod_buf_free(&j.buf);
    return ok;
}

static bool changes_from_json(jin *j, rod_changes *out)
{
    if (!lit(j, '['))
        return false;
    if (lit(j, ']'))
        return at_end(j);
    do {
        size_t veld = (size_t)-1, oud = (size_t)-1, nieuw = (size_t)-1;

        if (!lit(j, '{'))
            return false;
        j->buf.len = 0;
        do {
            size_t k, v;

            if (!jstring(j, &k) || !lit(j, ':') || !jstring_or_null(j, &v))
                return false;
            const char *key = jtext(j, k);

            if (strcmp(key, "veld") == 0)
                veld = v;
            else if (strcmp(key, "oud") == 0)
                oud = v;
            else if (strcmp(key, "nieuw") == 0)
                nieuw = v;
            else
                return false;
        } while (lit(j, ','));
        if (!lit(j, '}') || veld == (size_t)-1)
            return false;
        rod_changes_add(out, jtext(j, veld), jtext(j, oud), jtext(j, nieuw));
    } while (lit(j, ','));
    return lit(j, ']') && at_end(j) && !out->oom;
}

bool rod_changes_from_json(const char *json, rod_changes *out)
{
    jin j = {json, {0}};
    bool ok = json != NULL && changes_from_json(&j, out);

    rod_buf_free(&j.buf);
    return ok;
}

/* ---- differences ------------------------------------------------------------------------- */

void rod_changes_init(rod_changes *c, rod_arena *a)
{
    memset(c, 0, sizeof *c);
    c->arena = a;
}

void rod_changes_add(rod_changes *c, const char *path, const char *old_value, const char *new_value)
{
    if (!grow(c->arena, (void **)&c->items, c->n, &c->cap, sizeof *c->items)) {
        c->oom = true;
        return;
    }
    rod_change *x = &c->items[c->n++];

    x->path = rod_arena_strdup(c->arena, path);
    x->old_value = rod_arena_strdup(c->arena, old_value);
    x->new_value = rod_arena_strdup(c->arena, new_value);
    if (x->path == NULL || (old_value && !x->old_value) || (new_value && !x->new_value))
        c->oom = true;
}

typedef struct {
    const char *path;
    int index;
} path_index;

static int by_path(const void *a, const void *b)
{
    return strcmp(((const path_index *)a)->path, ((const path_index *)b)->path);
}

/* The position of path in `after` (sorted index), or -1. */
static int lookup(const path_index *idx, int n, const char *path)
{
    path_index key = {path, 0};
    const path_index *hit = n ? bsearch(&key, idx, (size_t)n, sizeof *idx, by_path) : NULL;

    return hit ? hit->index : -1;
}

void rod_fields_diff(const rod_fields *before, const rod_fields *after, rod_changes *out)
{
    int na = after->n;
    path_index *idx = rod_arena_alloc(out->arena, sizeof *idx * (size_t)(na ? na : 1));

    if (idx == NULL) {
        out->oom = true;
        return;
    }
    for (int k = 0; k < na; k++) {
        idx[k].path = after->items[k].path;
        idx[k].index = k;
    }
    qsort(idx, (size_t)na, sizeof *idx, by_path);

    /* Both lists are subsequences of one common order, so a merge gives
	 * the changes in that order: when the heads differ and the head of
	 * `before` comes later in `after`, the head of `after` is new;
	 * otherwise the head of `before` was removed. */
    int i = 0, j = 0;

    while (i < before->n || j < na) {
        if (i < before->n && j < na && strcmp(before->items[i].path, after->items[j].path) == 0) {
            if (strcmp(before->items[i].value, after->items[j].value) != 0)
                rod_changes_add(out, after->items[j].path, before->items[i].value, after->items[j].value);
            i++;
            j++;
        } else if (i < before->n && (j >= na || lookup(idx, na, before->items[i].path) < 0)) {
            rod_changes_add(out, before->items[i].path, before->items[i].value, NULL);
            i++;
        } else {
            rod_changes_add(out, after->items[j].path, NULL, after->items[j].value);
            j++;
        }
    }
}
