/* Unit tests for rules/verzuim_melding.c: the checks on a melding alone
 * (ROD-0307, 0308, 0310..0314), its canonical fields both ways, and the
 * record differences of the history. */
#include <string.h>

#include "rules/verzuim_melding.h"
#include "unit.h"
#include "ut_arena.h"

static const rod_date today = {2025, 3, 14};

/* A valid melding: open period from 2025-03-03, all lessons missed. */
static void base(rod_melding *m)
{
    memset(m, 0, sizeof *m);
    strcpy(m->pgn, "123456782");
    m->is_bsn = true;
    strcpy(m->instellingscode, "31XU");
    m->begindatum = "2025-03-03";
    m->soort = ROD_SOORT_ZESTIEN_UUR_18MIN;
    m->verbijzondering = ROD_VZ_VERB_GEEN;
    m->reden = "Onbekend";
    m->actie_gewenst = true;
    m->cs_naam = "M. de Groot";
    m->cs_email = "verzuim@school.example.nl";
    m->alle_lessen_gemist = true;
    m->nacties = 1;
    m->acties[0] = ROD_VZ_ACTIE_BRIEF_GESTUURD;
}

/* The issues as "CODE veld" lines, for comparison. */
static void check(const rod_melding *m, const char *const *want, size_t nwant, const char *what)
{
    rod_vz_issues is = {0};

    rod_vz_check_melding(m, today, &is);
    UT_CHECK((size_t)is.n == nwant, "%s: %d issues, want %zu (first: %s %s)", what, is.n, nwant,
             is.n ? rod_status_code(is.items[0].code) : "-", is.n ? is.items[0].veld : "-");
    for (int i = 0; i < is.n && (size_t)i < nwant; i++) {
        char got[160];

        snprintf(got, sizeof got, "%s %s", rod_status_code(is.items[i].code), is.items[i].veld);
        UT_CHECK(strcmp(got, want[i]) == 0, "%s: issue %d is \"%s\", want \"%s\"", what, i, got, want[i]);
    }
}

static void test_valid(void)
{
    rod_melding m;

    base(&m);
    check(&m, NULL, 0, "base");
    m.einddatum = "2025-03-03"; /* one day */
    check(&m, NULL, 0, "one-day period");
    m.begindatum = "2025-03-14"; /* today */
    m.einddatum = "2025-04-30";  /* an einddatum in the future is allowed */
    check(&m, NULL, 0, "begins today");
}

static void test_dates(void)
{
    rod_melding m;
    static const char *const eind[] = {"ROD-0307 melding/verzuim/einddatum"};
    static const char *const future[] = {"ROD-0308 melding/verzuim/begindatum"};
    static const char *const both[] = {"ROD-0307 melding/verzuim/einddatum",
                                       "ROD-0308 melding/verzuim/begindatum"};

    base(&m);
    m.einddatum = "2025-03-02";
    check(&m, eind, 1, "einddatum before begindatum");
    base(&m);
    m.begindatum = "2025-03-15";
    check(&m, future, 1, "begindatum tomorrow");
    m.einddatum = "2025-03-14";
    check(&m, both, 2, "both");
}

