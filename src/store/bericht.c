/* The bericht_metadata table (store/bericht.h). */
#include "store/bericht.h"

#include <string.h>

/* The index (organisatie_id, ontvangen, id) serves the scope, the range and
 * the order; the MessageID filter has (organisatie_id, message_id). */
#define BERICHT_FILTERS                                                                  \
    " FROM bericht_metadata WHERE organisatie_id = ? AND (? IS NULL OR ontvangen >= ?) " \
    "AND (? IS NULL OR ontvangen <= ?) AND (? IS NULL OR FIND_IN_SET(operatie, ?) > 0) " \
    "AND (? IS NULL OR message_id = ?)"

static const char SQL_COUNT[] = "SELECT COUNT(*)" BERICHT_FILTERS;
static const char SQL_PAGE[] =
    "SELECT message_id, operatie, CONCAT(LEFT(DATE_FORMAT(ontvangen, '%Y-%m-%dT%H:%i:%s.%f'), 23), 'Z'), "
    "resultaat, aantal_verwerkt, aantal_gelukt, aantal_afgekeurd, meldingnummer" BERICHT_FILTERS
    " ORDER BY ontvangen DESC, id DESC LIMIT ? OFFSET ?";

static void filter_params(rod_params *p, const rod_bericht_zoek *q)
{
    rod_param_int(p, q->organisatie_id);
    rod_param_str(p, q->vanaf);
    rod_param_str(p, q->vanaf);
    rod_param_str(p, q->tot);
    rod_param_str(p, q->tot);
    rod_param_str(p, q->operaties);
    rod_param_str(p, q->operaties);
    rod_param_str(p, q->message_id);
    rod_param_str(p, q->message_id);
}

static void fill(const rod_row *r, rod_bericht_rij *x)
{
    memset(x, 0, sizeof *x);
    rod_copy(x->message_id, sizeof x->message_id, r->val[0]);
    rod_copy(x->operatie, sizeof x->operatie, r->val[1]);
    rod_copy(x->ontvangen, sizeof x->ontvangen, r->val[2]);
    rod_copy(x->resultaat, sizeof x->resultaat, r->val[3]);
    x->batch = rod_col(r, 4) != NULL;
    x->verwerkt = (int)rod_col_int(r, 4);
    x->gelukt = (int)rod_col_int(r, 5);
    x->afgekeurd = (int)rod_col_int(r, 6);
    x->meldingnummer = rod_col(r, 7) ? rod_col_int(r, 7) : 0;
}

rod_status rod_bericht_zoeken(rod_db *db, const rod_bericht_zoek *q, long long *total, rod_bericht_rij *rows,
                              int *n)
{
    /* one row buffer per thread: rod_row is 40 kB */
    static __thread rod_row row;
    *total = 0;
    *n = 0;
    rod_params p;
    rod_params_init(&p);
    filter_params(&p, q);
    int rc = rod_db_first(db, SQL_COUNT, &p, &row);
    if (rc == 1)
        *total = rod_col_int(&row, 0);
    if (rc < 0)
        return rod_db_status(db);
    if (*total <= q->offset || q->limit <= 0)
        return ROD_OK;

    rod_params_init(&p);
    filter_params(&p, q);
    rod_param_int(&p, q->limit);
    rod_param_int(&p, q->offset);
    rod_stmt *st = rod_db_query(db, SQL_PAGE, &p, &row);
    if (!st)
        return rod_db_status(db);
    while (*n < q->limit && (rc = rod_db_next(db, st, &row)) == 1)
        fill(&row, &rows[(*n)++]);
    rod_db_end(st);
    return rc < 0 ? rod_db_status(db) : ROD_OK;
}
