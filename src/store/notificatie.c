/* The outbox's sending side: a claim under a lease and the outcome of each
 * attempt (store/notificatie.h). */
#include "store/notificatie.h"

#include <stdio.h>
#include <string.h>

/* Due: unsent, not given up, its backoff over, no live lease. Oldest first,
 * along k_notificatie_te_verzenden (verzonden, id). Only melding_notificatie
 * is locked: a join here would lock the meldingen too. */
static const char SQL_DUE[] =
    "SELECT id FROM melding_notificatie WHERE verzonden IS NULL AND mislukt IS NULL "
    "AND (volgende_poging IS NULL OR volgende_poging <= NOW(3)) "
    "AND (geclaimd_tot IS NULL OR geclaimd_tot <= NOW(3)) "
    "ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED";
static const char SQL_LEASE[] = "UPDATE melding_notificatie SET geclaimd_door = ?, "
                                "geclaimd_tot = NOW(3) + INTERVAL ? SECOND WHERE id = ?";
/* READ COMMITTED: no gap locks, so the gateway's inserts into the outbox
 * never wait for a claim. */
static const char SQL_ISOLATION[] = "SET TRANSACTION ISOLATION LEVEL READ COMMITTED";
static const char SQL_COMMIT[] = "COMMIT";
/* What the claimed rows' messages need, read after the claim's commit
 * without locks; along the primary key between the first and the last
 * claimed id (geclaimd_door has no index: the sent rows stay). */
static const char SQL_CLAIMED[] =
    "SELECT n.id, n.meldingnummer, n.soort, m.soort, m.instellingscode, i.naam, g.naam, "
    "COALESCE(n.ontvanger_email, o.notificatie_email), n.pogingen, n.weigeringen "
    "FROM melding_notificatie n JOIN melding m ON m.meldingnummer = n.meldingnummer "
    "JOIN instelling i ON i.code = m.instellingscode JOIN organisatie g ON g.id = m.gemeente_id "
    "JOIN organisatie o ON o.id = n.ontvanger_organisatie_id "
    "WHERE n.id BETWEEN ? AND ? AND n.geclaimd_door = ? AND n.verzonden IS NULL AND n.mislukt IS NULL "
    "ORDER BY n.id LIMIT ?";
static const char SQL_SENT[] = "UPDATE melding_notificatie SET verzonden = NOW(3), pogingen = pogingen + 1, "
                               "laatste_fout = NULL, geclaimd_door = NULL, geclaimd_tot = NULL "
                               "WHERE id = ? AND verzonden IS NULL";
static const char SQL_FAILED[] =
    "UPDATE melding_notificatie SET pogingen = pogingen + 1, weigeringen = weigeringen + ?, "
    "volgende_poging = NOW(3) + INTERVAL ? SECOND, laatste_fout = LEFT(?, 500), "
    "mislukt = IF(?, NOW(3), NULL), geclaimd_door = NULL, geclaimd_tot = NULL "
    "WHERE id = ? AND verzonden IS NULL";
static const char SQL_RELEASE[] = "UPDATE melding_notificatie SET geclaimd_door = NULL, geclaimd_tot = NULL "
                                  "WHERE geclaimd_door = ? AND verzonden IS NULL";
static const char SQL_OPEN[] =
    "SELECT COUNT(*) FROM melding_notificatie WHERE verzonden IS NULL AND mislukt IS NULL";

/* What sql/schema-wachtrij.sql adds, table.column. */
static const char *const COLUMNS[] = {
    "melding_notificatie.pogingen",        "melding_notificatie.weigeringen",
    "melding_notificatie.volgende_poging", "melding_notificatie.geclaimd_door",
    "melding_notificatie.geclaimd_tot",    "melding_notificatie.laatste_fout",
    "melding_notificatie.mislukt",         "organisatie.notificatie_email",
};
#define NCOLUMNS (sizeof COLUMNS / sizeof COLUMNS[0])
static const char SQL_COLUMNS[] =
    "SELECT CONCAT(TABLE_NAME, '.', COLUMN_NAME) FROM information_schema.COLUMNS "
    "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('melding_notificatie', "
    "'organisatie')";

static rod_status exec(rod_db *db, const char *sql, rod_params *p)
{
    return rod_db_exec(db, sql, p, NULL) == ROD_DB_OK ? ROD_OK : rod_db_status(db);
}

/* The claim's transaction: lock the due ids (skipping locked ones), lease
 * them, commit. */
