/* The melding, melding_versie and melding_notificatie tables and the
 * meldingnummer sequence. */
#include "store/melding.h"

#include <stdlib.h>
#include <string.h>

#include "store/melding_row.h"
#include "store/retention.h"

#define MELDING_COLUMNS                                                                               \
    "m.meldingnummer, m.versie, m.status, DATE_FORMAT(m.status_datum, '%Y-%m-%d'), "                  \
    "DATE_FORMAT(m.melddatum, '%Y-%m-%d'), m.wet, m.instellingscode, m.pgn, m.soort, "                \
    "DATE_FORMAT(m.begindatum, '%Y-%m-%d'), DATE_FORMAT(m.einddatum, '%Y-%m-%d'), m.met_prioriteit, " \
    "m.gemeente_id, m.inhoud, DATE_FORMAT(m.tk_datum, '%Y-%m-%d'), m.tk_organisatie, m.tk_naam, "     \
    "m.tk_functie, "                                                                                  \
    "m.tk_telefoon, m.tk_email, m.tk_toelichting, m.reden_afgesloten, m.reden_intrekken, "            \
    "m.toelichting_intrekken"
#define MELDING_NCOLS 24

static const char SQL_LOCK[] =
    "SELECT " MELDING_COLUMNS " FROM melding m WHERE m.meldingnummer = ? AND m.pgn <> " ROD_RETENTION_PGN_SQL
    " FOR UPDATE";
static const char SQL_GET[] = "SELECT " MELDING_COLUMNS ", s.organisatie_id, g.gemeentecode, g.naam "
                              "FROM melding m JOIN instelling s ON s.code = m.instellingscode "
                              "JOIN organisatie g ON g.id = m.gemeente_id WHERE m.meldingnummer = ? "
                              "AND m.pgn <> " ROD_RETENTION_PGN_SQL;
static const char SQL_CONTEXT[] =
    "SELECT s.organisatie_id, g.gemeentecode, g.naam FROM instelling s, organisatie g "
    "WHERE s.code = ? AND g.id = ?";

static const char SQL_UPDATE[] =
    "UPDATE melding SET versie = ?, status = ?, status_datum = ?, gewijzigd = ?, wet = ?, einddatum = ?, "
    "met_prioriteit = ?, contactpersoon_naam = ?, inhoud = ?, tk_datum = ?, tk_organisatie = ?, tk_naam = ?, "
    "tk_functie = ?, tk_telefoon = ?, tk_email = ?, tk_toelichting = ?, reden_afgesloten = ?, "
    "reden_intrekken = ?, "
    "toelichting_intrekken = ? WHERE meldingnummer = ?";

/* sql/schema-procedures.sql */
static const char SQL_NIEUW[] =
    "CALL rod_melding_nieuw(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

/* the history row and laatstGewijzigd, stamped by the register's melding
 * clock (sql/schema-wijzigingsklok.sql), in one round trip */
static const char SQL_VERSIE_INSERT[] = "CALL rod_melding_versie(?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_VERSIES[] =
    "SELECT versie, CONCAT(LEFT(DATE_FORMAT(tijdstip, '%Y-%m-%dT%H:%i:%s.%f'), 23), 'Z'), actie, "
    "door_organisatie_id, door_oin, door_naam, status, wijzigingen FROM melding_versie WHERE meldingnummer = "
    "? "
    "ORDER BY versie";
static const char SQL_SNAPSHOT[] =
    "SELECT status, snapshot FROM melding_versie WHERE meldingnummer = ? AND versie = ?";

static const char SQL_NOTIFICATIE[] = "INSERT INTO melding_notificatie (meldingnummer, soort, "
                                      "ontvanger_organisatie_id, ontvanger_email, aangemaakt) "
                                      "VALUES (?, ?, ?, ?, ?)";

/* ---- reading ------------------------------------------------------------------ */

