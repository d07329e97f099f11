/* Unit tests for notify/message.c: every soort gets its Dutch text with the
 * meldingnummer, soort and instellingscode and what to do; the message is
 * well-formed (CRLF, lines of at most 78, quoted-printable UTF-8); the
 * Message-ID follows the outbox id only; an unknown soort or a bad address
 * gives no message. */
#include <stdlib.h>
#include <string.h>

#include "notify/message.h"
#include "unit.h"

static rod_notificatie row(const char *soort)
{
    rod_notificatie n;
    memset(&n, 0, sizeof n);
    n.id = 4711;
    n.meldingnummer = 20260001;
    snprintf(n.soort, sizeof n.soort, "%s", soort);
    snprintf(n.verzuimsoort, sizeof n.verzuimsoort, "LUXE");
    snprintf(n.instellingscode, sizeof n.instellingscode, "31XU");
    snprintf(n.instelling_naam, sizeof n.instelling_naam, "Caf\xc3\xa9school Zuid");
    snprintf(n.gemeente_naam, sizeof n.gemeente_naam, "Gemeente Amsterdam");
    snprintf(n.ontvanger, sizeof n.ontvanger, "leerplicht@amsterdam.example");
    return n;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* The body after the blank line, quoted-printable decoded, CRLF as \n. */
static char *decoded_body(const char *msg)
{
    const char *b = strstr(msg, "\r\n\r\n");
    if (!b)
        return NULL;
    b += 4;
    char *out = malloc(strlen(b) + 1), *o = out;
    while (out && *b) {
        if (b[0] == '=' && b[1] == '\r' && b[2] == '\n') {
            b += 3;
        } else if (b[0] == '=' && hexval(b[1]) >= 0 && hexval(b[2]) >= 0) {
            *o++ = (char)(hexval(b[1]) * 16 + hexval(b[2]));
            b += 3;
        } else if (b[0] == '\r' && b[1] == '\n') {
            *o++ = '\n';
            b += 2;
        } else {
            *o++ = *b++;
        }
    }
    if (out)
        *o = '\0';
    return out;
}

static void test_every_soort(void)
{
    static const struct {
        const char *soort, *subject, *todo;
    } rows[] = {
        {"NIEUWE_MELDING", "Subject: Nieuwe verzuimmelding 20260001 van instelling 31XU\r\n",
         "neem haar in behandeling"},
        {"BEVESTIGING_MELDER", "Subject: Bevestiging verzuimmelding 20260001 (instelling 31XU)\r\n",
         "U hoeft nu niets te doen"},
        {"GEWIJZIGD", "Subject: Verzuimmelding 20260001 gewijzigd door instelling 31XU\r\n",
         "Vraag de nieuwe versie op"},
        {"INGETROKKEN", "Subject: Verzuimmelding 20260001 ingetrokken door instelling 31XU\r\n",
         "Stop de behandeling"},
        {"TERUGKOPPELING", "Subject: Terugkoppeling op verzuimmelding 20260001 (instelling 31XU)\r\n",
         "Lees de terugkoppeling"},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        rod_notificatie n = row(rows[i].soort);
        rod_buf b = {0};
        UT_CHECK(rod_mail_compose(&b, &n, "rodgate@rodgate.example", "rodgate.example", 1796300000) == 0,
                 "%s composed", rows[i].soort);
        if (!b.data)
            continue;
        UT_CHECK(strstr(b.data, rows[i].subject) != NULL, "%s: subject", rows[i].soort);
        UT_CHECK(strstr(b.data, "\r\nMessage-ID: <notificatie-4711@rodgate.example>\r\n") != NULL,
                 "%s: Message-ID", rows[i].soort);
        UT_CHECK(strstr(b.data, "\r\nTo: <leerplicht@amsterdam.example>\r\n") != NULL, "%s: To",
                 rows[i].soort);
        UT_CHECK(strncmp(b.data, "Date: ", 6) == 0 && strstr(b.data, " Dec 2026 ") != NULL, "%s: Date",
                 rows[i].soort);
        /* CRLF only, no line over 78 characters */
        size_t col = 0;
        bool bare_lf = false, too_long = false;
        for (size_t k = 0; k < b.len; k++) {
            if (b.data[k] == '\n') {
                bare_lf |= k == 0 || b.data[k - 1] != '\r';
                col = 0;
            } else if (b.data[k] != '\r' && ++col > 78) {
                too_long = true;
            }
            UT_CHECK((unsigned char)b.data[k] < 0x80, "%s: 7-bit at %zu", rows[i].soort, k);
        }
        UT_CHECK(!bare_lf && !too_long, "%s: CRLF lines of at most 78", rows[i].soort);
        char *body = decoded_body(b.data);
        UT_CHECK(body != NULL, "%s: a body", rows[i].soort);
        if (body) {
            UT_CHECK(strstr(body, "Meldingnummer: 20260001\n") != NULL, "%s: meldingnummer", rows[i].soort);
            UT_CHECK(strstr(body, "Soort verzuim: LUXE (luxeverzuim)\n") != NULL, "%s: verzuimsoort",
                     rows[i].soort);
            UT_CHECK(strstr(body, "Instelling: 31XU (Caf\xc3\xa9school Zuid)\n") != NULL,
                     "%s: instelling in UTF-8", rows[i].soort);
            UT_CHECK(strstr(body, "Wat moet u doen?\n") && strstr(body, rows[i].todo), "%s: what to do",
                     rows[i].soort);
            UT_CHECK(strchr(body, '{') == NULL, "%s: every placeholder filled", rows[i].soort);
            free(body);
        }
        rod_buf_free(&b);
    }
}

static void test_refused(void)
{
    rod_buf b = {0};
    rod_notificatie n = row("ONBEKEND");
    UT_CHECK(rod_mail_compose(&b, &n, "a@b", "d", 0) == -1, "an unknown soort");
    n = row("GEWIJZIGD");
    snprintf(n.ontvanger, sizeof n.ontvanger, "a@b\r\nBcc: c@d");
    UT_CHECK(rod_mail_compose(&b, &n, "a@b", "d", 0) == -1, "a recipient with a header in it");
    n = row("GEWIJZIGD");
    UT_CHECK(rod_mail_compose(&b, &n, "geen adres", "d", 0) == -1, "a sender that is no address");
    rod_buf_free(&b);
}

static void test_message_id(void)
{
    char id[100];
    rod_mail_message_id(id, sizeof id, 9007199254740993LL, "rodgate.example");
    UT_CHECK(strcmp(id, "<notificatie-9007199254740993@rodgate.example>") == 0, "[%s]", id);
}

static void test_quoted_printable_edges(void)
{
    rod_notificatie n = row("NIEUWE_MELDING");
    /* a long name without spaces, "=" and a trailing blank */
    memset(n.instelling_naam, 'x', 150);
    memcpy(n.instelling_naam + 150, "=y ", 4);
    rod_buf b = {0};
    UT_CHECK(rod_mail_compose(&b, &n, "a@b", "d", 0) == 0, "composed");
    char *body = b.data ? decoded_body(b.data) : NULL;
    char want[sizeof n.instelling_naam + 32];
    snprintf(want, sizeof want, "Instelling: 31XU (%s)\n", n.instelling_naam);
    UT_CHECK(body && strstr(body, want) != NULL, "a long name, '=' and a blank survive the encoding");
    UT_CHECK(b.data && strstr(b.data, "=3Dy") != NULL, "'=' encoded");
    free(body);
    rod_buf_free(&b);
}

void test_message_register(void)
{
    static const ut_test tests[] = {
        {"every soort", test_every_soort},
        {"refused", test_refused},
        {"Message-ID", test_message_id},
        {"quoted-printable edges", test_quoted_printable_edges},
    };

    ut_register_suite("notify/message", tests, UT_COUNT(tests));
}
