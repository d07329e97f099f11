/* The aanleveren template: header and local row checks (pure: also linked
 * into the unit tests; the gSOAP item is template_item.c). */
#include "client/template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/clock.h"
#include "rules/address.h"
#include "rules/age.h"
#include "rules/date.h"
#include "rules/partial_date.h"
#include "rules/pgn.h"
#include "rules/text.h"

#define RODCTL_COL_NAME_(name, text) text,
static const char *const col_names[] = {RODCTL_COLUMNS(RODCTL_COL_NAME_)};
#undef RODCTL_COL_NAME_

const char *rodctl_col_name(rodctl_col c)
{
    return c < RODCTL_COL_COUNT ? col_names[c] : "?";
}

int rodctl_layout_read(rodctl_layout *l, const rodctl_sheet *s, char *err, size_t errlen)
{
    for (int c = 0; c < RODCTL_COL_COUNT; c++)
        l->at[c] = -1;
    if (s->nrows == 0) {
        snprintf(err, errlen, "the file is empty: the first line names the columns (docs/rodctl.md)");
        return -1;
    }
    for (size_t i = 0; i < s->ncols; i++) {
        const char *h = rodctl_sheet_cell(s, 0, i);
        if (!h)
            continue;
        int found = -1;
        for (int c = 0; c < RODCTL_COL_COUNT; c++)
            if (!strcasecmp(h, col_names[c]))
                found = c;
        if (found < 0) {
            snprintf(err, errlen, "1:%zu: unknown column '%s' (the template's columns: docs/rodctl.md)",
                     i + 1, h);
            return -1;
        }
        if (l->at[found] >= 0) {
            snprintf(err, errlen, "1:%zu: column '%s' appears twice", i + 1, h);
            return -1;
        }
        l->at[found] = (long)i;
    }
    static const rodctl_col required[] = {RODCTL_COL_INSTELLINGSCODE, RODCTL_COL_INSCHRIJFDATUM,
                                          RODCTL_COL_GESLACHT, RODCTL_COL_GEBOORTEDATUM};
    for (size_t k = 0; k < sizeof required / sizeof *required; k++)
        if (l->at[required[k]] < 0) {
            snprintf(err, errlen, "1: the required column '%s' is missing", col_names[required[k]]);
            return -1;
        }
    return 0;
}

const char *rodctl_row_cell(const rodctl_sheet *s, const rodctl_layout *l, size_t r, rodctl_col c)
{
    return l->at[c] < 0 ? NULL : rodctl_sheet_cell(s, r, (size_t)l->at[c]);
}

static int all_digits(const char *v)
{
    if (!v || !*v)
        return 0;
    for (; *v; v++)
        if (*v < '0' || *v > '9')
            return 0;
    return 1;
}

/* "45000" or "45000.0": an Excel day number. Numbers up to 9999 stay: they
 * are years of a partial birth date, not days (day 9999 is in 1927). */
static int excel_day(const char *v, long *days)
{
    char *end;
    if (!v || !*v)
        return 0;
    double d = strtod(v, &end);
    if (*end || d < 10000 || d > 2958465 || d != (double)(long)d)
        return 0;
    *days = (long)d - 25569; /* day 25569 is 1970-01-01 (Excel counts from 1899-12-30) */
    return 1;
}

void rodctl_sheet_normalize(rodctl_sheet *s, const rodctl_layout *l)
{
    static const rodctl_col dates[] = {RODCTL_COL_INSCHRIJFDATUM, RODCTL_COL_UITSCHRIJFDATUM,
                                       RODCTL_COL_GEBOORTEDATUM};
    for (size_t r = 1; r < s->nrows; r++) {
        for (size_t k = 0; k < sizeof dates / sizeof *dates; k++) {
            long days;
            if (excel_day(rodctl_row_cell(s, l, r, dates[k]), &days)) {
                char buf[ROD_DATE_BUFSIZE];
                rod_date_format(rod_date_from_days(days), buf);
                rodctl_sheet_set(s, r, (size_t)l->at[dates[k]], buf, strlen(buf));
            }
        }
        const char *bsn = rodctl_row_cell(s, l, r, RODCTL_COL_BSN);
        if (all_digits(bsn) && strlen(bsn) < 9) {
            char buf[ROD_PGN_BUFSIZE];
            snprintf(buf, sizeof buf, "%09ld", strtol(bsn, NULL, 10));
            rodctl_sheet_set(s, r, (size_t)l->at[RODCTL_COL_BSN], buf, strlen(buf));
        }
    }
}

typedef struct {
    rodctl_problem *out;
    int n;
} problems;

static void add(problems *p, rodctl_col col, rod_status st, const char *cause)
{
    if (p->n < RODCTL_MAX_PROBLEMS)
        p->out[p->n++] = (rodctl_problem){col, st, cause};
}

