/* meldreplay: the storage-limit anchor of the MeldenVerzuim scenario.
 * Replays, from C, exactly the statements rodgate sends MariaDB for one
 * melding (captured from MariaDB's general_log of the bench database and
 * read from src/store/: idempotency.c, melding_leerling.c, melding.c), with
 * the same parameters, in the same transaction, one pupil per melding, on
 * N connections at once, for a window of seconds: the melding rate that
 * MariaDB allows on this machine when nothing else (TLS, XML, the rules, the
 * gateway's own work) is in the way. Per melding, one transaction (the
 * instelling and the gemeente are read once per connection, as the
 * gateway's workers keep them in their memo, store/memo.h):
 *
 *   CALL rod_bericht_begin(org, MessageID, SHA-256, 'MeldenVerzuim')   START TRANSACTION + claim
 *   SELECT persoon ... NEXT VALUE FOR melding_seq ... FOR UPDATE        the pupil, locked; the number
 *   SELECT inschrijvingen UNION ALL meldingen of the pupil              the rules' facts
 *   CALL rod_bericht_einde_nieuw(response, ..., audit, bericht_metadata,  stored answer, then the clock,
 *                                21 values of the melding)               melding, versie, notificatie + COMMIT
 *
 *   meldreplay --socket S --db NAME --pupils FILE --begin D --eind D --dag2 D
 *              [-c 16] [-d 10] [-w 2] [--db-pid PID] [--label NAME]
 *
 * Pupils are taken from the end of FILE backwards, one per melding; the run
 * ends early when they run out. `make bench` gives every window a file of
 * its own (tools/bench/run.sh cuts the register's pupil list into one slice
 * per window, the gateway's and the replay's windows in turns), so no pupil
 * gets a second melding. Prints a human line (with the first error, if any), then one JSON
 * line (label, conns, seconds, meldingen, rps, errors, p50_ms, p99_ms,
 * db_cpu_ms_per_req: MariaDB's utime+stime per melding when --db-pid, and
 * where the machine's CPU went in the window, in cores, as loadgen reports
 * it: cores_db, cores_client (this replay), cores_busy, cores_other).
 *
 * Build: cc -O2 -std=c11 -D_GNU_SOURCE -pthread $(mariadb_config --cflags) meldreplay.c $(mariadb_config --libs)
 * Licence: GPL-2.0-or-later. */
#include <mysql.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char SQL_SESSION[] =
    "SET NAMES utf8mb4 COLLATE utf8mb4_uca1400_as_ci, time_zone = '+00:00', innodb_lock_wait_timeout = 10";
static const char SQL_BEGIN[] = "CALL rod_bericht_begin(?, ?, ?, ?)";
static const char SQL_PERSOON[] =
    "SELECT p.pgn, p.pgn_soort, g.geslacht, g.geboortedatum, g.achternaam, g.voorvoegsels, g.voornamen, "
    "g.adres_soort, g.postcode, g.huisnummer, g.huisletter, g.huisnummertoevoeging, g.huisnummeraanduiding, "
    "g.aanduiding_locatie, g.straatnaam, g.plaatsnaam, g.landcode, g.adresregel1, g.adresregel2, "
    "g.adresregel3, "
    "p.startkwalificatie, g.organisatie_id, NEXT VALUE FOR melding_seq FROM persoon p LEFT JOIN "
    "persoon_gegevens "
    "g ON g.pgn = p.pgn AND g.organisatie_id = ? WHERE p.pgn = ? FOR UPDATE";
static const char SQL_INSTELLING[] =
    "SELECT code, organisatie_id, naam, DATE_FORMAT(oprichtingsdatum, '%Y-%m-%d') "
    "FROM instelling WHERE code = ?";
