/* rodctl melding melden|wijzigen|intrekken|opvragen|historie|zoeken and
 * rodctl leerling PGN: the verzuim operations. A melding comes from an XML
 * file holding a MeldenVerzuimRequest (as tests/data/valid/MeldenVerzuim.xml),
 * read with the same gSOAP stubs; everything else from flags. Answers are
 * written to stdout as XML, fouten to stderr. The mutating ones derive
 * their wsa:MessageID from what they send, so running one again after a
 * time-out gets the stored answer (--nieuw: a fresh MessageID). */
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/commands.h"
#include "client/exitcode.h"
#include "client/print.h"
#include "client/sheet.h"
#include "soapH.h"

static const char melding_usage[] =
    "usage: rodctl melding melden FILE.xml [--nieuw]\n"
    "       rodctl melding wijzigen MELDINGNUMMER FILE.xml [--versie N] [--nieuw]\n"
    "       rodctl melding intrekken MELDINGNUMMER --reden REDEN [--toelichting TEKST] [--versie N] "
    "[--nieuw]\n"
    "       rodctl melding opvragen MELDINGNUMMER\n"
    "       rodctl melding historie MELDINGNUMMER [--versie N]\n"
    "       rodctl melding zoeken [--melding N] [--pgn NR] [--instelling CODE] [--gemeente NAAM]\n"
    "                             [--contactpersoon NAAM] [--status STATUS]... [--pagina N] "
    "[--pagina-grootte N]\n"
    "\n"
    "FILE.xml holds a MeldenVerzuimRequest (docs/rodctl.md; tests/data/valid/MeldenVerzuim.xml).\n"
    "REDEN: FOUTIEF_GEMELD_NIEUWE_MELDING, GEEN_INSCHRIJVING, TEN_ONRECHTE_GEMELD, ANDERS.\n"
    "STATUS: GEREGISTREERD, IN_BEHANDELING, AFGESLOTEN, TER_KENNISGEVING_AANGENOMEN,\n"
    "        OVERGEDRAGEN_AAN_DERDEN, INGETROKKEN.\n"
    "The answer is printed as XML on stdout; fouten (gelukt false) on stderr, exit code 1.\n"
    "  --nieuw    a fresh wsa:MessageID (by default a repeat of the same request gets the\n"
    "             register's stored answer and changes nothing)\n"
    "  -h, --help this text\n";

static const char leerling_usage[] =
    "usage: rodctl leerling BSN|ONDERWIJSNUMMER\n"
    "\n"
    "What the school may report about one pupil (OpvragenLeerling), as XML.\n";

typedef struct {
    LONG64 melding, *melding_opt;
    int versie, *versie_opt, nieuw, pagina, *pagina_opt, grootte, *grootte_opt;
    const char *reden, *toelichting, *pgn, *instelling, *gemeente, *contact;
    enum rod__Status status[8];
    int nstatus;
} flags;

static int number(const char *s, LONG64 *out)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end) {
        fprintf(stderr, "rodctl: '%s' is not a number\n", s);
        return -1;
    }
    *out = v;
    return 0;
}

static int small(const char *s, int *out)
{
    LONG64 v;
    if (number(s, &v) || v < 1 || v > 1000000) {
        fprintf(stderr, "rodctl: '%s': expected a number from 1\n", s);
        return -1;
    }
    *out = (int)v;
    return 0;
}