/* A text cell of the XSD's TekstN: valid UTF-8, at most max characters, no
 * control characters (XML cannot carry them). */
static void text(problems *p, const rodctl_sheet *s, const rodctl_layout *l, size_t r, rodctl_col c,
                 size_t max)
{
    const char *v = rodctl_row_cell(s, l, r, c);
    if (!v)
        return;
    if (!rod_utf8_valid(v, strlen(v))) {
        add(p, c, ROD_XML_MALFORMED, "De cel is geen geldige UTF-8; sla het bestand op als UTF-8.");
        return;
    }
    for (const unsigned char *u = (const unsigned char *)v; *u; u++)
        if (*u < 0x20 && *u != '\t' && *u != '\n' && *u != '\r') {
            add(p, c, ROD_XSD_INVALID, "De cel bevat een stuurteken.");
            return;
        }
    if (rod_utf8_length(v) > max)
        add(p, c, ROD_XSD_INVALID,
            max == 64   ? "Ten hoogste 64 tekens."
            : max == 4  ? "Ten hoogste 4 tekens."
            : max == 10 ? "Ten hoogste 10 tekens."
            : max == 35 ? "Ten hoogste 35 tekens."
            : max == 40 ? "Ten hoogste 40 tekens."
            : max == 80 ? "Ten hoogste 80 tekens."
                        : "Ten hoogste 200 tekens.");
}

static int is_geslacht(const char *v)
{
    return v && (!strcmp(v, "MAN") || !strcmp(v, "VROUW") || !strcmp(v, "ONBEKEND"));
}

static void check_address(problems *p, const rodctl_sheet *s, const rodctl_layout *l, size_t r,
                          int *has_address)
{
    const char *postcode = rodctl_row_cell(s, l, r, RODCTL_COL_POSTCODE),
               *nr = rodctl_row_cell(s, l, r, RODCTL_COL_HUISNUMMER);
    const char *letter = rodctl_row_cell(s, l, r, RODCTL_COL_HUISLETTER),
               *aand = rodctl_row_cell(s, l, r, RODCTL_COL_AANDUIDING);
    int nl = postcode || nr || letter || aand || rodctl_row_cell(s, l, r, RODCTL_COL_TOEVOEGING) ||
             rodctl_row_cell(s, l, r, RODCTL_COL_LOCATIE) ||
             rodctl_row_cell(s, l, r, RODCTL_COL_STRAATNAAM) ||
             rodctl_row_cell(s, l, r, RODCTL_COL_PLAATSNAAM);
    const char *land = rodctl_row_cell(s, l, r, RODCTL_COL_LANDCODE);
    const char *r1 = rodctl_row_cell(s, l, r, RODCTL_COL_ADRESREGEL1),
               *r2 = rodctl_row_cell(s, l, r, RODCTL_COL_ADRESREGEL2),
               *r3 = rodctl_row_cell(s, l, r, RODCTL_COL_ADRESREGEL3);
    int bl = land || r1 || r2 || r3;
    *has_address = nl || bl;
    if (nl && bl) {
        add(p, RODCTL_COL_LANDCODE, ROD_XSD_INVALID,
            "Vul een binnenlands adres (postcode, huisnummer) of een buitenlands adres (landcode, "
            "adresregels) in, niet beide.");
        return;
    }
    if (nl) {
        if (!postcode || !rod_postcode_valid(postcode))
            add(p, RODCTL_COL_POSTCODE, ROD_POSTCODE_INVALID,
                "Vier cijfers en twee hoofdletters, zonder spatie.");
        char *end = NULL;
        long n = nr ? strtol(nr, &end, 10) : 0;
        if (!nr || *end || n < 1 || n > 99999)
            add(p, RODCTL_COL_HUISNUMMER, ROD_XSD_INVALID, "Het huisnummer is een getal van 1 tot 99999.");
        if (letter && (strlen(letter) != 1 ||
                       !((*letter >= 'a' && *letter <= 'z') || (*letter >= 'A' && *letter <= 'Z'))))
            add(p, RODCTL_COL_HUISLETTER, ROD_XSD_INVALID, "De huisletter is een enkele letter.");
        if (aand && strcmp(aand, "by") && strcmp(aand, "to"))
            add(p, RODCTL_COL_AANDUIDING, ROD_XSD_INVALID, "De huisnummeraanduiding is 'by' of 'to'.");
        text(p, s, l, r, RODCTL_COL_TOEVOEGING, 4);
        text(p, s, l, r, RODCTL_COL_LOCATIE, 40);
        text(p, s, l, r, RODCTL_COL_STRAATNAAM, 80);
        text(p, s, l, r, RODCTL_COL_PLAATSNAAM, 80);
    }
    if (bl) {
        if (!land || strlen(land) != 4 || !all_digits(land) || !rod_landcode_valid_foreign(land))
            add(p, RODCTL_COL_LANDCODE, ROD_FOREIGN_ADDRESS_INVALID, "");
        if (!rod_adresregels_valid(r1 != NULL, r2 != NULL, r3 != NULL))
            add(p, r1 ? RODCTL_COL_ADRESREGEL3 : RODCTL_COL_ADRESREGEL1, ROD_FOREIGN_ADDRESS_INVALID, "");
        text(p, s, l, r, RODCTL_COL_ADRESREGEL1, 35);
        text(p, s, l, r, RODCTL_COL_ADRESREGEL2, 35);
        text(p, s, l, r, RODCTL_COL_ADRESREGEL3, 35);
    }
}

