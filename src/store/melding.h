/* Storage of verzuim meldingen (spec 4): the pupil data the melding
 * rules need, the melding rows, their append-only versions, the outbox of
 * notifications and the search. Strings of results live in the caller's
 * arena. Every function runs inside the pipeline's transaction.
 *
 * Locking (no two conflicting meldingen, no lost updates): a mutating
 * handler takes its row locks with the *_lock functions (SELECT ... FOR
 * UPDATE on a primary key) before any plain read. InnoDB takes a
 * transaction's consistent-read snapshot at its first plain read, so every
 * plain read after the locks sees all that was committed before they were
 * granted. The pupil's persoon row serialises everything that adds or
 * changes a verzuim period of that pupil; the melding row serialises
 * changes of one melding. Plain reads take no gap locks, so meldingen of
 * different pupils never wait for each other. */
#ifndef ROD_STORE_MELDING_H
#define ROD_STORE_MELDING_H

#include <stdbool.h>

#include "rules/verzuim.h"
#include "rules/verzuim_fields.h"
#include "rules/verzuim_melding.h"
#include "store/db.h"
#include "store/inschrijving.h"

/* ---- the pupil ------------------------------------------------------------- */

typedef struct {
    char pgn[10];
    bool is_bsn;
    const char *geslacht, *geboortedatum;
    const char *achternaam, *voorvoegsels, *voornamen;
    rod_adres_soort adres;
    const char *postcode, *huisletter, *toevoeging, *aanduiding, *aanduiding_locatie, *straatnaam,
        *plaatsnaam;
    int huisnummer;
    const char *landcode, *regel1, *regel2, *regel3;
    bool brp_adres;             /* the address is the BRP's (spec 9.5), not the organisation's */
    char startkwalificatie[11]; /* its date, "" for none (rod_startkwalificatie_applies) */
} rod_vz_persoon;

/* The pupil's persoon row, locked FOR UPDATE until the transaction ends,
 * with the data organisation org_id submitted of it (spec 9.8: the
 * rules and responses for a school use its own data; for a melding, those
 * of the reporting school), the address replaced by the BRP's for a bsn in
 * the BRP extract and the startkwalificatie from the basisregistraties
 * (spec 9.5, store/brp.h). *found is false when the person is unknown or
 * org_id never submitted it (the row is locked all the same). */
rod_status rod_vz_persoon_lock(rod_db *db, const char *pgn, long long org_id, rod_arena *a,
                               rod_vz_persoon *out, bool *found);
/* The same, and a fresh meldingnummer from the sequence in the same round
 * trip (*nummer is set only when the pupil is found). */
rod_status rod_vz_persoon_lock_nummer(rod_db *db, const char *pgn, long long org_id, rod_arena *a,
                                      rod_vz_persoon *out, bool *found, long long *nummer);
/* The same without a lock (read-only operations). */
rod_status rod_vz_persoon_get(rod_db *db, const char *pgn, long long org_id, rod_arena *a,
                              rod_vz_persoon *out, bool *found);

/* The pupil's inschrijvingen: at every instelling (org_id 0) or only at the
 * instellingen of organisation org_id, in instellingscode order. */
rod_status rod_vz_inschrijvingen(rod_db *db, const char *pgn, long long org_id, rod_arena *a,
                                 rod_vz_inschrijving **out, int *n);

/* The pupil's inschrijvingen at every instelling (in instellingscode order)
 * and every melding of the pupil, withdrawn ones included, as periods (in
 * begindatum order), in one round trip. */
rod_status rod_vz_leerling_rijen(rod_db *db, const char *pgn, rod_arena *a, rod_vz_inschrijving **ins,
                                 int *nins, rod_vz_periode **per, int *nper);

/* The gemeente organisation whose gemeentecode this is (kept by the worker
 * for a while, see store/memo.h). */
rod_status rod_vz_gemeente(rod_db *db, const char *gemeentecode, long long *id, char naam[201], bool *found);

/* ---- meldingen ------------------------------------------------------------------ */

/* A melding row is a rod_vz_record (rules/verzuim_melding.h): the row's
 * columns and the version part; the context fields (school_org_id ..
 * gemeente_naam) are filled by rod_vz_melding_get and
 * rod_vz_melding_context. The melding itself stays in `inhoud` (JSON);
 * record.melding is not read or written here. */

/* The melding locked FOR UPDATE (its own row only; context empty). */
rod_status rod_vz_melding_lock(rod_db *db, long long nummer, rod_arena *a, rod_vz_record *out, bool *found);
/* Fills the context fields of a row read by rod_vz_melding_lock. */
rod_status rod_vz_melding_context(rod_db *db, rod_arena *a, rod_vz_record *row);
/* The melding with its context, without a lock. */
rod_status rod_vz_melding_get(rod_db *db, long long nummer, rod_arena *a, rod_vz_record *out, bool *found);

/* Writes every changeable column of melding m->nummer (versie, status,
 * status_datum, wet, einddatum, met_prioriteit, contactpersoon_naam,
 * inhoud, terugkoppeling, reasons); the pupil, instelling, soort,
 * begindatum, melddatum and gemeente never change. */
rod_status rod_vz_melding_update(rod_db *db, const rod_vz_record *m);

/* ---- history ---------------------------------------------------------------------- */

