/* rodctl overzicht: the organisation's whole registratieoverzicht, every
 * page of OpvragenOverzicht, into one CSV or XLSX file (the portal's
 * downloadable overview). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/commands.h"
#include "client/exitcode.h"
#include "client/out.h"
#include "client/print.h"
#include "soapH.h"

#define PAGE_SIZE      1000 /* the contract's largest paginaGrootte */
#define MAX_INSTELLING 64

static const char usage[] =
    "usage: rodctl overzicht [--instelling CODE]... [--zoek ACHTERNAAM] [--peildatum JJJJ-MM-DD]\n"
    "                        --csv FILE | --xlsx FILE\n"
    "\n"
    "Writes the registratieoverzicht, all pages, one line per inschrijving: instellingscode,\n"
    "instellingsnaam, bsn, onderwijsnummer, geslacht, geboortedatum, achternaam, voorvoegsels,\n"
    "voornamen, inschrijfdatum, uitschrijfdatum, laatstGewijzigd.\n"
    "\n"
    "  -i, --instelling CODE   only this instelling (repeat for more); default all of yours\n"
    "  -z, --zoek ACHTERNAAM   achternaam contains this text (ignoring case, at least 2 characters)\n"
    "  -p, --peildatum DATUM   only inschrijvingen active on that day\n"
    "      --csv FILE          write CSV (';' between fields, UTF-8)\n"
    "      --xlsx FILE         write an Excel workbook\n"
    "  -h, --help              this text\n";

static const char *const columns[] = {"instellingscode", "instellingsnaam", "bsn",
                                      "onderwijsnummer", "geslacht",        "geboortedatum",
                                      "achternaam",      "voorvoegsels",    "voornamen",
                                      "inschrijfdatum",  "uitschrijfdatum", "laatstGewijzigd"};

static void write_row(struct soap *soap, rodctl_out *o, const struct rod__OverzichtInstelling *in,
                      const struct rod__OverzichtInschrijving *i)
{
    const struct rod__OverzichtLeerling *l = i->leerling;
    const struct rod__PersoonsgebondenNummer *p = l ? l->persoonsgebondenNummer : NULL;
    int bsn = p && p->__union_PersoonsgebondenNummer == SOAP_UNION__rod__union_PersoonsgebondenNummer_bsn;
    rodctl_out_cell(o, in->instellingscode);
    rodctl_out_cell(o, in->naam);
    rodctl_out_cell(o, p && bsn ? p->union_PersoonsgebondenNummer.bsn : NULL);
    rodctl_out_cell(o, p && !bsn ? p->union_PersoonsgebondenNummer.onderwijsnummer : NULL);
    rodctl_out_cell(o, l ? soap_rod__Geslacht2s(soap, l->geslacht) : NULL);
    rodctl_out_cell(o, l ? l->geboortedatum : NULL);
    rodctl_out_cell(o, l ? l->achternaam : NULL);
    rodctl_out_cell(o, l ? l->voorvoegsels : NULL);
    rodctl_out_cell(o, l ? l->voornamen : NULL);
    rodctl_out_cell(o, i->inschrijfdatum);
    rodctl_out_cell(o, i->uitschrijfdatum);
    rodctl_out_cell(o, i->laatstGewijzigd);
    rodctl_out_end_row(o);
}