int rodctl_row_check(const rodctl_sheet *s, const rodctl_layout *l, size_t r, rodctl_problem *out)
{
    problems p = {out, 0};
    int y, m, d;
    rod_clock_today(&y, &m, &d);
    rod_date today = {y, m, d};

    text(&p, s, l, r, RODCTL_COL_REFERENTIE, 64);
    const char *inst = rodctl_row_cell(s, l, r, RODCTL_COL_INSTELLINGSCODE);
    if (!inst || !rod_instellingscode_valid(inst))
        add(&p, RODCTL_COL_INSTELLINGSCODE, ROD_XSD_INVALID,
            "Twee cijfers en twee hoofdletters, bijvoorbeeld 31XU.");
    const char *in = rodctl_row_cell(s, l, r, RODCTL_COL_INSCHRIJFDATUM),
               *uit = rodctl_row_cell(s, l, r, RODCTL_COL_UITSCHRIJFDATUM);
    rod_date din, duit;
    int in_ok = in && strlen(in) == 10 && rod_date_parse(in, &din);
    int uit_ok = uit && strlen(uit) == 10 && rod_date_parse(uit, &duit);
    if (!in_ok)
        add(&p, RODCTL_COL_INSCHRIJFDATUM, ROD_DATE_INVALID, "Schrijf de datum als JJJJ-MM-DD.");
    if (uit && !uit_ok)
        add(&p, RODCTL_COL_UITSCHRIJFDATUM, ROD_DATE_INVALID, "Schrijf de datum als JJJJ-MM-DD.");
    if (in_ok && uit_ok && rod_date_cmp(din, duit) > 0)
        add(&p, RODCTL_COL_INSCHRIJFDATUM, ROD_INSCHRIJF_AFTER_UITSCHRIJF, "");

    const char *bsn = rodctl_row_cell(s, l, r, RODCTL_COL_BSN),
               *onr = rodctl_row_cell(s, l, r, RODCTL_COL_ONDERWIJSNUMMER);
    if (bsn && onr)
        add(&p, RODCTL_COL_ONDERWIJSNUMMER, ROD_XSD_INVALID, "Vul bsn of onderwijsnummer in, niet beide.");
    else if (bsn && !rod_bsn_valid(bsn))
        add(&p, RODCTL_COL_BSN, ROD_BSN_INVALID, "");
    else if (onr && !rod_onderwijsnummer_valid(onr))
        add(&p, RODCTL_COL_ONDERWIJSNUMMER, ROD_ONDERWIJSNUMMER_INVALID, "");

    if (!is_geslacht(rodctl_row_cell(s, l, r, RODCTL_COL_GESLACHT)))
        add(&p, RODCTL_COL_GESLACHT, ROD_XSD_INVALID, "Het geslacht is MAN, VROUW of ONBEKEND.");
    const char *geb = rodctl_row_cell(s, l, r, RODCTL_COL_GEBOORTEDATUM);
    rod_pdate birth;
    if (!geb || !rod_pdate_parse(geb, &birth))
        add(&p, RODCTL_COL_GEBOORTEDATUM, ROD_DATE_INVALID, "Schrijf JJJJ, JJJJ-MM of JJJJ-MM-DD.");
    else if (rod_pdate_in_future(birth, today))
        add(&p, RODCTL_COL_GEBOORTEDATUM, ROD_DATE_IN_FUTURE, "");
    else if (!rod_old_enough_for_inschrijving(birth, today))
        add(&p, RODCTL_COL_GEBOORTEDATUM, ROD_TOO_YOUNG, "");

    text(&p, s, l, r, RODCTL_COL_ACHTERNAAM, 200);
    text(&p, s, l, r, RODCTL_COL_VOORVOEGSELS, 10);
    text(&p, s, l, r, RODCTL_COL_VOORNAMEN, 200);
    int has_address;
    check_address(&p, s, l, r, &has_address);
    if (!bsn && !onr) {
        if (!rodctl_row_cell(s, l, r, RODCTL_COL_ACHTERNAAM))
            add(&p, RODCTL_COL_ACHTERNAAM, ROD_NAME_ADDRESS_REQUIRED, "");
        if (!has_address)
            add(&p, RODCTL_COL_POSTCODE, ROD_NAME_ADDRESS_REQUIRED, "");
    }
    return p.n;
}
