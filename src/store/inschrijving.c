/* SQL for persons, their data per organisation (spec 9.8) and
 * inschrijvingen. A batch is stored with a few array executes (persons, the
 * organisation's data of them, inschrijvingen, the sort copy of the
 * achternaam), so a 10,000-item batch costs a few round trips, not 40,000. */
#include "store/inschrijving.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/pgn.h"
#include "store/alias.h"
#include "store/brp.h"
#include "store/db_mysql.h"
#include "store/inschrijving_sql.h"
#include "store/like.h"

/* 8.6 matching compares with every organisation's data: first the views of
 * all organisations (a plain read along k_gegevens_match; the lowest number
 * when several persons share the identity), then the identity under which
 * the register assigned a number, locked, where concurrent submissions of
 * the same new pupil meet. Only persons with a register-assigned
 * onderwijsnummer match: a school that sends a pupil's data without a number
 * must never learn the BSN another school sent (spec 8.4). */
static const char SQL_MATCH_GEGEVENS[] =
    "SELECT g.pgn FROM persoon_gegevens g JOIN persoon p ON p.pgn = g.pgn AND p.toegekend "
    "WHERE g.match_cs = ? AND g.match_ci = ? "
    /* and the identities a person linked to a BSN had under its old
     * onderwijsnummer (spec 9.1): the old number, which the batch then
     * resolves to the BSN */
    "UNION ALL SELECT alias FROM persoon_alias_match WHERE match_cs = ? AND match_ci = ? ORDER BY 1 LIMIT 1";
static const char SQL_MATCH[] = "SELECT pgn FROM persoon WHERE match_cs = ? AND match_ci = ? FOR UPDATE";
static const char SQL_NEXT_SEQ[] = "SELECT NEXT VALUE FOR onderwijsnummer_seq";
static const char SQL_NEW_PERSOON[] = "INSERT INTO persoon (pgn, pgn_soort, toegekend, match_cs, match_ci) "
                                      "VALUES (?, 'ONDERWIJSNUMMER', TRUE, ?, ?)";
/* pupils the batch sends without a name: the copy from the organisation's
 * own data (rare) */
static const char SQL_COPY_ACHTERNAAM[] =
    "UPDATE inschrijving i JOIN instelling s ON s.code = i.instellingscode "
    "JOIN persoon_gegevens g ON g.pgn = i.pgn AND g.organisatie_id = s.organisatie_id "
    "SET i.achternaam = g.achternaam WHERE i.instellingscode = ? AND i.pgn = ?";

#define ROW_COLUMNS                                                                                        \
    "i.instellingscode, i.pgn, p.pgn_soort, g.geslacht, g.geboortedatum, g.achternaam, g.voorvoegsels, "   \
    "g.voornamen, DATE_FORMAT(i.inschrijfdatum, '%Y-%m-%d'), DATE_FORMAT(i.uitschrijfdatum, '%Y-%m-%d'), " \
    "DATE_FORMAT(i.laatst_gewijzigd, '%Y-%m-%dT%H:%i:%sZ')"

/* laatst_gewijzigd first, compared with the old dates: moved only when
 * they change */
static const char SQL_WIJZIG[] =
    "UPDATE inschrijving SET laatst_gewijzigd = IF(inschrijfdatum <=> CAST(? AS DATE) AND uitschrijfdatum "
    "<=> "
    "CAST(? AS DATE), laatst_gewijzigd, UTC_TIMESTAMP(3)), inschrijfdatum = ?, uitschrijfdatum = ? "
    "WHERE instellingscode = ? AND pgn = ?";
/* The pupil of an inschrijving as the instelling's organisation submitted
 * it (spec 9.8): the instelling is one row, its organisation's
 * persoon_gegevens one primary-key lookup. */
#define ROW_JOIN                                                                                 \
    " JOIN instelling s ON s.code = i.instellingscode JOIN persoon_gegevens g ON g.pgn = i.pgn " \
    "AND g.organisatie_id = s.organisatie_id JOIN persoon p ON p.pgn = i.pgn"
static const char SQL_ONE[] =
    "SELECT " ROW_COLUMNS " FROM inschrijving i" ROW_JOIN " WHERE i.instellingscode = ? AND i.pgn = ?";
static const char SQL_TOUCH[] = "UPDATE inschrijving SET laatst_gewijzigd = UTC_TIMESTAMP(3) WHERE pgn = ?";
#define EXISTS "SELECT 1 FROM inschrijving WHERE instellingscode = ? AND pgn = ?"
static const char SQL_EXISTS[] = EXISTS;
static const char SQL_EXISTS_SHARED[] = EXISTS " LOCK IN SHARE MODE";
static const char SQL_EXISTS_FOR_UPDATE[] = EXISTS " FOR UPDATE";

