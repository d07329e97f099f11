/* Unit tests for rules/tijdstip.c: xs:dateTime to UTC DATETIME(6) text,
 * zones, rounding of the bounds, clamping and everything refused. */
#include <string.h>

#include "rules/tijdstip.h"
#include "unit.h"

static void test_parse_valid(void)
{
    static const struct {
        const char *in;
        rod_tijdstip_grens grens;
        const char *want;
    } rows[] = {
        {"2026-12-03T12:00:00Z", ROD_TIJDSTIP_VANAF, "2026-12-03 12:00:00.000000"},
        {"2026-12-03T12:00:00.5Z", ROD_TIJDSTIP_VANAF, "2026-12-03 12:00:00.500000"},
        {"2026-12-03T12:00:00.123456Z", ROD_TIJDSTIP_TOT, "2026-12-03 12:00:00.123456"},
        {"2026-12-03T13:00:00+01:00", ROD_TIJDSTIP_VANAF, "2026-12-03 12:00:00.000000"},
        {"2026-12-03T00:30:00+01:00", ROD_TIJDSTIP_VANAF, "2026-12-02 23:30:00.000000"},
        {"2026-12-31T23:30:00-01:00", ROD_TIJDSTIP_VANAF, "2027-01-01 00:30:00.000000"},
        {"2024-02-28T23:00:00-14:00", ROD_TIJDSTIP_VANAF, "2024-02-29 13:00:00.000000"},
        {"2026-12-03T24:00:00Z", ROD_TIJDSTIP_VANAF, "2026-12-04 00:00:00.000000"},
        /* beyond microseconds: a lower bound rounds up, an upper one down */
        {"2026-12-03T12:00:00.1234561Z", ROD_TIJDSTIP_VANAF, "2026-12-03 12:00:00.123457"},
        {"2026-12-03T12:00:00.1234569Z", ROD_TIJDSTIP_TOT, "2026-12-03 12:00:00.123456"},
        {"2026-12-03T12:00:00.1234560000Z", ROD_TIJDSTIP_VANAF, "2026-12-03 12:00:00.123456"},
        {"2026-12-31T23:59:59.9999991Z", ROD_TIJDSTIP_VANAF, "2027-01-01 00:00:00.000000"},
        /* outside years 1..9999 in UTC: clamped */
        {"0001-01-01T00:30:00+01:00", ROD_TIJDSTIP_VANAF, "0001-01-01 00:00:00.000000"},
        {"9999-12-31T23:30:00-01:00", ROD_TIJDSTIP_TOT, "9999-12-31 23:59:59.999999"},
        {"1969-12-31T23:59:59.25Z", ROD_TIJDSTIP_VANAF, "1969-12-31 23:59:59.250000"},
    };
    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        char out[ROD_TIJDSTIP_BUFSIZE] = "";
        bool ok = rod_tijdstip_parse(rows[i].in, rows[i].grens, out);
        UT_CHECK(ok && strcmp(out, rows[i].want) == 0, "%s -> %s, want %s", rows[i].in,
                 ok ? out : "(refused)", rows[i].want);
    }
}

static void test_parse_invalid(void)
{
    static const char *const rows[] = {
        "",
        "2026-12-03",
        "2026-12-03T12:00:00",  /* no zone */
        "2026-12-03T12:00Z",    /* no seconds */
        "2026-12-03 12:00:00Z", /* no T */
        "2026-02-30T12:00:00Z", /* no such day */
        "2026-13-01T12:00:00Z",
        "2026-12-03T25:00:00Z",
        "2026-12-03T24:00:01Z",
        "2026-12-03T24:00:00.1Z",
        "2026-12-03T12:60:00Z",
        "2026-12-03T12:00:60Z",
        "2026-12-03T12:00:00.Z",
        "2026-12-03T12:00:00+14:01",
        "2026-12-03T12:00:00+01:60",
        "2026-12-03T12:00:00+0100",
        "2026-12-03T12:00:00Zjunk",
        " 2026-12-03T12:00:00Z",
        "0000-01-01T00:00:00Z",
    };
    for (size_t i = 0; i < UT_COUNT(rows); i++) {
        char out[ROD_TIJDSTIP_BUFSIZE] = "untouched";
        UT_CHECK(!rod_tijdstip_parse(rows[i], ROD_TIJDSTIP_VANAF, out) && strcmp(out, "untouched") == 0,
                 "\"%s\" should be refused", rows[i]);
    }
}

void test_tijdstip_register(void)
{
    static const ut_test tests[] = {
        {"parse: zones, rounding, clamping", test_parse_valid},
        {"parse refuses everything else", test_parse_invalid},
    };
    ut_register_suite("rules/tijdstip", tests, UT_COUNT(tests));
}
