/* Reads the BRP extract and the startkwalificaties into one immutable table:
 * dense arrays of entries and an open-addressing index over the 9-digit
 * numbers, built once and never changed afterwards. */
#include "store/brp_table.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/address.h"
#include "rules/date.h"
#include "rules/pgn.h"

/* A hash index from a 9-digit number to position + 1 in an entry array
 * (0: empty slot); linear probing, at most half full. */
typedef struct {
    uint32_t *slots;
    size_t mask;
} num_index;

typedef struct {
    uint32_t key;
    char datum[11];
} sk_entry;

typedef struct {
    uint32_t key;
    rod_brp_adres adres;
} adres_entry;

struct rod_brp_table {
    adres_entry *adressen;
    size_t nadressen, cap_adressen;
    num_index adres_index;
    sk_entry *sks;
    size_t nsks, cap_sks;
    num_index sk_index;
};

static uint32_t mix(uint32_t x)
{
    x ^= x >> 16;
    x *= 0x45d9f3bU;
    x ^= x >> 16;
    return x;
}

/* The number of a string of exactly 9 digits, or false. */
static bool number_of(const char *s, uint32_t *out)
{
    uint32_t v = 0;
    for (int i = 0; i < 9; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (uint32_t)(s[i] - '0');
    }
    if (s[9] != '\0')
        return false;
    *out = v;
    return true;
}

/* Position in the entry array (with stride and key offset) of key, or -1. */
static long index_find(const num_index *ix, const void *entries, size_t stride, uint32_t key)
{
    if (!ix->slots)
        return -1;
    for (size_t i = mix(key) & ix->mask;; i = (i + 1) & ix->mask) {
        uint32_t pos = ix->slots[i];
        if (pos == 0)
            return -1;
        uint32_t k;
        memcpy(&k, (const char *)entries + (size_t)(pos - 1) * stride, sizeof k);
        if (k == key)
            return (long)pos - 1;
    }
}

/* Builds the index over n entries; false when out of memory. Keys are
 * unique (checked while reading). */
static bool index_build(num_index *ix, const void *entries, size_t stride, size_t n)
{
    size_t cap = 16;
    while (cap < n * 2)
        cap *= 2;
    ix->slots = calloc(cap, sizeof *ix->slots);
    if (!ix->slots)
        return false;
    ix->mask = cap - 1;
    for (size_t e = 0; e < n; e++) {
        uint32_t k;
        memcpy(&k, (const char *)entries + e * stride, sizeof k);
        size_t i = mix(k) & ix->mask;
        while (ix->slots[i])
            i = (i + 1) & ix->mask;
        ix->slots[i] = (uint32_t)e + 1;
    }
    return true;
}

/* Indexes entry n - 1, rebuilding the index at twice the size when it
 * would be more than half full. */
static bool index_add(num_index *ix, const void *entries, size_t stride, size_t n)
{
    if (!ix->slots || n * 2 > ix->mask + 1) {
        free(ix->slots);
        return index_build(ix, entries, stride, n);
    }
    uint32_t k;
    memcpy(&k, (const char *)entries + (n - 1) * stride, sizeof k);
    size_t i = mix(k) & ix->mask;
    while (ix->slots[i])
        i = (i + 1) & ix->mask;
    ix->slots[i] = (uint32_t)n;
    return true;
}

/* ---- reading ---------------------------------------------------------------- */

/* The reasons name the field, never its value: the log holds no bsn or
 * address (docs/hardening.md). */
typedef struct {
    const char *path;
    int line;
    char *err;
    size_t errlen;
} reader;

__attribute__((format(printf, 2, 3))) static bool refuse(reader *r, const char *fmt, ...)
{
    int n = snprintf(r->err, r->errlen, "%s:%d: ", r->path, r->line);
    va_list ap;
    va_start(ap, fmt);
    if (n >= 0 && (size_t)n < r->errlen)
        vsnprintf(r->err + n, r->errlen - (size_t)n, fmt, ap);
    va_end(ap);
    return false;
}

/* Splits line at ';' into exactly n fields (empty fields kept). */
static bool split(char *line, char **fields, int n)
{
    int k = 0;
    for (char *p = line;; p++) {
        if (k == n)
            return false;
        fields[k++] = p;
        p = strchr(p, ';');
        if (!p)
            break;
        *p = '\0';
    }
    return k == n;
}

