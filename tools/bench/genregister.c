/* genregister: test data for the rodgate benchmarks.
 *
 *   genregister register N YEAR OUTDIR
 *       OUTDIR/persoon-gegevens.tsv (for persoon and persoon_gegevens),
 *       OUTDIR/inschrijving-*.tsv (LOAD DATA format, sorted
 *       by primary key) for N pupils with valid, distinct BSNs (elfproef),
 *       spread over 31XU and 31XV (school-a, Amsterdam postcodes 1000-1109)
 *       and 24GP (school-b, Groningen postcodes 9700-9749), every
 *       inschrijving active from before YEAR-1 on; and OUTDIR/pupils.txt:
 *       "bsn instellingscode" of every school-a pupil (aged 5..16 in the
 *       autumn of YEAR-1 and YEAR), the input of the MeldenVerzuim scenario.
 *   genregister batch N YEAR RUN OUT.xml OUT.tsv
 *       an AanleverenInschrijving request (SOAP envelope, wsa:MessageID
 *       placeholder {{MSGID}}) with N new school-a pupils, and the same rows
 *       as TSV for tools/bench/bulkinsert. RUN (0..9) picks a BSN range of
 *       its own, so every run inserts new persons.
 *
 * BSN ranges: the register uses 2xxxxxxxx, batches 3RRxxxxxx; onderwijsnummers
 * assigned by the gateway start with 10, so nothing collides.
 * Licence: GPL-2.0-or-later. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const ACHTERNAMEN[] = {
    "Tanaka",    "Sato",     "Suzuki",   "Takahashi", "Watanabe", "Ito",        "Yamamoto",  "Nakamura",
    "Kobayashi", "Kato",     "Yoshida",  "Yamada",    "Sasaki",   "Yamaguchi",  "Matsumoto", "Inoue",
    "Kimura",    "Hayashi",  "Shimizu",  "Yamazaki",  "Mori",     "Abe",        "Ikeda",     "Hashimoto",
    "Ishikawa",  "Ogawa",    "Okada",    "Goto",      "Hasegawa", "Murakami",   "Jansen",    "Bakker",
    "Visser",    "Smit",     "Meijer",   "Mulder",    "Bos",      "Vos",        "Peters",    "Hendriks",
    "Dekker",    "Brouwer",  "Dijkstra", "Koster",    "Prins",    "Huisman",    "Kok",       "Schouten",
    "Willems",   "Hoekstra", "Vries",    "Jong",      "Boer",     "Berg",       "Dijk",      "Wit",
    "Graaf",     "Leeuwen",  "Heuvel",   "Linden",    "Müller",   "Østergaard", "Çelik",     "Yılmaz",
    "Öztürk",    "Łukasik",  "Šimić",    "Ämmälä",    "Ñúñez",    "Ødegård"};
static const char *const VOORNAMEN[] = {"Yuki", "Haruto", "Sota",  "Yui",   "Hina", "Ren",  "Aoi",  "Emma",
                                        "Daan", "Sem",    "Julia", "Lucas", "Mila", "Noah", "Tess", "Finn",
                                        "Saar", "Levi",   "Nora",  "Liam",  "Zoë",  "Léa",  "Mats", "Jürgen"};
static const char *const STRATEN[] = {"Damrak",        "Ruysdaelkade", "Van Baerlestraat", "Prinsengracht",
                                      "Keizersgracht", "Herengracht",  "Overtoom",         "Ceintuurbaan",
                                      "Vondelstraat",  "Rokin"};
static const char *const STRATEN_GRONINGEN[] = {"Grote Markt", "Herestraat", "Oosterstraat", "Vismarkt",
                                                "Zuiderdiep"};

static unsigned long long rng = 0x2545F4914F6CDD1DULL;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)((rng >> 11) % n);
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The next valid BSN at or after the 8-digit prefix *k (advanced past it). */
static void next_bsn(unsigned long *k, char out[16])
{
    for (;;) {
        unsigned long v = (*k)++;
        char d[9];
        snprintf(d, sizeof d, "%08lu", v % 100000000UL);
        int s = 0;
        for (int i = 0; i < 8; i++)
            s += (9 - i) * (d[i] - '0');
        int c = s % 11;
        if (c > 9 || s == 0)
            continue;
        snprintf(out, 16, "%s%u", d, (unsigned)c);
        return;
    }
}

static void postcode(char out[16], int lo, int hi)
{
    static const char L[] = "ABCDEFGHJKLMNPRTVWXZ"; /* never SA, SD or SS */
    snprintf(out, 16, "%04u%c%c", (unsigned)lo % 10000u + rnd((unsigned)(hi - lo + 1)), L[rnd(20)],
             L[rnd(20)]);
}