static bool fill_melding(const rod_bigrow *r, rod_arena *a, rod_vz_record *m)
{
    memset(m, 0, sizeof *m);
    m->nummer = rod_bigrow_int(r, 0);
    m->versie = (int)rod_bigrow_int(r, 1);
    bool ok = rod_vz_status_parse(r->val[2], &m->status);
    m->status_datum = rod_bigrow_dup(r, 3, a);
    m->melddatum = rod_bigrow_dup(r, 4, a);
    ok = ok && rod_wet_parse(r->val[5], &m->wet);
    m->instellingscode = rod_bigrow_dup(r, 6, a);
    m->pgn = rod_bigrow_dup(r, 7, a);
    ok = ok && rod_soort_parse(r->val[8], &m->soort);
    m->begindatum = rod_bigrow_dup(r, 9, a);
    m->einddatum = rod_bigrow_dup(r, 10, a);
    m->met_prioriteit = rod_bigrow_int(r, 11) != 0;
    m->gemeente_id = rod_bigrow_int(r, 12);
    m->inhoud = rod_bigrow_dup(r, 13, a);
    m->tk.datum = rod_bigrow_dup(r, 14, a);
    m->tk.organisatie = rod_bigrow_dup(r, 15, a);
    m->tk.naam = rod_bigrow_dup(r, 16, a);
    m->tk.functie = rod_bigrow_dup(r, 17, a);
    m->tk.telefoon = rod_bigrow_dup(r, 18, a);
    m->tk.email = rod_bigrow_dup(r, 19, a);
    m->tk.toelichting = rod_bigrow_dup(r, 20, a);
    m->reden_afgesloten = rod_bigrow_dup(r, 21, a);
    m->reden_intrekken = ROD_VZ_REDEN_GEEN;
    if (!r->null[22])
        ok = ok && rod_vz_reden_parse(r->val[22], &m->reden_intrekken);
    m->toelichting_intrekken = rod_bigrow_dup(r, 23, a);
    /* NOT NULL columns: NULL here is an arena out of memory */
    return ok && m->inhoud && m->status_datum && m->melddatum && m->instellingscode && m->pgn &&
           m->begindatum;
}

static void fill_context(const rod_bigrow *r, int from, rod_arena *a, rod_vz_record *m)
{
    m->school_org_id = rod_bigrow_int(r, from);
    m->gemeentecode = rod_bigrow_dup(r, from + 1, a);
    m->gemeente_naam = rod_bigrow_dup(r, from + 2, a);
}

/* A row of the melding's columns (melding), then those of its context
 * (context), into out. */
typedef struct {
    rod_arena *a;
    rod_vz_record *out;
    bool melding, context;
} read_ctx;

static bool read_record(const rod_bigrow *r, void *arg)
{
    const read_ctx *c = arg;
    if (c->melding && !fill_melding(r, c->a, c->out))
        return false;
    if (c->context)
        fill_context(r, c->melding ? MELDING_NCOLS : 0, c->a, c->out);
    return true;
}

static rod_status melding(rod_db *db, const char *sql, long long nummer, rod_arena *a, rod_vz_record *out,
                          bool *found, bool context)
{
    rod_params p;
    rod_params_init(&p);
    rod_param_int(&p, nummer);
    read_ctx c = {.a = a, .out = out, .melding = true, .context = context};
    return rod_bigrow_one(db, sql, &p, read_record, &c, found);
}

rod_status rod_vz_melding_lock(rod_db *db, long long nummer, rod_arena *a, rod_vz_record *out, bool *found)
{
    return melding(db, SQL_LOCK, nummer, a, out, found, false);
}

rod_status rod_vz_melding_get(rod_db *db, long long nummer, rod_arena *a, rod_vz_record *out, bool *found)
{
    return melding(db, SQL_GET, nummer, a, out, found, true);
}

