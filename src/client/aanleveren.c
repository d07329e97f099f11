/* rodctl aanleveren FILE.csv|FILE.xlsx: a spreadsheet of inschrijvingen,
 * checked locally, sent in parts of at most 10,000 items, with a result
 * file of one line per row. Each part's wsa:MessageID comes from the file's
 * content and the part number, so running the same file again after a
 * crash, a time-out or Ctrl-C gets the register's stored answers for the
 * parts it already processed and never submits a part twice. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/commands.h"
#include "client/exitcode.h"
#include "client/out.h"
#include "client/progress.h"
#include "client/sheet.h"
#include "client/template.h"
#include "soapH.h"

#define MAX_ITEMS 10000 /* the contract's maximum per AanleverenInschrijvingRequest */

/* Ctrl-C or SIGTERM: finish or abandon the part in flight, write the result
 * file, exit 7. A second one kills at once (SA_RESETHAND). */
static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
    stop_signal = sig;
}

static void catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESETHAND; /* no SA_RESTART: a blocked read returns */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

typedef enum { ROW_EMPTY, ROW_LOCAL, ROW_PENDING, ROW_GELUKT, ROW_AFGEKEURD } row_state;

typedef struct {
    row_state state;
    char pgn[16];
    char *fouten; /* "ROD-0204 text (veld); ..." */
} row_result;

static const char usage[] =
    "usage: rodctl aanleveren [--resultaat FILE] [--quiet] FILE.csv|FILE.xlsx\n"
    "\n"
    "Submits the inschrijvingen of a spreadsheet (the template of docs/rodctl.md).\n"
    "Every row is checked locally first; problems are printed as ROW:COLUMN: CODE TEXT\n"
    "and those rows are not sent. The rest goes in parts of at most 10,000 items.\n"
    "The result file (default FILE.resultaat.csv; .xlsx for a workbook) has one line\n"
    "per row: rij, status, persoonsgebondenNummer, referentie, fouten.\n"
    "Running the same file again is safe: every part keeps its wsa:MessageID.\n"
    "\n"
    "  -r, --resultaat FILE  where to write the result file\n"
    "  -q, --quiet           no progress output\n"
    "  -h, --help            this text\n";

static void append(char **dst, const char *code, const char *text, const char *veld)
{
    size_t old = *dst ? strlen(*dst) : 0;
    size_t n = old + strlen(code) + strlen(text) + (veld ? strlen(veld) : 0) + 16;
    char *s = realloc(*dst, n);
    if (!s)
        return;
    snprintf(s + old, n - old, "%s%s %s%s%s%s", old ? " | " : "", code, text, veld ? " (" : "",
             veld ? veld : "", veld ? ")" : "");
    *dst = s;
}

static int write_results(const char *path, const rodctl_sheet *s, const rodctl_layout *l,
                         const row_result *res)
{
    static const char *const names[] = {"LEEG", "AFGEKEURD", "NIET_VERZONDEN", "GELUKT", "AFGEKEURD"};
    char err[1200];
    rodctl_out *o = rodctl_out_open(path, -1, err, sizeof err);
    if (!o) {
        fprintf(stderr, "rodctl: %s\n", err);
        return -1;
    }
    const char *head[] = {"rij", "status", "persoonsgebondenNummer", "referentie", "fouten"};
    for (size_t i = 0; i < 5; i++)
        rodctl_out_cell(o, head[i]);
    rodctl_out_end_row(o);
    for (size_t r = 1; r < s->nrows; r++) {
        char rij[24];
        snprintf(rij, sizeof rij, "%zu", r + 1);
        rodctl_out_cell(o, rij);
        rodctl_out_cell(o, names[res[r].state]);
        rodctl_out_cell(o, res[r].pgn);
        rodctl_out_cell(o, l->at[RODCTL_COL_REFERENTIE] < 0
                               ? NULL
                               : rodctl_sheet_cell(s, r, (size_t)l->at[RODCTL_COL_REFERENTIE]));
        rodctl_out_cell(o, res[r].fouten);
        rodctl_out_end_row(o);
    }
    if (rodctl_out_close(o, err, sizeof err) != 0) {
        fprintf(stderr, "rodctl: %s\n", err);
        return -1;
    }
    return 0;
}

static int row_empty(const rodctl_sheet *s, size_t r)
{
    for (size_t c = 0; c < s->ncols; c++)
        if (rodctl_sheet_cell(s, r, c))
            return 0;
    return 1;
}

