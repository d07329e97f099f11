/* Shared by the verzuim handlers (service/verzuim_*.c): gSOAP structs to
 * and from the rules' melding, the pupil rules that need the register
 * (ROD-0301..0306, 0309, 0315), who may see a melding, writing a version,
 * and the response shapes used by more than one operation. */
#ifndef ROD_SERVICE_VERZUIM_COMMON_H
#define ROD_SERVICE_VERZUIM_COMMON_H

#include <stdbool.h>

#include "rules/verzuim.h"
#include "rules/verzuim_fields.h"
#include "rules/verzuim_melding.h"
#include "soap/service.h"
#include "store/melding.h"

/* An arena in the request's gSOAP memory. */
rod_arena vz_arena(struct soap *soap);

/* The current time, UTC, as written to DATETIME(3): "YYYY-MM-DD HH:MM:SS.mmm". */
void vz_now(char out[24]);
/* A date as "YYYY-MM-DD" in gSOAP memory. */
char *vz_date_text(struct soap *soap, rod_date d);

/* The melding of a request, trimmed, in the rules' form (strings in gSOAP
 * memory). */
void vz_melding_in(struct soap *soap, const struct rod__Melding *in, rod_melding *m);
/* The melding as sent, for a response. */
struct rod__Melding *vz_melding_out(struct soap *soap, const rod_melding *m);

/* The checks on the request alone: the persoonsgebonden nummer (ROD-0204,
 * ROD-0205), the postcode of an afwijkend adres (ROD-0210) and the rules
 * of rod_vz_check_melding. Returns whether the number is valid. */
bool vz_check_request(rod_fouten *f, const rod_melding *m, rod_date today);

/* What the pupil rules found out, for storing the melding. */
typedef struct {
    rod_wet wet;
    long long gemeente_id;
    char gemeentecode[5];
    char gemeente_naam[201];
} vz_leerling;

/* The rules of spec 4 that need the register, for melding m of the
 * calling school: inschrijving at the instelling active on begindatum
 * (ROD-0301), not abroad (ROD-0302), under 23 and no startkwalificatie
 * (ROD-0303), soort by age (ROD-0304), an earlier 16-uren melding for
 * langdurig relatief verzuim (ROD-0305), no overlap with another melding
 * (ROD-0306; `self` is the melding being changed, 0 for a new one), the
 * hoofdinschrijving (ROD-0309) and the uitvoerende instantie (ROD-0315).
 * p is the pupil's persoon row (locked by the caller), NULL when the
 * number is unknown. A pupil never enrolled at the instelling only gets
 * ROD-0301: nothing else about them is revealed. */
rod_status vz_check_leerling(rod_ctx *w, rod_arena *a, rod_fouten *f, const rod_melding *m,
                             const rod_vz_persoon *p, long long self, vz_leerling *out);

/* The instelling of the melding belongs to the calling school (ROD-0201,
 * ROD-0102 otherwise). */
rod_status vz_check_instelling(rod_ctx *w, rod_fouten *f, const char *code, bool *ok);

/* Whether the caller may see the melding: a school the meldingen of its
 * own instellingen, a gemeente those it is the uitvoerende instantie of.
 * The row needs its context (rod_vz_melding_get or _context). */
bool vz_visible(const rod_ctx *w, const rod_vz_record *row);

/* The prologue of every change of a melding: locks the melding row (FOR
 * UPDATE) and, when persoon is not NULL, then its pupil's row (in that order,
 * *persoon_found tells whether it exists;
 * before any plain read), loads the row's context, and says whether the
 * caller may see it. ROD_OK with *visible false: answer ROD-0316 exactly as
 * for a melding that does not exist. */
/* The same for reading (no locks): the melding and whether the caller may
 * see it. */
rod_status vz_get_melding(rod_ctx *w, long long meldingnummer, rod_arena *a, rod_vz_record *row,
                          bool *visible);

rod_status vz_lock_melding(rod_ctx *w, long long meldingnummer, rod_arena *a, rod_vz_record *row,
                           rod_vz_persoon *persoon, bool *persoon_found, bool *visible);

/* The stored melding of a row (its `inhoud`) into m, and row->melding
 * pointing to it; false when the stored text is corrupt. The row is then
 * the version as it stands, `before` of a change. */
bool vz_melding_of_row(rod_arena *a, rod_vz_record *row, rod_melding *m);

/* What a change of an existing melding writes: the melding row and its new
 * version, both from `after` (the snapshot of after->melding, the
 * differences from `before`), by the calling organisation. */
rod_status vz_store_version(rod_ctx *w, rod_arena *a, rod_vz_historie actie, const rod_vz_record *before,
                            const rod_vz_record *after);

/* What a new melding writes, in one round trip: the melding row and
 * version 1 from rec, the gemeente's notification and, with bevestiging,
 * the melder's at melder_email. */
rod_status vz_store_new(rod_ctx *w, rod_arena *a, const rod_vz_record *rec, bool bevestiging,
                        const char *melder_email);

/* What every verzuim handler starts with: its context, the request's
 * gSOAP memory as an arena, the list of fouten and the register's today;
 * for MeldenVerzuim and WijzigenVerzuim also the melding they carry. */
typedef struct {
    struct soap *soap;
    rod_ctx *w;
    rod_arena a;
    rod_fouten f;
    rod_date today;
    rod_melding m;
} vz_request;

/* rod_service_begin and the rest of the opening. */
void vz_begin(vz_request *r, struct soap *soap, rod_operation op);
/* The same for a request that carries a melding: r->m is the melding in the
 * rules' form, checked on its own (vz_check_request); returns whether its
 * persoonsgebonden nummer is valid. */