static rod_status lease(rod_db *db, const char *sender, long lease_seconds, int max, int *n, long long *first,
                        long long *last)
{
    static __thread rod_row row;
    static __thread long long ids[1000];
    rod_params p;
    rod_status s;

    *n = 0;
    if (max > (int)(sizeof ids / sizeof ids[0]))
        max = (int)(sizeof ids / sizeof ids[0]);
    if ((s = exec(db, SQL_ISOLATION, NULL)) != ROD_OK || (s = rod_db_begin(db, false)) != ROD_OK)
        return s;
    rod_params_init(&p);
    rod_param_int(&p, max);
    rod_stmt *st = rod_db_query(db, SQL_DUE, &p, &row);
    if (!st) {
        s = rod_db_status(db);
        rod_db_rollback(db);
        return s;
    }
    int r = 0, k = 0;
    while (k < max && (r = rod_db_next(db, st, &row)) == 1)
        ids[k++] = rod_col_int(&row, 0);
    rod_db_end(st);
    if (r < 0 && k < max) {
        s = rod_db_status(db);
        rod_db_rollback(db);
        return s;
    }
    for (int i = 0; i < k; i++) {
        rod_params_init(&p);
        rod_param_str(&p, sender);
        rod_param_int(&p, lease_seconds);
        rod_param_int(&p, ids[i]);
        if ((s = exec(db, SQL_LEASE, &p)) != ROD_OK) {
            rod_db_rollback(db);
            return s;
        }
    }
    if ((s = exec(db, SQL_COMMIT, NULL)) != ROD_OK) {
        rod_db_rollback(db);
        return s;
    }
    *n = k;
    if (k > 0) {
        *first = ids[0];
        *last = ids[k - 1];
    }
    return ROD_OK;
}

rod_status rod_notificatie_claim(rod_db *db, const char *sender, long lease_seconds, rod_notificatie *out,
                                 int max, int *n)
{
    static __thread rod_row row;
    int leased;
    long long first = 0, last = 0;
    rod_status s = lease(db, sender, lease_seconds, max, &leased, &first, &last);

    *n = 0;
    if (s != ROD_OK || leased == 0)
        return s;
    rod_params p;
    rod_params_init(&p);
    rod_param_int(&p, first);
    rod_param_int(&p, last);
    rod_param_str(&p, sender);
    rod_param_int(&p, max);
    rod_stmt *st = rod_db_query(db, SQL_CLAIMED, &p, &row);
    if (!st)
        return rod_db_status(db);
    int r = 0;
    while (*n < max && (r = rod_db_next(db, st, &row)) == 1) {
        rod_notificatie *m = &out[(*n)++];
        m->id = rod_col_int(&row, 0);
        m->meldingnummer = rod_col_int(&row, 1);
        rod_copy(m->soort, sizeof m->soort, rod_col(&row, 2));
        rod_copy(m->verzuimsoort, sizeof m->verzuimsoort, rod_col(&row, 3));
        rod_copy(m->instellingscode, sizeof m->instellingscode, rod_col(&row, 4));
        rod_copy(m->instelling_naam, sizeof m->instelling_naam, rod_col(&row, 5));
        rod_copy(m->gemeente_naam, sizeof m->gemeente_naam, rod_col(&row, 6));
        rod_copy(m->ontvanger, sizeof m->ontvanger, rod_col(&row, 7));
        m->pogingen = (long)rod_col_int(&row, 8);
        m->weigeringen = (long)rod_col_int(&row, 9);
    }
    rod_db_end(st);
    return r < 0 && *n < max ? rod_db_status(db) : ROD_OK;
}

rod_status rod_notificatie_sent(rod_db *db, long long id)
{
    rod_params p;
    rod_params_init(&p);
    rod_param_int(&p, id);
    return exec(db, SQL_SENT, &p);
}

rod_status rod_notificatie_failed(rod_db *db, long long id, bool permanent, long delay_seconds, bool give_up,
                                  const char *error)
{
    rod_params p;
    rod_params_init(&p);
    rod_param_int(&p, permanent ? 1 : 0);
    rod_param_int(&p, delay_seconds);
    rod_param_str(&p, error);
    rod_param_int(&p, give_up ? 1 : 0);
    rod_param_int(&p, id);
    return exec(db, SQL_FAILED, &p);
}

rod_status rod_notificatie_release(rod_db *db, const char *sender)
{
    rod_params p;
    rod_params_init(&p);
    rod_param_str(&p, sender);
    return exec(db, SQL_RELEASE, &p);
}

rod_status rod_notificatie_open(rod_db *db, long long *count)
{
    static __thread rod_row row;
    *count = 0;
    int r = rod_db_first(db, SQL_OPEN, NULL, &row);
    if (r == 1)
        *count = rod_col_int(&row, 0);
    return r == 1 ? ROD_OK : rod_db_status(db);
}

rod_status rod_notificatie_missing_columns(rod_db *db, char *missing, size_t cap)
{
    return rod_db_missing_names(db, SQL_COLUMNS, COLUMNS, NCOLUMNS, missing, cap);
}