static bool ascii_alnum(const char *s)
{
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')))
            return false;
    return true;
}

static bool grow(void **items, size_t *cap, size_t n, size_t elem)
{
    if (n < *cap)
        return true;
    size_t ncap = *cap ? *cap * 2 : 64;
    void *p = realloc(*items, ncap * elem);
    if (!p)
        return false;
    *items = p;
    *cap = ncap;
    return true;
}

static bool brp_line(reader *r, rod_brp_table *t, char *line)
{
    char *f[7];
    if (!split(line, f, 7))
        return refuse(r, "expected 7 fields bsn;postcode;huisnummer;huisletter;huisnummertoevoeging;"
                         "straatnaam;plaatsnaam");
    uint32_t key;
    if (!rod_bsn_valid(f[0]) || !number_of(f[0], &key))
        return refuse(r, "bsn is not a valid bsn (9 digits, elfproef)");
    if (!rod_postcode_valid(f[1]))
        return refuse(r, "postcode is not a postcode like 1011AB");
    char *end;
    errno = 0;
    long nr = strtol(f[2], &end, 10);
    if (errno || end == f[2] || *end || nr < 1 || nr > 99999)
        return refuse(r, "huisnummer is not a number 1..99999");
    if (strlen(f[3]) > 1 ||
        (f[3][0] && !((f[3][0] >= 'A' && f[3][0] <= 'Z') || (f[3][0] >= 'a' && f[3][0] <= 'z'))))
        return refuse(r, "huisletter is not one letter");
    if (strlen(f[4]) > 4 || !ascii_alnum(f[4]))
        return refuse(r, "huisnummertoevoeging is not 1..4 letters or digits");
    if (strlen(f[5]) > 80 || strlen(f[6]) > 80)
        return refuse(r, "straatnaam and plaatsnaam have at most 80 characters");
    if (index_find(&t->adres_index, t->adressen, sizeof *t->adressen, key) >= 0)
        return refuse(r, "the bsn appears on an earlier line too");
    if (!grow((void **)&t->adressen, &t->cap_adressen, t->nadressen, sizeof *t->adressen))
        return refuse(r, "out of memory");
    adres_entry *e = &t->adressen[t->nadressen++];
    memset(e, 0, sizeof *e);
    e->key = key;
    snprintf(e->adres.postcode, sizeof e->adres.postcode, "%s", f[1]);
    e->adres.huisnummer = (int)nr;
    snprintf(e->adres.huisletter, sizeof e->adres.huisletter, "%s", f[3]);
    snprintf(e->adres.toevoeging, sizeof e->adres.toevoeging, "%s", f[4]);
    snprintf(e->adres.straatnaam, sizeof e->adres.straatnaam, "%s", f[5]);
    snprintf(e->adres.plaatsnaam, sizeof e->adres.plaatsnaam, "%s", f[6]);
    return true;
}

static bool sk_line(reader *r, rod_brp_table *t, char *line)
{
    char *f[2];
    if (!split(line, f, 2))
        return refuse(r, "expected 2 fields persoonsgebondenNummer;datum");
    uint32_t key;
    if (!(rod_bsn_valid(f[0]) || rod_onderwijsnummer_valid(f[0])) || !number_of(f[0], &key))
        return refuse(r, "persoonsgebondenNummer is not a valid bsn or onderwijsnummer");
    rod_date d;
    if (strlen(f[1]) != 10 || !rod_date_parse(f[1], &d))
        return refuse(r, "datum is not a date YYYY-MM-DD");
    if (index_find(&t->sk_index, t->sks, sizeof *t->sks, key) >= 0)
        return refuse(r, "the persoonsgebondenNummer appears on an earlier line too");
    if (!grow((void **)&t->sks, &t->cap_sks, t->nsks, sizeof *t->sks))
        return refuse(r, "out of memory");
    sk_entry *e = &t->sks[t->nsks++];
    e->key = key;
    memcpy(e->datum, f[1], sizeof e->datum);
    return true;
}

/* Reads one file line by line; the index grows with the entries so that a
 * duplicate is found on its own line. */