#define OVERZICHT_FILTER                                  \
    " AND (? IS NULL OR i.achternaam LIKE ? ESCAPE '!') " \
    "AND (? IS NULL OR (i.inschrijfdatum <= ? AND (i.uitschrijfdatum IS NULL OR i.uitschrijfdatum >= ?)))"
/* one instelling at a time: equality on the first index column, so the
 * order by achternaam, pgn is the index order and LIMIT stops early */
#define PAGE_FROM  " FROM inschrijving i" ROW_JOIN " WHERE i.instellingscode = ?"
#define PAGE_ORDER " ORDER BY i.achternaam, i.pgn LIMIT ? OFFSET ?"
/* gewijzigdSinds, two plans per instelling, both with a forced index (the
 * optimizer's choice under LIMIT is not stable). With few changes (a day's,
 * the usual request) the range of (instellingscode, laatst_gewijzigd) and
 * a sort of its few rows; with many (a month's) a walk along
 * (instellingscode, achternaam, pgn) that skips unchanged rows and stops at
 * LIMIT. The count decides (walk_cheaper; docs/performance.md, "Changes
 * since"). */
#define SINDS_WHERE " WHERE i.instellingscode = ? AND i.laatst_gewijzigd >= ?"
#define RANGE_FROM  " FROM inschrijving i FORCE INDEX (k_inschrijving_sinds)" ROW_JOIN SINDS_WHERE
#define WALK_FROM   " FROM inschrijving i FORCE INDEX (k_inschrijving_overzicht)" ROW_JOIN SINDS_WHERE
/* metAdres: the organisation's address of the pupil (the BRP's replaces it
 * in copy_row) */
#define ADRES_COLUMNS                                                                                       \
    ", g.adres_soort, g.postcode, g.huisnummer, g.huisletter, g.huisnummertoevoeging, "                     \
    "g.huisnummeraanduiding, g.aanduiding_locatie, g.straatnaam, g.plaatsnaam, g.landcode, g.adresregel1, " \
    "g.adresregel2, g.adresregel3"
#define ADRES_FIRST 11
/* SQL_CACHE on the overview's statements: MariaDB's query cache (DEMAND
 * mode, so nothing else is cached; tools/mariadb.sh) answers a repeated
 * statement with the same parameters from memory until a write to any
 * table it reads is committed, which drops the entry. InnoDB lets a
 * transaction use an entry only when it may see it. docs/performance.md,
 * section 2. */
static const char SQL_PAGE[] = "SELECT SQL_CACHE " ROW_COLUMNS PAGE_FROM OVERZICHT_FILTER PAGE_ORDER;
static const char SQL_PAGE_ADRES[] =
    "SELECT SQL_CACHE " ROW_COLUMNS ADRES_COLUMNS PAGE_FROM OVERZICHT_FILTER PAGE_ORDER;
static const char SQL_PAGE_RANGE[] = "SELECT SQL_CACHE " ROW_COLUMNS RANGE_FROM OVERZICHT_FILTER PAGE_ORDER;
static const char SQL_PAGE_RANGE_ADRES[] =
    "SELECT SQL_CACHE " ROW_COLUMNS ADRES_COLUMNS RANGE_FROM OVERZICHT_FILTER PAGE_ORDER;
static const char SQL_PAGE_WALK[] = "SELECT SQL_CACHE " ROW_COLUMNS WALK_FROM OVERZICHT_FILTER PAGE_ORDER;
static const char SQL_PAGE_WALK_ADRES[] =
    "SELECT SQL_CACHE " ROW_COLUMNS ADRES_COLUMNS WALK_FROM OVERZICHT_FILTER PAGE_ORDER;
/* gewijzigdSinds: counted per instelling along the range, with the
 * instelling's size from its counter */
static const char SQL_COUNT_SINDS[] =
    "SELECT SQL_CACHE COUNT(*), (SELECT aantal FROM inschrijving_telling WHERE instellingscode = ?) "
    "FROM inschrijving i FORCE INDEX (k_inschrijving_sinds)" SINDS_WHERE OVERZICHT_FILTER;
/* unfiltered: the counters kept by triggers (sql/schema-telling.sql) */
static const char SQL_TELLING[] = "SELECT SQL_CACHE instellingscode, aantal FROM inschrijving_telling WHERE "
                                  "FIND_IN_SET(instellingscode, ?) > 0";
/* filtered: counted, one range of the (instellingscode, achternaam, pgn) index per instelling */
static const char SQL_COUNT[] =
    "SELECT SQL_CACHE i.instellingscode, COUNT(*) FROM inschrijving i "
    "WHERE FIND_IN_SET(i.instellingscode, ?) > 0" OVERZICHT_FILTER " GROUP BY i.instellingscode";
/* The usual request, an unfiltered early page, in one round trip: the
 * first instelling's page with the counters as an extra column (an
 * uncorrelated subquery, evaluated once; same statement, same snapshot).
 * Cheaper in MariaDB than the two statements and than a UNION of them. */