static void test_actie(void)
{
    rod_melding m;
    static const char *const t0310[] = {"ROD-0310 melding/verzuim/toelichtingActieGewenst"};
    static const char *const t0311[] = {"ROD-0310 melding/verzuim/toelichtingActieGewenst",
                                        "ROD-0311 melding/verzuim/metPrioriteit"};
    static const char *const t0312[] = {"ROD-0312 melding/actiesSchool/toelichting"};
    static const char *const t0313[] = {"ROD-0313 melding/verzuim/verbijzondering"};

    base(&m);
    m.actie_gewenst = false;
    check(&m, t0310, 1, "no action without toelichting");
    m.toelichting_actie = "De school begeleidt zelf.";
    check(&m, NULL, 0, "no action with toelichting");
    m.toelichting_actie = NULL;
    m.met_prioriteit = ROD_OPT_TRUE;
    check(&m, t0311, 2, "prioriteit without action");
    m.met_prioriteit = ROD_OPT_FALSE;
    m.toelichting_actie = "x";
    check(&m, NULL, 0, "metPrioriteit false is fine");
    base(&m);
    m.met_prioriteit = ROD_OPT_TRUE;
    check(&m, NULL, 0, "prioriteit with action");

    base(&m);
    m.acties[m.nacties++] = ROD_VZ_ACTIE_ANDERS;
    check(&m, t0312, 1, "ANDERS without toelichting");
    m.acties_toelichting = "Schoolarts";
    check(&m, NULL, 0, "ANDERS with toelichting");

    base(&m);
    m.verbijzondering = ROD_VZ_VERB_MOGELIJK_LANGDURIG_ZIEK;
    check(&m, t0313, 1, "verbijzondering with 16 uren");
    m.soort = ROD_SOORT_OVERIG;
    check(&m, NULL, 0, "verbijzondering with OVERIG");
}

static void test_verzuimdagen(void)
{
    rod_melding m;
    static const int uren12[] = {1, 2}, uren_dup[] = {3, 3}, uren17[] = {17}, uren0[] = {0};
    rod_vz_dag dagen[] = {
        {"2025-03-03", true, 0, NULL, NULL},      /* 1 ok: first day */
        {"2025-03-04", false, 2, uren12, NULL},   /* 2 ok */
        {"2025-03-02", true, 0, NULL, NULL},      /* 3 before begindatum */
        {"2025-03-15", true, 0, NULL, NULL},      /* 4 after today (open period) */
        {"2025-03-04", true, 0, NULL, NULL},      /* 5 twice (and heleDag now) */
        {"2025-03-05", true, 1, uren12, NULL},    /* 6 heleDag with lesuur */
        {"2025-03-06", false, 0, NULL, NULL},     /* 7 not heleDag without lesuur */
        {"2025-03-07", false, 2, uren_dup, NULL}, /* 8 lesuur twice */
        {"2025-03-10", false, 1, uren17, NULL},   /* 9 lesuur 17 */
        {"2025-03-11", false, 1, uren0, "x"},     /* 10 lesuur 0 */
        {"2025-03-14", true, 0, NULL, NULL},      /* 11 ok: today */
    };
    static const char *const want[] = {
        "ROD-0314 melding/lesuren/verzuimdag[3]/datum",   "ROD-0314 melding/lesuren/verzuimdag[4]/datum",
        "ROD-0314 melding/lesuren/verzuimdag[6]/lesuur",  "ROD-0314 melding/lesuren/verzuimdag[7]/lesuur",
        "ROD-0314 melding/lesuren/verzuimdag[8]/lesuur",  "ROD-0314 melding/lesuren/verzuimdag[9]/lesuur",
        "ROD-0314 melding/lesuren/verzuimdag[10]/lesuur", "ROD-0314 melding/lesuren/verzuimdag[5]/datum",
    };

    base(&m);
    m.alle_lessen_gemist = false;
    m.dagen = dagen;
    m.ndagen = (int)UT_COUNT(dagen);
    check(&m, want, UT_COUNT(want), "verzuimdagen");

    /* with an einddatum the period ends there, not today */
    static const char *const after_end[] = {"ROD-0314 melding/lesuren/verzuimdag[2]/datum"};
    rod_vz_dag two[] = {{"2025-03-05", true, 0, NULL, NULL}, {"2025-03-06", true, 0, NULL, NULL}};

    base(&m);
    m.alle_lessen_gemist = false;
    m.einddatum = "2025-03-05";
    m.dagen = two;
    m.ndagen = 2;
    check(&m, after_end, 1, "after einddatum");
    /* einddatum in the future: days up to it are fine */
    m.einddatum = "2025-04-01";
    two[1].datum = "2025-03-20";
    check(&m, NULL, 0, "future einddatum");
}

