/* ZoekenVerzuim and the meldingen of OpvragenLeerling: one query with
 * optional filters, counted and paged in the order newest melddatum first,
 * then highest meldingnummer; with gewijzigdSinds oldest change first. */
#include <string.h>

#include "store/melding.h"
#include "store/like.h"
#include "store/melding_row.h"
#include "store/retention.h"

/* The caller's scope comes first: the meldingen of the school organisation's
 * instellingen, or those the gemeente handles; one statement per scope so
 * that each can page along its own index (instellingscode or gemeente_id,
 * then melddatum, meldingnummer). */
#define ZOEK_FROM                                                                 \
    " FROM melding m JOIN instelling s ON s.code = m.instellingscode "            \
    "JOIN organisatie g ON g.id = m.gemeente_id JOIN persoon p ON p.pgn = m.pgn " \
    "LEFT JOIN persoon_gegevens pg ON pg.pgn = m.pgn AND pg.organisatie_id = s.organisatie_id "
#define ZOEK_FILTERS                                                                        \
    " AND m.pgn <> " ROD_RETENTION_PGN_SQL                                                  \
    " AND (? IS NULL OR m.meldingnummer = ?) AND (? IS NULL OR m.pgn = ?) "                 \
    "AND (? IS NULL OR m.instellingscode = ?) AND (? IS NULL OR g.naam LIKE ? ESCAPE '!') " \
    "AND (? IS NULL OR m.contactpersoon_naam LIKE ? ESCAPE '!') AND FIND_IN_SET(m.status, ?) > 0"
#define SCOPE_SCHOOL   "WHERE s.organisatie_id = ?"
#define SCOPE_GEMEENTE "WHERE m.gemeente_id = ?"
#define PAGE_COLUMNS                                                                                         \
    "SELECT m.meldingnummer, m.versie, m.pgn, p.pgn_soort, pg.achternaam, pg.voornamen, m.soort, m.status, " \
    "DATE_FORMAT(m.begindatum, '%Y-%m-%d'), DATE_FORMAT(m.einddatum, '%Y-%m-%d'), "                          \
    "DATE_FORMAT(m.melddatum, '%Y-%m-%d'), m.instellingscode, g.gemeentecode, g.naam, m.met_prioriteit, "    \
    "DATE_FORMAT(m.status_datum, '%Y-%m-%d'), DATE_FORMAT(m.laatst_gewijzigd, '%Y-%m-%dT%H:%i:%s.%fZ')"
#define PAGE_ORDER " ORDER BY m.melddatum DESC, m.meldingnummer DESC LIMIT ? OFFSET ?"
/* gewijzigdSinds (spec 9.4): a range on laatst_gewijzigd, oldest change
 * first; its own statements so that the range can use the index
 * (gemeente_id, laatst_gewijzigd) or (laatst_gewijzigd, meldingnummer) */
#define SINDS       " AND m.laatst_gewijzigd >= ?"
#define SINDS_ORDER " ORDER BY m.laatst_gewijzigd, m.meldingnummer LIMIT ? OFFSET ?"

/* [gemeente][sinds] */
static const char *const SQL_COUNT[2][2] = {{"SELECT COUNT(*)" ZOEK_FROM SCOPE_SCHOOL ZOEK_FILTERS,
                                             "SELECT COUNT(*)" ZOEK_FROM SCOPE_SCHOOL ZOEK_FILTERS SINDS},
                                            {"SELECT COUNT(*)" ZOEK_FROM SCOPE_GEMEENTE ZOEK_FILTERS,
                                             "SELECT COUNT(*)" ZOEK_FROM SCOPE_GEMEENTE ZOEK_FILTERS SINDS}};
static const char *const SQL_PAGE[2][2] = {
    {PAGE_COLUMNS ZOEK_FROM SCOPE_SCHOOL ZOEK_FILTERS PAGE_ORDER,
     PAGE_COLUMNS ZOEK_FROM SCOPE_SCHOOL ZOEK_FILTERS SINDS SINDS_ORDER},
    {PAGE_COLUMNS ZOEK_FROM SCOPE_GEMEENTE ZOEK_FILTERS PAGE_ORDER,
     PAGE_COLUMNS ZOEK_FROM SCOPE_GEMEENTE ZOEK_FILTERS SINDS SINDS_ORDER}};

/* A LIKE pattern matching text as a literal substring, in the arena. */
static char *substring_pattern(rod_arena *a, const char *text)
{
    if (!text)
        return NULL;
    size_t cap = 2 * strlen(text) + 3;
    char *pat = rod_arena_alloc(a, cap);
    if (pat)
        rod_like_substring(pat, cap, text);
    return pat;
}

