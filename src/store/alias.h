/* Old onderwijsnummers of persons linked to a BSN (spec 9.1): their
 * resolution, for every operation that takes a persoonsgebondenNummer, and
 * the link itself (KoppelenBsn). Table persoon_alias, procedure
 * rod_koppelen_samenvoegen (sql/schema-koppelen.sql, sql/schema-procedures.sql). */
#ifndef ROD_STORE_ALIAS_H
#define ROD_STORE_ALIAS_H

#include <stdbool.h>

#include "store/db.h"

/* One number to resolve: pgn ("" = none, skipped) and its kind; an
 * onderwijsnummer that is an alias becomes its BSN (is_bsn true). */
typedef struct {
    char *pgn; /* char[10] */
    bool *is_bsn;
} rod_alias_ref;

/* Resolves the onderwijsnummers among refs[0..n) in one round trip (BSNs
 * are never aliases and cost nothing). lock: a locking read, for mutating
 * requests, before they lock any person: KoppelenBsn inserts the alias
 * before it merges, so a request either resolves before the link (and the
 * link waits for it) or after its commit (and sees the BSN); a half-merged
 * person is never written. Without lock a plain read of the request's
 * snapshot (read-only requests). */
rod_status rod_alias_resolve(rod_db *db, const rod_alias_ref *refs, int n, bool lock);

/* The same for one number, in place. */
rod_status rod_alias_resolve_one(rod_db *db, char pgn[10], bool *is_bsn, bool lock);

/* The BSN onderwijsnummer is linked to, locked (a gap lock when absent, so
 * that two links of one number meet here); *found false when not linked. */
rod_status rod_alias_get(rod_db *db, const char *onderwijsnummer, char bsn[10], bool *found);

/* Links onderwijsnummer to bsn and merges the persons (the caller checked
 * the rules and rod_alias_get first, in this transaction). *duplicate when
 * the number got linked concurrently after all (nothing changed then). */
rod_status rod_alias_koppel(rod_db *db, const char *onderwijsnummer, const char *bsn, long long org_id,
                            bool *duplicate);

#endif
