/* The notification e-mails (notify/message.h): one template per soort of
 * outbox row, filled from the row, then headers and a quoted-printable
 * body. Organisation names may hold any UTF-8, so the body is encoded; the
 * subject carries only ASCII (number and instellingscode). */
#include "notify/message.h"

#include <stdio.h>
#include <string.h>

/* {nr}, {code}, {instelling}, {gemeente} are filled from the row. */
typedef struct {
    const char *soort;
    const char *label; /* the soort in words */
    const char *subject;
    const char *aanhef;
    const char *intro;
    const char *todo;
} mail_template;

static const mail_template templates[] = {
    {"NIEUWE_MELDING", "nieuwe verzuimmelding", "Nieuwe verzuimmelding {nr} van instelling {code}",
     "Beste leerplichtambtenaar van {gemeente},",
     "Instelling {code} ({instelling}) heeft een nieuwe verzuimmelding gedaan.\n"
     "{gemeente} is de uitvoerende instantie.",
     "Vraag de melding op met meldingnummer {nr} (OpvragenMelding, of zoek haar\n"
     "met ZoekenVerzuim), neem haar in behandeling en laat de school met\n"
     "VerwerkenTerugkoppeling weten wat u ermee doet."},
    {"BEVESTIGING_MELDER", "bevestiging van uw melding",
     "Bevestiging verzuimmelding {nr} (instelling {code})", "Beste contactpersoon van {instelling},",
     "Uw verzuimmelding voor instelling {code} is ontvangen en geregistreerd\n"
     "onder meldingnummer {nr}. {gemeente} behandelt de melding.",
     "U hoeft nu niets te doen. Bewaar het meldingnummer {nr}: u hebt het nodig\n"
     "om de melding te wijzigen (WijzigenVerzuim) of in te trekken\n"
     "(IntrekkenVerzuim) en in contact met de gemeente. U krijgt bericht zodra\n"
     "de gemeente terugkoppeling geeft."},
    {"GEWIJZIGD", "gewijzigde verzuimmelding", "Verzuimmelding {nr} gewijzigd door instelling {code}",
     "Beste leerplichtambtenaar van {gemeente},",
     "Instelling {code} ({instelling}) heeft verzuimmelding {nr} gewijzigd.",
     "Vraag de nieuwe versie op met meldingnummer {nr} (OpvragenMelding); met\n"
     "OpvragenHistorie ziet u wat er veranderd is. Neem de wijziging mee in\n"
     "uw behandeling."},
    {"INGETROKKEN", "ingetrokken verzuimmelding", "Verzuimmelding {nr} ingetrokken door instelling {code}",
     "Beste leerplichtambtenaar van {gemeente},",
     "Instelling {code} ({instelling}) heeft verzuimmelding {nr} ingetrokken.\n"
     "Intrekken kan niet ongedaan worden gemaakt.",
     "Stop de behandeling van deze melding. De reden van de intrekking ziet u\n"
     "bij meldingnummer {nr} (OpvragenMelding)."},
    {"TERUGKOPPELING", "terugkoppeling van de gemeente",
     "Terugkoppeling op verzuimmelding {nr} (instelling {code})", "Beste contactpersoon van {instelling},",
     "{gemeente} heeft terugkoppeling gegeven op verzuimmelding {nr} van\n"
     "instelling {code}.",
     "Lees de terugkoppeling en de nieuwe status bij meldingnummer {nr}\n"
     "(OpvragenMelding) en neem zo nodig contact op met de contactpersoon van\n"
     "de gemeente die daar genoemd wordt."},
};

/* The VerzuimSoort in words (xsd/rod-v1.xsd). */
static const struct {
    const char *code, *text;
} verzuimsoorten[] = {
    {"ZESTIEN_UUR_18MIN", "16 uur ongeoorloofd verzuim in 4 lesweken, jonger dan 18"},
    {"LANGDURIG_RELATIEF_18MIN", "langdurig relatief verzuim, jonger dan 18"},
    {"ZESTIEN_UUR_18PLUS", "16 uur ongeoorloofd verzuim in 4 lesweken, 18 of ouder"},
    {"RMC_18PLUS", "18 tot 23 jaar zonder startkwalificatie (RMC)"},
    {"OVERIG", "overig verzuim"},
    {"LUXE", "luxeverzuim"},
};

static const char FOOTER[] = "Deze e-mail noemt met opzet geen gegevens van de leerling: die staan\n"
                             "alleen in het verzuimregister. Dit bericht is automatisch verstuurd;\n"
                             "antwoorden wordt niet gelezen.";

void rod_mail_message_id(char *out, size_t cap, long long id, const char *domain)
{
    snprintf(out, cap, "<notificatie-%lld@%s>", id, domain);
}

static const mail_template *template_of(const char *soort)
{
    for (size_t i = 0; i < sizeof templates / sizeof templates[0]; i++)
        if (strcmp(templates[i].soort, soort) == 0)
            return &templates[i];
    return NULL;
}

static const char *verzuimsoort_text(const char *code)
{
    for (size_t i = 0; i < sizeof verzuimsoorten / sizeof verzuimsoorten[0]; i++)
        if (strcmp(verzuimsoorten[i].code, code) == 0)
            return verzuimsoorten[i].text;
    return "";
}