static void test_all_reported(void)
{
    rod_melding m;
    static const char *const want[] = {
        "ROD-0307 melding/verzuim/einddatum",
        "ROD-0308 melding/verzuim/begindatum",
        "ROD-0310 melding/verzuim/toelichtingActieGewenst",
        "ROD-0311 melding/verzuim/metPrioriteit",
        "ROD-0312 melding/actiesSchool/toelichting",
        "ROD-0313 melding/verzuim/verbijzondering",
    };

    base(&m);
    m.begindatum = "2025-06-01";
    m.einddatum = "2025-05-01";
    m.actie_gewenst = false;
    m.met_prioriteit = ROD_OPT_TRUE;
    m.acties[0] = ROD_VZ_ACTIE_ANDERS;
    m.verbijzondering = ROD_VZ_VERB_VERMOEDELIJK_ONGEOORLOOFD;
    check(&m, want, UT_COUNT(want), "every rule at once");
}

/* A melding with every field filled. */
static void full(rod_melding *m, rod_vz_dag *dagen)
{
    static const int uren[] = {3, 1, 2};

    base(m);
    m->email = "leerling@example.nl";
    m->telefoon = "06 1234 5678";
    m->ncontact = 2;
    m->contact[0].naam = "Vader";
    m->contact[0].relatie = "vader";
    m->contact[1].naam = "Tante Zoë";
    m->contact[1].email = "tante@example.nl";
    m->contact[1].telefoon = "+31 20 123";
    m->afwijkend = ROD_AFW_REGULIER;
    m->afw_straatnaam = "Damrak";
    m->afw_huisnummer = 12;
    m->afw_huisletter = "b";
    m->afw_toevoeging = "II";
    m->afw_postcode = "1012LG";
    m->einddatum = "2025-03-07";
    m->soort = ROD_SOORT_OVERIG;
    m->verbijzondering = ROD_VZ_VERB_VERMOEDELIJK_ONGEOORLOOFD;
    m->toelichting = "Regel 1\nRegel \"2\"";
    m->actie_gewenst = false;
    m->toelichting_actie = "Geen";
    m->met_prioriteit = ROD_OPT_FALSE;
    m->aanbiedercode = "100A001";
    m->locatiecode = "100X001";
    m->cs_functie = "Mentor";
    m->cs_telefoon = "020-1234567";
    m->alle_lessen_gemist = false;
    dagen[0] = (rod_vz_dag){"2025-03-03", true, 0, NULL, "ziek gemeld"};
    dagen[1] = (rod_vz_dag){"2025-03-05", false, 3, uren, NULL};
    m->dagen = dagen;
    m->ndagen = 2;
    m->nacties = 2;
    m->acties[0] = ROD_VZ_ACTIE_ANDERS;
    m->acties[1] = ROD_VZ_ACTIE_CONTACT_OUDERS;
    m->acties_toelichting = "Schoolarts";
    m->stuur_email = ROD_OPT_TRUE;
}

