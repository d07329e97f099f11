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

/* The struct's memory: gSOAP's (soap_malloc, freed by soap_end), carved
 * from blocks of POOL_BLOCK bytes. The binder runs while the tree is
 * still alive, so its memory adds to the tree's at the batch's peak; one
 * soap_malloc per struct and string (some 200,000 for 10,000 items, each
 * with gSOAP's and malloc's headers) took the gateway's VmHWM after three
 * batches from 86.9 to 103.4 MiB, the blocks to 89-94 (docs/performance.md,
 * "The batch parsed once"). A failure marks the request like soap/alloc.h does
 * (the answer becomes ROD-9002). Not counted by the allocation-failure
 * injection of soap/alloc.c, as gSOAP's own allocations while parsing
 * were not. */
#define POOL_BLOCK ((size_t)64 << 10)

typedef struct {
    struct soap *soap;
    char *next; /* free space of the current block */
    size_t left;
} pool;

static void *failed(struct soap *soap)
{
    rod_ctx *c = soap->user;
    if (c)
        c->out_of_memory = true;
    soap->error = SOAP_EOM;
    return NULL;
}

static void *mem(pool *m, size_t n)
{
    n = (n + 7) & ~(size_t)7; /* every piece 8-byte aligned */
    if (n > POOL_BLOCK / 4) {
        void *p = soap_malloc(m->soap, n);
        return p ? p : failed(m->soap);
    }
    if (n > m->left) {
        char *b = soap_malloc(m->soap, POOL_BLOCK);
        if (!b)
            return failed(m->soap);
        m->next = b;
        m->left = POOL_BLOCK;
    }
    void *p = m->next;
    m->next += n;
    m->left -= n;
    return p;
}

static bool refuse(struct soap *soap)
{
    if (soap->error == SOAP_OK)
        soap->error = SOAP_TAG_MISMATCH;
    return false;
}