static int parse_flags(int argc, char **argv, struct soap *soap, flags *f, int *want_help)
{
    enum { O_NIEUW = 1000, O_GEMEENTE, O_CONTACT, O_GROOTTE };
    static const struct option opts[] = {{"versie", required_argument, NULL, 'v'},
                                         {"reden", required_argument, NULL, 'r'},
                                         {"toelichting", required_argument, NULL, 't'},
                                         {"melding", required_argument, NULL, 'm'},
                                         {"pgn", required_argument, NULL, 'n'},
                                         {"instelling", required_argument, NULL, 'i'},
                                         {"status", required_argument, NULL, 's'},
                                         {"pagina", required_argument, NULL, 'p'},
                                         {"pagina-grootte", required_argument, NULL, O_GROOTTE},
                                         {"gemeente", required_argument, NULL, O_GEMEENTE},
                                         {"contactpersoon", required_argument, NULL, O_CONTACT},
                                         {"nieuw", no_argument, NULL, O_NIEUW},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    int ch;
    memset(f, 0, sizeof *f);
    optind = 1;
    while ((ch = getopt_long(argc, argv, "v:r:t:m:n:i:s:p:h", opts, NULL)) != -1) {
        switch (ch) {
        case 'h':
            *want_help = 1;
            return 0;
        case 'v':
            if (small(optarg, &f->versie))
                return -1;
            f->versie_opt = &f->versie;
            break;
        case 'r':
            f->reden = optarg;
            break;
        case 't':
            f->toelichting = optarg;
            break;
        case 'm':
            if (number(optarg, &f->melding))
                return -1;
            f->melding_opt = &f->melding;
            break;
        case 'n':
            f->pgn = optarg;
            break;
        case 'i':
            f->instelling = optarg;
            break;
        case 's':
            if (f->nstatus == 8 || soap_s2rod__Status(soap, optarg, &f->status[f->nstatus]) != SOAP_OK) {
                fprintf(stderr, "rodctl: unknown status '%s'\n", optarg);
                return -1;
            }
            f->nstatus++;
            break;
        case 'p':
            if (small(optarg, &f->pagina))
                return -1;
            f->pagina_opt = &f->pagina;
            break;
        case O_GROOTTE:
            if (small(optarg, &f->grootte))
                return -1;
            f->grootte_opt = &f->grootte;
            break;
        case O_GEMEENTE:
            f->gemeente = optarg;
            break;
        case O_CONTACT:
            f->contact = optarg;
            break;
        case O_NIEUW:
            f->nieuw = 1;
            break;
        default:
            return -1;
        }
    }
    return 0;
}

/* Reads the MeldenVerzuimRequest of path into soap's memory; *content
 * (heap) keeps the bytes for the MessageID. */
static struct rod__Melding *read_melding(struct soap *soap, const char *path, char **content, size_t *len)
{
    char err[1200];
    if (!(*content = rodctl_read_file(path, len, err, sizeof err))) {
        fprintf(stderr, "rodctl: %s\n", err);
        return NULL;
    }
    struct rod__MeldenVerzuimRequestType req;
    soap_default_rod__MeldenVerzuimRequestType(soap, &req);
    int fd = open(path, O_RDONLY), rc = SOAP_EOF;
    soap->recvfd = fd;
    if (fd >= 0 && soap_begin_recv(soap) == SOAP_OK &&
        soap_get_rod__MeldenVerzuimRequestType(soap, &req, NULL, NULL) && soap_end_recv(soap) == SOAP_OK)
        rc = SOAP_OK;
    soap->recvfd = 0;
    if (fd >= 0)
        close(fd);
    if (rc != SOAP_OK || !req.melding) {
        fprintf(stderr, "rodctl: %s is not a MeldenVerzuimRequest:\n", path);
        soap_print_fault(soap, stderr);
        return NULL;
    }
    return req.melding;
}

/* The MessageID of a mutating call: from the bytes that define it, unless
 * --nieuw. */
static const char *message_id(const flags *f, const char *op, const void *data, size_t len, char buf[46])
{
    if (f->nieuw)
        return NULL;
    return rodctl_message_id(data, len, op, 0, buf) == 0 ? buf : NULL;
}

/* gelukt false: the fouten on stderr, exit 1; otherwise the answer. */
#define ANSWER(out, type, resp, tag)                             \
    do {                                                         \
        if (rc == RODCTL_OK && !(resp).gelukt) {                 \
            rodctl_print_fouten((resp).fout, (resp).__sizefout); \
            rc = RODCTL_AFGEKEURD;                               \
        }                                                        \
        if (rc == RODCTL_OK) {                                   \
            soap_begin_send(out);                                \
            soap_serialize_##type(out, &(resp));                 \
            soap_put_##type(out, &(resp), tag, "");              \
            soap_end_send(out);                                  \
            fputc('\n', stdout);                                 \
        }                                                        \
    } while (0)

static int need_args(int have, int want)
{
    if (have != want) {
        fputs(melding_usage, stderr);
        return -1;
    }
    return 0;
}

static int run_melding(rodctl_conn *c, struct soap *out, const char *sub, int nargs, char **args, flags *f)
{
    struct soap *soap = c->soap;
    const char *ep = c->cfg->endpoint;
    char idbuf[46], *content = NULL;
    size_t len = 0;
    int rc = RODCTL_OK;
    LONG64 nr = 0;
    if (!strcmp(sub, "melden")) {
        struct rod__MeldenVerzuimRequestType req = {0};
        struct rod__MeldenVerzuimResponseType resp;
        if (need_args(nargs, 1) || !(req.melding = read_melding(soap, args[0], &content, &len))) {
            free(content);
            return RODCTL_USAGE;
        }
        const char *a =
            rodctl_conn_address(c, "MeldenVerzuim", message_id(f, "MeldenVerzuim", content, len, idbuf));
        rc = rodctl_conn_result(c, soap_call___rodw__MeldenVerzuim(soap, ep, a, &req, &resp));
        ANSWER(out, rod__MeldenVerzuimResponseType, resp, "rod:MeldenVerzuimResponse");
    } else if (!strcmp(sub, "wijzigen")) {
        struct rod__WijzigenVerzuimRequestType req = {0};
        struct rod__WijzigenVerzuimResponseType resp;
        if (need_args(nargs, 2) || number(args[0], &nr) ||
            !(req.melding = read_melding(soap, args[1], &content, &len))) {
            free(content);
            return RODCTL_USAGE;
        }
        req.meldingnummer = nr;
        req.versie = f->versie_opt;
        char key[64];
        snprintf(key, sizeof key, "WijzigenVerzuim:%lld:%d", (long long)nr, f->versie);
        const char *a = rodctl_conn_address(c, "WijzigenVerzuim", message_id(f, key, content, len, idbuf));
        rc = rodctl_conn_result(c, soap_call___rodw__WijzigenVerzuim(soap, ep, a, &req, &resp));
        ANSWER(out, rod__WijzigenVerzuimResponseType, resp, "rod:WijzigenVerzuimResponse");
    } else if (!strcmp(sub, "intrekken")) {
        struct rod__IntrekkenVerzuimRequestType req = {0};
        struct rod__IntrekkenVerzuimResponseType resp;
        if (need_args(nargs, 1) || number(args[0], &nr))
            return RODCTL_USAGE;
        if (!f->reden || soap_s2rod__RedenIntrekken(soap, f->reden, &req.reden) != SOAP_OK) {
            fprintf(stderr,
                    "rodctl: --reden must be one of FOUTIEF_GEMELD_NIEUWE_MELDING, GEEN_INSCHRIJVING, "
                    "TEN_ONRECHTE_GEMELD, ANDERS\n");
            return RODCTL_USAGE;
        }
        req.meldingnummer = nr;
        req.toelichting = (char *)f->toelichting;
        req.versie = f->versie_opt;
        char key[2048];
        int n = snprintf(key, sizeof key, "%lld|%s|%d|%s", (long long)nr, f->reden, f->versie,
                         f->toelichting ? f->toelichting : "");
        const char *a = rodctl_conn_address(c, "IntrekkenVerzuim",
                                            message_id(f, "IntrekkenVerzuim", key, (size_t)n, idbuf));
        rc = rodctl_conn_result(c, soap_call___rodw__IntrekkenVerzuim(soap, ep, a, &req, &resp));
        ANSWER(out, rod__IntrekkenVerzuimResponseType, resp, "rod:IntrekkenVerzuimResponse");
    } else if (!strcmp(sub, "opvragen")) {
        struct rod__OpvragenMeldingRequestType req = {0};
        struct rod__OpvragenMeldingResponseType resp;
        if (need_args(nargs, 1) || number(args[0], &req.meldingnummer))
            return RODCTL_USAGE;
        const char *a = rodctl_conn_address(c, "OpvragenMelding", NULL);
        rc = rodctl_conn_result(c, soap_call___rodw__OpvragenMelding(soap, ep, a, &req, &resp));
        ANSWER(out, rod__OpvragenMeldingResponseType, resp, "rod:OpvragenMeldingResponse");
    } else if (!strcmp(sub, "historie")) {
        struct rod__OpvragenHistorieRequestType req = {0};
        struct rod__OpvragenHistorieResponseType resp;
        if (need_args(nargs, 1) || number(args[0], &req.meldingnummer))
            return RODCTL_USAGE;
        req.versie = f->versie_opt;
        const char *a = rodctl_conn_address(c, "OpvragenHistorie", NULL);
        rc = rodctl_conn_result(c, soap_call___rodw__OpvragenHistorie(soap, ep, a, &req, &resp));
        ANSWER(out, rod__OpvragenHistorieResponseType, resp, "rod:OpvragenHistorieResponse");
    } else if (!strcmp(sub, "zoeken")) {
        struct rod__ZoekenVerzuimRequestType req = {0};
        struct rod__ZoekenVerzuimResponseType resp;
        if (need_args(nargs, 0))
            return RODCTL_USAGE;
        req.meldingnummer = f->melding_opt;
        if (f->pgn && !(req.persoonsgebondenNummer = rodctl_pgn(soap, f->pgn)))
            return RODCTL_USAGE;
        req.instellingscode = (char *)f->instelling;
        req.uitvoerendeInstantieNaam = (char *)f->gemeente;
        req.naamContactpersoon = (char *)f->contact;
        req.__sizestatus = f->nstatus;
        req.status = f->nstatus ? f->status : NULL;
        req.pagina = f->pagina_opt;
        req.paginaGrootte = f->grootte_opt;
        const char *a = rodctl_conn_address(c, "ZoekenVerzuim", NULL);
        rc = rodctl_conn_result(c, soap_call___rodw__ZoekenVerzuim(soap, ep, a, &req, &resp));
        ANSWER(out, rod__ZoekenVerzuimResponseType, resp, "rod:ZoekenVerzuimResponse");
    } else {
        fprintf(stderr, "rodctl: unknown melding command '%s'\n%s", sub, melding_usage);
        return RODCTL_USAGE;
    }
    free(content);
    return rc;
}

int rodctl_cmd_melding(int argc, char **argv, const rodctl_config *cfg)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        fputs(melding_usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? RODCTL_USAGE : RODCTL_OK;
    }
    static const char *const subs[] = {"melden", "wijzigen", "intrekken", "opvragen", "historie", "zoeken"};
    int known = 0;
    for (size_t i = 0; i < sizeof subs / sizeof *subs; i++)
        known |= !strcmp(argv[1], subs[i]);
    if (!known) {
        fprintf(stderr, "rodctl: unknown melding command '%s'\n%s", argv[1], melding_usage);
        return RODCTL_USAGE;
    }
    rodctl_conn c = {0};
    struct soap *out = rodctl_stdout_soap();
    flags f;
    int help = 0, rc;
    if (!out || parse_flags(argc - 1, argv + 1, out, &f, &help) != 0) {
        if (out)
            fputs(melding_usage, stderr);
        rc = RODCTL_USAGE;
    } else if (help) {
        fputs(melding_usage, stdout);
        rc = RODCTL_OK;
    } else if ((rc = rodctl_connect(&c, cfg)) == RODCTL_OK) {
        rc = run_melding(&c, out, argv[1], argc - 1 - optind, argv + 1 + optind, &f);
    }
    rodctl_conn_close(&c);
    if (out) {
        soap_end(out);
        soap_free(out);
    }
    return rc;
}