static void test_fields(void)
{
    ut_arena u;
    rod_melding m, back;
    rod_vz_dag dagen[2];
    rod_fields f;

    ut_arena_init(&u);
    full(&m, dagen);
    rod_fields_init(&f, &u.arena);
    rod_vz_melding_fields(&m, &f);
    static const char *const want[] = {
        "leerling/persoonsgebondenNummer/bsn",
        "123456782",
        "leerling/email",
        "leerling@example.nl",
        "leerling/telefoon",
        "06 1234 5678",
        "leerling/contactpersoon[1]/naam",
        "Vader",
        "leerling/contactpersoon[1]/relatie",
        "vader",
        "leerling/contactpersoon[2]/naam",
        "Tante Zoë",
        "leerling/contactpersoon[2]/email",
        "tante@example.nl",
        "leerling/contactpersoon[2]/telefoon",
        "+31 20 123",
        "leerling/afwijkendAdres/regulier/straatnaam",
        "Damrak",
        "leerling/afwijkendAdres/regulier/huisnummer",
        "12",
        "leerling/afwijkendAdres/regulier/huisletter",
        "b",
        "leerling/afwijkendAdres/regulier/huisnummertoevoeging",
        "II",
        "leerling/afwijkendAdres/regulier/postcode",
        "1012LG",
        "verzuim/instellingscode",
        "31XU",
        "verzuim/begindatum",
        "2025-03-03",
        "verzuim/einddatum",
        "2025-03-07",
        "verzuim/soort",
        "OVERIG",
        "verzuim/verbijzondering",
        "VERMOEDELIJK_ONGEOORLOOFD",
        "verzuim/vermoedelijkeReden",
        "Onbekend",
        "verzuim/toelichting",
        "Regel 1\nRegel \"2\"",
        "verzuim/actieGewenst",
        "false",
        "verzuim/toelichtingActieGewenst",
        "Geen",
        "verzuim/metPrioriteit",
        "false",
        "verzuim/onderwijsaanbiedercode",
        "100A001",
        "verzuim/onderwijslocatiecode",
        "100X001",
        "contactpersoonSchool/naam",
        "M. de Groot",
        "contactpersoonSchool/functie",
        "Mentor",
        "contactpersoonSchool/email",
        "verzuim@school.example.nl",
        "contactpersoonSchool/telefoon",
        "020-1234567",
        "lesuren/verzuimdag[1]/datum",
        "2025-03-03",
        "lesuren/verzuimdag[1]/heleDag",
        "true",
        "lesuren/verzuimdag[1]/toelichting",
        "ziek gemeld",
        "lesuren/verzuimdag[2]/datum",
        "2025-03-05",
        "lesuren/verzuimdag[2]/heleDag",
        "false",
        "lesuren/verzuimdag[2]/lesuur",
        "3,1,2",
        "actiesSchool/ondernomenActie",
        "ANDERS,CONTACT_OUDERS",
        "actiesSchool/toelichting",
        "Schoolarts",
        "stuurEmailNaarMelder",
        "true",
    };

    UT_CHECK(f.n * 2 == (int)UT_COUNT(want), "%d fields", f.n);
    for (int i = 0; i < f.n && 2 * i + 1 < (int)UT_COUNT(want); i++)
        UT_CHECK(strcmp(f.items[i].path, want[2 * i]) == 0 && strcmp(f.items[i].value, want[2 * i + 1]) == 0,
                 "field %d: %s=%s, want %s=%s", i, f.items[i].path, f.items[i].value, want[2 * i],
                 want[2 * i + 1]);

    /* and back, through JSON as stored */
    char *json = rod_fields_to_json(&f, &u.arena);
    rod_fields g, again;

    rod_fields_init(&g, &u.arena);
    UT_CHECK(json && rod_fields_from_json(json, &g), "JSON");
    UT_CHECK(rod_vz_melding_from_fields(&g, &back, &u.arena), "melding from fields");
    rod_fields_init(&again, &u.arena);
    rod_vz_melding_fields(&back, &again);
    UT_CHECK(again.n == f.n, "same number of fields");
    for (int i = 0; i < f.n && i < again.n; i++)
        UT_CHECK(strcmp(again.items[i].path, f.items[i].path) == 0 &&
                     strcmp(again.items[i].value, f.items[i].value) == 0,
                 "round trip field %s", f.items[i].path);
    UT_CHECK(back.ndagen == 2 && back.dagen[1].nlesuur == 3 && back.dagen[1].lesuur[0] == 3, "lesuren");
    UT_CHECK(back.stuur_email == ROD_OPT_TRUE && back.met_prioriteit == ROD_OPT_FALSE, "optional booleans");
    ut_arena_free(&u);
}