typedef struct {
    long long nummer;
    int versie;
    const char *tijdstip; /* read: xs:dateTime in UTC; written: the melding clock's stamp */
    rod_vz_historie actie;
    long long door_org_id;
    const char *door_oin, *door_naam;
    rod_vz_status status;
    const char *snapshot;    /* JSON fields; read only by rod_vz_versie_snapshot */
    const char *wijzigingen; /* JSON changes */
} rod_vz_versie;

/* ---- the stamped write, held back to the request's end ----------------------------- */

/* The write of a change that takes the melding clock (rod_melding_nieuw,
 * rod_melding_versie), kept by the handler until the pipeline's last call,
 * which sends it with the stored response, the audit row and the COMMIT in
 * one procedure (rod_idem_finish). The clock's row lock serialises every
 * melding transaction until its commit (docs/verzuim.md, "Following
 * changes"); taken there it covers the melding's own rows and the commit
 * only, not the serialisation of the answer and one more round trip
 * (docs/performance.md, "3b"). Its strings are copies in the request's
 * memory (alive until the request ends). */
typedef enum { ROD_VZ_DEFER_NONE, ROD_VZ_DEFER_NIEUW, ROD_VZ_DEFER_VERSIE } rod_vz_defer_kind;

typedef struct {
    rod_vz_defer_kind kind;
    rod_vz_record m; /* NIEUW: the new melding's columns (no context, no m.melding) */
    rod_vz_versie v; /* its first version, or the later version (VERSIE) */
    bool bevestiging;
    const char *melder_email;
    char tijdstip[24]; /* m.tijdstip and v.tijdstip point here */
} rod_vz_deferred;

/* Keep in *d, its strings copied into a (the request's memory), the write
 * of a new melding: the melding row m (versie 1), its first version (v's
 * author, snapshot and changes), the NIEUWE_MELDING notification for
 * m->gemeente_id and, with bevestiging, BEVESTIGING_MELDER for the author at
 * melder_email (procedure rod_melding_nieuw); or of a later version
 * (rod_melding_versie: the version row, stamped by the melding clock, which
 * also sets the melding's laatstGewijzigd; the table refuses updates and
 * deletes). A write *d already held is written at once first (one per
 * request is the rule; a second one is not lost). */
rod_status rod_vz_defer_nieuw(rod_db *db, rod_arena *a, rod_vz_deferred *d, const rod_vz_record *m,
                              const rod_vz_versie *v, bool bevestiging, const char *melder_email);
rod_status rod_vz_defer_versie(rod_db *db, rod_arena *a, rod_vz_deferred *d, const rod_vz_versie *v);
/* Appends the parameters of d's write to p (those of the procedure
 * rod_melding_nieuw or rod_melding_versie). */
void rod_vz_deferred_params(const rod_vz_deferred *d, rod_params *p);

/* Every version of the melding, oldest first, without snapshots. */
rod_status rod_vz_versies(rod_db *db, long long nummer, rod_arena *a, rod_vz_versie **out, int *n);
/* The snapshot and status of one version. */
rod_status rod_vz_versie_snapshot(rod_db *db, long long nummer, int versie, rod_arena *a,
                                  const char **snapshot, rod_vz_status *status, bool *found);

/* ---- outbox ------------------------------------------------------------------------- */

/* Records a notification: soort as in sql/schema-verzuim.sql, the
 * receiving organisation and, for a person, the e-mail address (or NULL). */
rod_status rod_vz_notificatie(rod_db *db, long long nummer, const char *soort, long long org_id,
                              const char *email, const char *tijdstip);

/* ---- search -------------------------------------------------------------------------- */

typedef struct {
    long long school_org_id;   /* scope: meldingen of this organisation's instellingen, */
    long long gemeente_org_id; /* or (when not 0) those this gemeente handles */
    bool has_nummer;
    long long nummer;
    const char *pgn;
    const char *instellingscode;
    const char *instantie_naam;      /* case-insensitive substring */
    const char *contactpersoon_naam; /* case-insensitive substring */
    const char *statussen;           /* comma-separated */
    const char *gewijzigd_sinds;     /* "YYYY-MM-DD HH:MM:SS.ffffff" UTC, or NULL */
    long long offset;
    int limit;
} rod_vz_zoek;

typedef struct {
    long long nummer;
    int versie;
    char pgn[10];
    bool is_bsn;
    const char *achternaam, *voornamen;
    rod_soort soort;
    rod_vz_status status;
    char begindatum[11];
    bool open;
    char einddatum[11];
    char melddatum[11];
    char instellingscode[5];
    char gemeentecode[5];
    const char *gemeente_naam;
    bool met_prioriteit;
    char status_datum[11];
    char laatst_gewijzigd[28]; /* xs:dateTime, UTC, microseconds */
} rod_vz_samenvatting;

/* The total number of matches and one page in the order newest melddatum
 * first, then highest meldingnummer; with gewijzigd_sinds only meldingen
 * whose latest versie is stamped at or after it, oldest stamp first (the
 * stamps are unique and in commit order: sql/schema-wijzigingsklok.sql). */
rod_status rod_vz_zoeken(rod_db *db, const rod_vz_zoek *q, rod_arena *a, long long *total,
                         rod_vz_samenvatting **rows, int *n);

#endif
