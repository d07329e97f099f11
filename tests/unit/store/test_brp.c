/* Unit tests for store/brp.c: a reload replaces the data as a whole, a bad
 * file keeps the old data, the change hook hears the changed bsns, and
 * readers running during many reloads always see one complete table (run
 * under AddressSanitizer, a table freed too early would show). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "store/brp.h"
#include "unit.h"

#define BRP_HEADER "bsn;postcode;huisnummer;huisletter;huisnummertoevoeging;straatnaam;plaatsnaam\n"

static char brp_path[64], sk_path[64];

static void write_data(int huisnummer, const char *sk_date)
{
    FILE *f = fopen(brp_path, "w");
    if (f) {
        fprintf(f, BRP_HEADER "999990019;1011AB;%d;;;Dam;Amsterdam\n999990020;9711AA;%d;;;Markt;Groningen\n",
                huisnummer, huisnummer);
        fclose(f);
    }
    f = fopen(sk_path, "w");
    if (f) {
        fprintf(f, "persoonsgebondenNummer;datum\n999990020;%s\n", sk_date);
        fclose(f);
    }
}

static int set_up(void)
{
    snprintf(brp_path, sizeof brp_path, "/tmp/rod-brpr-%d.csv", (int)getpid());
    snprintf(sk_path, sizeof sk_path, "/tmp/rod-skr-%d.csv", (int)getpid());
    rod_brp_configure(brp_path, sk_path);
    return 0;
}

static int tear_down(void)
{
    rod_brp_on_change(NULL, NULL);
    rod_brp_free();
    unlink(brp_path);
    unlink(sk_path);
    return 0;
}

static int changes_heard;
static char last_changed[10];

static bool on_change(const char *const *bsns, size_t n, void *arg)
{
    (void)arg;
    changes_heard += (int)n;
    if (n)
        snprintf(last_changed, sizeof last_changed, "%s", bsns[n - 1]);
    return true;
}

static void test_reload_replaces_and_bad_file_keeps(void)
{
    char err[256], datum[11];
    rod_brp_adres a;
    rod_brp_free();
    UT_CHECK(!rod_brp_adres_of("999990019", &a) && !rod_brp_startkwalificatie_of("999990020", datum) &&
                 datum[0] == '\0',
             "nothing loaded: no data");
    write_data(1, "2024-07-01");
    UT_CHECK(rod_brp_reload(err, sizeof err) == 0, "first load: %s", err);
    UT_CHECK(rod_brp_adres_of("999990019", &a) && a.huisnummer == 1, "999990019 at number 1");
    UT_CHECK(rod_brp_startkwalificatie_of("999990020", datum) && strcmp(datum, "2024-07-01") == 0,
             "startkwalificatie 2024-07-01");

    rod_brp_on_change(on_change, NULL);
    changes_heard = 0;
    write_data(7, "2025-07-01");
    UT_CHECK(rod_brp_reload(err, sizeof err) == 0, "second load: %s", err);
    UT_CHECK(rod_brp_adres_of("999990019", &a) && a.huisnummer == 7, "now at number 7");
    UT_CHECK(rod_brp_startkwalificatie_of("999990020", datum) && strcmp(datum, "2025-07-01") == 0,
             "now 2025-07-01");
    UT_CHECK(changes_heard == 2, "the hook heard both changed bsns (%d)", changes_heard);

    changes_heard = 0;
    write_data(7, "2025-07-01");
    UT_CHECK(rod_brp_reload(err, sizeof err) == 0 && changes_heard == 0, "same data: no change heard (%d)",
             changes_heard);

    FILE *f = fopen(brp_path, "a");
    if (f) {
        fputs("999990019;1011AB;9;;;Dam;Amsterdam\n", f); /* a duplicate on line 4 */
        fclose(f);
    }
    UT_CHECK(rod_brp_reload(err, sizeof err) == -1, "a bad file is refused");
    char where[128];
    snprintf(where, sizeof where, "%s:4: ", brp_path);
    UT_CHECK(strncmp(err, where, strlen(where)) == 0, "with file and line: %s", err);
    UT_CHECK(rod_brp_adres_of("999990019", &a) && a.huisnummer == 7, "and the old data stay");
    rod_brp_on_change(NULL, NULL);
}

static atomic_bool stop;
static atomic_int torn;

/* every table written by the reloader has one huisnummer for both bsns */
static void *reader(void *arg)
{
    (void)arg;
    while (!atomic_load(&stop)) {
        rod_brp_adres a, b;
        bool fa = rod_brp_adres_of("999990019", &a), fb = rod_brp_adres_of("999990020", &b);
        if (!fa || !fb || a.huisnummer < 1 || b.huisnummer < 1 || strcmp(a.postcode, "1011AB") != 0)
            atomic_fetch_add(&torn, 1);
    }
    return NULL;
}

static void test_readers_during_reloads(void)
{
    char err[256];
    write_data(1, "2024-07-01");
    UT_CHECK(rod_brp_reload(err, sizeof err) == 0, "load: %s", err);
    atomic_store(&stop, false);
    atomic_store(&torn, 0);
    pthread_t t[3];
    for (int i = 0; i < 3; i++)
        pthread_create(&t[i], NULL, reader, NULL);
    int failed = 0;
    for (int i = 0; i < 200; i++) {
        write_data(i % 50 + 1, "2024-07-01");
        failed += rod_brp_reload(err, sizeof err) != 0;
    }
    atomic_store(&stop, true);
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    UT_CHECK(failed == 0, "200 reloads succeed (%d failed)", failed);
    UT_CHECK(atomic_load(&torn) == 0, "no reader saw a missing or broken table (%d)", atomic_load(&torn));
}

void test_brp_register(void)
{
    static const ut_test tests[] = {
        {"a reload replaces, a bad file keeps", test_reload_replaces_and_bad_file_keeps},
        {"readers during reloads", test_readers_during_reloads},
    };

    ut_register_suite_with("store/brp", set_up, tear_down, tests, UT_COUNT(tests));
}