static const char SQL_PAGE_TELLING[] =
    "SELECT SQL_CACHE " ROW_COLUMNS
    ", (SELECT GROUP_CONCAT(instellingscode, ':', aantal) FROM inschrijving_telling "
    "WHERE FIND_IN_SET(instellingscode, ?) > 0)" PAGE_FROM PAGE_ORDER;
/* Beyond this offset a page may lie past the first instelling, whose rows
 * the combined statement would walk for nothing. */
#define PAGE_TELLING_MAX_OFFSET 1000

/* ---- batch ------------------------------------------------------------------ */

/* Column-wise arrays for the bulk executes. */
typedef struct {
    int rows;
    const char **s[24];
    char *ind[24];
    int *ints[24];
} columns;

static bool columns_init(columns *c, int rows, int nstr, int nint)
{
    memset(c, 0, sizeof *c);
    c->rows = rows;
    for (int i = 0; i < nstr + nint; i++) {
        c->ind[i] = calloc((size_t)rows, 1);
        if (!c->ind[i])
            return false;
        if (i < nstr)
            c->s[i] = calloc((size_t)rows, sizeof(char *));
        else
            c->ints[i] = calloc((size_t)rows, sizeof(int));
        if (!c->s[i] && !c->ints[i])
            return false;
    }
    return true;
}

static void columns_free(columns *c)
{
    for (int i = 0; i < 24; i++) {
        free(c->s[i]);
        free(c->ind[i]);
        free(c->ints[i]);
    }
}

static void set_str(columns *c, int col, int row, const char *v)
{
    c->s[col][row] = v;
    c->ind[col][row] = v ? STMT_INDICATOR_NTS : STMT_INDICATOR_NULL;
}

static void set_int(columns *c, int col, int row, int v, bool null)
{
    c->ints[col][row] = v;
    c->ind[col][row] = null ? STMT_INDICATOR_NULL : STMT_INDICATOR_NONE;
}

static void bind_columns(columns *c, MYSQL_BIND *b, int n)
{
    memset(b, 0, sizeof(MYSQL_BIND) * (size_t)n);
    for (int i = 0; i < n; i++) {
        if (c->s[i]) {
            b[i].buffer_type = MYSQL_TYPE_STRING;
            b[i].buffer = (void *)c->s[i];
        } else {
            b[i].buffer_type = MYSQL_TYPE_LONG;
            b[i].buffer = c->ints[i];
        }
        b[i].u.indicator = c->ind[i];
    }
}

static const char *adres_name(rod_adres_soort a)
{
    return a == ROD_ADRES_BINNENLAND ? "BINNENLAND" : a == ROD_ADRES_BUITENLAND ? "BUITENLAND" : NULL;
}

/* The identity of a pupil without a number (spec 8.6), split in the part
 * compared exactly and the part compared ignoring case. */
static void match_key(const rod_persoon_data *p, char cs[64], char ci[1024])
{
    if (p->adres == ROD_ADRES_BINNENLAND) {
        snprintf(cs, 64, "%s|%s|B|%s|%d|%s", p->geboortedatum, p->geslacht, p->postcode, p->huisnummer,
                 p->toevoeging ? p->toevoeging : "");
        snprintf(ci, 1024, "%s\x1f%s", p->achternaam, p->huisletter ? p->huisletter : "");
    } else {
        snprintf(cs, 64, "%s|%s|L|%s", p->geboortedatum, p->geslacht, p->landcode);
        snprintf(ci, 1024, "%s\x1f%s", p->achternaam, p->regel1 ? p->regel1 : "");
    }
}

static rod_status find_persoon(rod_db *db, const char *sql, const char *cs, const char *ci, char pgn[10],
                               bool *found)
{
    static __thread rod_row row;
    rod_params p;
    rod_params_init(&p);
    for (int i = 0; i < (sql == SQL_MATCH_GEGEVENS ? 2 : 1); i++) {
        rod_param_str(&p, cs);
        rod_param_str(&p, ci);
    }
    *found = false;
    int r = rod_db_first(db, sql, &p, &row);
    if (r == 1) {
        rod_copy(pgn, 10, row.val[0]);
        *found = true;
    }
    return r < 0 ? rod_db_status(db) : ROD_OK;
}

static rod_status next_seq(rod_db *db, unsigned long *seq)
{
    static __thread rod_row row;
    int r = rod_db_first(db, SQL_NEXT_SEQ, NULL, &row);
    if (r == 1)
        *seq = strtoul(row.val[0], NULL, 10);
    return r == 1 ? ROD_OK : rod_db_status(db);
}

/* Finds the person submitted earlier with the same identity, or creates one
 * with a fresh onderwijsnummer. Two concurrent requests for the same new
 * person meet at the unique key on (match_cs, match_ci): the second waits
 * and then finds the first. */