/* Checks every row; fills res and the list of rows to send. */
static size_t check_rows(const rodctl_sheet *s, const rodctl_layout *l, row_result *res, size_t *send)
{
    size_t n = 0;
    rodctl_problem p[RODCTL_MAX_PROBLEMS];
    for (size_t r = 1; r < s->nrows; r++) {
        if (row_empty(s, r)) {
            res[r].state = ROW_EMPTY;
            continue;
        }
        int k = rodctl_row_check(s, l, r, p);
        if (k == 0) {
            res[r].state = ROW_PENDING;
            send[n++] = r;
            continue;
        }
        res[r].state = ROW_LOCAL;
        for (int i = 0; i < k; i++) {
            const char *code = rod_status_code(p[i].status), *text = rod_status_text(p[i].status);
            fprintf(stderr, "%zu:%ld: %s %s%s%s (%s)\n", r + 1, l->at[p[i].col] + 1, code, text,
                    *p[i].cause ? " " : "", p[i].cause, rodctl_col_name(p[i].col));
            char both[1600];
            snprintf(both, sizeof both, "%s%s%s", text, *p[i].cause ? " " : "", p[i].cause);
            append(&res[r].fouten, code, both, rodctl_col_name(p[i].col));
        }
    }
    return n;
}

/* Sends rows send[0..n) as part `part`; records each item's result. */
static int send_part(rodctl_conn *c, rodctl_progress *prog, const rodctl_sheet *s, const rodctl_layout *l,
                     const size_t *send, size_t n, const char *message_id, row_result *res, size_t *gelukt,
                     size_t *afgekeurd)
{
    struct soap *soap = c->soap;
    struct rod__AanleverenInschrijvingRequestType req;
    struct rod__AanleverenInschrijvingResponseType resp;
    soap_default_rod__AanleverenInschrijvingRequestType(soap, &req);
    req.__sizeinschrijving = (int)n;
    req.inschrijving = soap_malloc(soap, n * sizeof *req.inschrijving);
    for (size_t i = 0; i < n; i++)
        rodctl_row_inschrijving(soap, s, l, send[i], &req.inschrijving[i]);
    const char *action = rodctl_conn_address(c, "AanleverenInschrijving", message_id);
    int call = soap_call___rodw__AanleverenInschrijving(soap, c->cfg->endpoint, action, &req, &resp);
    rodctl_progress_clear(prog);
    int rc = rodctl_conn_result(c, call);
    const char *code = rc == RODCTL_FAULT ? rodctl_conn_fault_code(c) : NULL;
    if (code && !strcmp(code, "ROD-0005"))
        fprintf(stderr,
                "rodctl: this part's MessageID was used before for other rows: the file is the same, but "
                "a row was judged differently by the local checks (for instance a pupil who turned 4 "
                "since); send a corrected copy of the file (a new file is a new submission)\n");
    if (rc == RODCTL_OK) {
        for (int i = 0; i < resp.__sizeresultaat; i++) {
            const struct rod__InschrijvingResultaat *it = &resp.resultaat[i];
            if (it->volgnummer < 1 || (size_t)it->volgnummer > n)
                continue;
            row_result *rr = &res[send[it->volgnummer - 1]];
            rr->state = it->status == rod__ResultaatStatus__GELUKT ? ROW_GELUKT : ROW_AFGEKEURD;
            const struct rod__PersoonsgebondenNummer *p = it->persoonsgebondenNummer;
            if (p && p->__union_PersoonsgebondenNummer == SOAP_UNION__rod__union_PersoonsgebondenNummer_bsn)
                snprintf(rr->pgn, sizeof rr->pgn, "%s", p->union_PersoonsgebondenNummer.bsn);
            else if (p)
                snprintf(rr->pgn, sizeof rr->pgn, "%s", p->union_PersoonsgebondenNummer.onderwijsnummer);
            for (int k = 0; k < it->__sizefout; k++) {
                const struct rod__Fout *f = &it->fout[k];
                append(&rr->fouten, f->code ? f->code : "", f->omschrijving ? f->omschrijving : "", f->veld);
                fprintf(stderr, "%zu: %s %s%s%s%s\n", send[it->volgnummer - 1] + 1, f->code ? f->code : "",
                        f->omschrijving ? f->omschrijving : "", f->veld ? " (" : "", f->veld ? f->veld : "",
                        f->veld ? ")" : "");
            }
            if (rr->state == ROW_GELUKT)
                (*gelukt)++;
            else
                (*afgekeurd)++;
        }
    }
    soap_destroy(soap);
    soap_end(soap);
    return rc;
}

static void default_result_path(const char *in, char *out, size_t len)
{
    const char *dot = strrchr(in, '.');
    size_t stem = dot && !strchr(dot, '/') ? (size_t)(dot - in) : strlen(in);
    snprintf(out, len, "%.*s.resultaat.csv", (int)stem, in);
}