static const char SQL_FEITEN[] =
    "SELECT 'I', i.instellingscode, DATE_FORMAT(i.inschrijfdatum, '%Y-%m-%d'), "
    "DATE_FORMAT(i.uitschrijfdatum, "
    "'%Y-%m-%d'), NULL, NULL FROM inschrijving i WHERE i.pgn = ? UNION ALL SELECT 'M', meldingnummer, soort, "
    "status, DATE_FORMAT(begindatum, '%Y-%m-%d'), DATE_FORMAT(einddatum, '%Y-%m-%d') FROM melding WHERE pgn "
    "= ?";
static const char SQL_GEMEENTE[] =
    "SELECT id, naam FROM organisatie WHERE gemeentecode = ? AND rol = 'GEMEENTE'";
/* the stored answer, audit and overview rows (15), then the melding's 21
 * (src/store/idempotency.c, SQL_FINISH_NIEUW) */
static const char SQL_EINDE[] = "CALL rod_bericht_einde_nieuw(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
enum { S_BEGIN, S_PERSOON, S_INSTELLING, S_FEITEN, S_GEMEENTE, S_EINDE, NSTMT };
static const char *const SQL[NSTMT] = {SQL_BEGIN,  SQL_PERSOON,  SQL_INSTELLING,
                                       SQL_FEITEN, SQL_GEMEENTE, SQL_EINDE};

/* the values of the bench's MeldenVerzuim request (tools/bench/requests/MeldenVerzuim.xml) */
static const char OIN[] = "00000001003214345000";
static const char ORG_NAAM[] = "Stichting Japanese School Amsterdam";
static const char MELDER_EMAIL[] = "verzuim@jsa.example.nl";
static const char CONTACT[] = "M. de Groot";

static const char *sock, *dbname, *begindatum, *einddatum, *dag2;
static char (*pupil_bsn)[16];
static char (*pupil_inst)[8];
static atomic_long next_pupil; /* counts down */
static atomic_int phase;       /* 0 warm-up, 1 measuring, 2 stop */
static atomic_long done, errors;
static unsigned int run_id; /* MessageIDs of their own in every run */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static char first_error[300];
#define MAXLAT 2000000
static double *lat;
static atomic_long nlat;

/* utime + stime of a process, in seconds (0 when it cannot be read) */
static double cpu_of(long pid)
{
    if (pid <= 0)
        return 0;
    char path[64], buf[2048];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    char *p = strrchr(buf, ')');
    unsigned long long ut = 0, stt = 0;
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &stt) != 2)
        return 0;
    return (double)(ut + stt) / (double)sysconf(_SC_CLK_TCK);
}

/* CPU time the whole machine spent busy (not idle or iowait), in seconds
 * summed over its cores (/proc/stat) */