static rod_status assign_number(rod_db *db, rod_inschrijving_data *it)
{
    char cs[64], ci[1024]; /* achternaam (200) and adresregel1 (35) in UTF-8: up to 4 bytes a character */
    match_key(&it->p, cs, ci);
    bool found;
    rod_status s = find_persoon(db, SQL_MATCH_GEGEVENS, cs, ci, it->pgn, &found);
    if (s != ROD_OK || found) {
        it->is_bsn = false;
        return s;
    }
    for (int tries = 0; tries < 1000; tries++) {
        s = find_persoon(db, SQL_MATCH, cs, ci, it->pgn, &found);
        if (s != ROD_OK)
            return s;
        if (found) {
            it->is_bsn = false;
            return ROD_OK;
        }
        unsigned long seq = 0;
        char number[ROD_PGN_BUFSIZE];
        do {
            if ((s = next_seq(db, &seq)) != ROD_OK)
                return s;
            if (seq > ROD_ONDERWIJSNUMMER_SEQ_MAX) {
                return ROD_INTERNAL; /* the number range is exhausted */
            }
        } while (!rod_onderwijsnummer_from_seq(seq, number));
        rod_params p;
        rod_params_init(&p);
        rod_param_str(&p, number);
        rod_param_str(&p, cs);
        rod_param_str(&p, ci);
        rod_dbrc rc = rod_db_exec(db, SQL_NEW_PERSOON, &p, NULL);
        if (rc == ROD_DB_OK) {
            snprintf(it->pgn, sizeof it->pgn, "%s", number);
            it->is_bsn = false;
            return ROD_OK;
        }
        if (rc == ROD_DB_ERR)
            return rod_db_status(db);
        /* duplicate: the number was taken by a submitted onderwijsnummer, or
         * a concurrent request created this person; look again */
    }
    return ROD_INTERNAL;
}

enum {
    P_PGN,
    P_SOORT,
    P_GESLACHT,
    P_GEBOORTE,
    P_ACHTERNAAM,
    P_VOORVOEGSELS,
    P_VOORNAMEN,
    P_ADRES,
    P_POSTCODE,
    P_HUISLETTER,
    P_TOEVOEGING,
    P_AANDUIDING,
    P_LOCATIE,
    P_STRAAT,
    P_PLAATS,
    P_LAND,
    P_REGEL1,
    P_REGEL2,
    P_REGEL3,
    P_HUISNUMMER,
    P_ORG,
    P_NCOLS
};
#define GEGEVENS_NCOLS (P_NCOLS - 1) /* all but P_SOORT */
/* the order of the placeholders in SQL_UPSERT_GEGEVENS */
static const int gegevens_order[GEGEVENS_NCOLS] = {
    P_PGN,    P_ORG,      P_GESLACHT,   P_GEBOORTE,   P_ACHTERNAAM, P_VOORVOEGSELS, P_VOORNAMEN,
    P_ADRES,  P_POSTCODE, P_HUISNUMMER, P_HUISLETTER, P_TOEVOEGING, P_AANDUIDING,   P_LOCATIE,
    P_STRAAT, P_PLAATS,   P_LAND,       P_REGEL1,     P_REGEL2,     P_REGEL3};