static bool read_file(const char *path, rod_brp_table *t, bool (*line_fn)(reader *, rod_brp_table *, char *),
                      bool brp, char *err, size_t errlen)
{
    reader r = {path, 0, err, errlen};
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return false;
    }
    char line[1024];
    bool ok = true;
    while (ok && fgets(line, sizeof line, f)) {
        r.line++;
        size_t len = strcspn(line, "\r\n");
        if (line[len] == '\0' && !feof(f)) {
            ok = refuse(&r, "line longer than %zu characters", sizeof line - 2);
            break;
        }
        line[len] = '\0';
        if (r.line == 1 || line[0] == '\0' || line[0] == '#')
            continue; /* the header names the columns */
        ok = line_fn(&r, t, line);
        if (ok && !(brp ? index_add(&t->adres_index, t->adressen, sizeof *t->adressen, t->nadressen)
                        : index_add(&t->sk_index, t->sks, sizeof *t->sks, t->nsks)))
            ok = refuse(&r, "out of memory");
    }
    if (ok && ferror(f))
        ok = refuse(&r, "read error");
    fclose(f);
    return ok;
}

rod_brp_table *rod_brp_table_load(const char *brp_path, const char *sk_path, char *err, size_t errlen)
{
    rod_brp_table *t = calloc(1, sizeof *t);
    if (!t) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (!read_file(brp_path, t, brp_line, true, err, errlen) ||
        !read_file(sk_path, t, sk_line, false, err, errlen)) {
        rod_brp_table_free(t);
        return NULL;
    }
    return t;
}

void rod_brp_table_free(rod_brp_table *t)
{
    if (!t)
        return;
    free(t->adressen);
    free(t->adres_index.slots);
    free(t->sks);
    free(t->sk_index.slots);
    free(t);
}

const rod_brp_adres *rod_brp_table_adres(const rod_brp_table *t, const char *bsn)
{
    uint32_t key;
    if (!t || !bsn || !number_of(bsn, &key))
        return NULL;
    long pos = index_find(&t->adres_index, t->adressen, sizeof *t->adressen, key);
    return pos < 0 ? NULL : &t->adressen[pos].adres;
}

const char *rod_brp_table_startkwalificatie(const rod_brp_table *t, const char *pgn)
{
    uint32_t key;
    if (!t || !pgn || !number_of(pgn, &key))
        return NULL;
    long pos = index_find(&t->sk_index, t->sks, sizeof *t->sks, key);
    return pos < 0 ? NULL : t->sks[pos].datum;
}

size_t rod_brp_table_adressen(const rod_brp_table *t)
{
    return t ? t->nadressen : 0;
}

size_t rod_brp_table_startkwalificaties(const rod_brp_table *t)
{
    return t ? t->nsks : 0;
}

static bool same_adres(const rod_brp_adres *x, const rod_brp_adres *y)
{
    return strcmp(x->postcode, y->postcode) == 0 && x->huisnummer == y->huisnummer &&
           strcmp(x->huisletter, y->huisletter) == 0 && strcmp(x->toevoeging, y->toevoeging) == 0 &&
           strcmp(x->straatnaam, y->straatnaam) == 0 && strcmp(x->plaatsnaam, y->plaatsnaam) == 0;
}

/* fn for every bsn of from whose address in other is absent or (with
 * compare) different */
static bool diff_one_way(const rod_brp_table *from, const rod_brp_table *other, bool compare,
                         bool (*fn)(const char *, void *), void *arg)
{
    for (size_t i = 0; from && i < from->nadressen; i++) {
        const adres_entry *e = &from->adressen[i];
        long pos =
            other ? index_find(&other->adres_index, other->adressen, sizeof *other->adressen, e->key) : -1;
        if (pos >= 0 && (!compare || same_adres(&e->adres, &other->adressen[pos].adres)))
            continue;
        char bsn[10];
        snprintf(bsn, sizeof bsn, "%09u", (unsigned)e->key);
        if (!fn(bsn, arg))
            return false;
    }
    return true;
}

bool rod_brp_table_diff(const rod_brp_table *a, const rod_brp_table *b,
                        bool (*fn)(const char *bsn, void *arg), void *arg)
{
    return diff_one_way(a, b, true, fn, arg) && diff_one_way(b, a, false, fn, arg);
}