static double machine_busy_s(void)
{
    FILE *f = fopen("/proc/stat", "r");
    if (!f)
        return 0;
    unsigned long long v[8] = {0};
    int n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
                   &v[6], &v[7]);
    fclose(f);
    if (n < 4)
        return 0;
    return (double)(v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / (double)sysconf(_SC_CLK_TCK);
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

typedef struct {
    MYSQL_BIND b[36];
    unsigned long len[36];
    long long ll[36];
    double d[36];
    my_bool null[36];
    int n;
} params;

static void p_reset(params *p)
{
    memset(p, 0, sizeof *p);
}
static void p_str(params *p, const char *v, enum enum_field_types type)
{
    MYSQL_BIND *b = &p->b[p->n];
    b->buffer_type = type;
    b->buffer = (void *)v;
    p->len[p->n] = v ? strlen(v) : 0;
    p->null[p->n] = v == NULL;
    b->length = &p->len[p->n];
    b->is_null = &p->null[p->n];
    p->n++;
}
static void p_blob(params *p, const void *v, size_t n)
{
    MYSQL_BIND *b = &p->b[p->n];
    b->buffer_type = MYSQL_TYPE_BLOB;
    b->buffer = (void *)v;
    p->len[p->n] = n;
    b->length = &p->len[p->n];
    p->n++;
}
static void p_int(params *p, long long v)
{
    MYSQL_BIND *b = &p->b[p->n];
    p->ll[p->n] = v;
    b->buffer_type = MYSQL_TYPE_LONGLONG;
    b->buffer = &p->ll[p->n];
    p->n++;
}
static void p_null(params *p)
{
    MYSQL_BIND *b = &p->b[p->n];
    b->buffer_type = MYSQL_TYPE_NULL;
    p->n++;
}
static void p_double(params *p, double v)
{
    MYSQL_BIND *b = &p->b[p->n];
    p->d[p->n] = v;
    b->buffer_type = MYSQL_TYPE_DOUBLE;
    b->buffer = &p->d[p->n];
    p->n++;
}

static void note_error(const char *what, MYSQL_STMT *st)
{
    pthread_mutex_lock(&mu);
    if (!first_error[0])
        snprintf(first_error, sizeof first_error, "%s: %u %s", what, mysql_stmt_errno(st),
                 mysql_stmt_error(st));
    pthread_mutex_unlock(&mu);
}

/* Executes with the parameters and reads every result (the first column
 * `col` of the first row into out, when asked), as the gateway does. */
static bool run(MYSQL_STMT *st, params *p, int col, char *out, size_t cap)
{
    if ((p && mysql_stmt_bind_param(st, p->b) != 0) || mysql_stmt_execute(st) != 0)
        return false;
    int rc;
    do {
        unsigned int nf = mysql_stmt_field_count(st);
        if (nf > 0) {
            MYSQL_BIND rb[32];
            char buf[32][256];
            unsigned long rl[32];
            my_bool rn[32];
            memset(rb, 0, sizeof rb);
            for (unsigned int i = 0; i < nf && i < 32; i++) {
                rb[i].buffer_type = MYSQL_TYPE_STRING;
                rb[i].buffer = buf[i];
                rb[i].buffer_length = sizeof buf[i];
                rb[i].length = &rl[i];
                rb[i].is_null = &rn[i];
            }
            if (mysql_stmt_bind_result(st, rb) != 0 || mysql_stmt_store_result(st) != 0)
                return false;
            bool first = true;
            int f;
            while ((f = mysql_stmt_fetch(st)) == 0 || f == MYSQL_DATA_TRUNCATED) {
                if (first && out && col >= 0 && (unsigned int)col < nf) {
                    size_t n = rn[col] ? 0 : rl[col] < cap - 1 ? rl[col] : cap - 1;
                    memcpy(out, buf[col], n);
                    out[n] = '\0';
                }
                first = false;
            }
            mysql_stmt_free_result(st);
        }
        rc = mysql_stmt_next_result(st);
    } while (rc == 0);
    return rc == -1;
}

static void stamp(char out[24])
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    struct tm tm;
    gmtime_r(&t.tv_sec, &tm);
    size_t n = strftime(out, 24, "%Y-%m-%d %H:%M:%S", &tm);
    snprintf(out + n, 24 - n, ".%03ld", t.tv_nsec / 1000000);
}

/* the melding's content as the gateway stores it (melding.inhoud; the
 * version's snapshot adds status and wet) */