/* The element's character data, a copy in gSOAP's memory. */
static char *text(pool *m, const rod_xml_node *n)
{
    size_t len = rod_xml_text(n, NULL, 0);
    char *s = mem(m, len + 1);
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
static bool str(pool *m, const rod_xml_node *n, char **field)
{
    if (*field)
        return refuse(m->soap); /* twice: not in the XSD */
    *field = text(m, n);
    return *field != NULL;
}

static bool pgn(pool *m, const rod_xml_node *n, struct rod__PersoonsgebondenNummer **out)
{
    struct rod__PersoonsgebondenNummer *p = mem(m, sizeof *p);
    if (!p)
        return false;
    soap_default_rod__PersoonsgebondenNummer(m->soap, p);
    const rod_xml_node *c = rod_xml_child(n);
    if (!c || rod_xml_next(c))
        return refuse(m->soap);
    if (rod_xml_is(c, "bsn")) {
        p->__union_PersoonsgebondenNummer = SOAP_UNION__rod__union_PersoonsgebondenNummer_bsn;
        p->union_PersoonsgebondenNummer.bsn = text(m, c);
        if (!p->union_PersoonsgebondenNummer.bsn)
            return false;
    } else if (rod_xml_is(c, "onderwijsnummer")) {
        p->__union_PersoonsgebondenNummer = SOAP_UNION__rod__union_PersoonsgebondenNummer_onderwijsnummer;
        p->union_PersoonsgebondenNummer.onderwijsnummer = text(m, c);
        if (!p->union_PersoonsgebondenNummer.onderwijsnummer)
            return false;
    } else {
        return refuse(m->soap);
    }
    *out = p;
    return true;
}

static bool binnenland(pool *m, const rod_xml_node *n, struct rod__Binnenland **out)
{
    struct rod__Binnenland *b = mem(m, sizeof *b);
    if (!b)
        return false;
    soap_default_rod__Binnenland(m->soap, b);
    bool huisnummer = false;
    for (const rod_xml_node *c = rod_xml_child(n); c; c = rod_xml_next(c)) {
        bool ok;
        char v[32];
        if (rod_xml_is(c, "postcode"))
            ok = str(m, c, &b->postcode);
        else if (rod_xml_is(c, "huisnummer")) {
            ok = !huisnummer && value(c, v, sizeof v) && soap_s2int(m->soap, v, &b->huisnummer) == SOAP_OK &&
                 b->huisnummer >= 1 && b->huisnummer <= 99999;
            huisnummer = true;
        } else if (rod_xml_is(c, "huisletter"))
            ok = str(m, c, &b->huisletter);
        else if (rod_xml_is(c, "huisnummertoevoeging"))
            ok = str(m, c, &b->huisnummertoevoeging);
        else if (rod_xml_is(c, "huisnummeraanduiding")) {
            ok = !b->huisnummeraanduiding &&
                 (b->huisnummeraanduiding = mem(m, sizeof *b->huisnummeraanduiding));
            if (ok)
                ok = value(c, v, sizeof v) &&
                     soap_s2rod__Huisnummeraanduiding(m->soap, v, b->huisnummeraanduiding) == SOAP_OK;
        } else if (rod_xml_is(c, "aanduidingLocatie"))
            ok = str(m, c, &b->aanduidingLocatie);
        else if (rod_xml_is(c, "straatnaam"))
            ok = str(m, c, &b->straatnaam);
        else if (rod_xml_is(c, "plaatsnaam"))
            ok = str(m, c, &b->plaatsnaam);
        else
            ok = false;
        if (!ok)
            return refuse(m->soap);
    }
    if (!b->postcode || !huisnummer)
        return refuse(m->soap);
    *out = b;
    return true;
}

static bool buitenland(pool *m, const rod_xml_node *n, struct rod__Buitenland **out)
{
    struct rod__Buitenland *b = mem(m, sizeof *b);
    if (!b)
        return false;
    soap_default_rod__Buitenland(m->soap, b);
    for (const rod_xml_node *c = rod_xml_child(n); c; c = rod_xml_next(c)) {
        bool ok;
        if (rod_xml_is(c, "landcode"))
            ok = str(m, c, &b->landcode);
        else if (rod_xml_is(c, "adresregel1"))
            ok = str(m, c, &b->adresregel1);
        else if (rod_xml_is(c, "adresregel2"))
            ok = str(m, c, &b->adresregel2);
        else if (rod_xml_is(c, "adresregel3"))
            ok = str(m, c, &b->adresregel3);
        else
            ok = false;
        if (!ok)
            return refuse(m->soap);
    }
    if (!b->landcode || !b->adresregel1)
        return refuse(m->soap);
    *out = b;
    return true;
}

static bool adres(pool *m, const rod_xml_node *n, struct rod__Adres **out)
{
    struct rod__Adres *a = mem(m, sizeof *a);
    if (!a)
        return false;
    soap_default_rod__Adres(m->soap, a);
    const rod_xml_node *c = rod_xml_child(n);
    if (!c || rod_xml_next(c))
        return refuse(m->soap);
    if (rod_xml_is(c, "binnenland")) {
        a->__union_Adres = SOAP_UNION__rod__union_Adres_binnenland;
        if (!binnenland(m, c, &a->union_Adres.binnenland))
            return false;
    } else if (rod_xml_is(c, "buitenland")) {
        a->__union_Adres = SOAP_UNION__rod__union_Adres_buitenland;
        if (!buitenland(m, c, &a->union_Adres.buitenland))
            return false;
    } else {
        return refuse(m->soap);
    }
    *out = a;
    return true;
}

static bool leerling(pool *m, const rod_xml_node *n, struct rod__Leerling **out)
{
    struct rod__Leerling *l = mem(m, sizeof *l);
    if (!l)
        return false;
    soap_default_rod__Leerling(m->soap, l);
    bool geslacht = false;
    for (const rod_xml_node *c = rod_xml_child(n); c; c = rod_xml_next(c)) {
        bool ok;
        char v[32];
        if (rod_xml_is(c, "persoonsgebondenNummer"))
            ok = !l->persoonsgebondenNummer && pgn(m, c, &l->persoonsgebondenNummer);
        else if (rod_xml_is(c, "geslacht")) {
            ok = !geslacht && value(c, v, sizeof v) &&
                 soap_s2rod__Geslacht(m->soap, v, &l->geslacht) == SOAP_OK;
            geslacht = true;
        } else if (rod_xml_is(c, "geboortedatum"))
            ok = str(m, c, &l->geboortedatum);
        else if (rod_xml_is(c, "achternaam"))
            ok = str(m, c, &l->achternaam);
        else if (rod_xml_is(c, "voorvoegsels"))
            ok = str(m, c, &l->voorvoegsels);
        else if (rod_xml_is(c, "voornamen"))
            ok = str(m, c, &l->voornamen);
        else if (rod_xml_is(c, "adres"))
            ok = !l->adres && adres(m, c, &l->adres);
        else
            ok = false;
        if (!ok)
            return refuse(m->soap);
    }
    if (!geslacht || !l->geboortedatum)
        return refuse(m->soap);
    *out = l;
    return true;
}

static bool inschrijving(pool *m, const rod_xml_node *n, struct rod__Inschrijving *i)
{
    soap_default_rod__Inschrijving(m->soap, i);
    for (const rod_xml_node *c = rod_xml_child(n); c; c = rod_xml_next(c)) {
        bool ok;
        if (rod_xml_is(c, "referentie"))
            ok = str(m, c, &i->referentie);
        else if (rod_xml_is(c, "instellingscode"))
            ok = str(m, c, &i->instellingscode);
        else if (rod_xml_is(c, "inschrijfdatum"))
            ok = str(m, c, &i->inschrijfdatum);
        else if (rod_xml_is(c, "uitschrijfdatum"))
            ok = str(m, c, &i->uitschrijfdatum);
        else if (rod_xml_is(c, "leerling"))
            ok = !i->leerling && leerling(m, c, &i->leerling);
        else
            ok = false;
        if (!ok)
            return refuse(m->soap);
    }
    if (!i->instellingscode || !i->inschrijfdatum || !i->leerling)
        return refuse(m->soap);
    return true;
}

struct rod__AanleverenInschrijvingRequestType *rod_bind_aanleveren(struct soap *soap,
                                                                   const rod_xml_node *request)
{
    pool m = {soap, NULL, 0};
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
    if (n == 0) {
        refuse(soap);
        return NULL;
    }
    struct rod__AanleverenInschrijvingRequestType *r = mem(&m, sizeof *r);
    if (!r)
        return NULL;
    soap_default_rod__AanleverenInschrijvingRequestType(soap, r);
    r->inschrijving = mem(&m, sizeof *r->inschrijving * (size_t)n);
    if (!r->inschrijving)
        return NULL;
    int k = 0;
    for (const rod_xml_node *c = rod_xml_child(request); c && k < n; c = rod_xml_next(c), k++)
        if (!inschrijving(&m, c, &r->inschrijving[k]))
            return NULL;
    r->__sizeinschrijving = n;
    return r;
}
