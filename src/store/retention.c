/* The retention jobs: the SQL of each, run in batches until nothing is left
 * (persoonsgegevens through sql/schema-retention.sql's procedure). */
#include "store/retention.h"

#include <stdio.h>
#include <string.h>

#include "rules/date.h"
#include "store/audit.h"

/* Each batch is its own transaction (autocommit), so a job never holds
 * many locks for long and a run stopped half-way leaves consistent data. */
#define BATCH            10000
#define PUPILS_PER_BATCH 500

/* The cut-off is the start (00:00) of the register's date minus the period:
 * a row of that day or later stays. verwerkt_bericht.ontvangen is the
 * gateway session's UTC time (store/db.c). */
static const char SQL_IDEMPOTENTIE[] =
    "DELETE FROM verwerkt_bericht WHERE ontvangen < CAST(? AS DATE) - INTERVAL ? DAY LIMIT 10000";
/* bericht_metadata.ontvangen is UTC as well (the overview of sent messages,
 * spec 9.3: kept at least 90 days) */
static const char SQL_BERICHTEN[] =
    "DELETE FROM bericht_metadata WHERE ontvangen < CAST(? AS DATE) - INTERVAL ? DAY LIMIT 10000";
static const char SQL_PERSOONSGEGEVENS[] =
    "CALL rod_retentie_persoonsgegevens(?, ?, ?, ?, @rod_retentie_gevonden, "
    "@rod_retentie_aantal, @rod_retentie_laatste)";
static const char SQL_PERSOONSGEGEVENS_AANTAL[] =
    "SELECT @rod_retentie_gevonden, @rod_retentie_aantal, @rod_retentie_laatste";

static const char *const names[ROD_JOB_COUNT] = {"idempotentie", "persoonsgegevens", "audit", "berichten"};

const char *rod_job_name(rod_job job)
{
    return job < ROD_JOB_COUNT ? names[job] : "?";
}

bool rod_job_from_name(const char *name, rod_job *out)
{
    for (int i = 0; i < ROD_JOB_COUNT; i++)
        if (strcmp(name, names[i]) == 0) {
            *out = (rod_job)i;
            return true;
        }
    return false;
}

void rod_job_config(const rod_config *cfg, rod_config *out)
{
    *out = *cfg;
    memcpy(out->db_user, cfg->job_db_user, sizeof out->db_user);
    memcpy(out->db_password, cfg->job_db_password, sizeof out->db_password);
}

bool rod_job_date_valid(const char *s)
{
    rod_date d;
    return s && strlen(s) == 10 && rod_date_parse(s, &d);
}

/* Deletes, BATCH rows per statement, what `sql` selects older than `days`
 * before today. */
static rod_status purge_before(rod_db *db, const char *sql, const char *today, long days,
                               unsigned long long *removed)
{
    rod_params p;
    unsigned long long affected;
    do {
        rod_params_init(&p);
        rod_param_str(&p, today);
        rod_param_int(&p, days);
        if (rod_db_exec(db, sql, &p, &affected) != ROD_DB_OK)
            return rod_db_status(db);
        *removed += affected;
    } while (affected == BATCH);
    return ROD_OK;
}

/* One batch of the pupils numbered after last[10] ("" at first): *found
 * candidates, *n removed, last the last number found. A deadlock with a
 * request (the batch locks persons, then their inschrijvingen) is retried. */
static rod_status persoonsgegevens_batch(rod_db *db, const char *today, long years, char last[10],
                                         long long *found, long long *n)
{
    static __thread rod_row row;
    for (int attempt = 0;; attempt++) {
        rod_params p;
        rod_params_init(&p);
        rod_param_str(&p, today);
        rod_param_int(&p, years);
        rod_param_int(&p, PUPILS_PER_BATCH);
        rod_param_str(&p, last);
        if (rod_db_exec(db, SQL_PERSOONSGEGEVENS, &p, NULL) == ROD_DB_OK)
            break;
        if (!rod_db_deadlocked(db) || attempt == 2)
            return rod_db_status(db);
    }
    int r = rod_db_first(db, SQL_PERSOONSGEGEVENS_AANTAL, NULL, &row);
    if (r == 1) {
        *found = rod_col_int(&row, 0);
        *n = rod_col_int(&row, 1);
        if (rod_col(&row, 2))
            rod_copy(last, 10, rod_col(&row, 2));
    }
    return r == 1 ? ROD_OK : r < 0 ? rod_db_status(db) : ROD_INTERNAL;
}

/* Reads the register once, in number order, a batch at a time. */
static rod_status purge_persoonsgegevens(rod_db *db, const char *today, long years,
                                         unsigned long long *removed)
{
    long long found, n;
    char last[10] = "";
    do {
        rod_status s = persoonsgegevens_batch(db, today, years, last, &found, &n);
        if (s != ROD_OK)
            return s;
        *removed += (unsigned long long)n;
    } while (found == PUPILS_PER_BATCH);
    return ROD_OK;
}

rod_status rod_job_run(rod_db *db, const rod_config *cfg, rod_job job, const char *today,
                       unsigned long long *removed)
{
    *removed = 0;
    if (rod_db_connect(db) != ROD_OK)
        return ROD_UNAVAILABLE;
    switch (job) {
    case ROD_JOB_IDEMPOTENTIE:
        return purge_before(db, SQL_IDEMPOTENTIE, today, cfg->idempotency_days, removed);
    case ROD_JOB_PERSOONSGEGEVENS:
        return purge_persoonsgegevens(db, today, cfg->retention_years, removed);
    case ROD_JOB_AUDIT:
        return rod_audit_purge(db, today, cfg->audit_retention_days, removed);
    case ROD_JOB_BERICHTEN:
        return purge_before(db, SQL_BERICHTEN, today, cfg->berichten_retention_days, removed);
    default:
        return ROD_INTERNAL;
    }
}