static rod_status upsert_personen(rod_db *db, long long organisatie_id, const rod_inschrijving_data *items,
                                  int n)
{
    columns c;
    rod_status s = ROD_INTERNAL;
    if (!columns_init(&c, n, P_HUISNUMMER, 2))
        goto out;
    for (int r = 0; r < n; r++) {
        const rod_persoon_data *p = &items[r].p;
        bool bin = p->adres == ROD_ADRES_BINNENLAND, bui = p->adres == ROD_ADRES_BUITENLAND;
        set_str(&c, P_PGN, r, items[r].pgn);
        set_str(&c, P_SOORT, r, items[r].is_bsn ? "BSN" : "ONDERWIJSNUMMER");
        set_str(&c, P_GESLACHT, r, p->geslacht);
        set_str(&c, P_GEBOORTE, r, p->geboortedatum);
        set_str(&c, P_ACHTERNAAM, r, p->achternaam);
        set_str(&c, P_VOORVOEGSELS, r, p->voorvoegsels);
        set_str(&c, P_VOORNAMEN, r, p->voornamen);
        set_str(&c, P_ADRES, r, adres_name(p->adres));
        set_str(&c, P_POSTCODE, r, bin ? p->postcode : NULL);
        set_str(&c, P_HUISLETTER, r, bin ? p->huisletter : NULL);
        set_str(&c, P_TOEVOEGING, r, bin ? p->toevoeging : NULL);
        set_str(&c, P_AANDUIDING, r, bin ? p->aanduiding : NULL);
        set_str(&c, P_LOCATIE, r, bin ? p->aanduiding_locatie : NULL);
        set_str(&c, P_STRAAT, r, bin ? p->straatnaam : NULL);
        set_str(&c, P_PLAATS, r, bin ? p->plaatsnaam : NULL);
        set_str(&c, P_LAND, r, bui ? p->landcode : NULL);
        set_str(&c, P_REGEL1, r, bui ? p->regel1 : NULL);
        set_str(&c, P_REGEL2, r, bui ? p->regel2 : NULL);
        set_str(&c, P_REGEL3, r, bui ? p->regel3 : NULL);
        set_int(&c, P_HUISNUMMER, r, p->huisnummer, !bin);
        set_int(&c, P_ORG, r, (int)organisatie_id, false);
    }
    MYSQL_BIND natural[P_NCOLS], b[GEGEVENS_NCOLS], bp[2];
    bind_columns(&c, natural, P_NCOLS);
    bp[0] = natural[P_PGN];
    bp[1] = natural[P_SOORT];
    for (int i = 0; i < GEGEVENS_NCOLS; i++)
        b[i] = natural[gegevens_order[i]];
    s = rod_db_exec_array(db, SQL_INSERT_PERSOON, bp, (unsigned)n) == ROD_DB_OK &&
                rod_db_exec_array(db, SQL_UPSERT_GEGEVENS, b, (unsigned)n) == ROD_DB_OK
            ? ROD_OK
            : rod_db_status(db);
out:
    columns_free(&c);
    return s;
}

static rod_status upsert_inschrijvingen(rod_db *db, const rod_inschrijving_data *items, int n)
{
    columns c, nameless;
    rod_status s = ROD_INTERNAL;
    memset(&nameless, 0, sizeof nameless);
    if (!columns_init(&c, n, 5, 0) || !columns_init(&nameless, n, 2, 0))
        goto out;
    for (int r = 0; r < n; r++) {
        set_str(&c, 0, r, items[r].instellingscode);
        set_str(&c, 1, r, items[r].pgn);
        set_str(&c, 2, r, items[r].inschrijfdatum);
        set_str(&c, 3, r, items[r].uitschrijfdatum);
    }
    /* Per pupil (the items are sorted by pgn, ties in request order) the
     * achternaam the upsert of the organisation's data kept: the last one
     * sent, if any (all items of a batch are of one organisation). */
    int k = 0;
    for (int from = 0, to; from < n; from = to) {
        const char *last = NULL;
        for (to = from; to < n && strcmp(items[to].pgn, items[from].pgn) == 0; to++)
            if (items[to].p.achternaam)
                last = items[to].p.achternaam;
        for (int r = from; r < to; r++) {
            set_str(&c, 4, r, last);
            if (!last) {
                set_str(&nameless, 0, k, items[r].instellingscode);
                set_str(&nameless, 1, k++, items[r].pgn);
            }
        }
    }
    MYSQL_BIND b[5], bn[2];
    bind_columns(&c, b, 5);
    bind_columns(&nameless, bn, 2);
    if (rod_db_exec_array(db, SQL_UPSERT_INSCHRIJVING, b, (unsigned)n) != ROD_DB_OK ||
        (k > 0 && rod_db_exec_array(db, SQL_COPY_ACHTERNAAM, bn, (unsigned)k) != ROD_DB_OK)) {
        s = rod_db_status(db);
        goto out;
    }
    /* a changed name reaches the organisation's inschrijvingen at its other
     * instellingen through the trigger persoon_gegevens_achternaam_kopie
     * (sql/schema-achternaam.sql) */
    s = ROD_OK;
out:
    columns_free(&c);
    columns_free(&nameless);
    return s;
}

typedef struct {
    const char *pgn;
    int position;
} sortable;

static int by_pgn_then_position(const void *a, const void *b)
{
    const sortable *x = a, *y = b;
    int c = strcmp(x->pgn, y->pgn);
    return c ? c : (x->position > y->position) - (x->position < y->position);
}