static void inhoud(char *out, size_t cap, const char *bsn, const char *inst, bool snapshot)
{
    snprintf(
        out, cap,
        "{%s\"leerling/persoonsgebondenNummer/bsn\":\"%s\",\"leerling/email\":\"ouders@example.nl\","
        "\"leerling/telefoon\":\"06 1234 5678\",\"leerling/contactpersoon[1]/naam\":\"Aiko Sato\","
        "\"leerling/contactpersoon[1]/relatie\":\"moeder\",\"leerling/contactpersoon[1]/email\":"
        "\"aiko.sato@example.nl\",\"leerling/contactpersoon[1]/telefoon\":\"+31 (0)20-555 0101\","
        "\"verzuim/instellingscode\":\"%s\",\"verzuim/begindatum\":\"%s\",\"verzuim/einddatum\":\"%s\","
        "\"verzuim/soort\":\"ZESTIEN_UUR_18MIN\",\"verzuim/vermoedelijkeReden\":\"Leerling meldt zich "
        "regelmatig ziek op maandag.\",\"verzuim/toelichting\":\"Mentor heeft twee keer contact gezocht met "
        "de ouders.\",\"verzuim/actieGewenst\":\"true\",\"verzuim/toelichtingActieGewenst\":\"Graag een "
        "gesprek met de leerplichtambtenaar.\",\"contactpersoonSchool/naam\":\"M. de Groot\","
        "\"contactpersoonSchool/functie\":\"verzuimco\xc3\xb6rdinator\",\"contactpersoonSchool/email\":"
        "\"verzuim@jsa.example.nl\",\"contactpersoonSchool/telefoon\":\"020-555 0199\","
        "\"lesuren/verzuimdag[1]/datum\":\"%s\",\"lesuren/verzuimdag[1]/heleDag\":\"true\","
        "\"lesuren/verzuimdag[2]/datum\":\"%s\",\"lesuren/verzuimdag[2]/heleDag\":\"false\","
        "\"lesuren/verzuimdag[2]/lesuur\":\"1,2\",\"lesuren/verzuimdag[2]/toelichting\":\"Kwam pas na de "
        "pauze binnen.\",\"actiesSchool/ondernomenActie\":\"BRIEF_GESTUURD,CONTACT_OUDERS\"}",
        snapshot ? "\"status\":\"GEREGISTREERD\",\"wet\":\"LEERPLICHTWET\"," : "", bsn, inst, begindatum,
        einddatum, begindatum, dag2);
}

/* the stored answer: the gateway's MeldenVerzuimResponse of this request */
static size_t response(char *out, size_t cap, const char *msgid, const char *nummer, const char *datum)
{
    int n = snprintf(
        out, cap,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<SOAP-ENV:Envelope "
        "xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\" "
        "xmlns:SOAP-ENC=\"http://schemas.xmlsoap.org/soap/encoding/\" "
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
        "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" "
        "xmlns:rod=\"urn:rodgate:rod:v1\" "
        "xmlns:wsa5=\"http://www.w3.org/2005/08/addressing\"><SOAP-ENV:Header>"
        "<wsa5:MessageID>urn:uuid:0a55e00d-70bd-4bbe-93de-eb58e7cab6ca</wsa5:MessageID><wsa5:RelatesTo>%s"
        "</wsa5:RelatesTo><wsa5:Action SOAP-ENV:mustUnderstand=\"1\">urn:rodgate:rod:v1/MeldenVerzuimResponse"
        "</wsa5:Action></SOAP-ENV:Header><SOAP-ENV:Body><rod:MeldenVerzuimResponse><rod:gelukt>true</"
        "rod:gelukt>"
        "<rod:meldingnummer>%s</rod:meldingnummer><rod:versie>1</rod:versie><rod:status>GEREGISTREERD</"
        "rod:status>"
        "<rod:melddatum>%.10s</rod:melddatum><rod:wet>LEERPLICHTWET</rod:wet><rod:uitvoerendeInstantie>"
        "<rod:gemeentecode>0363</rod:gemeentecode><rod:naam>Gemeente Amsterdam</rod:naam>"
        "</rod:uitvoerendeInstantie></rod:MeldenVerzuimResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>\r\n",
        msgid, nummer, datum);
    return n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap - 1;
}

