/* The pupil side of the verzuim rules: persoon with one organisation's data
 * of it (spec 9.8), inschrijvingen, the pupil's other meldingen, and the
 * gemeente organisation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/brp.h"
#include "store/melding.h"
#include "store/melding_row.h"
#include "store/memo.h"

/* The persoon row (locked by the *_lock variants: the lock row of the
 * meldingen rules) and the data organisation ? submitted of it; the last
 * column says whether it submitted any. */
#define PERSOON_COLUMNS                                                                            \
    "p.pgn, p.pgn_soort, g.geslacht, g.geboortedatum, g.achternaam, g.voorvoegsels, g.voornamen, " \
    "g.adres_soort, "                                                                              \
    "g.postcode, g.huisnummer, g.huisletter, g.huisnummertoevoeging, g.huisnummeraanduiding, "     \
    "g.aanduiding_locatie, g.straatnaam, g.plaatsnaam, g.landcode, g.adresregel1, g.adresregel2, " \
    "g.adresregel3, p.startkwalificatie, g.organisatie_id"
#define PERSOON_NCOLS 22
#define PERSOON_FROM                                                                                \
    " FROM persoon p LEFT JOIN persoon_gegevens g ON g.pgn = p.pgn AND g.organisatie_id = ? WHERE " \
    "p.pgn = ?"

static const char SQL_PERSOON_LOCK[] = "SELECT " PERSOON_COLUMNS PERSOON_FROM " FOR UPDATE";
/* MeldenVerzuim's lock also draws the new melding's number: one round trip
 * fewer. A melding that is then refused leaves its number unused, as a
 * rolled-back one does (numbers are unique and never reused, not gapless). */
static const char SQL_PERSOON_LOCK_NUMMER[] =
    "SELECT " PERSOON_COLUMNS ", NEXT VALUE FOR melding_seq" PERSOON_FROM " FOR UPDATE";
static const char SQL_PERSOON_GET[] = "SELECT " PERSOON_COLUMNS PERSOON_FROM;

#define INSCHRIJVING_COLUMNS                                                                        \
    "i.instellingscode, DATE_FORMAT(i.inschrijfdatum, '%Y-%m-%d'), DATE_FORMAT(i.uitschrijfdatum, " \
    "'%Y-%m-%d')"
static const char SQL_INSCHRIJVINGEN[] =
    "SELECT " INSCHRIJVING_COLUMNS " FROM inschrijving i WHERE i.pgn = ? ORDER BY i.instellingscode";
static const char SQL_INSCHRIJVINGEN_BIJ[] =
    "SELECT " INSCHRIJVING_COLUMNS " FROM inschrijving i JOIN instelling s ON s.code = i.instellingscode "
    "WHERE i.pgn = ? AND s.organisatie_id = ? ORDER BY i.instellingscode";

/* The inschrijvingen (kind 'I') and the meldingen (kind 'M') of a pupil in
 * one round trip. Without ORDER BY, MariaDB streams a UNION ALL without a
 * temporary table; the rows are put in order here. */
static const char SQL_LEERLING_RIJEN[] =
    "SELECT 'I', " INSCHRIJVING_COLUMNS ", NULL, NULL FROM inschrijving i WHERE i.pgn = ? "
    "UNION ALL SELECT 'M', meldingnummer, soort, status, DATE_FORMAT(begindatum, '%Y-%m-%d'), "
    "DATE_FORMAT(einddatum, '%Y-%m-%d') FROM melding WHERE pgn = ?";

static const char SQL_GEMEENTE[] =
    "SELECT id, naam FROM organisatie WHERE gemeentecode = ? AND rol = 'GEMEENTE'";

/* The registered address of the BRP instead of the organisation's: every
 * rule and response uses it, whatever the school sent (spec 9.5). */