static void test_fields_minimal(void)
{
    ut_arena u;
    rod_melding m, back;
    rod_fields f;

    ut_arena_init(&u);
    base(&m);
    m.is_bsn = false;
    strcpy(m.pgn, "101222331");
    m.afwijkend = ROD_AFW_ALTERNATIEF;
    m.afw_locatie = "Woonwagen 3";
    m.afw_plaatsnaam = "Amsterdam";
    rod_fields_init(&f, &u.arena);
    rod_vz_melding_fields(&m, &f);
    UT_CHECK(rod_fields_get(&f, "verzuim/metPrioriteit") == NULL, "absent metPrioriteit stays absent");
    UT_CHECK(rod_fields_get(&f, "stuurEmailNaarMelder") == NULL, "absent stuurEmailNaarMelder stays absent");
    UT_CHECK(rod_fields_get(&f, "lesuren/alleLessenGemist") != NULL, "alleLessenGemist");
    UT_CHECK(rod_fields_get(&f, "leerling/persoonsgebondenNummer/onderwijsnummer") != NULL,
             "onderwijsnummer");
    UT_CHECK(rod_vz_melding_from_fields(&f, &back, &u.arena), "back");
    UT_CHECK(!back.is_bsn && strcmp(back.pgn, "101222331") == 0, "number kind kept");
    UT_CHECK(back.met_prioriteit == ROD_OPT_ABSENT && back.alle_lessen_gemist, "absent kept");
    UT_CHECK(back.afwijkend == ROD_AFW_ALTERNATIEF && strcmp(back.afw_plaatsnaam, "Amsterdam") == 0,
             "alternatief");
    ut_arena_free(&u);
}

static void test_fields_malformed(void)
{
    static const char *const rows[] = {
        "{}",
        /* unknown melding path */
        "{\"leerling/persoonsgebondenNummer/bsn\":\"123456782\",\"verzuim/foo\":\"x\"}",
        /* soort not an enumeration value */
        "{\"verzuim/soort\":\"ZIEK\"}",
        /* a contactpersoon index beyond 5 */
        "{\"leerling/contactpersoon[6]/naam\":\"x\"}",
        /* a lesuur out of range */
        "{\"lesuren/verzuimdag[1]/lesuur\":\"1,17\"}",
    };
    ut_arena u;

    ut_arena_init(&u);
    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        rod_fields f;
        rod_melding m;

        rod_fields_init(&f, &u.arena);
        UT_CHECK(rod_fields_from_json(rows[i], &f), "JSON %zu", i);
        UT_CHECK(!rod_vz_melding_from_fields(&f, &m, &u.arena), "should refuse row %zu", i);
    }
    /* a required field missing: take a valid one and drop the reden */
    rod_melding m, back;
    rod_fields f, g;

    base(&m);
    rod_fields_init(&f, &u.arena);
    rod_vz_melding_fields(&m, &f);
    rod_fields_init(&g, &u.arena);
    for (int i = 0; i < f.n; i++)
        if (strcmp(f.items[i].path, "verzuim/vermoedelijkeReden") != 0)
            rod_fields_add(&g, f.items[i].path, f.items[i].value);
    UT_CHECK(!rod_vz_melding_from_fields(&g, &back, &u.arena), "vermoedelijkeReden is required");
    ut_arena_free(&u);
}

static void test_record(void)
{
    ut_arena u;
    rod_melding m, back_m;
    rod_vz_record r = {0}, back;
    rod_fields f;

    ut_arena_init(&u);
    base(&m);
    r.status = ROD_VZ_AFGESLOTEN;
    r.wet = ROD_WET_LEERPLICHTWET;
    r.melding = &m;
    r.tk.datum = "2025-03-14";
    r.tk.organisatie = "Gemeente Amsterdam";
    r.tk.naam = "L. Skywalker";
    r.tk.functie = "LPA";
    r.reden_afgesloten = "HALT";
    r.reden_intrekken = ROD_VZ_REDEN_GEEN;
    rod_fields_init(&f, &u.arena);
    rod_vz_record_fields(&r, &f);
    UT_CHECK(f.n > 4 && strcmp(f.items[0].path, "status") == 0 && strcmp(f.items[0].value, "AFGESLOTEN") == 0,
             "status first");
    UT_CHECK(strcmp(f.items[1].path, "wet") == 0 && strcmp(f.items[1].value, "LEERPLICHTWET") == 0,
             "wet second");
    UT_CHECK(strcmp(f.items[f.n - 1].path, "redenAfgesloten") == 0, "redenAfgesloten last");
    UT_CHECK(rod_fields_get(&f, "terugkoppeling/telefoonBehandelaar") == NULL, "absent tk field");
    UT_CHECK(rod_vz_record_from_fields(&f, &back, &back_m, &u.arena), "back");
    UT_CHECK(back.status == ROD_VZ_AFGESLOTEN && back.melding == &back_m &&
                 strcmp(back.tk.naam, "L. Skywalker") == 0 && back.reden_intrekken == ROD_VZ_REDEN_GEEN &&
                 strcmp(back.reden_afgesloten, "HALT") == 0,
             "record fields back");
    ut_arena_free(&u);
}

