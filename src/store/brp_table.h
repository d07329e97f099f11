/* The data of the basisregistraties (spec 9.5, stand-ins): the BRP
 * extract (bsn and registered address) and the startkwalificaties
 * (persoonsgebondenNummer and date), read from two CSV files into one
 * immutable table with hash lookups. A table is built whole or not at all:
 * a bad line refuses it with file:line and the reason. Read-only once
 * built, so any number of threads may read it; store/brp.h swaps them. */
#ifndef ROD_STORE_BRP_TABLE_H
#define ROD_STORE_BRP_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A registered Dutch address (the BRP extract holds only binnenland ones). */
typedef struct {
    char postcode[7];
    int huisnummer;
    char huisletter[2];
    char toevoeging[5];
    char straatnaam[81];
    char plaatsnaam[81];
} rod_brp_adres;

typedef struct rod_brp_table rod_brp_table;

/* Reads both files (format in docs/interface.md, "Basisregistraties"):
 *   brp_path:  header, then bsn;postcode;huisnummer;huisletter;huisnummertoevoeging;straatnaam;plaatsnaam
 *   sk_path:   header, then persoonsgebondenNummer;datum
 * Empty lines and lines starting with '#' are skipped. Returns the table
 * (free with rod_brp_table_free) or NULL with err ("file:line: reason"). */
rod_brp_table *rod_brp_table_load(const char *brp_path, const char *sk_path, char *err, size_t errlen);
void rod_brp_table_free(rod_brp_table *t);

/* The registered address of bsn, or NULL. */
const rod_brp_adres *rod_brp_table_adres(const rod_brp_table *t, const char *bsn);
/* The startkwalificatie date ("YYYY-MM-DD") of pgn, or NULL. */
const char *rod_brp_table_startkwalificatie(const rod_brp_table *t, const char *pgn);

/* Numbers of entries (for the log line of a load). */
size_t rod_brp_table_adressen(const rod_brp_table *t);
size_t rod_brp_table_startkwalificaties(const rod_brp_table *t);

/* Calls fn for every bsn whose address differs between a and b (added,
 * removed or changed; either may be NULL: empty), e.g. to move laatstGewijzigd
 * of their inschrijvingen (spec 9.8). Stops early when fn returns false;
 * returns false then. */
bool rod_brp_table_diff(const rod_brp_table *a, const rod_brp_table *b,
                        bool (*fn)(const char *bsn, void *arg), void *arg);

#endif