rod_status rod_store_inschrijvingen(rod_db *db, long long organisatie_id, rod_inschrijving_data *items, int n)
{
    if (n <= 0)
        return ROD_OK;
    for (int i = 0; i < n; i++) {
        if (items[i].pgn[0])
            continue;
        rod_status s = assign_number(db, &items[i]);
        if (s != ROD_OK)
            return s;
    }
    /* Old onderwijsnummers linked to a BSN (spec 9.1), sent or found by
     * matching, become the BSN before any person is written: a locking read
     * that a concurrent KoppelenBsn waits for or makes this wait
     * (store/alias.h). */
    rod_alias_ref *refs = malloc(sizeof *refs * (size_t)n);
    if (!refs)
        return ROD_INTERNAL;
    for (int i = 0; i < n; i++)
        refs[i] = (rod_alias_ref){items[i].pgn, &items[i].is_bsn};
    rod_status resolved = rod_alias_resolve(db, refs, n, true);
    free(refs);
    if (resolved != ROD_OK)
        return resolved;
    /* Upsert in pgn order: concurrent batches that share pupils then lock
     * rows in the same order and rarely deadlock. The sort is stable (ties
     * keep request order), so a later item for the same pupil still
     * replaces an earlier one. The caller's array keeps its order. */
    sortable *order = malloc(sizeof *order * (size_t)n);
    rod_inschrijving_data *sorted = malloc(sizeof *sorted * (size_t)n);
    if (!order || !sorted) {
        free(order);
        free(sorted);
        return ROD_INTERNAL;
    }
    for (int i = 0; i < n; i++)
        order[i] = (sortable){items[i].pgn, i};
    qsort(order, (size_t)n, sizeof *order, by_pgn_then_position);
    for (int i = 0; i < n; i++)
        sorted[i] = items[order[i].position];
    rod_status s = upsert_personen(db, organisatie_id, sorted, n);
    if (s == ROD_OK)
        s = upsert_inschrijvingen(db, sorted, n);
    free(order);
    free(sorted);
    return s;
}

/* ---- single rows --------------------------------------------------------------- */

static void copy_row(rod_inschrijving_row *o, const rod_row *r)
{
    memset(o, 0, sizeof *o);
    rod_copy(o->instellingscode, sizeof o->instellingscode, r->val[0]);
    rod_copy(o->pgn, sizeof o->pgn, r->val[1]);
    o->is_bsn = strcmp(r->val[2], "BSN") == 0;
    rod_copy(o->geslacht, sizeof o->geslacht, r->val[3]);
    rod_copy(o->geboortedatum, sizeof o->geboortedatum, r->val[4]);
    if ((o->has_achternaam = !r->null[5]))
        rod_copy(o->achternaam, sizeof o->achternaam, r->val[5]);
    if ((o->has_voorvoegsels = !r->null[6]))
        rod_copy(o->voorvoegsels, sizeof o->voorvoegsels, r->val[6]);
    if ((o->has_voornamen = !r->null[7]))
        rod_copy(o->voornamen, sizeof o->voornamen, r->val[7]);
    rod_copy(o->inschrijfdatum, sizeof o->inschrijfdatum, r->val[8]);
    if ((o->has_uitschrijfdatum = !r->null[9]))
        rod_copy(o->uitschrijfdatum, sizeof o->uitschrijfdatum, r->val[9]);
    rod_copy(o->laatst_gewijzigd, sizeof o->laatst_gewijzigd, r->val[10]);
}

/* The address columns from ADRES_FIRST; for a bsn in the BRP extract the
 * BRP's address instead (spec 9.5: every organisation sees it). */
static void copy_adres(rod_inschrijving_row *o, const rod_row *r)
{
    rod_brp_adres brp;
    if (o->is_bsn && rod_brp_adres_of(o->pgn, &brp)) {
        o->adres = ROD_ADRES_BINNENLAND;
        rod_copy(o->postcode, sizeof o->postcode, brp.postcode);
        o->huisnummer = brp.huisnummer;
        rod_copy(o->huisletter, sizeof o->huisletter, brp.huisletter);
        rod_copy(o->toevoeging, sizeof o->toevoeging, brp.toevoeging);
        rod_copy(o->straatnaam, sizeof o->straatnaam, brp.straatnaam);
        rod_copy(o->plaatsnaam, sizeof o->plaatsnaam, brp.plaatsnaam);
        return;
    }
    const char *soort = rod_col(r, ADRES_FIRST);
    o->adres = !soort                             ? ROD_ADRES_GEEN
               : strcmp(soort, "BUITENLAND") == 0 ? ROD_ADRES_BUITENLAND
                                                  : ROD_ADRES_BINNENLAND;
    struct {
        char *dst;
        size_t cap;
    } cols[] = {{o->postcode, sizeof o->postcode},     {NULL, 0}, /* huisnummer */
                {o->huisletter, sizeof o->huisletter}, {o->toevoeging, sizeof o->toevoeging},
                {o->aanduiding, sizeof o->aanduiding}, {o->aanduiding_locatie, sizeof o->aanduiding_locatie},
                {o->straatnaam, sizeof o->straatnaam}, {o->plaatsnaam, sizeof o->plaatsnaam},
                {o->landcode, sizeof o->landcode},     {o->regel1, sizeof o->regel1},
                {o->regel2, sizeof o->regel2},         {o->regel3, sizeof o->regel3}};
    for (int i = 0; i < (int)(sizeof cols / sizeof cols[0]); i++)
        if (cols[i].dst && !r->null[ADRES_FIRST + 1 + i])
            rod_copy(cols[i].dst, cols[i].cap, r->val[ADRES_FIRST + 1 + i]);
    o->huisnummer = r->null[ADRES_FIRST + 2] ? 0 : (int)rod_col_int(r, ADRES_FIRST + 2);
}

