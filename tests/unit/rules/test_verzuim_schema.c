/* Unit tests for rules/verzuim_schema.c: the melding's one table and its
 * walkers (struct -> JSON -> struct, the snapshot, the differences). */
#include <string.h>

#include "rules/verzuim_melding.h"
#include "rules/verzuim_schema.h"
#include "unit.h"
#include "ut_arena.h"

static const int uren1[] = {3, 1, 2};

static const rod_vz_dag dagen[] = {
    {"2025-03-04", false, 3, uren1, "ochtend"},
    {"2025-03-05", true, 0, NULL, NULL},
};

/* A melding that fills every group: two contactpersonen, a regulier
 * afwijkend adres, two verzuimdagen, two acties. */
static void full(rod_melding *m)
{
    memset(m, 0, sizeof *m);
    strcpy(m->pgn, "123456782");
    m->is_bsn = true;
    m->email = "leerling@example.nl";
    m->ncontact = 2;
    m->contact[0].naam = "J. Jansen";
    m->contact[0].relatie = "Moeder";
    m->contact[1].naam = "P. Jansen";
    m->contact[1].telefoon = "020-1234567";
    m->afwijkend = ROD_AFW_REGULIER;
    m->afw_straatnaam = "Dorpsstraat";
    m->afw_huisnummer = 12;
    m->afw_huisletter = "a";
    m->afw_postcode = "1234AB";
    strcpy(m->instellingscode, "31XU");
    m->begindatum = "2025-03-03";
    m->einddatum = "2025-03-07";
    m->soort = ROD_SOORT_OVERIG;
    m->verbijzondering = ROD_VZ_VERB_GEEN;
    m->reden = "Onbekend \"ziek\"\n";
    m->actie_gewenst = false;
    m->toelichting_actie = "geen actie";
    m->met_prioriteit = ROD_OPT_FALSE;
    m->cs_naam = "M. de Groot";
    m->cs_email = "verzuim@school.example.nl";
    m->ndagen = 2;
    m->dagen = dagen;
    m->nacties = 2;
    m->acties[0] = ROD_VZ_ACTIE_ANDERS;
    m->acties[1] = ROD_VZ_ACTIE_BRIEF_GESTUURD;
    m->acties_toelichting = "gebeld";
    m->stuur_email = ROD_OPT_TRUE;
}

static char *json_of(const rod_melding *m, ut_arena *u)
{
    rod_fields f;

    rod_fields_init(&f, &u->arena);
    rod_vz_melding_fields(m, &f);
    return f.oom ? NULL : rod_fields_to_json(&f, &u->arena);
}

static bool from_json(const char *json, rod_melding *m, ut_arena *u)
{
    rod_fields f;

    rod_fields_init(&f, &u->arena);
    return rod_fields_from_json(json, &f) && rod_vz_melding_from_fields(&f, m, &u->arena);
}

static void test_table(void)
{
    const rod_vz_row *rows = rod_vz_melding_rows;

    /* every path once, and each group's rows together (the walkers take a
     * group as one run of rows) */
    for (int i = 0; i < ROD_VZ_MELDING_ROWS; i++) {
        for (int j = i + 1; j < ROD_VZ_MELDING_ROWS; j++) {
            UT_CHECK(strcmp(rows[i].path, rows[j].path) != 0, "path %s twice", rows[i].path);
            if (j > i + 1 && rows[j].group == rows[i].group)
                UT_CHECK(rows[j - 1].group == rows[i].group, "group of %s split", rows[i].path);
        }
    }
    int n;
    const rod_vz_row *rec = rod_vz_record_rows(&n);

    UT_CHECK(n > 3 && strcmp(rec[0].path, "status") == 0 && rec[2].kind == ROD_VZK_MELDING,
             "record rows: status, wet, the melding, ...");
}