/* Appends `text` with its placeholders filled from n. */
static void fill(rod_buf *b, const char *text, const rod_notificatie *n)
{
    char nr[24];
    snprintf(nr, sizeof nr, "%lld", n->meldingnummer);
    const struct {
        const char *name, *value;
    } vars[] = {{"{nr}", nr},
                {"{code}", n->instellingscode},
                {"{instelling}", n->instelling_naam},
                {"{gemeente}", n->gemeente_naam}};
    while (*text) {
        const char *open = strchr(text, '{');
        if (!open) {
            rod_buf_puts(b, text);
            return;
        }
        rod_buf_add(b, text, (size_t)(open - text));
        text = open;
        size_t i;
        for (i = 0; i < sizeof vars / sizeof vars[0]; i++)
            if (strncmp(text, vars[i].name, strlen(vars[i].name)) == 0)
                break;
        if (i < sizeof vars / sizeof vars[0]) {
            rod_buf_puts(b, vars[i].value);
            text += strlen(vars[i].name);
        } else {
            rod_buf_add(b, text++, 1);
        }
    }
}

/* RFC 2045 quoted-printable of a UTF-8 text with \n line ends: CRLF hard
 * breaks, "=" soft breaks before column 76, and every byte outside
 * printable ASCII, "=" and a space or tab before a line end encoded. */
static void quoted_printable(rod_buf *out, const char *text)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t col = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p == '\n') {
            rod_buf_puts(out, "\r\n");
            col = 0;
            continue;
        }
        bool at_end = p[1] == '\n' || p[1] == '\0';
        bool plain = (*p >= 33 && *p <= 126 && *p != '=') || ((*p == ' ' || *p == '\t') && !at_end);
        char enc[3] = {'=', hex[*p >> 4], hex[*p & 15]};
        size_t w = plain ? 1 : 3;
        if (col + w > 75) {
            rod_buf_puts(out, "=\r\n");
            col = 0;
        }
        if (plain)
            rod_buf_add(out, (const char *)p, 1);
        else
            rod_buf_add(out, enc, 3);
        col += w;
    }
}

/* RFC 5322 date in the local zone, with English names whatever the locale. */
static void mail_date(char *out, size_t cap, time_t now)
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct tm tm;
    localtime_r(&now, &tm);
    long off = tm.tm_gmtoff / 60;
    char sign = off < 0 ? '-' : '+';
    if (off < 0)
        off = -off;
    snprintf(out, cap, "%s, %02d %s %04d %02d:%02d:%02d %c%02ld%02ld", days[tm.tm_wday], tm.tm_mday,
             months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec, sign, off / 60,
             off % 60);
}

int rod_mail_compose(rod_buf *out, const rod_notificatie *n, const char *from, const char *domain, time_t now)
{
    const mail_template *t = template_of(n->soort);
    if (!t || !rod_mail_address_ok(n->ontvanger) || !rod_mail_address_ok(from))
        return -1;
    char date[64], mid[300];
    mail_date(date, sizeof date, now);
    rod_mail_message_id(mid, sizeof mid, n->id, domain);

    rod_buf_puts(out, "Date: ");
    rod_buf_puts(out, date);
    rod_buf_puts(out, "\r\nFrom: Verzuimregister <");
    rod_buf_puts(out, from);
    rod_buf_puts(out, ">\r\nTo: <");
    rod_buf_puts(out, n->ontvanger);
    rod_buf_puts(out, ">\r\nSubject: ");
    fill(out, t->subject, n);
    rod_buf_puts(out, "\r\nMessage-ID: ");
    rod_buf_puts(out, mid);
    rod_buf_puts(out, "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                      "Content-Transfer-Encoding: quoted-printable\r\nAuto-Submitted: auto-generated\r\n"
                      "X-Rodgate-Notificatie: ");
    rod_buf_puts(out, n->soort);
    rod_buf_puts(out, "\r\n\r\n");

    rod_buf body = {0};
    char nr[24];
    snprintf(nr, sizeof nr, "%lld", n->meldingnummer);
    fill(&body, t->aanhef, n);
    rod_buf_puts(&body, "\n\n");
    fill(&body, t->intro, n);
    rod_buf_puts(&body, "\n\nMeldingnummer: ");
    rod_buf_puts(&body, nr);
    rod_buf_puts(&body, "\nSoort bericht: ");
    rod_buf_puts(&body, t->label);
    rod_buf_puts(&body, "\nSoort verzuim: ");
    rod_buf_puts(&body, n->verzuimsoort);
    const char *vs = verzuimsoort_text(n->verzuimsoort);
    if (*vs) {
        rod_buf_puts(&body, " (");
        rod_buf_puts(&body, vs);
        rod_buf_puts(&body, ")");
    }
    rod_buf_puts(&body, "\nInstelling: ");
    rod_buf_puts(&body, n->instellingscode);
    rod_buf_puts(&body, " (");
    rod_buf_puts(&body, n->instelling_naam);
    rod_buf_puts(&body, ")\nUitvoerende instantie: ");
    rod_buf_puts(&body, n->gemeente_naam);
    rod_buf_puts(&body, "\n\nWat moet u doen?\n");
    fill(&body, t->todo, n);
    rod_buf_puts(&body, "\n\n");
    rod_buf_puts(&body, FOOTER);
    rod_buf_puts(&body, "\n");
    int failed = body.failed;
    if (!failed)
        quoted_printable(out, body.data);
    rod_buf_free(&body);
    return failed || out->failed ? -1 : 0;
}
