/* Shared by the CUnit suites: one register function per tested source file
 * (tests/unit/<folder>/test_<file>.c tests src/<folder>/<file>.c), and an
 * assertion that says which table row failed. */
#ifndef RODGATE_TESTS_UNIT_H
#define RODGATE_TESTS_UNIT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include <CUnit/CUnit.h>

void test_date_register(void);
void test_partial_date_register(void);
void test_pgn_register(void);
void test_address_register(void);
void test_text_register(void);
void test_age_register(void);
void test_verzuim_register(void);
void test_verzuim_fields_register(void);
void test_verzuim_melding_register(void);
void test_verzuim_schema_register(void);
void test_tijdstip_register(void);
void test_bericht_register(void);
void test_memo_register(void);
void test_stored_response_register(void);
void test_brp_table_register(void);
void test_brp_register(void);
void test_prescan_register(void);
void test_arena_register(void);
void test_http_register(void);
void test_http_framing_register(void);
void test_buf_register(void);
void test_status_register(void);
void test_operations_register(void);
void test_config_register(void);
void test_xmltext_register(void);
void test_envelope_register(void);
void test_bind_aanleveren_register(void);
void test_refusal_register(void);
void test_metrics_register(void);
void test_digest_register(void);
void test_template_register(void);
void test_mail_address_register(void);
void test_message_register(void);
void test_retry_register(void);
void test_reload_register(void);

/* CU_ASSERT prints only the expression, which is the same for every row of a
 * table; this prints the row. CUnit copies the text it is given, so the
 * buffer can live on the stack. */
__attribute__((format(printf, 5, 6))) static inline void ut_check(bool ok, unsigned line, const char *file,
                                                                  const char *func, const char *fmt, ...)
{
    char msg[512] = "";

    if (!ok) {
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
    }
    CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, line, msg, file, func, CU_FALSE);
}

#define UT_CHECK(cond, ...) ut_check((cond), __LINE__, __FILE__, __func__, __VA_ARGS__)

/* Registers one suite with its tests, and the functions CUnit runs before
 * and after them (a set-up that fails counts as a failure); a failure to
 * register shows in CU_get_error(), which the runner checks before running
 * anything. */
typedef struct {
    const char *name;
    CU_TestFunc func;
} ut_test;

static inline void ut_register_suite_with(const char *name, CU_InitializeFunc init, CU_CleanupFunc cleanup,
                                          const ut_test *tests, size_t count)
{
    CU_pSuite suite = CU_add_suite(name, init, cleanup);

    if (suite == NULL)
        return;
    for (size_t i = 0; i < count; i++)
        if (CU_add_test(suite, tests[i].name, tests[i].func) == NULL)
            return;
}

/* A suite without set-up and clean-up. */
static inline void ut_register_suite(const char *name, const ut_test *tests, size_t count)
{
    ut_register_suite_with(name, NULL, NULL, tests, count);
}

#define UT_COUNT(array) (sizeof(array) / sizeof((array)[0]))

#endif