rod_status rod_store_inschrijving_exists(rod_db *db, const char *instellingscode, const char *pgn,
                                         rod_read_lock lock, bool *found)
{
    static const char *const sql[] = {
        [ROD_READ_SNAPSHOT] = SQL_EXISTS,
        [ROD_READ_SHARED] = SQL_EXISTS_SHARED,
        [ROD_READ_FOR_UPDATE] = SQL_EXISTS_FOR_UPDATE,
    };
    static __thread rod_row row;
    rod_params p;
    rod_params_init(&p);
    rod_param_str(&p, instellingscode);
    rod_param_str(&p, pgn);
    *found = false;
    int r = rod_db_first(db, sql[lock], &p, &row);
    if (r < 0)
        return rod_db_status(db);
    *found = r == 1;
    return ROD_OK;
}

rod_status rod_store_wijzig_inschrijving(rod_db *db, const char *instellingscode, const char *pgn,
                                         const char *inschrijfdatum, const char *uitschrijfdatum,
                                         rod_inschrijving_row *out, bool *found)
{
    static __thread rod_row row;
    rod_status s = rod_store_inschrijving_exists(db, instellingscode, pgn, ROD_READ_FOR_UPDATE, found);
    if (s != ROD_OK || !*found)
        return s;
    *found = false;
    rod_params p;
    rod_params_init(&p);
    rod_param_str(&p, inschrijfdatum);
    rod_param_str(&p, uitschrijfdatum);
    rod_param_str(&p, inschrijfdatum);
    rod_param_str(&p, uitschrijfdatum);
    rod_param_str(&p, instellingscode);
    rod_param_str(&p, pgn);
    if (rod_db_exec(db, SQL_WIJZIG, &p, NULL) != ROD_DB_OK)
        return rod_db_status(db);
    rod_params_init(&p);
    rod_param_str(&p, instellingscode);
    rod_param_str(&p, pgn);
    int r = rod_db_first(db, SQL_ONE, &p, &row);
    if (r == 1) {
        copy_row(out, &row);
        *found = true;
    }
    return r < 0 ? rod_db_status(db) : ROD_OK;
}

rod_status rod_store_touch_inschrijvingen(rod_db *db, const char *const *pgns, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        rod_params p;
        rod_params_init(&p);
        rod_param_str(&p, pgns[i]);
        if (rod_db_exec(db, SQL_TOUCH, &p, NULL) != ROD_DB_OK)
            return rod_db_status(db);
    }
    return ROD_OK;
}

static void filter_params(rod_params *p, const char *pattern, const char *peildatum)
{
    rod_param_str(p, pattern);
    rod_param_str(p, pattern);
    rod_param_str(p, peildatum);
    rod_param_str(p, peildatum);
    rod_param_str(p, peildatum);
}

/* "31XU:120,31XV:7" (GROUP_CONCAT of the counters) into counts[] by code */
static void parse_counters(const char *text, const char *const *codes, int ncodes, long long *counts)
{
    while (*text) {
        const char *colon = strchr(text, ':');
        if (!colon)
            return;
        for (int i = 0; i < ncodes; i++)
            if ((size_t)(colon - text) == strlen(codes[i]) &&
                strncmp(codes[i], text, (size_t)(colon - text)) == 0)
                counts[i] = strtoll(colon + 1, NULL, 10);
        const char *comma = strchr(colon, ',');
        if (!comma)
            return;
        text = comma + 1;
    }
}

/* One instelling's count along the gewijzigdSinds range, and its size. */
static rod_status count_sinds(rod_db *db, const char *code, const rod_overzicht_filter *q,
                              const char *pattern, long long *count, long long *size)
{
    static __thread rod_row row;
    rod_params p;
    rod_params_init(&p);
    rod_param_str(&p, code);
    rod_param_str(&p, code);
    rod_param_str(&p, q->sinds);
    filter_params(&p, q->zoek ? pattern : NULL, q->peildatum);
    int r = rod_db_first(db, SQL_COUNT_SINDS, &p, &row);
    *count = r == 1 ? rod_col_int(&row, 0) : 0;
    *size = r == 1 && !row.null[1] ? rod_col_int(&row, 1) : 0;
    return r < 0 ? rod_db_status(db) : ROD_OK;
}

/* The range reads all `changed` rows and sorts them; the walk reads about
 * (offset + limit) * size / changed rows in index order (the changed rows
 * spread over the names). The walk wins when changed^2 exceeds
 * (offset + limit) * size. */
static bool walk_cheaper(long long changed, long long size, long long offset, int limit)
{
    return changed > 0 && (double)changed * (double)changed > (double)(offset + limit) * (double)size;
}