static void test_round_trip(void)
{
    ut_arena u;
    rod_melding m, back, again;

    ut_arena_init(&u);
    full(&m);
    char *json = json_of(&m, &u);

    UT_CHECK(json != NULL, "JSON");
    UT_CHECK(json && strstr(json, "\"leerling/contactpersoon[2]/telefoon\":\"020-1234567\"") != NULL,
             "indexed path: %s", json ? json : "-");
    UT_CHECK(json && strstr(json, "\"lesuren/verzuimdag[1]/lesuur\":\"3,1,2\"") != NULL, "lesuren joined");
    UT_CHECK(json && strstr(json, "\"actiesSchool/ondernomenActie\":\"ANDERS,BRIEF_GESTUURD\"") != NULL,
             "acties joined");
    UT_CHECK(json && strstr(json, "\\\"ziek\\\"\\u000a") != NULL, "text escaped");
    UT_CHECK(json && from_json(json, &back, &u), "back from JSON");
    UT_CHECK(back.ncontact == 2 && strcmp(back.contact[1].telefoon, "020-1234567") == 0 &&
                 back.afwijkend == ROD_AFW_REGULIER && back.afw_huisnummer == 12 && back.ndagen == 2 &&
                 back.dagen[0].nlesuur == 3 && back.dagen[0].lesuur[0] == 3 && back.dagen[1].hele_dag &&
                 back.nacties == 2 && back.acties[1] == ROD_VZ_ACTIE_BRIEF_GESTUURD &&
                 back.met_prioriteit == ROD_OPT_FALSE && back.stuur_email == ROD_OPT_TRUE && back.is_bsn &&
                 strcmp(back.reden, m.reden) == 0,
             "the melding back");
    char *json2 = json_of(&back, &u);

    UT_CHECK(json2 && strcmp(json, json2) == 0, "struct -> JSON -> struct -> JSON is byte-identical");
    /* alternatief, onderwijsnummer, verbijzondering */
    m.afwijkend = ROD_AFW_ALTERNATIEF;
    m.afw_locatie = "woonboot";
    m.afw_plaatsnaam = "Utrecht";
    m.is_bsn = false;
    m.verbijzondering = (rod_vz_verbijzondering)0;
    json = json_of(&m, &u);
    UT_CHECK(json && strstr(json, "regulier") == NULL &&
                 strstr(json, "persoonsgebondenNummer/onderwijsnummer"),
             "alternatief only: %s", json ? json : "-");
    UT_CHECK(json && from_json(json, &again, &u) && again.afwijkend == ROD_AFW_ALTERNATIEF && !again.is_bsn &&
                 again.verbijzondering == (rod_vz_verbijzondering)0 &&
                 strcmp(again.afw_plaatsnaam, "Utrecht") == 0,
             "alternatief back");
    ut_arena_free(&u);
}

/* The walker allocates what it did before the table: a copy of each path
 * and value, and the list's own growth. */
static void test_allocations(void)
{
    ut_arena u;
    rod_melding m;
    rod_fields f;

    ut_arena_init(&u);
    full(&m);
    rod_fields_init(&f, &u.arena);
    size_t before = u.count;

    rod_vz_melding_fields(&m, &f);
    size_t used = u.count - before;

    UT_CHECK(!f.oom && used <= (size_t)f.n * 2 + 2, "%zu allocations for %d fields", used, f.n);
    ut_arena_free(&u);
}

static void test_refused(void)
{
    static const char *const rows[] = {
        /* a required field of a contactpersoon missing */
        "{\"leerling/persoonsgebondenNummer/bsn\":\"123456782\",\"leerling/contactpersoon[1]/"
        "email\":\"a@b\"}",
        /* a pgn of the wrong kind */
        "{\"leerling/persoonsgebondenNummer/sofinummer\":\"123456782\"}",
        /* an instellingscode of the wrong length */
        "{\"verzuim/instellingscode\":\"31X\"}",
        /* a huisnummer out of range */
        "{\"leerling/afwijkendAdres/regulier/huisnummer\":\"0\"}",
        /* index 0 */
        "{\"lesuren/verzuimdag[0]/datum\":\"2025-03-04\"}",
    };
    ut_arena u;

    ut_arena_init(&u);
    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        rod_melding m;

        UT_CHECK(!from_json(rows[i], &m, &u), "should refuse row %zu", i);
    }
    /* alleLessenGemist and verzuimdagen together */
    rod_melding m, back;

    full(&m);
    m.alle_lessen_gemist = true;
    char *json = json_of(&m, &u);

    UT_CHECK(json && !from_json(json, &back, &u), "lesuren is a choice");
    ut_arena_free(&u);
}

