/* The aanleveren template: the columns of a CSV or XLSX file of
 * inschrijvingen (docs/rodctl.md), each row checked locally with the
 * gateway's own rule functions (src/rules/) and turned into a gSOAP
 * rod__Inschrijving. */
#ifndef ROD_CLIENT_TEMPLATE_H
#define ROD_CLIENT_TEMPLATE_H

#include <stddef.h>

#include "client/sheet.h"
#include "core/status.h"

struct soap;
struct rod__Inschrijving;

/* The template's columns, in the order of the example file. */
#define RODCTL_COLUMNS(X)                 \
    X(REFERENTIE, "referentie")           \
    X(INSTELLINGSCODE, "instellingscode") \
    X(INSCHRIJFDATUM, "inschrijfdatum")   \
    X(UITSCHRIJFDATUM, "uitschrijfdatum") \
    X(BSN, "bsn")                         \
    X(ONDERWIJSNUMMER, "onderwijsnummer") \
    X(GESLACHT, "geslacht")               \
    X(GEBOORTEDATUM, "geboortedatum")     \
    X(ACHTERNAAM, "achternaam")           \
    X(VOORVOEGSELS, "voorvoegsels")       \
    X(VOORNAMEN, "voornamen")             \
    X(POSTCODE, "postcode")               \
    X(HUISNUMMER, "huisnummer")           \
    X(HUISLETTER, "huisletter")           \
    X(TOEVOEGING, "huisnummertoevoeging") \
    X(AANDUIDING, "huisnummeraanduiding") \
    X(LOCATIE, "aanduidingLocatie")       \
    X(STRAATNAAM, "straatnaam")           \
    X(PLAATSNAAM, "plaatsnaam")           \
    X(LANDCODE, "landcode")               \
    X(ADRESREGEL1, "adresregel1")         \
    X(ADRESREGEL2, "adresregel2")         \
    X(ADRESREGEL3, "adresregel3")

#define RODCTL_COL_ENUM_(name, text) RODCTL_COL_##name,
typedef enum { RODCTL_COLUMNS(RODCTL_COL_ENUM_) RODCTL_COL_COUNT } rodctl_col;
#undef RODCTL_COL_ENUM_

const char *rodctl_col_name(rodctl_col c);

/* Where each template column is in the sheet (its header line, names
 * matched ignoring case, in any order). */
typedef struct {
    long at[RODCTL_COL_COUNT]; /* sheet column, or -1 when absent */
} rodctl_layout;

/* Reads the header line. Returns 0, or -1 with err naming an unknown or
 * repeated column, or the required ones that are missing. */
int rodctl_layout_read(rodctl_layout *l, const rodctl_sheet *s, char *err, size_t errlen);

/* The cell of template column c in sheet row r; NULL when empty or when the
 * file has no such column. */
const char *rodctl_row_cell(const rodctl_sheet *s, const rodctl_layout *l, size_t r, rodctl_col c);

/* What spreadsheets do to the template's values, undone: a date typed into
 * Excel arrives as a day number (45000 -> 2023-03-15), a BSN with a leading
 * zero as a number without it. Rewrites those cells in place. */
void rodctl_sheet_normalize(rodctl_sheet *s, const rodctl_layout *l);

/* One problem of a row: the template column, the contract code and the
 * Dutch text, and a sentence on the cause (may be ""). */
typedef struct {
    rodctl_col col;
    rod_status status;
    const char *cause;
} rodctl_problem;

#define RODCTL_MAX_PROBLEMS 16

/* Checks sheet row r (1 = the first data row) with the rules the gateway
 * applies, so that a row the gateway would refuse is reported before
 * anything is sent, and a row the XSD would refuse (which would fault the
 * whole request) is never sent. Returns the number of problems written. */
int rodctl_row_check(const rodctl_sheet *s, const rodctl_layout *l, size_t r, rodctl_problem *out);

/* Fills *out (in soap's memory) from a row that passed rodctl_row_check. */
void rodctl_row_inschrijving(struct soap *soap, const rodctl_sheet *s, const rodctl_layout *l, size_t r,
                             struct rod__Inschrijving *out);

#endif