rod_status rod_vz_melding_context(rod_db *db, rod_arena *a, rod_vz_record *row)
{
    rod_params p;
    rod_params_init(&p);
    rod_param_str(&p, row->instellingscode);
    rod_param_int(&p, row->gemeente_id);
    read_ctx c = {.a = a, .out = row, .context = true};
    bool found;
    rod_status s = rod_bigrow_one(db, SQL_CONTEXT, &p, read_record, &c, &found);
    return s == ROD_OK && !found ? ROD_INTERNAL : s; /* foreign keys guarantee both */
}

/* ---- writing ---------------------------------------------------------------------- */

static rod_status exec(rod_db *db, const char *sql, rod_params *p)
{
    rod_dbrc rc = rod_db_exec(db, sql, p, NULL);
    if (rc == ROD_DB_OK)
        return ROD_OK;
    return rc == ROD_DB_DUP ? ROD_INTERNAL : rod_bigrow_failed(db);
}

static void tail_params(rod_params *p, const rod_vz_record *m)
{
    rod_param_str(p, m->tk.datum);
    rod_param_str(p, m->tk.organisatie);
    rod_param_str(p, m->tk.naam);
    rod_param_str(p, m->tk.functie);
    rod_param_str(p, m->tk.telefoon);
    rod_param_str(p, m->tk.email);
    rod_param_str(p, m->tk.toelichting);
    rod_param_str(p, m->reden_afgesloten);
    rod_param_str(p, rod_vz_reden_name(m->reden_intrekken));
    rod_param_str(p, m->toelichting_intrekken);
}

static void nieuw_params(rod_params *p, const rod_vz_record *m, const rod_vz_versie *v, bool bevestiging,
                         const char *melder_email)
{
    rod_param_int(p, m->nummer);
    rod_param_str(p, rod_vz_status_name(m->status));
    rod_param_str(p, m->melddatum);
    rod_param_str(p, m->tijdstip);
    rod_param_str(p, rod_wet_name(m->wet));
    rod_param_str(p, m->instellingscode);
    rod_param_str(p, m->pgn);
    rod_param_str(p, rod_soort_name(m->soort));
    rod_param_str(p, m->begindatum);
    rod_param_str(p, m->einddatum);
    rod_param_int(p, m->met_prioriteit);
    rod_param_str(p, m->contactpersoon_naam);
    rod_param_int(p, m->gemeente_id);
    rod_param_str(p, m->inhoud);
    rod_param_int(p, v->door_org_id);
    rod_param_str(p, v->door_oin);
    rod_param_str(p, v->door_naam);
    rod_param_str(p, v->snapshot);
    rod_param_str(p, v->wijzigingen);
    rod_param_int(p, bevestiging);
    rod_param_str(p, melder_email);
}

static rod_status melding_nieuw(rod_db *db, const rod_vz_record *m, const rod_vz_versie *v, bool bevestiging,
                                const char *melder_email)
{
    rod_params p;
    rod_params_init(&p);
    nieuw_params(&p, m, v, bevestiging, melder_email);
    return exec(db, SQL_NIEUW, &p);
}

rod_status rod_vz_melding_update(rod_db *db, const rod_vz_record *m)
{
    rod_params p;
    rod_params_init(&p);
    rod_param_int(&p, m->versie);
    rod_param_str(&p, rod_vz_status_name(m->status));
    rod_param_str(&p, m->status_datum);
    rod_param_str(&p, m->tijdstip);
    rod_param_str(&p, rod_wet_name(m->wet));
    rod_param_str(&p, m->einddatum);
    rod_param_int(&p, m->met_prioriteit);
    rod_param_str(&p, m->contactpersoon_naam);
    rod_param_str(&p, m->inhoud);
    tail_params(&p, m);
    rod_param_int(&p, m->nummer);
    return exec(db, SQL_UPDATE, &p);
}