bool vz_begin_melding(vz_request *r, struct soap *soap, rod_operation op, const struct rod__Melding *in);
/* The melding's pupil by its current number: an old onderwijsnummer linked
 * to a BSN (spec 9.1) becomes the BSN, in the melding too (it is stored
 * and answered with the BSN). A locking read, before any lock on a person
 * (store/alias.h). */
rod_status vz_resolve_pupil(vz_request *r, bool pgn_ok);

/* The melding a request names, as the caller may see it: to change it
 * (lock true) vz_lock_melding, to read it vz_get_melding. ROD_MELDING_NOT_FOUND
 * (with the fout in r->f) for a melding the caller may not see, exactly as
 * for one that does not exist; a fault status when the register fails. */
rod_status vz_open_melding(vz_request *r, long long meldingnummer, bool lock, rod_vz_record *row,
                           rod_vz_persoon *persoon, bool *persoon_found);

/* A melding opened to be changed: its row and the melding stored in it. */
typedef struct {
    rod_vz_record row;
    rod_melding melding;
} vz_change;

/* vz_open_melding to change it (locked), and the stored melding of the row
 * (ROD_INTERNAL when the stored text is corrupt). */
rod_status vz_open_change(vz_request *r, long long meldingnummer, vz_change *c, rod_vz_persoon *persoon,
                          bool *persoon_found);

/* The opening of a handler that changes a melding it does not carry
 * (IntrekkenVerzuim, VerwerkenTerugkoppeling): vz_begin, the meldingnummer
 * for OpvragenBerichten, then vz_open_change without the pupil. */
rod_status vz_begin_change(vz_request *r, struct soap *soap, rod_operation op, long long meldingnummer,
                           vz_change *c);

/* ROD-0319 when the client's versie (NULL: none sent) is not the row's. */
void vz_check_versie(vz_request *r, const rod_vz_record *row, const int *versie);

/* The next version of row: a copy with versie + 1, at now (filled here,
 * "YYYY-MM-DD HH:MM:SS.mmm"). */
void vz_next_version(const rod_vz_record *row, rod_vz_record *after, char now[24]);

/* The end of a change: the new version (vz_store_version) and, unless
 * notificatie is NULL, that notification for the gemeente. */
rod_status vz_store_change(vz_request *r, rod_vz_historie actie, const rod_vz_record *before,
                           const rod_vz_record *after, const char *notificatie);

/* A handler that reads one melding (OpvragenMelding, OpvragenHistorie):
 * the opening, the melding as the caller may see it (vz_open_melding),
 * then body, then the result (gelukt, fouten) into *gelukt, *nfout, *fout.
 * req and resp are the operation's gSOAP structs, for body. */
typedef rod_status (*vz_read_body)(vz_request *r, rod_vz_record *row, const void *req, void *resp);
int vz_serve_read(struct soap *soap, rod_operation op, long long meldingnummer, vz_read_body body,
                  const void *req, void *resp, enum xsd__boolean *gelukt, int *nfout,
                  struct rod__Fout **fout);
#define VZ_OUT(resp) &(resp)->gelukt, &(resp)->__sizefout, &(resp)->fout

/* n summaries into a response's list (*size, *out). */
void vz_samenvattingen_out(struct soap *soap, const rod_vz_samenvatting *rows, int n, rod_date today,
                           int *size, struct rod__MeldingSamenvatting **out);

/* Response shapes. */
struct rod__UitvoerendeInstantie *vz_instantie(struct soap *soap, const char *gemeentecode, const char *naam);
struct rod__LeerlingGegevens *vz_leerling_out(struct soap *soap, const rod_vz_persoon *p);
/* The address fields of p as a contract Adres; NULL when p has none. */
struct rod__Adres *vz_adres_out(struct soap *soap, const rod_vz_persoon *p);
void vz_samenvatting_out(struct soap *soap, const rod_vz_samenvatting *in, rod_date today,
                         struct rod__MeldingSamenvatting *out);
enum rod__Status *vz_status_out(struct soap *soap, rod_vz_status s);
enum rod__Status vz_status_value(struct soap *soap, rod_vz_status s);
LONG64 *vz_long(struct soap *soap, long long v);
enum xsd__boolean *vz_bool(struct soap *soap, bool v);

/* The result of a handler: gelukt and the fouten. */
#define VZ_RESULT(resp, f)                                                        \
    do {                                                                          \
        (resp)->gelukt = (f).n == 0 ? xsd__boolean__true_ : xsd__boolean__false_; \
        (resp)->__sizefout = (f).n;                                               \
        (resp)->fout = (f).items;                                                 \
    } while (0)

/* Ends a handler with status s (a functional one, ROD_OK or a fault): the
 * response's gelukt and fouten, then rod_service_end. */
#define VZ_RETURN(r, resp, s)               \
    do {                                    \
        VZ_RESULT(resp, (r).f);             \
        return rod_service_end((r).w, (s)); \
    } while (0)

/* Ends a change of a melding: with s ROD_OK the response's meldingnummer,
 * versie and status, then VZ_RETURN. */
#define VZ_CHANGED(r, resp, s, nummer, versie_, status_)         \
    do {                                                         \
        if ((s) == ROD_OK) {                                     \
            (resp)->meldingnummer = vz_long((r).soap, (nummer)); \
            (resp)->versie = rod_sint((r).soap, (versie_));      \
            (resp)->status = vz_status_out((r).soap, (status_)); \
        }                                                        \
        VZ_RETURN(r, resp, s);                                   \
    } while (0)

#endif