rod_status rod_store_overzicht(rod_db *db, const char *const *codes, int ncodes,
                               const rod_overzicht_filter *q, long long offset, int limit, long long *total,
                               rod_inschrijving_row *rows, int *nrows)
{
    static __thread rod_row row;
    const char *zoek = q->zoek, *peildatum = q->peildatum;
    /* LIKE pattern: the search text as a literal substring */
    char pattern[1024] = "%";
    if (zoek)
        rod_like_substring(pattern, sizeof pattern, zoek);
    int scope = ncodes < ROD_OVERZICHT_MAX_SCOPE ? ncodes : ROD_OVERZICHT_MAX_SCOPE;
    char csv[ROD_OVERZICHT_MAX_SCOPE * 5 + 1] = "";
    size_t off = 0;
    for (int i = 0; i < scope; i++)
        off += (size_t)snprintf(csv + off, sizeof csv - off, "%s%.4s", i ? "," : "", codes[i]);
    long long counts[ROD_OVERZICHT_MAX_SCOPE] = {0};
    *total = 0;
    *nrows = 0;

    bool filtered = zoek || peildatum;
    rod_params p;
    MYSQL_STMT *st;
    int r;
    int first = 0; /* the first instelling still to page through */
    long long skip = offset;

    bool walk[ROD_OVERZICHT_MAX_SCOPE] = {false};
    if (q->sinds) {
        for (int i = 0; i < scope; i++) {
            long long size;
            rod_status s = count_sinds(db, codes[i], q, pattern, &counts[i], &size);
            if (s != ROD_OK)
                return s;
            walk[i] = walk_cheaper(counts[i], size, offset, limit);
        }
    } else if (!filtered && !q->met_adres && scope > 0 && offset < PAGE_TELLING_MAX_OFFSET) {
        rod_params_init(&p);
        rod_param_str(&p, csv);
        rod_param_str(&p, codes[0]);
        rod_param_int(&p, limit);
        rod_param_int(&p, offset);
        if (!(st = rod_db_query(db, SQL_PAGE_TELLING, &p, &row)))
            return rod_db_status(db);
        bool counted = false;
        while ((r = rod_db_next(db, st, &row)) == 1) {
            if (!counted) {
                parse_counters(row.null[11] ? "" : row.val[11], codes, scope, counts);
                counted = true;
            }
            if (*nrows < limit)
                copy_row(&rows[(*nrows)++], &row);
        }
        rod_db_end(st);
        if (r < 0)
            return rod_db_status(db);
        if (counted) { /* else: no row at this offset; the general path below */
            first = 1;
            skip = offset > counts[0] ? offset - counts[0] : 0;
        }
    }
    if (!first && !q->sinds) {
        rod_params_init(&p);
        rod_param_str(&p, csv);
        if (filtered)
            filter_params(&p, zoek ? pattern : NULL, peildatum);
        if (!(st = rod_db_query(db, filtered ? SQL_COUNT : SQL_TELLING, &p, &row)))
            return rod_db_status(db);
        while ((r = rod_db_next(db, st, &row)) == 1)
            for (int i = 0; i < scope; i++)
                if (strcmp(codes[i], row.val[0]) == 0)
                    counts[i] = rod_col_int(&row, 1);
        rod_db_end(st);
        if (r < 0)
            return rod_db_status(db);
    }
    for (int i = 0; i < scope; i++)
        *total += counts[i];

    /* the page runs over the instellingen in code order */
    for (int i = first; i < scope && *nrows < limit; i++) {
        if (skip >= counts[i]) {
            skip -= counts[i];
            continue;
        }
        rod_params_init(&p);
        rod_param_str(&p, codes[i]);
        if (q->sinds)
            rod_param_str(&p, q->sinds);
        filter_params(&p, zoek ? pattern : NULL, peildatum);
        rod_param_int(&p, limit - *nrows);
        rod_param_int(&p, skip);
        skip = 0;
        static const char *const page_sql[3][2] = {{SQL_PAGE, SQL_PAGE_ADRES},
                                                   {SQL_PAGE_RANGE, SQL_PAGE_RANGE_ADRES},
                                                   {SQL_PAGE_WALK, SQL_PAGE_WALK_ADRES}};
        const char *sql = page_sql[!q->sinds ? 0 : walk[i] ? 2 : 1][q->met_adres];
        if (!(st = rod_db_query(db, sql, &p, &row)))
            return rod_db_status(db);
        while ((r = rod_db_next(db, st, &row)) == 1 && *nrows < limit) {
            copy_row(&rows[*nrows], &row);
            if (q->met_adres)
                copy_adres(&rows[*nrows], &row);
            (*nrows)++;
        }
        rod_db_end(st);
        if (r < 0)
            return rod_db_status(db);
    }
    return ROD_OK;
}