static void use_brp_adres(rod_vz_persoon *p, const rod_brp_adres *b, rod_arena *a)
{
    p->brp_adres = true;
    p->adres = ROD_ADRES_BINNENLAND;
    p->postcode = rod_arena_strdup(a, b->postcode);
    p->huisnummer = b->huisnummer;
    p->huisletter = b->huisletter[0] ? rod_arena_strdup(a, b->huisletter) : NULL;
    p->toevoeging = b->toevoeging[0] ? rod_arena_strdup(a, b->toevoeging) : NULL;
    p->aanduiding = p->aanduiding_locatie = NULL;
    p->straatnaam = b->straatnaam[0] ? rod_arena_strdup(a, b->straatnaam) : NULL;
    p->plaatsnaam = b->plaatsnaam[0] ? rod_arena_strdup(a, b->plaatsnaam) : NULL;
    p->landcode = p->regel1 = p->regel2 = p->regel3 = NULL;
}

static void fill_persoon(const rod_bigrow *r, rod_arena *a, rod_vz_persoon *p)
{
    memset(p, 0, sizeof *p);
    rod_bigrow_copy(r, 0, p->pgn, sizeof p->pgn);
    p->is_bsn = strcmp(r->val[1], "BSN") == 0;
    p->geslacht = rod_bigrow_dup(r, 2, a);
    p->geboortedatum = rod_bigrow_dup(r, 3, a);
    p->achternaam = rod_bigrow_dup(r, 4, a);
    p->voorvoegsels = rod_bigrow_dup(r, 5, a);
    p->voornamen = rod_bigrow_dup(r, 6, a);
    const char *soort = rod_bigrow_col(r, 7);
    p->adres = !soort                             ? ROD_ADRES_GEEN
               : strcmp(soort, "BUITENLAND") == 0 ? ROD_ADRES_BUITENLAND
                                                  : ROD_ADRES_BINNENLAND;
    p->postcode = rod_bigrow_dup(r, 8, a);
    p->huisnummer = (int)rod_bigrow_int(r, 9);
    p->huisletter = rod_bigrow_dup(r, 10, a);
    p->toevoeging = rod_bigrow_dup(r, 11, a);
    p->aanduiding = rod_bigrow_dup(r, 12, a);
    p->aanduiding_locatie = rod_bigrow_dup(r, 13, a);
    p->straatnaam = rod_bigrow_dup(r, 14, a);
    p->plaatsnaam = rod_bigrow_dup(r, 15, a);
    p->landcode = rod_bigrow_dup(r, 16, a);
    p->regel1 = rod_bigrow_dup(r, 17, a);
    p->regel2 = rod_bigrow_dup(r, 18, a);
    p->regel3 = rod_bigrow_dup(r, 19, a);
    /* persoon.startkwalificatie: an undated one set in the database by hand
     * (before spec 9.5's file existed); it always applies */
    if (!rod_brp_startkwalificatie_of(p->pgn, p->startkwalificatie) && rod_bigrow_int(r, 20) != 0)
        snprintf(p->startkwalificatie, sizeof p->startkwalificatie, "0001-01-01");
    rod_brp_adres brp;
    if (p->is_bsn && rod_brp_adres_of(p->pgn, &brp))
        use_brp_adres(p, &brp, a);
}

typedef struct {
    rod_arena *a;
    rod_vz_persoon *out;
    long long *nummer;
    bool pupil;
} persoon_ctx;

static bool read_persoon(const rod_bigrow *r, void *arg)
{
    persoon_ctx *c = arg;
    /* the person without this organisation's data: not its pupil (the
     * row stays locked all the same) */
    c->pupil = !r->null[PERSOON_NCOLS - 1];
    if (c->pupil) {
        fill_persoon(r, c->a, c->out);
        if (c->nummer)
            *c->nummer = rod_bigrow_int(r, PERSOON_NCOLS); /* the column after them */
    }
    return true;
}

