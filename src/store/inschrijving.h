/* Persons and inschrijvingen: bulk storage of a batch, assignment of
 * onderwijsnummers, change of one inschrijving, and the overview query. */
#ifndef ROD_STORE_INSCHRIJVING_H
#define ROD_STORE_INSCHRIJVING_H

#include <stdbool.h>

#include "store/db.h"

typedef enum { ROD_ADRES_GEEN = 0, ROD_ADRES_BINNENLAND = 1, ROD_ADRES_BUITENLAND = 2 } rod_adres_soort;

/* A person as submitted; NULL fields were not sent (and are kept). */
typedef struct {
    const char *geslacht, *geboortedatum, *achternaam, *voorvoegsels, *voornamen;
    rod_adres_soort adres;
    const char *postcode, *huisletter, *toevoeging, *aanduiding, *aanduiding_locatie, *straatnaam,
        *plaatsnaam;
    int huisnummer;
    const char *landcode, *regel1, *regel2, *regel3;
} rod_persoon_data;

typedef struct {
    const char *instellingscode, *inschrijfdatum, *uitschrijfdatum;
    rod_persoon_data p;
    char pgn[10]; /* in: the number sent ("" = none); out: the final one */
    bool is_bsn;
} rod_inschrijving_data;

/* Stores the valid items of a batch of organisation organisatie_id (all its
 * instellingen) in the current transaction: assigns onderwijsnummers where
 * none was sent (finding an earlier submission of the same person by any
 * organisation, spec 8.6), upserts persons, this organisation's data of
 * them (spec 9.8: no other organisation's data change) and
 * inschrijvingen. */
rod_status rod_store_inschrijvingen(rod_db *db, long long organisatie_id, rod_inschrijving_data *items,
                                    int n);

/* One stored inschrijving with its pupil as the instelling's organisation
 * submitted it, as the overview shows it. */
typedef struct {
    char instellingscode[5];
    char pgn[10];
    bool is_bsn;
    char geslacht[10];
    char geboortedatum[11];
    char achternaam[801], voorvoegsels[41], voornamen[801];
    bool has_achternaam, has_voorvoegsels, has_voornamen;
    char inschrijfdatum[11], uitschrijfdatum[11];
    bool has_uitschrijfdatum;
    char laatst_gewijzigd[32];
    /* the address, read only by the overview with met_adres: the BRP's for
     * a bsn in the BRP extract (spec 9.5), else the organisation's;
     * empty strings are absent fields */
    rod_adres_soort adres;
    char postcode[7], huisletter[5], toevoeging[17], aanduiding[3], aanduiding_locatie[161];
    char straatnaam[321], plaatsnaam[321], landcode[5], regel1[141], regel2[141], regel3[141];
    int huisnummer;
} rod_inschrijving_row;

/* Updates the dates of (instellingscode, pgn); *found false when absent. */
rod_status rod_store_wijzig_inschrijving(rod_db *db, const char *instellingscode, const char *pgn,
                                         const char *inschrijfdatum, const char *uitschrijfdatum,
                                         rod_inschrijving_row *out, bool *found);

/* How rod_store_inschrijving_exists reads: a plain read of the
 * transaction's snapshot; the latest committed row under a shared lock
 * (after a merge that committed after the snapshot was taken); or the row
 * locked to be changed. */
typedef enum { ROD_READ_SNAPSHOT, ROD_READ_SHARED, ROD_READ_FOR_UPDATE } rod_read_lock;

/* Whether pgn has an inschrijving (active or ended) at instellingscode. */
rod_status rod_store_inschrijving_exists(rod_db *db, const char *instellingscode, const char *pgn,
                                         rod_read_lock lock, bool *found);

/* Moves laatst_gewijzigd of every inschrijving of the pupils pgns[0..n),
 * each in a transaction of its own (autocommit): for a change of their
 * data that no request made, such as a new BRP address (spec 9.8). */
rod_status rod_store_touch_inschrijvingen(rod_db *db, const char *const *pgns, size_t n);

#define ROD_OVERZICHT_MAX_SCOPE 256

/* What the overview selects besides its instellingen; NULL fields do not
 * filter. */
typedef struct {
    const char *zoek;      /* a substring of the achternaam */
    const char *peildatum; /* YYYY-MM-DD: inschrijvingen active on it */
    const char *sinds;     /* UTC "YYYY-MM-DD HH:MM:SS.ffffff": laatst_gewijzigd at or after it */
    bool met_adres;        /* rows carry the address */
} rod_overzicht_filter;

/* Overview: total count and one page in the order instellingscode,
 * achternaam, pgn over the instellingen codes[0..ncodes) (sorted, at most
 * ROD_OVERZICHT_MAX_SCOPE). rows[] receives up to limit. Without filters
 * the count comes from counters and each page from one index range per
 * instelling; with sinds, counts and pages read one range of
 * (instellingscode, laatst_gewijzigd) per instelling: the cost does not
 * grow with the register. */
rod_status rod_store_overzicht(rod_db *db, const char *const *codes, int ncodes,
                               const rod_overzicht_filter *q, long long offset, int limit, long long *total,
                               rod_inschrijving_row *rows, int *nrows);

#endif
