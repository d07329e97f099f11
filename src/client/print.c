/* Output helpers of the commands. */
#include "client/print.h"

#include <stdio.h>

#include "rules/pgn.h"
#include "soapH.h"

void rodctl_print_fouten(const struct rod__Fout *f, int n)
{
    for (int i = 0; i < n; i++)
        fprintf(stderr, "%s %s%s%s%s\n", f[i].code ? f[i].code : "",
                f[i].omschrijving ? f[i].omschrijving : "", f[i].veld ? " (" : "", f[i].veld ? f[i].veld : "",
                f[i].veld ? ")" : "");
}

struct rod__PersoonsgebondenNummer *rodctl_pgn(struct soap *soap, const char *nr)
{
    int onr = rod_onderwijsnummer_valid(nr);
    if (!onr && !rod_bsn_valid(nr)) {
        fprintf(stderr, "rodctl: '%s' is geen geldig bsn of onderwijsnummer (elfproef)\n", nr);
        return NULL;
    }
    struct rod__PersoonsgebondenNummer *p = soap_malloc(soap, sizeof *p);
    soap_default_rod__PersoonsgebondenNummer(soap, p);
    if (onr) {
        p->__union_PersoonsgebondenNummer = SOAP_UNION__rod__union_PersoonsgebondenNummer_onderwijsnummer;
        p->union_PersoonsgebondenNummer.onderwijsnummer = soap_strdup(soap, nr);
    } else {
        p->__union_PersoonsgebondenNummer = SOAP_UNION__rod__union_PersoonsgebondenNummer_bsn;
        p->union_PersoonsgebondenNummer.bsn = soap_strdup(soap, nr);
    }
    return p;
}

/* only the contract's namespace: the output is a message element, not an envelope */
static const struct Namespace out_namespaces[] = {{"rod", "urn:rodgate:rod:v1", NULL, NULL},
                                                  {NULL, NULL, NULL, NULL}};

struct soap *rodctl_stdout_soap(void)
{
    struct soap *out = soap_new1(SOAP_C_UTFSTRING | SOAP_XML_INDENT);
    if (out) {
        out->sendfd = 1;
        soap_set_namespaces(out, out_namespaces);
    }
    return out;
}