static rod_status persoon(rod_db *db, const char *sql, const char *pgn, long long org_id, rod_arena *a,
                          rod_vz_persoon *out, bool *found, long long *nummer)
{
    rod_params p;
    rod_params_init(&p);
    rod_param_int(&p, org_id);
    rod_param_str(&p, pgn);
    persoon_ctx c = {.a = a, .out = out, .nummer = nummer};
    rod_status s = rod_bigrow_one(db, sql, &p, read_persoon, &c, found);
    *found = *found && c.pupil;
    return s;
}

rod_status rod_vz_persoon_lock(rod_db *db, const char *pgn, long long org_id, rod_arena *a,
                               rod_vz_persoon *out, bool *found)
{
    return persoon(db, SQL_PERSOON_LOCK, pgn, org_id, a, out, found, NULL);
}

rod_status rod_vz_persoon_lock_nummer(rod_db *db, const char *pgn, long long org_id, rod_arena *a,
                                      rod_vz_persoon *out, bool *found, long long *nummer)
{
    return persoon(db, SQL_PERSOON_LOCK_NUMMER, pgn, org_id, a, out, found, nummer);
}

rod_status rod_vz_persoon_get(rod_db *db, const char *pgn, long long org_id, rod_arena *a,
                              rod_vz_persoon *out, bool *found)
{
    return persoon(db, SQL_PERSOON_GET, pgn, org_id, a, out, found, NULL);
}

/* Appends to an arena array that doubles when full. */
/* Row parsers; `c` is the first column of the fields. */
static bool parse_inschrijving(const rod_bigrow *r, int c, rod_vz_inschrijving *i)
{
    memset(i, 0, sizeof *i);
    rod_bigrow_copy(r, c, i->instellingscode, sizeof i->instellingscode);
    bool ok = rod_date_parse(r->val[c + 1], &i->in);
    i->has_uit = !r->null[c + 2];
    if (i->has_uit)
        ok = ok && rod_date_parse(r->val[c + 2], &i->uit);
    return ok;
}

static bool parse_periode(const rod_bigrow *r, int c, rod_vz_periode *x)
{
    memset(x, 0, sizeof *x);
    x->nummer = rod_bigrow_int(r, c);
    x->open = r->null[c + 4];
    return rod_soort_parse(r->val[c + 1], &x->soort) && rod_vz_status_parse(r->val[c + 2], &x->status) &&
           rod_date_parse(r->val[c + 3], &x->begin) && (x->open || rod_date_parse(r->val[c + 4], &x->eind));
}

/* The rows of SQL_INSCHRIJVINGEN(_BIJ) and SQL_LEERLING_RIJEN appended to
 * the caller's growing arrays; SQL_LEERLING_RIJEN tags each row with 'I'
 * (inschrijving) or 'P' (periode) in its first column. */
typedef struct {
    rod_arena *a;
    rod_vz_inschrijving **ins;
    int *nins, cap_ins;
    rod_vz_periode **per;
    int *nper, cap_per;
} rijen_ctx;

static bool add_inschrijving(rijen_ctx *c, const rod_bigrow *r, int col)
{
    rod_vz_inschrijving *grown = rod_arena_grow(c->a, *c->ins, *c->nins, &c->cap_ins, sizeof *grown);
    if (!grown)
        return false;
    *c->ins = grown;
    return parse_inschrijving(r, col, &grown[(*c->nins)++]);
}

static bool add_inschrijving_row(const rod_bigrow *r, void *arg)
{
    return add_inschrijving(arg, r, 0);
}

static bool add_leerling_row(const rod_bigrow *r, void *arg)
{
    rijen_ctx *c = arg;
    if (r->val[0][0] == 'I')
        return add_inschrijving(c, r, 1);
    rod_vz_periode *grown = rod_arena_grow(c->a, *c->per, *c->nper, &c->cap_per, sizeof *grown);
    if (!grown)
        return false;
    *c->per = grown;
    return parse_periode(r, 1, &grown[(*c->nper)++]);
}