int rodctl_cmd_overzicht(int argc, char **argv, const rodctl_config *cfg)
{
    enum { OPT_CSV = 1000, OPT_XLSX };
    static const struct option opts[] = {{"instelling", required_argument, NULL, 'i'},
                                         {"zoek", required_argument, NULL, 'z'},
                                         {"peildatum", required_argument, NULL, 'p'},
                                         {"csv", required_argument, NULL, OPT_CSV},
                                         {"xlsx", required_argument, NULL, OPT_XLSX},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    char *inst[MAX_INSTELLING];
    int ninst = 0, xlsx = -1, ch;
    const char *zoek = NULL, *peil = NULL, *file = NULL;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "i:z:p:h", opts, NULL)) != -1) {
        switch (ch) {
        case 'h':
            fputs(usage, stdout);
            return RODCTL_OK;
        case 'i':
            if (ninst == MAX_INSTELLING) {
                fprintf(stderr, "rodctl: at most %d --instelling\n", MAX_INSTELLING);
                return RODCTL_USAGE;
            }
            inst[ninst++] = optarg;
            break;
        case 'z':
            zoek = optarg;
            break;
        case 'p':
            peil = optarg;
            break;
        case OPT_CSV:
        case OPT_XLSX:
            if (file) {
                fputs("rodctl: give one of --csv and --xlsx\n", stderr);
                return RODCTL_USAGE;
            }
            file = optarg;
            xlsx = ch == OPT_XLSX;
            break;
        default:
            fputs(usage, stderr);
            return RODCTL_USAGE;
        }
    }
    if (!file || optind != argc) {
        fputs(usage, stderr);
        return RODCTL_USAGE;
    }
    rodctl_conn c = {0};
    int rc = rodctl_connect(&c, cfg);
    if (rc != RODCTL_OK) {
        rodctl_conn_close(&c);
        return rc;
    }
    char err[1200];
    rodctl_out *o = rodctl_out_open(file, xlsx, err, sizeof err);
    if (!o) {
        fprintf(stderr, "rodctl: %s\n", err);
        rodctl_conn_close(&c);
        return RODCTL_USAGE;
    }
    for (size_t k = 0; k < sizeof columns / sizeof *columns; k++)
        rodctl_out_cell(o, columns[k]);
    rodctl_out_end_row(o);
    struct soap *soap = c.soap;
    int pagina = 1, paginas = 1, grootte = PAGE_SIZE;
    long rows = 0, totaal = 0;
    do {
        struct rod__OpvragenOverzichtRequestType req;
        struct rod__OpvragenOverzichtResponseType resp;
        soap_default_rod__OpvragenOverzichtRequestType(soap, &req);
        req.__sizeinstellingscode = ninst;
        req.instellingscode = ninst ? inst : NULL;
        req.zoekAchternaam = (char *)zoek;
        req.peildatum = (char *)peil;
        req.pagina = &pagina;
        req.paginaGrootte = &grootte;
        const char *action = rodctl_conn_address(&c, "OpvragenOverzicht", NULL);
        rc = rodctl_conn_result(
            &c, soap_call___rodw__OpvragenOverzicht(soap, cfg->endpoint, action, &req, &resp));
        if (rc == RODCTL_OK && !resp.gelukt) {
            rodctl_print_fouten(resp.fout, resp.__sizefout);
            rc = RODCTL_AFGEKEURD;
        }
        if (rc == RODCTL_OK) {
            paginas = resp.aantalPaginas ? *resp.aantalPaginas : 1;
            totaal = resp.totaalAantal ? *resp.totaalAantal : 0;
            for (int b = 0; b < resp.__sizeinstelling; b++)
                for (int i = 0; i < resp.instelling[b].__sizeinschrijving; i++, rows++)
                    write_row(soap, o, &resp.instelling[b], &resp.instelling[b].inschrijving[i]);
        }
        soap_destroy(soap);
        soap_end(soap);
    } while (rc == RODCTL_OK && ++pagina <= paginas);
    if (rodctl_out_close(o, err, sizeof err) != 0) {
        fprintf(stderr, "rodctl: %s\n", err);
        if (rc == RODCTL_OK)
            rc = RODCTL_USAGE;
    }
    if (rc == RODCTL_OK) {
        printf("%ld inschrijvingen op %d pagina%s in %s\n", rows, paginas, paginas == 1 ? "" : "'s", file);
        if (rows != totaal) {
            /* the register changed while the pages were read */
            fprintf(stderr, "rodctl: the register reports %ld inschrijvingen, %ld were read: run again\n",
                    totaal, rows);
            rc = RODCTL_STORING;
        }
    }
    rodctl_conn_close(&c);
    return rc;
}
