/* A checked template row as the gSOAP rod__Inschrijving of a request. */
#include "client/template.h"

#include <stdlib.h>

#include "soapH.h"

static char *cell_dup(struct soap *soap, const rodctl_sheet *s, const rodctl_layout *l, size_t r,
                      rodctl_col c)
{
    const char *v = rodctl_row_cell(s, l, r, c);
    return v ? soap_strdup(soap, v) : NULL;
}

void rodctl_row_inschrijving(struct soap *soap, const rodctl_sheet *s, const rodctl_layout *l, size_t r,
                             struct rod__Inschrijving *out)
{
    soap_default_rod__Inschrijving(soap, out);
    out->referentie = cell_dup(soap, s, l, r, RODCTL_COL_REFERENTIE);
    out->instellingscode = cell_dup(soap, s, l, r, RODCTL_COL_INSTELLINGSCODE);
    out->inschrijfdatum = cell_dup(soap, s, l, r, RODCTL_COL_INSCHRIJFDATUM);
    out->uitschrijfdatum = cell_dup(soap, s, l, r, RODCTL_COL_UITSCHRIJFDATUM);
    struct rod__Leerling *ll = soap_malloc(soap, sizeof *ll);
    soap_default_rod__Leerling(soap, ll);
    out->leerling = ll;
    const char *bsn = rodctl_row_cell(s, l, r, RODCTL_COL_BSN),
               *onr = rodctl_row_cell(s, l, r, RODCTL_COL_ONDERWIJSNUMMER);
    if (bsn || onr) {
        struct rod__PersoonsgebondenNummer *p = soap_malloc(soap, sizeof *p);
        soap_default_rod__PersoonsgebondenNummer(soap, p);
        if (bsn) {
            p->__union_PersoonsgebondenNummer = SOAP_UNION__rod__union_PersoonsgebondenNummer_bsn;
            p->union_PersoonsgebondenNummer.bsn = soap_strdup(soap, bsn);
        } else {
            p->__union_PersoonsgebondenNummer = SOAP_UNION__rod__union_PersoonsgebondenNummer_onderwijsnummer;
            p->union_PersoonsgebondenNummer.onderwijsnummer = soap_strdup(soap, onr);
        }
        ll->persoonsgebondenNummer = p;
    }
    soap_s2rod__Geslacht(soap, rodctl_row_cell(s, l, r, RODCTL_COL_GESLACHT), &ll->geslacht);
    ll->geboortedatum = cell_dup(soap, s, l, r, RODCTL_COL_GEBOORTEDATUM);
    ll->achternaam = cell_dup(soap, s, l, r, RODCTL_COL_ACHTERNAAM);
    ll->voorvoegsels = cell_dup(soap, s, l, r, RODCTL_COL_VOORVOEGSELS);
    ll->voornamen = cell_dup(soap, s, l, r, RODCTL_COL_VOORNAMEN);
    const char *postcode = rodctl_row_cell(s, l, r, RODCTL_COL_POSTCODE),
               *land = rodctl_row_cell(s, l, r, RODCTL_COL_LANDCODE);
    if (!postcode && !land)
        return;
    struct rod__Adres *a = soap_malloc(soap, sizeof *a);
    soap_default_rod__Adres(soap, a);
    ll->adres = a;
    if (postcode) {
        struct rod__Binnenland *b = soap_malloc(soap, sizeof *b);
        soap_default_rod__Binnenland(soap, b);
        b->postcode = soap_strdup(soap, postcode);
        b->huisnummer = (int)strtol(rodctl_row_cell(s, l, r, RODCTL_COL_HUISNUMMER), NULL, 10);
        b->huisletter = cell_dup(soap, s, l, r, RODCTL_COL_HUISLETTER);
        b->huisnummertoevoeging = cell_dup(soap, s, l, r, RODCTL_COL_TOEVOEGING);
        const char *aand = rodctl_row_cell(s, l, r, RODCTL_COL_AANDUIDING);
        if (aand) {
            b->huisnummeraanduiding = soap_malloc(soap, sizeof *b->huisnummeraanduiding);
            soap_s2rod__Huisnummeraanduiding(soap, aand, b->huisnummeraanduiding);
        }
        b->aanduidingLocatie = cell_dup(soap, s, l, r, RODCTL_COL_LOCATIE);
        b->straatnaam = cell_dup(soap, s, l, r, RODCTL_COL_STRAATNAAM);
        b->plaatsnaam = cell_dup(soap, s, l, r, RODCTL_COL_PLAATSNAAM);
        a->__union_Adres = SOAP_UNION__rod__union_Adres_binnenland;
        a->union_Adres.binnenland = b;
    } else {
        struct rod__Buitenland *b = soap_malloc(soap, sizeof *b);
        soap_default_rod__Buitenland(soap, b);
        b->landcode = soap_strdup(soap, land);
        b->adresregel1 = cell_dup(soap, s, l, r, RODCTL_COL_ADRESREGEL1);
        b->adresregel2 = cell_dup(soap, s, l, r, RODCTL_COL_ADRESREGEL2);
        b->adresregel3 = cell_dup(soap, s, l, r, RODCTL_COL_ADRESREGEL3);
        a->__union_Adres = SOAP_UNION__rod__union_Adres_buitenland;
        a->union_Adres.buitenland = b;
    }
}