rod_status rod_vz_inschrijvingen(rod_db *db, const char *pgn, long long org_id, rod_arena *a,
                                 rod_vz_inschrijving **out, int *n)
{
    rod_params p;
    rod_params_init(&p);
    rod_param_str(&p, pgn);
    if (org_id)
        rod_param_int(&p, org_id);
    *out = NULL;
    *n = 0;
    rijen_ctx c = {.a = a, .ins = out, .nins = n};
    return rod_bigrow_each(db, org_id ? SQL_INSCHRIJVINGEN_BIJ : SQL_INSCHRIJVINGEN, &p, add_inschrijving_row,
                           &c);
}

static int by_instelling(const void *a, const void *b)
{
    return strcmp(((const rod_vz_inschrijving *)a)->instellingscode,
                  ((const rod_vz_inschrijving *)b)->instellingscode);
}

static int by_begin(const void *a, const void *b)
{
    const rod_vz_periode *x = a, *y = b;
    int c = rod_date_cmp(x->begin, y->begin);
    return c ? c : (x->nummer > y->nummer) - (x->nummer < y->nummer);
}

rod_status rod_vz_leerling_rijen(rod_db *db, const char *pgn, rod_arena *a, rod_vz_inschrijving **ins,
                                 int *nins, rod_vz_periode **per, int *nper)
{
    rod_params p;
    rod_params_init(&p);
    rod_param_str(&p, pgn);
    rod_param_str(&p, pgn);
    *ins = NULL;
    *per = NULL;
    *nins = *nper = 0;
    rijen_ctx c = {.a = a, .ins = ins, .nins = nins, .per = per, .nper = nper};
    rod_status s = rod_bigrow_each(db, SQL_LEERLING_RIJEN, &p, add_leerling_row, &c);
    if (s == ROD_OK) {
        if (*nins > 1)
            qsort(*ins, (size_t)*nins, sizeof **ins, by_instelling);
        if (*nper > 1)
            qsort(*per, (size_t)*nper, sizeof **per, by_begin);
    }
    return s;
}

typedef struct {
    long long *id;
    char *naam; /* [201] */
} gemeente_ctx;

static bool read_gemeente(const rod_bigrow *r, void *arg)
{
    const gemeente_ctx *c = arg;
    *c->id = rod_bigrow_int(r, 0);
    rod_bigrow_copy(r, 1, c->naam, 201);
    return true;
}

static rod_status gemeente_lookup(rod_db *db, const char *gemeentecode, long long *id, char naam[201],
                                  bool *found)
{
    rod_params p;
    rod_params_init(&p);
    rod_param_str(&p, gemeentecode);
    gemeente_ctx c = {.id = id, .naam = naam};
    return rod_bigrow_one(db, SQL_GEMEENTE, &p, read_gemeente, &c, found);
}

/* Every melding needs its gemeente: a worker keeps the ones it found
 * (store/memo.h). */
static __thread rod_memo gemeente_memo;
static __thread struct {
    long long id;
    char naam[201];
} gemeente_memo_val[ROD_MEMO_SLOTS];

rod_status rod_vz_gemeente(rod_db *db, const char *gemeentecode, long long *id, char naam[201], bool *found)
{
    int slot = rod_memo_find(&gemeente_memo, gemeentecode);
    if (slot >= 0) {
        *id = gemeente_memo_val[slot].id;
        memcpy(naam, gemeente_memo_val[slot].naam, 201);
        *found = true;
        return ROD_OK;
    }
    rod_status s = gemeente_lookup(db, gemeentecode, id, naam, found);
    if (s == ROD_OK && *found && (slot = rod_memo_put(&gemeente_memo, gemeentecode)) >= 0) {
        gemeente_memo_val[slot].id = *id;
        memcpy(gemeente_memo_val[slot].naam, naam, 201);
    }
    return s;
}
