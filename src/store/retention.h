/* The retention jobs (docs/privacy.md): each removes what has been kept long
 * enough, on the register's date, on a connection of the job's own account
 * (job_db_user, sql/grants.sql). Run once by `rodgate --run-job NAME --now
 * DATE` and periodically by the jobs thread (store/jobs.h). */
#ifndef ROD_STORE_RETENTION_H
#define ROD_STORE_RETENTION_H

#include <stdbool.h>

#include "config/config.h"
#include "core/status.h"
#include "store/db.h"

/* The person every melding of a removed pupil points to afterwards
 * (sql/schema-retention.sql): the melding queries leave those out, so an
 * operation on one answers as for an unknown melding (ROD-0316). As SQL
 * text, for the statements of store/. */
#define ROD_RETENTION_PGN_SQL "'000000000'"

typedef enum {
    ROD_JOB_IDEMPOTENTIE,     /* verwerkt_bericht older than idempotency_days */
    ROD_JOB_PERSOONSGEGEVENS, /* pupils past retention_years, no open melding */
    ROD_JOB_AUDIT,            /* audit rows older than audit_retention_days */
    ROD_JOB_BERICHTEN,        /* bericht_metadata older than berichten_retention_days */
    ROD_JOB_COUNT
} rod_job;

/* "idempotentie", "persoonsgegevens", "audit", "berichten". */
const char *rod_job_name(rod_job job);
/* False for an unknown name. */
bool rod_job_from_name(const char *name, rod_job *out);

/* cfg with the job's account (job_db_user, job_db_password) in place of the
 * gateway's, for rod_db_new. */
void rod_job_config(const rod_config *cfg, rod_config *out);

/* Whether s is a real calendar day "YYYY-MM-DD" (for --now). */
bool rod_job_date_valid(const char *s);

/* Runs `job` as if the register's date were `today` ("YYYY-MM-DD", valid),
 * in bounded transactions until nothing is left; *removed counts rows (for
 * persoonsgegevens: pupils). ROD_OK, or the database's status. Safe to run
 * again and to stop half-way: what is left is found by the next run. */
rod_status rod_job_run(rod_db *db, const rod_config *cfg, rod_job job, const char *today,
                       unsigned long long *removed);

#endif
