/* The melding's table and its walkers: struct to fields, fields to struct,
 * the version record both ways and the difference of two records. */
#include "rules/verzuim_schema.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/ascii.h"
#include "rules/verzuim_melding.h"

/* The rules struct of each group of the melding. */
#define ROD_VZ_CTYPE_MELDING     rod_melding
#define ROD_VZ_CTYPE_LEERLING    rod_melding
#define ROD_VZ_CTYPE_REGULIER    rod_melding
#define ROD_VZ_CTYPE_ALTERNATIEF rod_melding
#define ROD_VZ_CTYPE_VERZUIM     rod_melding
#define ROD_VZ_CTYPE_SCHOOL      rod_melding
#define ROD_VZ_CTYPE_LESUREN     rod_melding
#define ROD_VZ_CTYPE_ACTIES      rod_melding
#define ROD_VZ_CTYPE_CONTACT     rod_vz_contactpersoon
#define ROD_VZ_CTYPE_DAG         rod_vz_dag

#define ROD_VZ_ROW_(g, path, member, soap_member, kind, max, req) \
    {ROD_VZG_##g, path, offsetof(ROD_VZ_CTYPE_##g, member), ROD_VZK_##kind, max, req},

const rod_vz_row rod_vz_melding_rows[ROD_VZ_MELDING_ROWS] = {ROD_VZ_MELDING_TABLE(ROD_VZ_ROW_)};

/* The version record around the melding, in snapshot order. */
static const rod_vz_row record_rows[] = {
    {ROD_VZG_RECORD, "status", offsetof(rod_vz_record, status), ROD_VZK_STATUS, 0, true},
    {ROD_VZG_RECORD, "wet", offsetof(rod_vz_record, wet), ROD_VZK_WET, 0, true},
    {ROD_VZG_RECORD, "", offsetof(rod_vz_record, melding), ROD_VZK_MELDING, 0, true},
    {ROD_VZG_TERUGKOPPELING, "terugkoppeling/datum", offsetof(rod_vz_record, tk.datum), ROD_VZK_TEXT, 0,
     false},
    {ROD_VZG_TERUGKOPPELING, "terugkoppeling/organisatie", offsetof(rod_vz_record, tk.organisatie),
     ROD_VZK_TEXT, 0, false},
    {ROD_VZG_TERUGKOPPELING, "terugkoppeling/naamBehandelaar", offsetof(rod_vz_record, tk.naam), ROD_VZK_TEXT,
     0, false},
    {ROD_VZG_TERUGKOPPELING, "terugkoppeling/functieBehandelaar", offsetof(rod_vz_record, tk.functie),
     ROD_VZK_TEXT, 0, false},
    {ROD_VZG_TERUGKOPPELING, "terugkoppeling/telefoonBehandelaar", offsetof(rod_vz_record, tk.telefoon),
     ROD_VZK_TEXT, 0, false},
    {ROD_VZG_TERUGKOPPELING, "terugkoppeling/emailBehandelaar", offsetof(rod_vz_record, tk.email),
     ROD_VZK_TEXT, 0, false},
    {ROD_VZG_TERUGKOPPELING, "terugkoppeling/toelichting", offsetof(rod_vz_record, tk.toelichting),
     ROD_VZK_TEXT, 0, false},
    {ROD_VZG_RECORD, "redenAfgesloten", offsetof(rod_vz_record, reden_afgesloten), ROD_VZK_TEXT, 0, false},
    {ROD_VZG_RECORD, "redenIntrekken", offsetof(rod_vz_record, reden_intrekken), ROD_VZK_REDEN, 0, false},
    {ROD_VZG_RECORD, "toelichtingIntrekken", offsetof(rod_vz_record, toelichting_intrekken), ROD_VZK_TEXT, 0,
     false},
};

/* A bit per row in the masks of the walker below. */
_Static_assert(ROD_VZ_MELDING_ROWS <= 64, "a melding row mask holds 64 rows");

const rod_vz_row *rod_vz_record_rows(int *n)
{
    *n = (int)(sizeof record_rows / sizeof record_rows[0]);
    return record_rows;
}

int rod_vz_group_end(const rod_vz_row *rows, int n, int i)
{
    int j = i;

    while (j < n && rows[j].group == rows[i].group)
        j++;
    return j;
}

#define AT(base, row, type)  ((type *)((char *)(base) + (row)->offset))
#define CAT(base, row, type) ((const type *)((const char *)(base) + (row)->offset))

/* ---- struct to fields --------------------------------------------------------- */

static const char *bool_text(bool b)
{
    return b ? "true" : "false";
}

/* An absent optional boolean: absent as sent, "false" where it counts
 * (the differences of the history). */
static const char *opt_text(rod_optbool b, bool effective)
{
    if (b == ROD_OPT_ABSENT)
        return effective ? "false" : NULL;
    return b == ROD_OPT_TRUE ? "true" : "false";
}

/* Repeated simple values as one comma-joined text, in buf. */
static const char *lesuur_text(const rod_vz_dag *d, char *buf, size_t cap)
{
    size_t o = 0;

    buf[0] = '\0';
    for (int k = 0; k < d->nlesuur && o + 12 < cap; k++)
        o += (size_t)snprintf(buf + o, cap - o, "%s%d", k ? "," : "", d->lesuur[k]);
    return d->nlesuur ? buf : NULL;
}

static const char *acties_text(const rod_melding *m, char *buf, size_t cap)
{
    size_t o = 0;

    buf[0] = '\0';
    for (int i = 0; i < m->nacties && i < ROD_VZ_MAX_ACTIES; i++) {
        const char *name = rod_vz_actie_name(m->acties[i]);

        o += (size_t)snprintf(buf + o, cap - o, "%s%s", i ? "," : "", name ? name : "?");
    }
    return m->nacties ? buf : NULL;
}

/* row's path with "[%d]" filled in (the table's paths are short; a
 * format string of data would defeat the compiler's format checks). */
static void row_path(const rod_vz_row *row, int index, char *buf, size_t cap)
{
    size_t o = 0;

    for (const char *p = row->path; *p && o + 12 < cap; p++) {
        if (p[0] == '%' && p[1] == 'd') {
            o += (size_t)snprintf(buf + o, cap - o, "%d", index);
            p++;
        } else {
            buf[o++] = *p;
        }
    }
    buf[o] = '\0';
}

/* Adds row's field of base (index: the 1-based index of a repeated group). */
static void add_row(rod_fields *f, const rod_vz_row *row, const void *base, int index, bool effective)
{
    char path[128], num[16], list[ROD_VZ_MAX_ACTIES * 40];
    const char *v = NULL;

    row_path(row, index, path, sizeof path);
    switch (row->kind) {
    case ROD_VZK_TEXT:
        v = *CAT(base, row, const char *);
        break;
    case ROD_VZK_CODE:
        v = CAT(base, row, char);
        break;
    case ROD_VZK_PGN:
        v = CAT(base, row, char);
        snprintf(path, sizeof path, "%s%s", row->path,
                 ((const rod_melding *)base)->is_bsn ? "bsn" : "onderwijsnummer");
        break;
    case ROD_VZK_INT:
        snprintf(num, sizeof num, "%d", *CAT(base, row, int));
        v = num;
        break;
    case ROD_VZK_BOOL:
        v = bool_text(*CAT(base, row, bool));
        break;
    case ROD_VZK_TRUE:
        v = *CAT(base, row, bool) ? "true" : NULL;
        break;
    case ROD_VZK_OPTBOOL:
        v = opt_text(*CAT(base, row, rod_optbool), effective);
        break;
    case ROD_VZK_SOORT:
        v = rod_soort_name(*CAT(base, row, rod_soort));
        break;
    case ROD_VZK_VERB:
        v = rod_vz_verbijzondering_name(*CAT(base, row, rod_vz_verbijzondering));
        break;
    case ROD_VZK_LESUUR:
        v = lesuur_text(base, list, ROD_VZ_MAX_LESUUR * 4 + 8);
        break;
    case ROD_VZK_ACTIES:
        v = acties_text(base, list, sizeof list);
        break;
    case ROD_VZK_STATUS:
        v = rod_vz_status_name(*CAT(base, row, rod_vz_status));
        break;
    case ROD_VZK_WET:
        v = rod_wet_name(*CAT(base, row, rod_wet));
        break;
    case ROD_VZK_REDEN:
        v = rod_vz_reden_name(*CAT(base, row, rod_vz_reden));
        break;
    case ROD_VZK_MELDING:
        break;
    }
    rod_fields_add(f, path, v);
}

static void melding_fields(const rod_melding *m, rod_fields *f, bool effective)
{
    const rod_vz_row *rows = rod_vz_melding_rows;
    int n = ROD_VZ_MELDING_ROWS;

    for (int i = 0; i < n;) {
        int end = rod_vz_group_end(rows, n, i);

        switch (rows[i].group) {
        case ROD_VZG_CONTACT:
            for (int k = 0; k < m->ncontact && k < ROD_VZ_MAX_CONTACTPERSONEN; k++)
                for (int r = i; r < end; r++)
                    add_row(f, &rows[r], &m->contact[k], k + 1, effective);
            break;
        case ROD_VZG_DAG:
            for (int k = 0; k < m->ndagen; k++)
                for (int r = i; r < end; r++)
                    add_row(f, &rows[r], &m->dagen[k], k + 1, effective);
            break;
        case ROD_VZG_REGULIER:
        case ROD_VZG_ALTERNATIEF:
            if (m->afwijkend != (rows[i].group == ROD_VZG_REGULIER ? ROD_AFW_REGULIER : ROD_AFW_ALTERNATIEF))
                break;
            /* fall through */
        default:
            for (int r = i; r < end; r++)
                add_row(f, &rows[r], m, 0, effective);
            break;
        }
        i = end;
    }
}

void rod_vz_melding_fields(const rod_melding *m, rod_fields *out)
{
    melding_fields(m, out, false);
}

static void record_fields(const rod_vz_record *r, rod_fields *f, bool effective)
{
    for (size_t i = 0; i < sizeof record_rows / sizeof record_rows[0]; i++) {
        const rod_vz_row *row = &record_rows[i];

        if (row->kind == ROD_VZK_MELDING) {
            if (r->melding)
                melding_fields(r->melding, f, effective);
        } else if (row->group != ROD_VZG_TERUGKOPPELING || r->tk.datum) {
            add_row(f, row, r, 0, effective);
        }
    }
}

void rod_vz_record_fields(const rod_vz_record *r, rod_fields *out)
{
    record_fields(r, out, false);
}

void rod_vz_record_diff(const rod_vz_record *before, const rod_vz_record *after, rod_changes *out)
{
    rod_fields b, n;

    rod_fields_init(&b, out->arena);
    rod_fields_init(&n, out->arena);
    record_fields(before, &b, true);
    record_fields(after, &n, true);
    if (b.oom || n.oom) {
        out->oom = true;
        return;
    }
    rod_fields_diff(&b, &n, out);
}

/* ---- fields to struct ------------------------------------------------------------ */

static bool parse_bool(const char *v, bool *out)
{
    if (strcmp(v, "true") == 0)
        *out = true;
    else if (strcmp(v, "false") == 0)
        *out = false;
    else
        return false;
    return true;
}

static bool parse_int(const char *v, int min, int max, int *out)
{
    char *end;
    long x = strtol(v, &end, 10);

    if (end == v || *end != '\0' || x < min || x > max)
        return false;
    *out = (int)x;
    return true;
}

static bool parse_lesuur(const char *v, int max, rod_vz_dag *d, rod_arena *a)
{
    int count = 1;

    for (const char *p = v; *p; p++)
        count += *p == ',';
    int *uren = rod_arena_alloc(a, sizeof *uren * (size_t)count);

    if (uren == NULL)
        return false;
    const char *p = v;

    for (int k = 0; k < count; k++) {
        char part[12];
        size_t n = strcspn(p, ",");

        if (n == 0 || n >= sizeof part)
            return false;
        memcpy(part, p, n);
        part[n] = '\0';
        if (!parse_int(part, 1, max, &uren[k]))
            return false;
        p += n + (p[n] == ',');
    }
    d->lesuur = uren;
    d->nlesuur = count;
    return true;
}

static bool parse_acties(const char *v, rod_melding *m)
{
    const char *p = v;

    m->nacties = 0;
    while (*p) {
        char name[48];
        size_t n = strcspn(p, ",");

        if (n == 0 || n >= sizeof name || m->nacties >= ROD_VZ_MAX_ACTIES)
            return false;
        memcpy(name, p, n);
        name[n] = '\0';
        if (!rod_vz_actie_parse(name, &m->acties[m->nacties++]))
            return false;
        p += n + (p[n] == ',');
    }
    return m->nacties > 0;
}

/* Sets row's member of base from the field's text v (leaf: what follows a
 * PGN row's path). */
static bool set_row(const rod_vz_row *row, void *base, const char *leaf, const char *v, rod_arena *a)
{
    bool b;

    switch (row->kind) {
    case ROD_VZK_TEXT:
        *AT(base, row, const char *) = v;
        return true;
    case ROD_VZK_PGN:
        if (strcmp(leaf, "bsn") != 0 && strcmp(leaf, "onderwijsnummer") != 0)
            return false;
        ((rod_melding *)base)->is_bsn = leaf[0] == 'b';
        /* fall through */
    case ROD_VZK_CODE:
        if (strlen(v) != (size_t)row->max - 1)
            return false;
        memcpy(AT(base, row, char), v, (size_t)row->max);
        return true;
    case ROD_VZK_INT:
        return parse_int(v, 1, row->max, AT(base, row, int));
    case ROD_VZK_BOOL:
        return parse_bool(v, AT(base, row, bool));
    case ROD_VZK_TRUE:
        *AT(base, row, bool) = true;
        return strcmp(v, "true") == 0;
    case ROD_VZK_OPTBOOL:
        if (!parse_bool(v, &b))
            return false;
        *AT(base, row, rod_optbool) = b ? ROD_OPT_TRUE : ROD_OPT_FALSE;
        return true;
    case ROD_VZK_SOORT:
        return rod_soort_parse(v, AT(base, row, rod_soort));
    case ROD_VZK_VERB:
        return rod_vz_verbijzondering_parse(v, AT(base, row, rod_vz_verbijzondering));
    case ROD_VZK_LESUUR:
        return parse_lesuur(v, row->max, base, a);
    case ROD_VZK_ACTIES:
        return parse_acties(v, base);
    case ROD_VZK_STATUS:
        return rod_vz_status_parse(v, AT(base, row, rod_vz_status));
    case ROD_VZK_WET:
        return rod_wet_parse(v, AT(base, row, rod_wet));
    case ROD_VZK_REDEN:
        return rod_vz_reden_parse(v, AT(base, row, rod_vz_reden));
    case ROD_VZK_MELDING:
        break;
    }
    return false;
}

/* Whether path is row's: the same text, "[%d]" standing for a 1-based
 * index (*index), a PGN row's path followed by its leaf (*leaf). */
static bool row_matches(const rod_vz_row *row, const char *path, int *index, const char **leaf)
{
    const char *p = row->path, *s = path;

    *index = 0;
    *leaf = "";
    while (*p) {
        if (p[0] == '%' && p[1] == 'd') {
            int n = 0, digits = 0;

            while (rod_ascii_digit(*s) && digits < 7) {
                n = n * 10 + (*s++ - '0');
                digits++;
            }
            if (digits == 0 || n < 1)
                return false;
            *index = n;
            p += 2;
        } else if (*p++ != *s++) {
            return false;
        }
    }
    if (row->kind == ROD_VZK_PGN) {
        *leaf = s;
        return true;
    }
    return *s == '\0';
}

/* Whether path lies in the melding: its first step is one of the melding's
 * (anything else belongs to the record around it). */
static bool in_melding(const char *path)
{
    size_t top = strcspn(path, "/");

    for (int i = 0; i < ROD_VZ_MELDING_ROWS; i++) {
        const char *rp = rod_vz_melding_rows[i].path;

        if (strncmp(rp, path, top) == 0 && (rp[top] == '/' || rp[top] == '\0'))
            return true;
    }
    return false;
}

static const rod_vz_row *find_row(const char *path, int *index, const char **leaf)
{
    for (int i = 0; i < ROD_VZ_MELDING_ROWS; i++)
        if (row_matches(&rod_vz_melding_rows[i], path, index, leaf))
            return &rod_vz_melding_rows[i];
    return NULL;
}

/* The bit of row in its group's mask. */
static uint64_t row_bit(const rod_vz_row *row)
{
    return (uint64_t)1 << (row - rod_vz_melding_rows);
}

/* Whether every required row of group g has its bit in seen. */
static bool complete(rod_vz_group g, uint64_t seen)
{
    for (int i = 0; i < ROD_VZ_MELDING_ROWS; i++) {
        const rod_vz_row *row = &rod_vz_melding_rows[i];

        if (row->group == g && row->required && !(seen & row_bit(row)))
            return false;
    }
    return true;
}

/* The highest index of a DAG row among the fields. */
static int count_dagen(const rod_fields *f)
{
    int ndagen = 0, index;
    const char *leaf;

    for (int i = 0; i < f->n; i++) {
        const rod_vz_row *row = find_row(f->items[i].path, &index, &leaf);

        if (row && row->group == ROD_VZG_DAG && index > ndagen)
            ndagen = index;
    }
    return ndagen;
}

bool rod_vz_melding_from_fields(const rod_fields *f, rod_melding *m, rod_arena *a)
{
    memset(m, 0, sizeof *m);
    m->verbijzondering = ROD_VZ_VERB_GEEN;
    m->soort = ROD_SOORT_COUNT;

    int ndagen = count_dagen(f);
    rod_vz_dag *dagen = NULL;
    uint64_t *dag_seen = NULL, seen = 0, contact_seen[ROD_VZ_MAX_CONTACTPERSONEN] = {0};

    if (ndagen > 0) {
        if (ndagen > f->n)
            return false; /* an index far beyond the fields there are */
        dagen = rod_arena_alloc(a, sizeof *dagen * (size_t)ndagen);
        dag_seen = rod_arena_alloc(a, sizeof *dag_seen * (size_t)ndagen);
        if (dagen == NULL || dag_seen == NULL)
            return false;
        memset(dagen, 0, sizeof *dagen * (size_t)ndagen);
        memset(dag_seen, 0, sizeof *dag_seen * (size_t)ndagen);
    }
    for (int i = 0; i < f->n; i++) {
        const char *path = f->items[i].path, *leaf;
        int index;
        const rod_vz_row *row = find_row(path, &index, &leaf);
        void *base = m;

        if (row == NULL) {
            if (in_melding(path))
                return false; /* an unknown element of the melding */
            continue;
        }
        if (row->group == ROD_VZG_CONTACT) {
            if (index > ROD_VZ_MAX_CONTACTPERSONEN)
                return false;
            base = &m->contact[index - 1];
            contact_seen[index - 1] |= row_bit(row);
            if (index > m->ncontact)
                m->ncontact = index;
        } else if (row->group == ROD_VZG_DAG) {
            base = &dagen[index - 1];
            dag_seen[index - 1] |= row_bit(row);
        } else {
            seen |= row_bit(row);
            if (row->group == ROD_VZG_REGULIER)
                m->afwijkend = ROD_AFW_REGULIER;
            else if (row->group == ROD_VZG_ALTERNATIEF)
                m->afwijkend = ROD_AFW_ALTERNATIEF;
        }
        if (!set_row(row, base, leaf, f->items[i].value, a))
            return false;
    }
    m->dagen = dagen;
    m->ndagen = ndagen;

    /* what the XSD requires of a melding */
    static const rod_vz_group always[] = {ROD_VZG_MELDING, ROD_VZG_LEERLING, ROD_VZG_VERZUIM,
                                          ROD_VZG_SCHOOL,  ROD_VZG_LESUREN,  ROD_VZG_ACTIES};

    for (size_t g = 0; g < sizeof always / sizeof always[0]; g++)
        if (!complete(always[g], seen))
            return false;
    if (m->afwijkend == ROD_AFW_REGULIER && !complete(ROD_VZG_REGULIER, seen))
        return false;
    if (m->afwijkend == ROD_AFW_ALTERNATIEF && !complete(ROD_VZG_ALTERNATIEF, seen))
        return false;
    for (int i = 0; i < m->ncontact; i++)
        if (!complete(ROD_VZG_CONTACT, contact_seen[i]))
            return false;
    for (int i = 0; i < ndagen; i++)
        if (!complete(ROD_VZG_DAG, dag_seen[i]))
            return false;
    /* lesuren is a choice: alleLessenGemist or verzuimdagen */
    return m->alle_lessen_gemist != (ndagen > 0);
}

bool rod_vz_record_from_fields(const rod_fields *f, rod_vz_record *r, rod_melding *m, rod_arena *a)
{
    memset(r, 0, sizeof *r);
    r->reden_intrekken = ROD_VZ_REDEN_GEEN;
    for (size_t i = 0; i < sizeof record_rows / sizeof record_rows[0]; i++) {
        const rod_vz_row *row = &record_rows[i];
        const char *v = rod_fields_get(f, row->path);

        if (row->kind == ROD_VZK_MELDING)
            continue;
        if (v == NULL) {
            if (row->group == ROD_VZG_RECORD && row->required)
                return false;
            continue;
        }
        if (!set_row(row, r, "", v, a))
            return false;
    }
    if (!rod_vz_melding_from_fields(f, m, a))
        return false;
    r->melding = m;
    return true;
}
