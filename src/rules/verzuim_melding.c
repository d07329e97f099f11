/* Checks of a melding on its own (its fields and records: verzuim_schema.c). */
#include "rules/verzuim_melding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- issues ------------------------------------------------------------------ */

void rod_vz_issue_add(rod_vz_issues *is, rod_status code, const char *veld)
{
    if (is->n >= ROD_VZ_MAX_ISSUES)
        return;
    rod_vz_issue *x = &is->items[is->n++];

    x->code = code;
    snprintf(x->veld, sizeof x->veld, "%s", veld ? veld : "");
}

/* ---- checks ------------------------------------------------------------------------ */

typedef struct {
    long day;
    int index;
} dated;

static int by_day(const void *a, const void *b)
{
    const dated *x = a, *y = b;

    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    return x->index - y->index;
}

static void dag_path(char *buf, size_t len, int i, const char *leaf)
{
    snprintf(buf, len, "melding/lesuren/verzuimdag[%d]/%s", i + 1, leaf);
}

static void check_dagen(const rod_melding *m, bool begin_ok, rod_date begin, bool upper_ok, rod_date upper,
                        rod_vz_issues *is)
{
    char veld[96];
    dated *order = m->ndagen > 0 ? calloc((size_t)m->ndagen, sizeof *order) : NULL;
    bool *reported = m->ndagen > 0 ? calloc((size_t)m->ndagen, sizeof *reported) : NULL;
    int nd = 0;

    for (int i = 0; i < m->ndagen; i++) {
        const rod_vz_dag *d = &m->dagen[i];
        rod_date dd;

        if (!rod_date_parse(d->datum, &dd)) {
            dag_path(veld, sizeof veld, i, "datum");
            rod_vz_issue_add(is, ROD_DATE_INVALID, veld);
        } else {
            if ((begin_ok && rod_date_cmp(dd, begin) < 0) || (upper_ok && rod_date_cmp(dd, upper) > 0)) {
                dag_path(veld, sizeof veld, i, "datum");
                rod_vz_issue_add(is, ROD_VERZUIMDAGEN_INVALID, veld);
                if (reported)
                    reported[i] = true;
            }
            if (order) {
                order[nd].day = rod_date_to_days(dd);
                order[nd].index = i;
                nd++;
            }
        }
        bool lesuur_bad = d->hele_dag ? d->nlesuur > 0 : d->nlesuur == 0;
        unsigned seen = 0;

        for (int k = 0; k < d->nlesuur; k++) {
            int u = d->lesuur[k];

            if (u < 1 || u > ROD_VZ_MAX_LESUUR || (seen & (1u << u)))
                lesuur_bad = true;
            else
                seen |= 1u << u;
        }
        if (lesuur_bad) {
            dag_path(veld, sizeof veld, i, "lesuur");
            rod_vz_issue_add(is, ROD_VERZUIMDAGEN_INVALID, veld);
        }
    }
    /* No datum twice: the later ones are reported. */
    if (order) {
        qsort(order, (size_t)nd, sizeof *order, by_day);
        for (int k = 1; k < nd; k++) {
            if (order[k].day != order[k - 1].day || reported[order[k].index])
                continue;
            dag_path(veld, sizeof veld, order[k].index, "datum");
            rod_vz_issue_add(is, ROD_VERZUIMDAGEN_INVALID, veld);
        }
    }
    free(order);
    free(reported);
}

void rod_vz_check_melding(const rod_melding *m, rod_date today, rod_vz_issues *is)
{
    rod_date begin = {0, 0, 0}, eind = {0, 0, 0};
    bool begin_ok = m->begindatum && rod_date_parse(m->begindatum, &begin);
    bool eind_ok = m->einddatum && rod_date_parse(m->einddatum, &eind);

    if (!begin_ok)
        rod_vz_issue_add(is, ROD_DATE_INVALID, "melding/verzuim/begindatum");
    if (m->einddatum && !eind_ok)
        rod_vz_issue_add(is, ROD_DATE_INVALID, "melding/verzuim/einddatum");
    if (begin_ok && eind_ok && rod_date_cmp(eind, begin) < 0)
        rod_vz_issue_add(is, ROD_EIND_BEFORE_BEGIN, "melding/verzuim/einddatum");
    if (begin_ok && rod_date_cmp(begin, today) > 0)
        rod_vz_issue_add(is, ROD_BEGIN_IN_FUTURE, "melding/verzuim/begindatum");

    if (!m->actie_gewenst && m->toelichting_actie == NULL)
        rod_vz_issue_add(is, ROD_TOELICHTING_ACTIE_REQUIRED, "melding/verzuim/toelichtingActieGewenst");
    if (m->met_prioriteit == ROD_OPT_TRUE && !m->actie_gewenst)
        rod_vz_issue_add(is, ROD_PRIORITEIT_WITHOUT_ACTIE, "melding/verzuim/metPrioriteit");
    bool anders = false;

    for (int i = 0; i < m->nacties; i++)
        anders |= m->acties[i] == ROD_VZ_ACTIE_ANDERS;
    if (anders && m->acties_toelichting == NULL)
        rod_vz_issue_add(is, ROD_TOELICHTING_ANDERS_REQUIRED, "melding/actiesSchool/toelichting");
    if (m->verbijzondering != ROD_VZ_VERB_GEEN && m->soort != ROD_SOORT_OVERIG)
        rod_vz_issue_add(is, ROD_VERBIJZONDERING_NOT_OVERIG, "melding/verzuim/verbijzondering");

    /* A verzuimdag lies within the period; an open period runs up to
	 * today (spec 4). */
    bool upper_ok = m->einddatum ? eind_ok : true;
    rod_date upper = m->einddatum ? eind : today;

    check_dagen(m, begin_ok, begin, upper_ok, upper, is);
}
