/* bulkinsert: the anchor of the AanleverenInschrijving scenario. Inserts the
 * rows of a batch (the TSV that genregister writes next to the request) into
 * persoon, persoon_gegevens and inschrijving with array binding
 * (STMT_ATTR_ARRAY_SIZE: one
 * execute per statement for all rows), in one transaction, and prints the
 * seconds from BEGIN to COMMIT as one JSON line.
 *
 *   bulkinsert --socket S --db NAME [--mode raw|gateway] FILE.tsv
 *
 * raw:     INSERT persoon, INSERT persoon_gegevens, INSERT inschrijving
 *          (with the achternaam copy): the least work that stores these rows.
 * gateway: the statements rodgate's store/inschrijving.c executes for a
 *          batch, from its header store/inschrijving_sql.h (insert persoon, upsert the organisation's persoon_gegevens,
 *          upsert inschrijving with the achternaam copy; the triggers of the
 *          schema run in both modes), so the difference to the gateway is
 *          the gateway's own work. The organisation is that of the first
 *          row's instelling (a batch is of one organisation).
 *
 * Build: cc -O2 -std=c11 -D_GNU_SOURCE -Isrc $(mariadb_config --cflags) tools/bench/bulkinsert.c \
 *        $(mariadb_config --libs)
 * Licence: GPL-2.0-or-later. */
#include <mysql.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* rodgate's batch statements themselves (SQL_INSERT_PERSOON,
 * SQL_UPSERT_GEGEVENS, SQL_UPSERT_INSCHRIJVING), with the columns this
 * batch does not fill bound as NULL */
#include "store/inschrijving_sql.h"

enum {
    C_PGN,
    C_SOORT,
    C_GESLACHT,
    C_GEBOORTE,
    C_ACHTERNAAM,
    C_VOORVOEGSELS,
    C_VOORNAMEN,
    C_ADRES,
    C_POSTCODE,
    C_HUISNUMMER,
    C_STRAAT,
    C_PLAATS,
    C_INST,
    C_INSCHRIJF,
    NCOLS
};

static const char RAW_PERSOON[] = "INSERT INTO persoon (pgn, pgn_soort) VALUES (?, ?)";
static const char RAW_GEGEVENS[] =
    "INSERT INTO persoon_gegevens (pgn, organisatie_id, geslacht, geboortedatum, achternaam, voorvoegsels, "
    "voornamen, adres_soort, postcode, huisnummer, straatnaam, plaatsnaam) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char RAW_INSCHRIJVING[] = "INSERT INTO inschrijving (instellingscode, pgn, inschrijfdatum, "
                                       "uitschrijfdatum, achternaam, laatst_gewijzigd) "
                                       "VALUES (?, ?, ?, NULL, ?, UTC_TIMESTAMP(3))";
static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void fail(MYSQL *db, MYSQL_STMT *st, const char *what)
{
    fprintf(stderr, "bulkinsert: %s: %s\n", what, st ? mysql_stmt_error(st) : mysql_error(db));
    exit(1);
}

typedef struct {
    unsigned rows;
    char **val[NCOLS];
    char *ind[NCOLS];
    int *huisnummer;
} table;

static void load(const char *path, table *t)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        exit(1);
    }
    unsigned cap = 1024;
    memset(t, 0, sizeof *t);
    for (int c = 0; c < NCOLS; c++) {
        t->val[c] = malloc(cap * sizeof(char *));
        t->ind[c] = malloc(cap);
    }
    t->huisnummer = malloc(cap * sizeof(int));
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (!*line)
            continue;
        if (t->rows == cap) {
            cap *= 2;
            for (int c = 0; c < NCOLS; c++) {
                t->val[c] = realloc(t->val[c], cap * sizeof(char *));
                t->ind[c] = realloc(t->ind[c], cap);
            }
            t->huisnummer = realloc(t->huisnummer, cap * sizeof(int));
        }
        char *s = line;
        for (int c = 0; c < NCOLS; c++) {
            char *tab = strchr(s, '\t');
            if (tab)
                *tab = '\0';
            bool null = strcmp(s, "\\N") == 0;
            t->val[c][t->rows] = null ? NULL : strdup(s);
            t->ind[c][t->rows] = null ? STMT_INDICATOR_NULL : STMT_INDICATOR_NTS;
            if (c == C_HUISNUMMER) {
                t->huisnummer[t->rows] = atoi(s);
                t->ind[c][t->rows] = STMT_INDICATOR_NONE;
            }
            s = tab ? tab + 1 : s + strlen(s);
        }
        t->rows++;
    }
    fclose(f);
}

static void bind_col(MYSQL_BIND *b, table *t, int c)
{
    memset(b, 0, sizeof *b);
    if (c == C_HUISNUMMER) {
        b->buffer_type = MYSQL_TYPE_LONG;
        b->buffer = t->huisnummer;
    } else {
        b->buffer_type = MYSQL_TYPE_STRING;
        b->buffer = t->val[c];
    }
    b->u.indicator = t->ind[c];
}

static double stmt_s[3];
static int nstmt;

static void exec_array(MYSQL *db, const char *sql, MYSQL_BIND *b, unsigned rows)
{
    double t0 = now_s();
    MYSQL_STMT *st = mysql_stmt_init(db);
    if (!st || mysql_stmt_prepare(st, sql, strlen(sql)))
        fail(db, st, "prepare");
    if (mysql_stmt_attr_set(st, STMT_ATTR_ARRAY_SIZE, &rows))
        fail(db, st, "array size");
    if (mysql_stmt_bind_param(st, b))
        fail(db, st, "bind");
    if (mysql_stmt_execute(st))
        fail(db, st, "execute");
    mysql_stmt_close(st);
    if (nstmt < 3)
        stmt_s[nstmt++] = now_s() - t0;
}

