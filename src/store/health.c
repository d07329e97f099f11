/* The database questions of the metrics listener (store/health.h). */
#include "store/health.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every table the gateway reads or writes (sql/schema*.sql). */
static const char *const TABLES[] = {"organisatie",      "instelling",     "persoon",
                                     "persoon_gegevens", "inschrijving",   "inschrijving_telling",
                                     "melding",          "melding_versie", "melding_notificatie",
                                     "verwerkt_bericht", "audit"};
#define NTABLES (sizeof TABLES / sizeof TABLES[0])

static const char SQL_TABLES[] =
    "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()";

static void add_name(char *list, size_t cap, const char *name)
{
    size_t len = strlen(list);
    snprintf(list + len, cap - len, "%s%s", len ? ", " : "", name);
}

rod_status rod_health_schema(rod_db *db, char *missing, size_t cap)
{
    char procs[200];
    rod_status s = rod_db_missing_procedures(db, procs, sizeof procs);
    if (s != ROD_OK)
        return s;
    if ((s = rod_db_missing_names(db, SQL_TABLES, TABLES, NTABLES, missing, cap)) != ROD_OK)
        return s;
    if (procs[0])
        add_name(missing, cap, procs);
    return ROD_OK;
}

/* What counts as "not yet sent": neither sent nor given up on by
 * rodgate-notify (mislukt, sql/schema-wachtrij.sql). */
#define OUTBOX_UNSENT "verzonden IS NULL AND mislukt IS NULL"

static const char SQL_OUTBOX[] =
    "SELECT soort, COUNT(*), COALESCE(TIMESTAMPDIFF(SECOND, MIN(aangemaakt), UTC_TIMESTAMP(3)), 0) "
    "FROM melding_notificatie WHERE " OUTBOX_UNSENT " GROUP BY soort ORDER BY soort";

rod_status rod_health_outbox(rod_db *db, rod_outbox_soort *out, int *n)
{
    static __thread rod_row row;
    *n = 0;
    rod_stmt *st = rod_db_query(db, SQL_OUTBOX, NULL, &row);
    if (!st)
        return rod_db_status(db);
    int r;
    while ((r = rod_db_next(db, st, &row)) == 1 && *n < ROD_OUTBOX_SOORTEN) {
        rod_outbox_soort *o = &out[(*n)++];
        rod_copy(o->soort, sizeof o->soort, row.val[0]);
        o->unsent = rod_col_int(&row, 1);
        o->oldest_age_s = rod_col_int(&row, 2);
    }
    rod_db_end(st);
    return r < 0 ? rod_db_status(db) : ROD_OK;
}

/* wsrep_on is ON only on a node with a provider; the status variables exist
 * (empty or OFF) on every MariaDB. */
static const char SQL_GALERA[] =
    "SELECT @@GLOBAL.wsrep_on, VARIABLE_NAME, VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS "
    "WHERE VARIABLE_NAME IN ('WSREP_READY', 'WSREP_CONNECTED', 'WSREP_CLUSTER_SIZE', 'WSREP_LOCAL_STATE', "
    "'WSREP_CLUSTER_STATUS', 'WSREP_FLOW_CONTROL_PAUSED', 'WSREP_LOCAL_RECV_QUEUE')";

rod_status rod_health_galera(rod_db *db, rod_galera_state *g)
{
    static __thread rod_row row;
    memset(g, 0, sizeof *g);
    rod_stmt *st = rod_db_query(db, SQL_GALERA, NULL, &row);
    if (!st)
        return rod_db_status(db);
    int r;
    bool on = false;
    while ((r = rod_db_next(db, st, &row)) == 1) {
        on = rod_col_int(&row, 0) == 1;
        const char *name = row.val[1], *v = row.val[2];
        if (strcmp(name, "WSREP_READY") == 0)
            g->ready = strcmp(v, "ON") == 0;
        else if (strcmp(name, "WSREP_CONNECTED") == 0)
            g->connected = strcmp(v, "ON") == 0;
        else if (strcmp(name, "WSREP_CLUSTER_SIZE") == 0)
            g->cluster_size = atoll(v);
        else if (strcmp(name, "WSREP_LOCAL_STATE") == 0)
            g->local_state = atoll(v);
        else if (strcmp(name, "WSREP_CLUSTER_STATUS") == 0)
            g->primary = strcmp(v, "Primary") == 0;
        else if (strcmp(name, "WSREP_FLOW_CONTROL_PAUSED") == 0)
            g->flow_control_paused = atof(v);
        else if (strcmp(name, "WSREP_LOCAL_RECV_QUEUE") == 0)
            g->local_recv_queue = atoll(v);
    }
    rod_db_end(st);
    if (r < 0)
        return rod_db_status(db);
    g->clustered = on && g->cluster_size > 0;
    return ROD_OK;
}