static void versie_params(rod_params *p, const rod_vz_versie *v)
{
    rod_param_int(p, v->nummer);
    rod_param_int(p, v->versie);
    rod_param_str(p, rod_vz_historie_name(v->actie));
    rod_param_int(p, v->door_org_id);
    rod_param_str(p, v->door_oin);
    rod_param_str(p, v->door_naam);
    rod_param_str(p, rod_vz_status_name(v->status));
    rod_param_str(p, v->snapshot);
    rod_param_str(p, v->wijzigingen);
}

static rod_status versie_insert(rod_db *db, const rod_vz_versie *v)
{
    rod_params p;
    rod_params_init(&p);
    versie_params(&p, v);
    return exec(db, SQL_VERSIE_INSERT, &p);
}

/* Writes what *d holds now, and empties it. */
static rod_status flush_deferred(rod_db *db, rod_vz_deferred *d)
{
    rod_vz_defer_kind kind = d->kind;
    d->kind = ROD_VZ_DEFER_NONE;
    if (kind == ROD_VZ_DEFER_NIEUW)
        return melding_nieuw(db, &d->m, &d->v, d->bevestiging, d->melder_email);
    if (kind == ROD_VZ_DEFER_VERSIE)
        return versie_insert(db, &d->v);
    return ROD_OK;
}

/* A copy in the request's memory of a string the caller may keep on its
 * stack (the melding's pgn and instellingscode are arrays in the handler's
 * own state); *oom when the copy failed. */
static const char *keep(rod_arena *a, const char *s, bool *oom)
{
    if (!s)
        return NULL;
    char *c = rod_arena_strdup(a, s);
    if (!c)
        *oom = true;
    return c;
}

static void keep_versie(rod_arena *a, rod_vz_versie *v, bool *oom)
{
    v->door_oin = keep(a, v->door_oin, oom);
    v->door_naam = keep(a, v->door_naam, oom);
    v->snapshot = keep(a, v->snapshot, oom);
    v->wijzigingen = keep(a, v->wijzigingen, oom);
}

rod_status rod_vz_defer_nieuw(rod_db *db, rod_arena *a, rod_vz_deferred *d, const rod_vz_record *m,
                              const rod_vz_versie *v, bool bevestiging, const char *melder_email)
{
    rod_status s = flush_deferred(db, d);
    if (s != ROD_OK)
        return s;
    bool oom = false;
    /* the record's strings that nieuw_params sends (the rest is not kept) */
    memset(&d->m, 0, sizeof d->m);
    d->m.nummer = m->nummer;
    d->m.status = m->status;
    d->m.wet = m->wet;
    d->m.soort = m->soort;
    d->m.met_prioriteit = m->met_prioriteit;
    d->m.gemeente_id = m->gemeente_id;
    d->m.melddatum = keep(a, m->melddatum, &oom);
    d->m.instellingscode = keep(a, m->instellingscode, &oom);
    d->m.pgn = keep(a, m->pgn, &oom);
    d->m.begindatum = keep(a, m->begindatum, &oom);
    d->m.einddatum = keep(a, m->einddatum, &oom);
    d->m.contactpersoon_naam = keep(a, m->contactpersoon_naam, &oom);
    d->m.inhoud = keep(a, m->inhoud, &oom);
    d->v = *v;
    keep_versie(a, &d->v, &oom);
    rod_copy(d->tijdstip, sizeof d->tijdstip, m->tijdstip ? m->tijdstip : "");
    d->m.tijdstip = d->tijdstip;
    d->v.tijdstip = d->tijdstip;
    d->bevestiging = bevestiging;
    d->melder_email = keep(a, melder_email, &oom);
    if (oom)
        return ROD_INTERNAL;
    d->kind = ROD_VZ_DEFER_NIEUW;
    return ROD_OK;
}

