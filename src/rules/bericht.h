/* How a processed mutating request ended, for the overview of sent messages
 * (OpvragenBerichten, spec 9.3). Pure. */
#ifndef ROD_RULES_BERICHT_H
#define ROD_RULES_BERICHT_H

#include <stdbool.h>

typedef enum { ROD_BERICHT_GELUKT, ROD_BERICHT_DEELS_GELUKT, ROD_BERICHT_AFGEKEURD } rod_bericht_resultaat;

/* A batch (AanleverenInschrijving) by its counts: every item stored is
 * GELUKT, none AFGEKEURD, some of both DEELS_GELUKT. Any other operation by
 * whether its answer carried a fout (gelukt=false). */
rod_bericht_resultaat rod_bericht_uitkomst(bool batch, int gelukt, int afgekeurd, bool fout);

/* "GELUKT", "DEELS_GELUKT", "AFGEKEURD". */
const char *rod_bericht_resultaat_name(rod_bericht_resultaat r);

#endif
