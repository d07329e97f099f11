/* The result of a processed request (rules/bericht.h). */
#include "rules/bericht.h"

rod_bericht_resultaat rod_bericht_uitkomst(bool batch, int gelukt, int afgekeurd, bool fout)
{
    if (!batch)
        return fout ? ROD_BERICHT_AFGEKEURD : ROD_BERICHT_GELUKT;
    if (afgekeurd == 0)
        return ROD_BERICHT_GELUKT;
    return gelukt == 0 ? ROD_BERICHT_AFGEKEURD : ROD_BERICHT_DEELS_GELUKT;
}

const char *rod_bericht_resultaat_name(rod_bericht_resultaat r)
{
    switch (r) {
    case ROD_BERICHT_GELUKT:
        return "GELUKT";
    case ROD_BERICHT_DEELS_GELUKT:
        return "DEELS_GELUKT";
    case ROD_BERICHT_AFGEKEURD:
        return "AFGEKEURD";
    }
    return "AFGEKEURD";
}
