/* Builds gSOAP's AanleverenInschrijving request struct from the libxml2
 * tree (soap/bind_aanleveren.h).
 *
 * Why: the checks parse every request into a libxml2 tree and validate it
 * against the XSD; gSOAP's skeleton then parsed the same bytes a second
 * time into its structs. For a batch of 10,000 inschrijvingen that second
 * parse was 30 % of the gateway's CPU (docs/performance.md). The tree is
 * valid against the XSD when this runs, so the binder only has to walk it
 * in the schema's shape and make of every value what gSOAP makes of it:
 * strings as the parser reports them (UTF-8, SOAP_C_UTFSTRING; xs:string
 * with facets, never collapsed), enumerations and integers through gSOAP's
 * own conversions of the trimmed text (soap_value trims too), optional
 * elements NULL when absent. The XSD allows no xsi:nil here (no element is
 * nillable) and no attributes. It still checks every pointer and every
 * name, and refuses what the schema would not allow, instead of trusting
 * the tree. tests/unit/soap/test_bind_aanleveren.c proves the struct equal
 * to gSOAP's own for every valid example. */
#include "soap/bind_aanleveren.h"

#include <string.h>

#include "soap/context.h"
#include "soapH.h"

/* gSOAP's memory; a failure marks the request like soap/alloc.h does (the
 * answer becomes ROD-9002). Not counted by the allocation-failure injection
 * of soap/alloc.c, as gSOAP's own allocations while parsing were not. */
static void *mem(struct soap *soap, size_t n)
{
    void *p = soap_malloc(soap, n);
    if (!p) {
        rod_ctx *c = soap->user;
        if (c)
            c->out_of_memory = true;
        soap->error = SOAP_EOM;
    }
    return p;
}

static bool refuse(struct soap *soap)
{
    if (soap->error == SOAP_OK)
        soap->error = SOAP_TAG_MISMATCH;
    return false;
}

/* The element's character data, a copy in gSOAP's memory. */
static char *text(struct soap *soap, const rod_xml_node *n)
{
    size_t len = rod_xml_text(n, NULL, 0);
    char *s = mem(soap, len + 1);
    if (s)
        rod_xml_text(n, s, len + 1);
    return s;
}

static bool blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The text trimmed of XML whitespace, as soap_value gives it to the
 * conversions of enumerations and integers; in a small buffer (these
 * values are a few characters; longer ones are refused). */
static bool value(const rod_xml_node *n, char *buf, size_t cap)
{
    size_t len = rod_xml_text(n, buf, cap);
    if (len >= cap)
        return false;
    char *s = buf;
    while (blank(*s))
        s++;
    size_t k = strlen(s);
    while (k > 0 && blank(s[k - 1]))
        k--;
    memmove(buf, s, k);
    buf[k] = '\0';
    return true;
}

/* A string field: *field = copy of n's text. */
static bool str(struct soap *soap, const rod_xml_node *n, char **field)
{
    if (*field)
        return refuse(soap); /* twice: not in the XSD */
    *field = text(soap, n);
    return *field != NULL;
}

static bool pgn(struct soap *soap, const rod_xml_node *n, struct rod__PersoonsgebondenNummer **out)
{
    struct rod__PersoonsgebondenNummer *p = mem(soap, sizeof *p);
    if (!p)
        return false;
    soap_default_rod__PersoonsgebondenNummer(soap, p);
    const rod_xml_node *c = rod_xml_child(n);
    if (!c || rod_xml_next(c))
        return refuse(soap);
    if (rod_xml_is(c, "bsn")) {
        p->__union_PersoonsgebondenNummer = SOAP_UNION__rod__union_PersoonsgebondenNummer_bsn;
        p->union_PersoonsgebondenNummer.bsn = text(soap, c);
        if (!p->union_PersoonsgebondenNummer.bsn)
            return false;
    } else if (rod_xml_is(c, "onderwijsnummer")) {
        p->__union_PersoonsgebondenNummer = SOAP_UNION__rod__union_PersoonsgebondenNummer_onderwijsnummer;
        p->union_PersoonsgebondenNummer.onderwijsnummer = text(soap, c);
        if (!p->union_PersoonsgebondenNummer.onderwijsnummer)
            return false;
    } else {
        return refuse(soap);
    }
    *out = p;
    return true;
}