typedef struct {
    char pgn[16];
    const char *inst;
    const char *geslacht;
    char geboorte[24];
    const char *achternaam, *voorvoegsels, *voornamen;
    char postcode[16];
    int huisnummer;
    const char *straat, *plaats;
    char inschrijf[24];
    const char *uitschrijf; /* NULL or a date */
} pupil;

static void make_pupil(pupil *p, unsigned long *k, int i, int year, bool school_a_only)
{
    memset(p, 0, sizeof *p);
    next_bsn(k, p->pgn);
    int slot = school_a_only ? (i % 2 ? 4 : 0) : i % 10;
    int by;
    if (slot < 4) { /* primary school: 6..12 in YEAR-1 */
        p->inst = "31XU";
        by = year - 12 + (int)rnd(6);
    } else if (slot < 7) { /* secondary: 13..16 */
        p->inst = "31XV";
        by = year - 16 + (int)rnd(4);
    } else {
        p->inst = "24GP";
        by = year - 17 + (int)rnd(11);
    }
    snprintf(p->geboorte, sizeof p->geboorte, "%04d-%02d-%02d", by, 1 + (int)rnd(12), 1 + (int)rnd(28));
    p->geslacht = i % 2 ? "VROUW" : "MAN";
    p->achternaam = ACHTERNAMEN[rnd(COUNT(ACHTERNAMEN))];
    int vv = (int)rnd(10);
    p->voorvoegsels = vv == 0 ? "de" : vv == 1 ? "van" : vv == 2 ? "van der" : NULL;
    p->voornamen = VOORNAMEN[rnd(COUNT(VOORNAMEN))];
    bool groningen = strcmp(p->inst, "24GP") == 0;
    if (groningen) {
        postcode(p->postcode, 9700, 9749);
        p->straat = STRATEN_GRONINGEN[rnd(COUNT(STRATEN_GRONINGEN))];
        p->plaats = "Groningen";
    } else {
        postcode(p->postcode, 1000, 1109);
        p->straat = STRATEN[rnd(COUNT(STRATEN))];
        p->plaats = "Amsterdam";
    }
    p->huisnummer = 1 + (int)rnd(400);
    snprintf(p->inschrijf, sizeof p->inschrijf, "%04d-08-%02d", year - 2 - (int)rnd(2), 15 + (int)rnd(10));
    p->uitschrijf = rnd(10) == 0 ? "2099-07-17" : NULL;
}

static FILE *open_out(const char *dir, const char *name)
{
    char path[4096];
    if (dir)
        snprintf(path, sizeof path, "%s/%s", dir, name);
    else
        snprintf(path, sizeof path, "%s", name);
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "genregister: %s: %s\n", path, strerror(errno));
        exit(1);
    }
    return f;
}

#define NUL "\\N"

/* persoon and persoon_gegevens columns: pgn, pgn_soort, geslacht,
 * geboortedatum, achternaam, voorvoegsels, voornamen, adres_soort, postcode,
 * huisnummer, straatnaam, plaatsnaam, and the instellingscode whose
 * organisation submitted them (run.sh loads the file into both tables) */
static void persoon_row(FILE *f, const pupil *p)
{
    fprintf(f, "%s\tBSN\t%s\t%s\t%s\t%s\t%s\tBINNENLAND\t%s\t%d\t%s\t%s\t%s\n", p->pgn, p->geslacht,
            p->geboorte, p->achternaam, p->voorvoegsels ? p->voorvoegsels : NUL, p->voornamen, p->postcode,
            p->huisnummer, p->straat, p->plaats, p->inst);
}

/* inschrijving columns: instellingscode, pgn, inschrijfdatum, uitschrijfdatum,
 * achternaam, laatst_gewijzigd */
static void inschrijving_row(FILE *f, const pupil *p, int year)
{
    fprintf(f, "%s\t%s\t%s\t%s\t%s\t%04d-08-01 09:00:00.000\n", p->inst, p->pgn, p->inschrijf,
            p->uitschrijf ? p->uitschrijf : NUL, p->achternaam, year - 1);
}

