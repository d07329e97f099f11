/* A melding as a flat list of fields: (path, value) pairs in document order,
 * e.g. ("verzuim/einddatum", "2025-03-14"). It is the melding's canonical
 * form: stored as a JSON object (one member per field, in order) for the
 * current melding and for every version, and compared field by field for
 * the history (spec 4, OpvragenHistorie). Pure: no I/O. */
#ifndef ROD_RULES_VERZUIM_FIELDS_H
#define ROD_RULES_VERZUIM_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"

typedef struct {
    const char *path;
    const char *value;
} rod_field;

typedef struct {
    rod_arena *arena;
    rod_field *items;
    int n, cap;
    bool oom; /* an allocation failed: the list is incomplete */
} rod_fields;

void rod_fields_init(rod_fields *f, rod_arena *a);
/* Appends a copy of path and value; value NULL appends nothing (an absent
 * element has no field). */
void rod_fields_add(rod_fields *f, const char *path, const char *value);
void rod_fields_addf_path(rod_fields *f, const char *value, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The value of path, or NULL. */
const char *rod_fields_get(const rod_fields *f, const char *path);

/* The fields as a JSON object {"path":"value",...} in list order, in the
 * arena; NULL when out of memory. */
char *rod_fields_to_json(const rod_fields *f, rod_arena *a);
/* Parses such an object (any JSON string escapes; members must be strings)
 * and appends its members in order. False on anything else. */
bool rod_fields_from_json(const char *json, rod_fields *out);

/* One field-level difference: old or new NULL means the field is absent on
 * that side. */
typedef struct {
    const char *path;
    const char *old_value;
    const char *new_value;
} rod_change;

typedef struct {
    rod_arena *arena;
    rod_change *items;
    int n, cap;
    bool oom;
} rod_changes;

void rod_changes_init(rod_changes *c, rod_arena *a);
void rod_changes_add(rod_changes *c, const char *path, const char *old_value, const char *new_value);

/* The differences from `before` to `after`, in document order: both lists
 * must hold unique paths in one common order (the order the melding's
 * fields are always written in). A path in one list only is a field added
 * or removed. */
void rod_fields_diff(const rod_fields *before, const rod_fields *after, rod_changes *out);

/* [{"veld":"...","oud":"..."|null,"nieuw":"..."|null},...] and back. */
char *rod_changes_to_json(const rod_changes *c, rod_arena *a);
bool rod_changes_from_json(const char *json, rod_changes *out);

#endif