static bool binnenland(struct soap *soap, const rod_xml_node *n, struct rod__Binnenland **out)
{
    struct rod__Binnenland *b = mem(soap, sizeof *b);
    if (!b)
        return false;
    soap_default_rod__Binnenland(soap, b);
    bool huisnummer = false;
    for (const rod_xml_node *c = rod_xml_child(n); c; c = rod_xml_next(c)) {
        bool ok;
        char v[32];
        if (rod_xml_is(c, "postcode"))
            ok = str(soap, c, &b->postcode);
        else if (rod_xml_is(c, "huisnummer")) {
            ok = !huisnummer && value(c, v, sizeof v) && soap_s2int(soap, v, &b->huisnummer) == SOAP_OK &&
                 b->huisnummer >= 1 && b->huisnummer <= 99999;
            huisnummer = true;
        } else if (rod_xml_is(c, "huisletter"))
            ok = str(soap, c, &b->huisletter);
        else if (rod_xml_is(c, "huisnummertoevoeging"))
            ok = str(soap, c, &b->huisnummertoevoeging);
        else if (rod_xml_is(c, "huisnummeraanduiding")) {
            ok = !b->huisnummeraanduiding &&
                 (b->huisnummeraanduiding = mem(soap, sizeof *b->huisnummeraanduiding));
            if (ok)
                ok = value(c, v, sizeof v) &&
                     soap_s2rod__Huisnummeraanduiding(soap, v, b->huisnummeraanduiding) == SOAP_OK;
        } else if (rod_xml_is(c, "aanduidingLocatie"))
            ok = str(soap, c, &b->aanduidingLocatie);
        else if (rod_xml_is(c, "straatnaam"))
            ok = str(soap, c, &b->straatnaam);
        else if (rod_xml_is(c, "plaatsnaam"))
            ok = str(soap, c, &b->plaatsnaam);
        else
            ok = false;
        if (!ok)
            return refuse(soap);
    }
    if (!b->postcode || !huisnummer)
        return refuse(soap);
    *out = b;
    return true;
}

static bool buitenland(struct soap *soap, const rod_xml_node *n, struct rod__Buitenland **out)
{
    struct rod__Buitenland *b = mem(soap, sizeof *b);
    if (!b)
        return false;
    soap_default_rod__Buitenland(soap, b);
    for (const rod_xml_node *c = rod_xml_child(n); c; c = rod_xml_next(c)) {
        bool ok;
        if (rod_xml_is(c, "landcode"))
            ok = str(soap, c, &b->landcode);
        else if (rod_xml_is(c, "adresregel1"))
            ok = str(soap, c, &b->adresregel1);
        else if (rod_xml_is(c, "adresregel2"))
            ok = str(soap, c, &b->adresregel2);
        else if (rod_xml_is(c, "adresregel3"))
            ok = str(soap, c, &b->adresregel3);
        else
            ok = false;
        if (!ok)
            return refuse(soap);
    }
    if (!b->landcode || !b->adresregel1)
        return refuse(soap);
    *out = b;
    return true;
}

static bool adres(struct soap *soap, const rod_xml_node *n, struct rod__Adres **out)
{
    struct rod__Adres *a = mem(soap, sizeof *a);
    if (!a)
        return false;
    soap_default_rod__Adres(soap, a);
    const rod_xml_node *c = rod_xml_child(n);
    if (!c || rod_xml_next(c))
        return refuse(soap);
    if (rod_xml_is(c, "binnenland")) {
        a->__union_Adres = SOAP_UNION__rod__union_Adres_binnenland;
        if (!binnenland(soap, c, &a->union_Adres.binnenland))
            return false;
    } else if (rod_xml_is(c, "buitenland")) {
        a->__union_Adres = SOAP_UNION__rod__union_Adres_buitenland;
        if (!buitenland(soap, c, &a->union_Adres.buitenland))
            return false;
    } else {
        return refuse(soap);
    }
    *out = a;
    return true;
}