int rodctl_cmd_leerling(int argc, char **argv, const rodctl_config *cfg)
{
    if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        fputs(leerling_usage, stdout);
        return RODCTL_OK;
    }
    if (argc != 2) {
        fputs(leerling_usage, stderr);
        return RODCTL_USAGE;
    }
    rodctl_conn c = {0};
    struct soap *out = rodctl_stdout_soap();
    int rc = out ? rodctl_connect(&c, cfg) : RODCTL_USAGE;
    if (rc == RODCTL_OK) {
        struct rod__OpvragenLeerlingRequestType req = {0};
        struct rod__OpvragenLeerlingResponseType resp;
        if (!(req.persoonsgebondenNummer = rodctl_pgn(c.soap, argv[1]))) {
            rc = RODCTL_USAGE;
        } else {
            const char *a = rodctl_conn_address(&c, "OpvragenLeerling", NULL);
            rc = rodctl_conn_result(
                &c, soap_call___rodw__OpvragenLeerling(c.soap, cfg->endpoint, a, &req, &resp));
            ANSWER(out, rod__OpvragenLeerlingResponseType, resp, "rod:OpvragenLeerlingResponse");
        }
    }
    rodctl_conn_close(&c);
    if (out) {
        soap_end(out);
        soap_free(out);
    }
    return rc;
}
