/* Probe for store/db.c's statement cache (tests/hardening/test_stmt_cache.py):
 * runs more distinct statements than the cache has slots, several rounds,
 * on one connection, and prints the server's Prepared_stmt_count before and
 * after. With statements beyond the cache neither cached nor closed, the
 * count grows by one per execute; bounded, it grows at most by the cache.
 * usage: stmt_cache SOCKET DATABASE STATEMENTS ROUNDS */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "store/db.h"

#define MAX_STATEMENTS 1000

/* rod_db identifies a statement by the address of its text: one static
 * buffer per distinct statement */
static char sql[MAX_STATEMENTS][48];
static const char SQL_COUNT[] = "SHOW GLOBAL STATUS LIKE 'Prepared_stmt_count'";

static long long prepared(rod_db *db)
{
    static rod_row row;
    rod_stmt *st = rod_db_query(db, SQL_COUNT, NULL, &row);
    long long n = -1;
    if (st && rod_db_next(db, st, &row) == 1)
        n = rod_col_int(&row, 1);
    rod_db_end(st);
    return n;
}

int main(int argc, char **argv)
{
    if (argc != 5)
        return 2;
    static rod_config cfg;
    snprintf(cfg.db_socket, sizeof cfg.db_socket, "%s", argv[1]);
    snprintf(cfg.db_name, sizeof cfg.db_name, "%s", argv[2]);
    snprintf(cfg.db_user, sizeof cfg.db_user, "root");
    int n = atoi(argv[3]), rounds = atoi(argv[4]);
    if (n < 1 || n > MAX_STATEMENTS)
        return 2;
    rod_db *db = rod_db_new(&cfg);
    if (!db || rod_db_connect(db) != ROD_OK) {
        fprintf(stderr, "stmt_cache: cannot connect\n");
        return 1;
    }
    long long before = prepared(db);
    for (int r = 0; r < rounds; r++)
        for (int i = 0; i < n; i++) {
            snprintf(sql[i], sizeof sql[i], "SELECT %d", i);
            static rod_row row;
            rod_stmt *st = rod_db_query(db, sql[i], NULL, &row);
            if (!st || rod_db_next(db, st, &row) != 1 || rod_col_int(&row, 0) != i) {
                fprintf(stderr, "stmt_cache: statement %d failed\n", i);
                return 1;
            }
            rod_db_end(st);
        }
    long long after = prepared(db);
    rod_db_free(db);
    printf("before=%lld after=%lld\n", before, after);
    return 0;
}
