/* The current basisregistraties table (spec 9.5): loaded at start-up and
 * replaced as a whole by rod_brp_reload(). Readers take no lock: a lookup
 * holds a reference to the table it found for as long as it copies from it,
 * and a replaced table is freed when its last reader lets go. */
#ifndef ROD_STORE_BRP_H
#define ROD_STORE_BRP_H

#include <stdbool.h>
#include <stddef.h>

#include "store/brp_table.h"

/* Which files rod_brp_reload() reads (the paths are copied). */
void rod_brp_configure(const char *brp_path, const char *sk_path);

/* Called by rod_brp_reload() for every bsn whose BRP address changed, with
 * the new table already current, e.g. to move laatstGewijzigd (spec
 * 9.8); NULL for none. Returns false on failure (logged by the caller). */
typedef bool (*rod_brp_changed_fn)(const char *const *bsns, size_t n, void *arg);
void rod_brp_on_change(rod_brp_changed_fn fn, void *arg);

/* Reads the configured files into a new table and makes it current. A bad
 * file is refused (err: "file:line: reason") and the current table stays.
 * Returns 0 or -1; logs nothing itself (at start-up the log is not open
 * yet). Safe to call from any thread (reloads are serialised); requests go
 * on meanwhile. */
int rod_brp_reload(char *err, size_t errlen);

/* The sizes of the current table (for the log line of a load). */
void rod_brp_counts(size_t *adressen, size_t *startkwalificaties);

/* Frees the current table (at shutdown, after the workers stopped). */
void rod_brp_free(void);

/* Copies the registered address of bsn into *out; false when the bsn is not
 * in the extract. */
bool rod_brp_adres_of(const char *bsn, rod_brp_adres *out);

/* Copies the startkwalificatie date of pgn into datum ("YYYY-MM-DD");
 * false (datum "") when it has none. */
bool rod_brp_startkwalificatie_of(const char *pgn, char datum[11]);

#endif