static bool leerling(struct soap *soap, const rod_xml_node *n, struct rod__Leerling **out)
{
    struct rod__Leerling *l = mem(soap, sizeof *l);
    if (!l)
        return false;
    soap_default_rod__Leerling(soap, l);
    bool geslacht = false;
    for (const rod_xml_node *c = rod_xml_child(n); c; c = rod_xml_next(c)) {
        bool ok;
        char v[32];
        if (rod_xml_is(c, "persoonsgebondenNummer"))
            ok = !l->persoonsgebondenNummer && pgn(soap, c, &l->persoonsgebondenNummer);
        else if (rod_xml_is(c, "geslacht")) {
            ok = !geslacht && value(c, v, sizeof v) && soap_s2rod__Geslacht(soap, v, &l->geslacht) == SOAP_OK;
            geslacht = true;
        } else if (rod_xml_is(c, "geboortedatum"))
            ok = str(soap, c, &l->geboortedatum);
        else if (rod_xml_is(c, "achternaam"))
            ok = str(soap, c, &l->achternaam);
        else if (rod_xml_is(c, "voorvoegsels"))
            ok = str(soap, c, &l->voorvoegsels);
        else if (rod_xml_is(c, "voornamen"))
            ok = str(soap, c, &l->voornamen);
        else if (rod_xml_is(c, "adres"))
            ok = !l->adres && adres(soap, c, &l->adres);
        else
            ok = false;
        if (!ok)
            return refuse(soap);
    }
    if (!geslacht || !l->geboortedatum)
        return refuse(soap);
    *out = l;
    return true;
}

static bool inschrijving(struct soap *soap, const rod_xml_node *n, struct rod__Inschrijving *i)
{
    soap_default_rod__Inschrijving(soap, i);
    for (const rod_xml_node *c = rod_xml_child(n); c; c = rod_xml_next(c)) {
        bool ok;
        if (rod_xml_is(c, "referentie"))
            ok = str(soap, c, &i->referentie);
        else if (rod_xml_is(c, "instellingscode"))
            ok = str(soap, c, &i->instellingscode);
        else if (rod_xml_is(c, "inschrijfdatum"))
            ok = str(soap, c, &i->inschrijfdatum);
        else if (rod_xml_is(c, "uitschrijfdatum"))
            ok = str(soap, c, &i->uitschrijfdatum);
        else if (rod_xml_is(c, "leerling"))
            ok = !i->leerling && leerling(soap, c, &i->leerling);
        else
            ok = false;
        if (!ok)
            return refuse(soap);
    }
    if (!i->instellingscode || !i->inschrijfdatum || !i->leerling)
        return refuse(soap);
    return true;
}

struct rod__AanleverenInschrijvingRequestType *rod_bind_aanleveren(struct soap *soap,
                                                                   const rod_xml_node *request)
{
    soap->error = SOAP_OK;
    if (!request || !rod_xml_is(request, "AanleverenInschrijvingRequest")) {
        refuse(soap);
        return NULL;
    }
    int n = 0;
    for (const rod_xml_node *c = rod_xml_child(request); c; c = rod_xml_next(c)) {
        if (!rod_xml_is(c, "inschrijving") || n >= 10000) {
            refuse(soap);
            return NULL;
        }
        n++;
    }
    struct rod__AanleverenInschrijvingRequestType *r = mem(soap, sizeof *r);
    if (!r)
        return NULL;
    soap_default_rod__AanleverenInschrijvingRequestType(soap, r);
    if (n == 0) {
        refuse(soap);
        return NULL;
    }
    r->inschrijving = mem(soap, sizeof *r->inschrijving * (size_t)n);
    if (!r->inschrijving)
        return NULL;
    int k = 0;
    for (const rod_xml_node *c = rod_xml_child(request); c && k < n; c = rod_xml_next(c), k++)
        if (!inschrijving(soap, c, &r->inschrijving[k]))
            return NULL;
    r->__sizeinschrijving = n;
    return r;
}