int rodctl_cmd_aanleveren(int argc, char **argv, const rodctl_config *cfg)
{
    static const struct option opts[] = {{"resultaat", required_argument, NULL, 'r'},
                                         {"quiet", no_argument, NULL, 'q'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *result_path = NULL;
    int quiet = 0, ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "r:qh", opts, NULL)) != -1) {
        if (ch == 'h') {
            fputs(usage, stdout);
            return RODCTL_OK;
        }
        if (ch == 'r')
            result_path = optarg;
        else if (ch == 'q')
            quiet = 1;
        else {
            fputs(usage, stderr);
            return RODCTL_USAGE;
        }
    }
    if (argc - optind != 1) {
        fputs(usage, stderr);
        return RODCTL_USAGE;
    }
    const char *path = argv[optind];
    char err[1200], rpath[1100];
    if (!result_path) {
        default_result_path(path, rpath, sizeof rpath);
        result_path = rpath;
    }
    size_t len;
    char *content = rodctl_read_file(path, &len, err, sizeof err);
    rodctl_sheet sheet;
    rodctl_layout layout;
    if (!content || rodctl_sheet_read(&sheet, path, err, sizeof err) != 0) {
        fprintf(stderr, "rodctl: %s\n", err);
        free(content);
        return RODCTL_USAGE;
    }
    int rc = RODCTL_OK;
    row_result *res = NULL;
    size_t *send = NULL;
    rodctl_conn conn = {0};
    if (rodctl_layout_read(&layout, &sheet, err, sizeof err) != 0) {
        fprintf(stderr, "%s:%s\n", path, err);
        rc = RODCTL_USAGE;
        goto out;
    }
    rodctl_sheet_normalize(&sheet, &layout);
    res = calloc(sheet.nrows, sizeof *res);
    send = calloc(sheet.nrows, sizeof *send);
    if (!res || !send) {
        fprintf(stderr, "rodctl: out of memory\n");
        rc = RODCTL_USAGE;
        goto out;
    }
    size_t nsend = check_rows(&sheet, &layout, res, send), local = 0;
    for (size_t r = 1; r < sheet.nrows; r++)
        local += res[r].state == ROW_LOCAL;
    size_t parts = (nsend + MAX_ITEMS - 1) / MAX_ITEMS, gelukt = 0, afgekeurd = 0, answered = 0;
    const char *stop_env = getenv("RODCTL_STOP_AFTER_PART");
    int stop_after = stop_env ? atoi(stop_env) : 0;
    if (nsend > 0 && (rc = rodctl_connect(&conn, cfg)) != RODCTL_OK)
        goto write;
    rodctl_progress prog;
    rodctl_progress_start(&prog, quiet, nsend, parts);
    catch_signals();
    for (size_t part = 1; part <= parts; part++) {
        if (stop_signal)
            break;
        size_t first = (part - 1) * MAX_ITEMS, n = nsend - first < MAX_ITEMS ? nsend - first : MAX_ITEMS;
        char mid[46];
        if (rodctl_message_id(content, len, "AanleverenInschrijving", (int)part, mid) != 0) {
            fprintf(stderr, "rodctl: cannot hash %s\n", path);
            rc = RODCTL_USAGE;
            break;
        }
        rodctl_progress_part(&prog, part, first, n);
        rc = send_part(&conn, &prog, &sheet, &layout, send + first, n, mid, res, &gelukt, &afgekeurd);
        if (rc != RODCTL_OK && !stop_signal)
            break;
        rodctl_progress_done(&prog, part, first + n, gelukt, afgekeurd);
        answered = part;
        if (stop_after > 0 && part == (size_t)stop_after && part < parts) {
            fprintf(stderr,
                    "rodctl: stopped after part %zu of %zu (RODCTL_STOP_AFTER_PART); run again to "
                    "finish\n",
                    part, parts);
            rc = RODCTL_INTERRUPTED;
            break;
        }
    }
    rodctl_progress_end(&prog);
    if (stop_signal) {
        fprintf(stderr,
                "rodctl: interrupted (signal %d); the result file has every part answered so far; run the "
                "same command again to finish (parts already processed get their stored answer)\n",
                (int)stop_signal);
        rc = RODCTL_INTERRUPTED;
    }
write:
    if (write_results(result_path, &sheet, &layout, res) != 0 && rc == RODCTL_OK)
        rc = RODCTL_USAGE;
    char done[64] = "";
    if (answered < parts)
        snprintf(done, sizeof done, "%zu van ", answered);
    printf("%zu rijen: %zu gelukt, %zu afgekeurd (%zu lokaal, %zu door het register), %s%zu verzoek%s "
           "beantwoord; resultaat in %s\n",
           sheet.nrows - 1, gelukt, local + afgekeurd, local, afgekeurd, done, parts, parts == 1 ? "" : "en",
           result_path);
    if (rc == RODCTL_OK && local + afgekeurd > 0)
        rc = RODCTL_AFGEKEURD;
out:
    rodctl_conn_close(&conn);
    if (res)
        for (size_t r = 0; r < sheet.nrows; r++)
            free(res[r].fouten);
    free(res);
    free(send);
    rodctl_sheet_free(&sheet);
    free(content);
    return rc;
}
