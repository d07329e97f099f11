/* Organisations (OIN, role) and their instellingen. */
#ifndef ROD_STORE_ORG_H
#define ROD_STORE_ORG_H

#include <stdbool.h>

#include "core/operations.h"
#include "store/db.h"

typedef struct {
    long long id;
    char oin[21];
    char naam[201];
    rod_role role;
    char gemeentecode[5]; /* GEMEENTE only */
} rod_org;

/* ROD_OK and *found. ROD_UNAVAILABLE/ROD_INTERNAL on database failure.
 * Answers from a per-thread cache of 30 s (as rod_instellingen_of): a new
 * or changed organisation is seen within that time. */
rod_status rod_org_by_oin(rod_db *db, const char *oin, rod_org *org, bool *found);

typedef struct {
    char code[5];
    long long organisatie_id;
    char naam[201];
    char oprichtingsdatum[11];
} rod_instelling;

/* Looks up one instelling; *found false when the code exists nowhere. A
 * found instelling is kept by the worker for a while (store/memo.h). */
rod_status rod_instelling_get(rod_db *db, const char *code, rod_instelling *out, bool *found);

/* All instellingen of an organisation in code order, into out[0..max). */
rod_status rod_instellingen_of(rod_db *db, long long org_id, rod_instelling *out, int max, int *count);

#endif