static void test_record_round_trip(void)
{
    ut_arena u;
    rod_melding m, back_m;
    rod_vz_record r = {0}, back;
    rod_fields f, g;

    ut_arena_init(&u);
    full(&m);
    r.status = ROD_VZ_INGETROKKEN;
    r.wet = ROD_WET_RMC_WET;
    r.melding = &m;
    r.tk.datum = "2025-03-14";
    r.tk.organisatie = "Gemeente Amsterdam";
    r.tk.naam = "L. Skywalker";
    r.tk.email = "l@gemeente.example.nl";
    r.tk.toelichting = "gesprek";
    r.reden_intrekken = ROD_VZ_REDEN_ANDERS;
    r.toelichting_intrekken = "dubbel";
    rod_fields_init(&f, &u.arena);
    rod_vz_record_fields(&r, &f);
    char *json = rod_fields_to_json(&f, &u.arena);

    rod_fields_init(&g, &u.arena);
    UT_CHECK(json && rod_fields_from_json(json, &g) &&
                 rod_vz_record_from_fields(&g, &back, &back_m, &u.arena),
             "snapshot back");
    UT_CHECK(back.status == ROD_VZ_INGETROKKEN && back.wet == ROD_WET_RMC_WET &&
                 strcmp(back.tk.email, "l@gemeente.example.nl") == 0 && back.tk.functie == NULL &&
                 back.reden_intrekken == ROD_VZ_REDEN_ANDERS &&
                 strcmp(back.toelichting_intrekken, "dubbel") == 0,
             "record fields back");
    rod_fields_init(&g, &u.arena);
    rod_vz_record_fields(&back, &g);
    char *json2 = rod_fields_to_json(&g, &u.arena);

    UT_CHECK(json2 && strcmp(json, json2) == 0, "snapshot -> record -> snapshot is byte-identical");
    /* status and wet are required */
    rod_fields_init(&g, &u.arena);
    UT_CHECK(rod_fields_from_json("{\"status\":\"GEREGISTREERD\"}", &g) &&
                 !rod_vz_record_from_fields(&g, &back, &back_m, &u.arena),
             "a snapshot without wet");
    ut_arena_free(&u);
}

static void test_diff_paths(void)
{
    ut_arena u;
    rod_melding m1, m2;
    rod_vz_dag d2[2];
    static const int uren2[] = {3, 1};
    rod_vz_record r1 = {0}, r2;
    rod_changes c;

    ut_arena_init(&u);
    full(&m1);
    m2 = m1;
    memcpy(d2, dagen, sizeof d2);
    d2[0].nlesuur = 2;
    d2[0].lesuur = uren2;
    m2.dagen = d2;
    m2.ncontact = 1;                    /* contactpersoon[2] removed */
    m2.met_prioriteit = ROD_OPT_ABSENT; /* false -> absent: no change */
    m2.einddatum = NULL;
    r1.status = ROD_VZ_GEREGISTREERD;
    r1.wet = ROD_WET_LEERPLICHTWET;
    r1.melding = &m1;
    r1.reden_intrekken = ROD_VZ_REDEN_GEEN;
    r2 = r1;
    r2.melding = &m2;
    r2.status = ROD_VZ_IN_BEHANDELING;
    r2.tk.datum = "2025-03-14";
    r2.tk.naam = "L. Skywalker";
    rod_changes_init(&c, &u.arena);
    rod_vz_record_diff(&r1, &r2, &c);
    static const struct {
        const char *path, *old_value, *new_value;
    } want[] = {
        {"status", "GEREGISTREERD", "IN_BEHANDELING"},
        {"leerling/contactpersoon[2]/naam", "P. Jansen", NULL},
        {"leerling/contactpersoon[2]/telefoon", "020-1234567", NULL},
        {"verzuim/einddatum", "2025-03-07", NULL},
        {"lesuren/verzuimdag[1]/lesuur", "3,1,2", "3,1"},
        {"terugkoppeling/datum", NULL, "2025-03-14"},
        {"terugkoppeling/naamBehandelaar", NULL, "L. Skywalker"},
    };

    UT_CHECK(!c.oom && c.n == (int)UT_COUNT(want), "%d changes", c.n);
    for (int i = 0; i < c.n && i < (int)UT_COUNT(want); i++) {
        const rod_change *x = &c.items[i];
        bool old_ok = want[i].old_value ? x->old_value && strcmp(x->old_value, want[i].old_value) == 0
                                        : x->old_value == NULL;
        bool new_ok = want[i].new_value ? x->new_value && strcmp(x->new_value, want[i].new_value) == 0
                                        : x->new_value == NULL;

        UT_CHECK(strcmp(x->path, want[i].path) == 0 && old_ok && new_ok, "change %d: %s", i, x->path);
    }
    ut_arena_free(&u);
}

void test_verzuim_schema_register(void)
{
    static const ut_test tests[] = {
        {"the table", test_table},
        {"struct -> JSON -> struct", test_round_trip},
        {"allocations per field", test_allocations},
        {"malformed fields refused", test_refused},
        {"snapshot round trip", test_record_round_trip},
        {"differences as paths", test_diff_paths},
    };

    ut_register_suite("rules/verzuim_schema", tests, UT_COUNT(tests));
}