int main(int argc, char **argv)
{
    const char *sock = NULL, *dbname = NULL, *mode = "raw", *file = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--socket") == 0 && i + 1 < argc)
            sock = argv[++i];
        else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
            dbname = argv[++i];
        else if (strcmp(argv[i], "--mode") == 0 && i + 1 < argc)
            mode = argv[++i];
        else
            file = argv[i];
    }
    if (!sock || !dbname || !file || (strcmp(mode, "raw") && strcmp(mode, "gateway"))) {
        fprintf(stderr, "usage: bulkinsert --socket S --db NAME [--mode raw|gateway] FILE.tsv\n");
        return 2;
    }
    table t;
    load(file, &t);

    MYSQL *db = mysql_init(NULL);
    mysql_optionsv(db, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    if (!mysql_real_connect(db, NULL, "root", NULL, dbname, 0, sock, 0))
        fail(db, NULL, "connect");

    /* the organisation of the batch, bound as a column like the gateway does */
    int org = 0;
    char q[128];
    snprintf(q, sizeof q, "SELECT organisatie_id FROM instelling WHERE code = '%.4s'",
             t.rows ? t.val[C_INST][0] : "");
    MYSQL_RES *res;
    MYSQL_ROW row;
    if (mysql_query(db, q) || !(res = mysql_store_result(db)))
        fail(db, NULL, "organisation");
    if ((row = mysql_fetch_row(res)))
        org = atoi(row[0]);
    mysql_free_result(res);
    int *orgs = malloc((t.rows ? t.rows : 1) * sizeof(int));
    char *org_ind = malloc(t.rows ? t.rows : 1);
    for (unsigned r = 0; r < t.rows; r++) {
        orgs[r] = org;
        org_ind[r] = STMT_INDICATOR_NONE;
    }

    double t0 = now_s();
    if (mysql_query(db, "START TRANSACTION"))
        fail(db, NULL, "begin");
    MYSQL_BIND p[2], g[12];
    bind_col(&p[0], &t, C_PGN);
    bind_col(&p[1], &t, C_SOORT);
    static const int gcols[12] = {C_PGN,          -1,          C_GESLACHT, C_GEBOORTE, C_ACHTERNAAM,
                                  C_VOORVOEGSELS, C_VOORNAMEN, C_ADRES,    C_POSTCODE, C_HUISNUMMER,
                                  C_STRAAT,       C_PLAATS};
    for (int i = 0; i < 12; i++)
        if (gcols[i] >= 0)
            bind_col(&g[i], &t, gcols[i]);
    memset(&g[1], 0, sizeof g[1]);
    g[1].buffer_type = MYSQL_TYPE_LONG;
    g[1].buffer = orgs;
    g[1].u.indicator = org_ind;
    /* the inschrijving: instellingscode, pgn, inschrijfdatum, then raw: the
     * achternaam; gateway: uitschrijfdatum, achternaam */
    MYSQL_BIND b[5];
    bind_col(&b[0], &t, C_INST);
    bind_col(&b[1], &t, C_PGN);
    bind_col(&b[2], &t, C_INSCHRIJF);
    if (strcmp(mode, "raw") == 0) {
        exec_array(db, RAW_PERSOON, p, t.rows);
        exec_array(db, RAW_GEGEVENS, g, t.rows);
        bind_col(&b[3], &t, C_ACHTERNAAM);
        exec_array(db, RAW_INSCHRIJVING, b, t.rows);
    } else {
        /* a column of NULLs for what the TSV does not hold */
        char **nulls = calloc(t.rows ? t.rows : 1, sizeof(char *));
        char *null_ind = malloc(t.rows ? t.rows : 1);
        memset(null_ind, STMT_INDICATOR_NULL, t.rows ? t.rows : 1);
        MYSQL_BIND null_col;
        memset(&null_col, 0, sizeof null_col);
        null_col.buffer_type = MYSQL_TYPE_STRING;
        null_col.buffer = nulls;
        null_col.u.indicator = null_ind;
        /* SQL_UPSERT_GEGEVENS: pgn, organisatie_id, geslacht, geboortedatum,
         * achternaam, voorvoegsels, voornamen, adres_soort, postcode,
         * huisnummer, huisletter, huisnummertoevoeging, huisnummeraanduiding,
         * aanduiding_locatie, straatnaam, plaatsnaam, landcode, adresregel1-3 */
        MYSQL_BIND gw[20];
        for (int i = 0; i < 20; i++)
            gw[i] = null_col;
        memcpy(gw, g, 10 * sizeof *g);
        gw[14] = g[10];
        gw[15] = g[11];
        exec_array(db, SQL_INSERT_PERSOON, p, t.rows);
        exec_array(db, SQL_UPSERT_GEGEVENS, gw, t.rows);
        b[3] = null_col;
        bind_col(&b[4], &t, C_ACHTERNAAM);
        exec_array(db, SQL_UPSERT_INSCHRIJVING, b, t.rows);
        free(nulls);
        free(null_ind);
    }
    if (mysql_commit(db))
        fail(db, NULL, "commit");
    double secs = now_s() - t0;
    printf("bulkinsert %s: %u rows in %.3f s (statements %.3f, %.3f, %.3f s)\n", mode, t.rows, secs,
           stmt_s[0], stmt_s[1], stmt_s[2]);
    printf("{\"label\":\"bulkinsert-%s\",\"rows\":%u,\"seconds\":%.6f,\"statement_s\":[%.6f,%.6f,%.6f]}\n",
           mode, t.rows, secs, stmt_s[0], stmt_s[1], stmt_s[2]);
    free(orgs);
    free(org_ind);
    mysql_close(db);
    return 0;
}