static void filter_params(rod_params *p, const rod_vz_zoek *q, const char *naam_pat, const char *cp_pat)
{
    rod_param_int(p, q->gemeente_org_id ? q->gemeente_org_id : q->school_org_id);
    if (q->has_nummer) {
        rod_param_int(p, q->nummer);
        rod_param_int(p, q->nummer);
    } else {
        rod_param_null(p);
        rod_param_null(p);
    }
    rod_param_str(p, q->pgn);
    rod_param_str(p, q->pgn);
    rod_param_str(p, q->instellingscode);
    rod_param_str(p, q->instellingscode);
    rod_param_str(p, naam_pat);
    rod_param_str(p, naam_pat);
    rod_param_str(p, cp_pat);
    rod_param_str(p, cp_pat);
    rod_param_str(p, q->statussen);
    if (q->gewijzigd_sinds)
        rod_param_str(p, q->gewijzigd_sinds);
}

static bool fill(const rod_bigrow *r, rod_arena *a, rod_vz_samenvatting *x)
{
    memset(x, 0, sizeof *x);
    x->nummer = rod_bigrow_int(r, 0);
    x->versie = (int)rod_bigrow_int(r, 1);
    rod_bigrow_copy(r, 2, x->pgn, sizeof x->pgn);
    x->is_bsn = strcmp(r->val[3], "BSN") == 0;
    x->achternaam = rod_bigrow_dup(r, 4, a);
    x->voornamen = rod_bigrow_dup(r, 5, a);
    bool ok = rod_soort_parse(r->val[6], &x->soort) && rod_vz_status_parse(r->val[7], &x->status);
    rod_bigrow_copy(r, 8, x->begindatum, sizeof x->begindatum);
    x->open = r->null[9];
    rod_bigrow_copy(r, 9, x->einddatum, sizeof x->einddatum);
    rod_bigrow_copy(r, 10, x->melddatum, sizeof x->melddatum);
    rod_bigrow_copy(r, 11, x->instellingscode, sizeof x->instellingscode);
    rod_bigrow_copy(r, 12, x->gemeentecode, sizeof x->gemeentecode);
    x->gemeente_naam = rod_bigrow_dup(r, 13, a);
    x->met_prioriteit = rod_bigrow_int(r, 14) != 0;
    rod_bigrow_copy(r, 15, x->status_datum, sizeof x->status_datum);
    rod_bigrow_copy(r, 16, x->laatst_gewijzigd, sizeof x->laatst_gewijzigd);
    return ok && x->gemeente_naam;
}

/* A page row into the caller's array of `want` (the count query sized it;
 * rows beyond it, committed since, are left for the next page). */
typedef struct {
    rod_arena *a;
    rod_vz_samenvatting *rows;
    int *n;
    long long want;
} zoek_ctx;

static bool read_count(const rod_bigrow *r, void *arg)
{
    *(long long *)arg = rod_bigrow_int(r, 0);
    return true;
}

static bool add_samenvatting(const rod_bigrow *r, void *arg)
{
    zoek_ctx *c = arg;
    if (*c->n >= c->want)
        return true;
    if (!fill(r, c->a, &c->rows[*c->n]))
        return false;
    (*c->n)++;
    return true;
}

rod_status rod_vz_zoeken(rod_db *db, const rod_vz_zoek *q, rod_arena *a, long long *total,
                         rod_vz_samenvatting **rows, int *n)
{
    *total = 0;
    *rows = NULL;
    *n = 0;
    const char *naam_pat = substring_pattern(a, q->instantie_naam);
    const char *cp_pat = substring_pattern(a, q->contactpersoon_naam);
    if ((q->instantie_naam && !naam_pat) || (q->contactpersoon_naam && !cp_pat))
        return ROD_INTERNAL;

    rod_params p;
    rod_params_init(&p);
    filter_params(&p, q, naam_pat, cp_pat);
    bool found;
    int gemeente = q->gemeente_org_id != 0, sinds = q->gewijzigd_sinds != NULL;
    rod_status s = rod_bigrow_one(db, SQL_COUNT[gemeente][sinds], &p, read_count, total, &found);
    if (s != ROD_OK || *total <= q->offset || q->limit <= 0)
        return s;

    long long want = *total - q->offset < q->limit ? *total - q->offset : q->limit;
    *rows = rod_arena_alloc(a, sizeof **rows * (size_t)want);
    if (!*rows)
        return ROD_INTERNAL;
    rod_params_init(&p);
    filter_params(&p, q, naam_pat, cp_pat);
    rod_param_int(&p, q->limit);
    rod_param_int(&p, q->offset);
    zoek_ctx c = {.a = a, .rows = *rows, .n = n, .want = want};
    return rod_bigrow_each(db, SQL_PAGE[gemeente][sinds], &p, add_samenvatting, &c);
}