static void test_record_diff(void)
{
    ut_arena u;
    rod_melding m1, m2;
    rod_vz_record r1 = {0}, r2;
    rod_changes c;

    ut_arena_init(&u);
    base(&m1);
    m2 = m1;
    m2.einddatum = "2025-03-10";
    m2.met_prioriteit = ROD_OPT_FALSE; /* absent -> false: no change */
    m2.stuur_email = ROD_OPT_TRUE;     /* absent -> true: a change */
    m2.reden = "Spijbelen";
    r1.status = ROD_VZ_GEREGISTREERD;
    r1.wet = ROD_WET_LEERPLICHTWET;
    r1.melding = &m1;
    r1.reden_intrekken = ROD_VZ_REDEN_GEEN;
    r2 = r1;
    r2.melding = &m2;
    rod_changes_init(&c, &u.arena);
    rod_vz_record_diff(&r1, &r2, &c);
    static const struct {
        const char *path, *old_value, *new_value;
    } want[] = {
        {"verzuim/einddatum", NULL, "2025-03-10"},
        {"verzuim/vermoedelijkeReden", "Onbekend", "Spijbelen"},
        {"stuurEmailNaarMelder", "false", "true"},
    };

    UT_CHECK(c.n == (int)UT_COUNT(want), "%d changes", c.n);
    for (int i = 0; i < c.n && i < (int)UT_COUNT(want); i++)
        UT_CHECK(strcmp(c.items[i].path, want[i].path) == 0 &&
                     ((c.items[i].old_value == NULL && want[i].old_value == NULL) ||
                      (c.items[i].old_value && want[i].old_value &&
                       strcmp(c.items[i].old_value, want[i].old_value) == 0)) &&
                     strcmp(c.items[i].new_value, want[i].new_value) == 0,
                 "change %d: %s", i, c.items[i].path);

    /* withdrawal: status and reden */
    r2 = r1;
    r2.status = ROD_VZ_INGETROKKEN;
    r2.reden_intrekken = ROD_VZ_REDEN_ANDERS;
    r2.toelichting_intrekken = "dubbel";
    rod_changes_init(&c, &u.arena);
    rod_vz_record_diff(&r1, &r2, &c);
    UT_CHECK(c.n == 3 && strcmp(c.items[0].path, "status") == 0 &&
                 strcmp(c.items[0].old_value, "GEREGISTREERD") == 0 &&
                 strcmp(c.items[0].new_value, "INGETROKKEN") == 0 &&
                 strcmp(c.items[1].path, "redenIntrekken") == 0 &&
                 strcmp(c.items[2].path, "toelichtingIntrekken") == 0,
             "withdrawal changes (%d)", c.n);
    ut_arena_free(&u);
}

void test_verzuim_melding_register(void)
{
    static const ut_test tests[] = {
        {"valid meldingen", test_valid},
        {"ROD-0307 and ROD-0308", test_dates},
        {"ROD-0310 .. ROD-0313", test_actie},
        {"ROD-0314 verzuimdagen", test_verzuimdagen},
        {"every failing rule reported", test_all_reported},
        {"canonical fields and back", test_fields},
        {"minimal melding fields", test_fields_minimal},
        {"malformed fields refused", test_fields_malformed},
        {"version record fields", test_record},
        {"version differences", test_record_diff},
    };

    ut_register_suite("rules/verzuim_melding", tests, UT_COUNT(tests));
}
