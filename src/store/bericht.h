/* The overview of sent messages (table bericht_metadata,
 * sql/schema-berichten.sql; OpvragenBerichten, spec 9.3): one row per
 * processed mutating request, written with the request's own commit by
 * rod_idem_finish, kept for berichten_retention_days. No personal data. */
#ifndef ROD_STORE_BERICHT_H
#define ROD_STORE_BERICHT_H

#include <stdbool.h>

#include "store/db.h"

/* What rod_idem_finish writes besides what the audit row has (organisation,
 * MessageID, operation, time). */
typedef struct {
    const char *resultaat; /* rules/bericht.h */
    bool batch;            /* AanleverenInschrijving: the counts */
    int verwerkt, gelukt, afgekeurd;
    long long meldingnummer; /* the verzuim operations; 0: none */
} rod_bericht_meta;

typedef struct {
    long long organisatie_id;
    const char *vanaf, *tot; /* "YYYY-MM-DD HH:MM:SS.ffffff" UTC, inclusive, or NULL */
    const char *operaties;   /* comma-separated names, or NULL for all */
    const char *message_id;  /* or NULL */
    long long offset;
    int limit;
} rod_bericht_zoek;

typedef struct {
    char message_id[256];
    char operatie[41];
    char ontvangen[25]; /* xs:dateTime, UTC, milliseconds */
    char resultaat[13];
    bool batch;
    int verwerkt, gelukt, afgekeurd;
    long long meldingnummer; /* 0: none */
} rod_bericht_rij;

/* The number of matches and one page (at most q->limit rows, into rows),
 * newest first. */
rod_status rod_bericht_zoeken(rod_db *db, const rod_bericht_zoek *q, long long *total, rod_bericht_rij *rows,
                              int *n);

#endif