rod_status rod_vz_defer_versie(rod_db *db, rod_arena *a, rod_vz_deferred *d, const rod_vz_versie *v)
{
    rod_status s = flush_deferred(db, d);
    if (s != ROD_OK)
        return s;
    bool oom = false;
    memset(&d->m, 0, sizeof d->m);
    d->v = *v;
    keep_versie(a, &d->v, &oom);
    rod_copy(d->tijdstip, sizeof d->tijdstip, v->tijdstip ? v->tijdstip : "");
    d->v.tijdstip = d->tijdstip;
    if (oom)
        return ROD_INTERNAL;
    d->kind = ROD_VZ_DEFER_VERSIE;
    return ROD_OK;
}

void rod_vz_deferred_params(const rod_vz_deferred *d, rod_params *p)
{
    if (d->kind == ROD_VZ_DEFER_NIEUW)
        nieuw_params(p, &d->m, &d->v, d->bevestiging, d->melder_email);
    else if (d->kind == ROD_VZ_DEFER_VERSIE)
        versie_params(p, &d->v);
}

/* One row of SQL_VERSIES appended to the caller's growing array. */
typedef struct {
    long long nummer;
    rod_arena *a;
    rod_vz_versie **out;
    int *n, cap;
} versies_ctx;

static bool add_versie(const rod_bigrow *r, void *arg)
{
    versies_ctx *c = arg;
    rod_vz_versie *grown = rod_arena_grow(c->a, *c->out, *c->n, &c->cap, sizeof *grown);
    if (!grown)
        return false;
    *c->out = grown;
    rod_vz_versie *v = &grown[*c->n];
    memset(v, 0, sizeof *v);
    v->nummer = c->nummer;
    v->versie = (int)rod_bigrow_int(r, 0);
    v->tijdstip = rod_bigrow_dup(r, 1, c->a);
    v->door_org_id = rod_bigrow_int(r, 3);
    v->door_oin = rod_bigrow_dup(r, 4, c->a);
    v->door_naam = rod_bigrow_dup(r, 5, c->a);
    v->wijzigingen = rod_bigrow_dup(r, 7, c->a);
    if (!rod_vz_historie_parse(r->val[2], &v->actie) || !rod_vz_status_parse(r->val[6], &v->status) ||
        !v->tijdstip || !v->door_oin || !v->door_naam || !v->wijzigingen)
        return false;
    (*c->n)++;
    return true;
}

rod_status rod_vz_versies(rod_db *db, long long nummer, rod_arena *a, rod_vz_versie **out, int *n)
{
    rod_params p;
    rod_params_init(&p);
    rod_param_int(&p, nummer);
    *out = NULL;
    *n = 0;
    versies_ctx c = {.nummer = nummer, .a = a, .out = out, .n = n};
    return rod_bigrow_each(db, SQL_VERSIES, &p, add_versie, &c);
}

typedef struct {
    rod_arena *a;
    const char **snapshot;
    rod_vz_status *status;
} snapshot_ctx;

static bool read_snapshot(const rod_bigrow *r, void *arg)
{
    const snapshot_ctx *c = arg;
    *c->snapshot = rod_bigrow_dup(r, 1, c->a);
    return *c->snapshot && rod_vz_status_parse(r->val[0], c->status);
}

rod_status rod_vz_versie_snapshot(rod_db *db, long long nummer, int versie, rod_arena *a,
                                  const char **snapshot, rod_vz_status *status, bool *found)
{
    rod_params p;
    rod_params_init(&p);
    rod_param_int(&p, nummer);
    rod_param_int(&p, versie);
    snapshot_ctx c = {.a = a, .snapshot = snapshot, .status = status};
    return rod_bigrow_one(db, SQL_SNAPSHOT, &p, read_snapshot, &c, found);
}

rod_status rod_vz_notificatie(rod_db *db, long long nummer, const char *soort, long long org_id,
                              const char *email, const char *tijdstip)
{
    rod_params p;
    rod_params_init(&p);
    rod_param_int(&p, nummer);
    rod_param_str(&p, soort);
    rod_param_int(&p, org_id);
    rod_param_str(&p, email);
    rod_param_str(&p, tijdstip);
    return exec(db, SQL_NOTIFICATIE, &p);
}