static void *worker(void *arg)
{
    int id = (int)(long)arg;
    mysql_thread_init();
    MYSQL *db = mysql_init(NULL);
    MYSQL_STMT *st[NSTMT] = {0};
    if (!mysql_real_connect(db, NULL, "root", NULL, dbname, 0, sock, 0) ||
        mysql_query(db, SQL_SESSION) != 0 || mysql_query(db, "SET SESSION query_cache_type = OFF") != 0) {
        fprintf(stderr, "meldreplay: connect: %s\n", mysql_error(db));
        exit(1);
    }
    for (int i = 0; i < NSTMT; i++) {
        st[i] = mysql_stmt_init(db);
        if (!st[i] || mysql_stmt_prepare(st[i], SQL[i], strlen(SQL[i])) != 0) {
            fprintf(stderr, "meldreplay: prepare %d: %s\n", i, mysql_error(db));
            exit(1);
        }
    }
    /* instelling and gemeente: the gateway's workers read them once and keep
     * them in their memo (store/memo.h), so once per connection here too */
    char gemeente[16] = "", org[16] = "";
    {
        params q;
        p_reset(&q);
        p_str(&q, pupil_inst[0], MYSQL_TYPE_STRING);
        bool ok = run(st[S_INSTELLING], &q, 1, org, sizeof org) && org[0];
        p_reset(&q);
        p_str(&q, "0363", MYSQL_TYPE_STRING); /* the bench's school-a pupils live in Amsterdam */
        ok = ok && run(st[S_GEMEENTE], &q, 0, gemeente, sizeof gemeente) && gemeente[0];
        if (!ok) {
            fprintf(stderr, "meldreplay: instelling %s or gemeente 0363 not found\n", pupil_inst[0]);
            exit(1);
        }
    }
    static __thread char in1[8192], in2[8192], resp[8192];
    unsigned long long seq = 0;
    while (atomic_load(&phase) < 2) {
        long k = atomic_fetch_sub(&next_pupil, 1) - 1;
        if (k < 0)
            break;
        const char *bsn = pupil_bsn[k], *inst = pupil_inst[k];
        char msgid[64], sha[32], nummer[32] = "", t[24];
        snprintf(msgid, sizeof msgid, "urn:uuid:%08x-%04x-4000-8000-%012llx", run_id,
                 (unsigned int)id & 0xffffu, seq++);
        for (int i = 0; i < 32; i++)
            sha[i] = (char)(rand() & 0xff);
        double t0 = now_s();
        stamp(t);
        params p;
        bool ok = true;
        int failed = -1;
        p_reset(&p);
        p_int(&p, 1);
        p_str(&p, msgid, MYSQL_TYPE_STRING);
        p_blob(&p, sha, 32);
        p_str(&p, "MeldenVerzuim", MYSQL_TYPE_STRING);
        ok = run(st[S_BEGIN], &p, -1, NULL, 0);
        if (!ok)
            failed = S_BEGIN;
        if (ok) {
            p_reset(&p);
            p_int(&p, 1);
            p_str(&p, bsn, MYSQL_TYPE_STRING);
            /* column 23: NEXT VALUE FOR melding_seq */
            ok = run(st[S_PERSOON], &p, 22, nummer, sizeof nummer) && nummer[0];
            if (!ok)
                failed = S_PERSOON;
        }
        if (ok) {
            p_reset(&p);
            p_str(&p, bsn, MYSQL_TYPE_STRING);
            p_str(&p, bsn, MYSQL_TYPE_STRING);
            ok = run(st[S_FEITEN], &p, -1, NULL, 0);
            if (!ok)
                failed = S_FEITEN;
        }
        if (ok) {
            inhoud(in1, sizeof in1, bsn, inst, false);
            inhoud(in2, sizeof in2, bsn, inst, true);
            char datum[11];
            memcpy(datum, t, 10);
            datum[10] = '\0';
            size_t rn = response(resp, sizeof resp, msgid, nummer, t);
            p_reset(&p);
            p_blob(&p, resp, rn);
            p_str(&p, "text/xml; charset=utf-8", MYSQL_TYPE_STRING);
            p_int(&p, 1);
            p_str(&p, msgid, MYSQL_TYPE_STRING);
            p_str(&p, t, MYSQL_TYPE_STRING);
            p_str(&p, OIN, MYSQL_TYPE_STRING);
            p_str(&p, "MeldenVerzuim", MYSQL_TYPE_STRING);
            p_str(&p, msgid, MYSQL_TYPE_STRING);
            p_str(&p, "OK", MYSQL_TYPE_STRING);
            p_double(&p, (now_s() - t0) * 1000.0);
            p_str(&p, "GELUKT", MYSQL_TYPE_STRING);
            p_null(&p);
            p_null(&p);
            p_null(&p);
            p_int(&p, atoll(nummer));
            p_int(&p, atoll(nummer));
            p_str(&p, "GEREGISTREERD", MYSQL_TYPE_STRING);
            p_str(&p, datum, MYSQL_TYPE_STRING);
            p_str(&p, t, MYSQL_TYPE_STRING);
            p_str(&p, "LEERPLICHTWET", MYSQL_TYPE_STRING);
            p_str(&p, inst, MYSQL_TYPE_STRING);
            p_str(&p, bsn, MYSQL_TYPE_STRING);
            p_str(&p, "ZESTIEN_UUR_18MIN", MYSQL_TYPE_STRING);
            p_str(&p, begindatum, MYSQL_TYPE_STRING);
            p_str(&p, einddatum, MYSQL_TYPE_STRING);
            p_int(&p, 0);
            p_str(&p, CONTACT, MYSQL_TYPE_STRING);
            p_int(&p, atoll(gemeente));
            p_str(&p, in1, MYSQL_TYPE_STRING);
            p_int(&p, 1);
            p_str(&p, OIN, MYSQL_TYPE_STRING);
            p_str(&p, ORG_NAAM, MYSQL_TYPE_STRING);
            p_str(&p, in2, MYSQL_TYPE_STRING);
            p_str(&p, "[]", MYSQL_TYPE_STRING);
            p_int(&p, 0);
            p_str(&p, MELDER_EMAIL, MYSQL_TYPE_STRING);
            ok = run(st[S_EINDE], &p, -1, NULL, 0);
            if (!ok)
                failed = S_EINDE;
        }
        double ms = (now_s() - t0) * 1000.0;
        if (!ok) {
            note_error(SQL[failed], st[failed]);
            mysql_rollback(db);
        }
        if (atomic_load(&phase) == 1) {
            if (ok) {
                atomic_fetch_add(&done, 1);
                long i = atomic_fetch_add(&nlat, 1);
                if (i < MAXLAT)
                    lat[i] = ms;
            } else {
                atomic_fetch_add(&errors, 1);
            }
        }
    }
    for (int i = 0; i < NSTMT; i++)
        mysql_stmt_close(st[i]);
    mysql_close(db);
    mysql_thread_end();
    return NULL;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    const char *pupils = NULL, *label = "melden-replay";
    int conns = 16;
    long db_pid = 0;
    double seconds = 10, warmup = 2;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v) {
            fprintf(stderr, "meldreplay: %s needs a value\n", a);
            return 2;
        }
        if (strcmp(a, "--socket") == 0)
            sock = v;
        else if (strcmp(a, "--db") == 0)
            dbname = v;
        else if (strcmp(a, "--pupils") == 0)
            pupils = v;
        else if (strcmp(a, "--begin") == 0)
            begindatum = v;
        else if (strcmp(a, "--eind") == 0)
            einddatum = v;
        else if (strcmp(a, "--dag2") == 0)
            dag2 = v;
        else if (strcmp(a, "-c") == 0)
            conns = atoi(v);
        else if (strcmp(a, "-d") == 0)
            seconds = atof(v);
        else if (strcmp(a, "-w") == 0)
            warmup = atof(v);
        else if (strcmp(a, "--db-pid") == 0)
            db_pid = atol(v);
        else if (strcmp(a, "--label") == 0)
            label = v;
        else {
            fprintf(stderr, "meldreplay: unknown option %s\n", a);
            return 2;
        }
        i++;
    }
    if (!sock || !dbname || !pupils || !begindatum || !einddatum || !dag2 || conns < 1 || conns > 256) {
        fprintf(stderr, "usage: meldreplay --socket S --db NAME --pupils FILE --begin D --eind D --dag2 D "
                        "[-c N] [-d S] [-w S] [--label L]\n");
        return 2;
    }
    FILE *f = fopen(pupils, "r");
    if (!f) {
        perror(pupils);
        return 1;
    }
    long cap = 1024, n = 0;
    pupil_bsn = malloc((size_t)cap * sizeof *pupil_bsn);
    pupil_inst = malloc((size_t)cap * sizeof *pupil_inst);
    char line[128];
    while (fgets(line, sizeof line, f)) {
        char b[16], s[8];
        if (sscanf(line, "%15s %7s", b, s) != 2)
            continue;
        if (n == cap) {
            cap *= 2;
            pupil_bsn = realloc(pupil_bsn, (size_t)cap * sizeof *pupil_bsn);
            pupil_inst = realloc(pupil_inst, (size_t)cap * sizeof *pupil_inst);
        }
        strcpy(pupil_bsn[n], b);
        strcpy(pupil_inst[n], s);
        n++;
    }
    fclose(f);
    atomic_store(&next_pupil, n);
    lat = malloc(MAXLAT * sizeof *lat);
    mysql_library_init(0, NULL, NULL);
    srand((unsigned int)time(NULL) ^ (unsigned int)getpid());
    run_id = (unsigned int)rand();
    pthread_t th[256];
    for (int i = 0; i < conns; i++)
        pthread_create(&th[i], NULL, worker, (void *)(long)i);
    struct timespec w = {(time_t)warmup, (long)((warmup - (double)(time_t)warmup) * 1e9)};
    nanosleep(&w, NULL);
    double t0 = now_s(), c0 = cpu_of(db_pid), m0 = machine_busy_s(), s0 = cpu_of((long)getpid());
    atomic_store(&phase, 1);
    while (now_s() - t0 < seconds && atomic_load(&next_pupil) > 0) {
        struct timespec tick = {0, 20000000};
        nanosleep(&tick, NULL);
    }
    double t1 = now_s(), c1 = cpu_of(db_pid), m1 = machine_busy_s(), s1 = cpu_of((long)getpid());
    atomic_store(&phase, 2);
    for (int i = 0; i < conns; i++)
        pthread_join(th[i], NULL);
    long m = atomic_load(&nlat) < MAXLAT ? atomic_load(&nlat) : MAXLAT;
    qsort(lat, (size_t)m, sizeof *lat, cmp_d);
    double p50 = m ? lat[m / 2] : 0, p99 = m ? lat[(long)(m * 0.99)] : 0;
    double secs = t1 - t0;
    char dbcpu[32] = "null";
    if (db_pid > 0 && atomic_load(&done) > 0)
        snprintf(dbcpu, sizeof dbcpu, "%.3f", (c1 - c0) * 1000.0 / (double)atomic_load(&done));
    printf("%s: %.1f meldingen/s over %.2f s, %ld meldingen, %ld errors; latency ms p50 %.2f p99 %.2f%s%s\n",
           label, (double)atomic_load(&done) / secs, secs, atomic_load(&done), atomic_load(&errors), p50, p99,
           first_error[0] ? "; first error: " : "", first_error);
    /* where the machine's CPU went in the window, in cores (as loadgen's
     * cores_*): MariaDB, this replay, and every other process */
    double win = secs > 0 ? secs : 1, k_db = db_pid > 0 ? (c1 - c0) / win : 0, k_self = (s1 - s0) / win,
           k_busy = (m1 - m0) / win;
    printf("{\"label\":\"%s\",\"conns\":%d,\"seconds\":%.3f,\"meldingen\":%ld,\"rps\":%.2f,\"errors\":%ld,"
           "\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"db_cpu_ms_per_req\":%s,\"pupils_exhausted\":%s,"
           "\"cores_db\":%.3f,\"cores_client\":%.3f,\"cores_busy\":%.3f,\"cores_other\":%.3f}\n",
           label, conns, secs, atomic_load(&done), (double)atomic_load(&done) / secs, atomic_load(&errors),
           p50, p99, dbcpu, atomic_load(&next_pupil) <= 0 ? "true" : "false", k_db, k_self, k_busy,
           k_busy - k_db - k_self);
    mysql_library_end();
    return 0;
}