static int do_register(long n, int year, const char *dir)
{
    FILE *fp = open_out(dir, "persoon-gegevens.tsv");
    /* inschrijving sorted by (instellingscode, pgn): one file per instelling,
     * concatenated in code order by the caller (24GP, 31XU, 31XV) */
    FILE *fi[3] = {open_out(dir, "inschrijving-24GP.tsv"), open_out(dir, "inschrijving-31XU.tsv"),
                   open_out(dir, "inschrijving-31XV.tsv")};
    FILE *fl = open_out(dir, "pupils.txt");
    unsigned long k = 20000000UL;
    for (long i = 0; i < n; i++) {
        pupil p;
        make_pupil(&p, &k, (int)(i % 1000000007L), year, false);
        persoon_row(fp, &p);
        int w = strcmp(p.inst, "24GP") == 0 ? 0 : strcmp(p.inst, "31XU") == 0 ? 1 : 2;
        inschrijving_row(fi[w], &p, year);
        if (w > 0)
            fprintf(fl, "%s %s\n", p.pgn, p.inst);
    }
    fclose(fp);
    fclose(fi[0]);
    fclose(fi[1]);
    fclose(fi[2]);
    fclose(fl);
    return 0;
}

static void xml_text(FILE *f, const char *tag, const char *v)
{
    if (v)
        fprintf(f, "<rod:%s>%s</rod:%s>", tag, v, tag);
}

static int do_batch(long n, int year, int run, const char *xml, const char *tsv)
{
    FILE *fx = open_out(NULL, xml), *ft = open_out(NULL, tsv);
    rng ^= (unsigned long long)(run + 1) * 0x9E3779B97F4A7C15ULL;
    unsigned long k = 30000000UL + (unsigned long)run * 500000UL;
    fprintf(fx, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
                "xmlns:wsa=\"http://www.w3.org/2005/08/addressing\" xmlns:rod=\"urn:rodgate:rod:v1\">\n"
                "<s:Header><wsa:To>https://127.0.0.1/rod/v1</wsa:To>"
                "<wsa:Action>urn:rodgate:rod:v1/AanleverenInschrijving</wsa:Action>"
                "<wsa:MessageID>{{MSGID}}</wsa:MessageID></s:Header>\n"
                "<s:Body><rod:AanleverenInschrijvingRequest>\n");
    for (long i = 0; i < n; i++) {
        pupil p;
        make_pupil(&p, &k, (int)i, year, true);
        /* a batch enrols in the current school year */
        snprintf(p.inschrijf, sizeof p.inschrijf, "%04d-08-%02d", year - 1, 15 + (int)rnd(10));
        p.uitschrijf = NULL;
        fprintf(fx, "<rod:inschrijving><rod:referentie>BENCH-%d-%06ld</rod:referentie>", run, i + 1);
        xml_text(fx, "instellingscode", p.inst);
        xml_text(fx, "inschrijfdatum", p.inschrijf);
        fprintf(
            fx,
            "<rod:leerling><rod:persoonsgebondenNummer><rod:bsn>%s</rod:bsn></rod:persoonsgebondenNummer>",
            p.pgn);
        xml_text(fx, "geslacht", p.geslacht);
        xml_text(fx, "geboortedatum", p.geboorte);
        xml_text(fx, "achternaam", p.achternaam);
        xml_text(fx, "voorvoegsels", p.voorvoegsels);
        xml_text(fx, "voornamen", p.voornamen);
        fprintf(
            fx,
            "<rod:adres><rod:binnenland><rod:postcode>%s</rod:postcode><rod:huisnummer>%d</rod:huisnummer>",
            p.postcode, p.huisnummer);
        xml_text(fx, "straatnaam", p.straat);
        xml_text(fx, "plaatsnaam", p.plaats);
        fprintf(fx, "</rod:binnenland></rod:adres></rod:leerling></rod:inschrijving>\n");
        /* TSV: persoon columns, then instellingscode, inschrijfdatum */
        fprintf(ft, "%s\tBSN\t%s\t%s\t%s\t%s\t%s\tBINNENLAND\t%s\t%d\t%s\t%s\t%s\t%s\n", p.pgn, p.geslacht,
                p.geboorte, p.achternaam, p.voorvoegsels ? p.voorvoegsels : NUL, p.voornamen, p.postcode,
                p.huisnummer, p.straat, p.plaats, p.inst, p.inschrijf);
    }
    fprintf(fx, "</rod:AanleverenInschrijvingRequest></s:Body>\n</s:Envelope>\n");
    fclose(fx);
    fclose(ft);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 5 && strcmp(argv[1], "register") == 0)
        return do_register(atol(argv[2]), atoi(argv[3]), argv[4]);
    if (argc == 7 && strcmp(argv[1], "batch") == 0)
        return do_batch(atol(argv[2]), atoi(argv[3]), atoi(argv[4]), argv[5], argv[6]);
    fprintf(stderr, "usage: genregister register N YEAR OUTDIR | batch N YEAR RUN OUT.xml OUT.tsv\n");
    return 2;
}
