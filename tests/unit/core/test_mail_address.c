/* Unit tests for core/mail_address.c: plain addresses pass; anything that
 * could add a header, a recipient or an SMTP command does not. */
#include <string.h>

#include "core/mail_address.h"
#include "unit.h"

static void test_addresses(void)
{
    static const struct {
        const char *a;
        bool ok;
    } rows[] = {
        {"leerplicht@amsterdam.example", true},
        {"a.b-c+d@sub.school.example.nl", true},
        {"x@y", true},
        {"", false},
        {"geen-apenstaart", false},
        {"@amsterdam.example", false},
        {"leerplicht@", false},
        {"a@b@c", false},
        {"a b@c", false},
        {"a@b\r\nBcc: x@y", false},
        {"a@b>", false},
        {"<a@b", false},
        {"a@b,c@d", false},
        {"a@b;c", false},
        {"\"a\"@b", false},
        {"a\x7f@b", false},
        {"caf\xc3\xa9@b", false},
    };

    for (size_t i = 0; i < UT_COUNT(rows); i++)
        UT_CHECK(rod_mail_address_ok(rows[i].a) == rows[i].ok, "[%s] %s", rows[i].a,
                 rows[i].ok ? "accepted" : "refused");
    UT_CHECK(!rod_mail_address_ok(NULL), "NULL refused");

    char long_a[300];
    memset(long_a, 'a', sizeof long_a);
    memcpy(long_a + 250, "@b.nl", 6);
    UT_CHECK(!rod_mail_address_ok(long_a), "over 254 bytes refused");
    long_a[249] = '\0';
    memcpy(long_a + 245, "@b.nl", 6);
    UT_CHECK(rod_mail_address_ok(long_a), "250 bytes accepted");
}

void test_mail_address_register(void)
{
    static const ut_test tests[] = {
        {"addresses", test_addresses},
    };

    ut_register_suite("core/mail_address", tests, UT_COUNT(tests));
}
