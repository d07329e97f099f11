/* The readiness checks of /ready (metrics/ready.h). */
#include "metrics/ready.h"

#include <stdio.h>

#include "store/health.h"
#include "tls/tls.h"

bool rod_metrics_ready(rod_db *db, char *reason, size_t cap)
{
    char missing[400];
    /* a connection lost since the last question fails the first query and
     * is reopened by the second */
    if (rod_health_schema(db, missing, sizeof missing) != ROD_OK &&
        rod_health_schema(db, missing, sizeof missing) != ROD_OK) {
        snprintf(reason, cap, "database not reachable");
        return false;
    }
    if (missing[0]) {
        snprintf(reason, cap, "database schema incomplete, missing: %s", missing);
        return false;
    }
    long long until;
    char why[120];
    if (!rod_tls_health(&until, why, sizeof why)) {
        snprintf(reason, cap, "tls: %s", why);
        return false;
    }
    reason[0] = '\0';
    return true;
}
