/* Runs every CUnit suite (one per tested source file, tests/unit/<folder>/
 * test_<file>.c for src/<folder>/<file>.c) and exits non-zero when any
 * assertion or a suite's set-up failed. */
#include <stdio.h>
#include <stdlib.h>

#include <CUnit/Basic.h>

#include "unit.h"

int main(void)
{
    unsigned tests_run, tests_failed, failures, suites_failed;

    if (CU_initialize_registry() != CUE_SUCCESS) {
        fprintf(stderr, "run_unit: %s\n", CU_get_error_msg());
        return EXIT_FAILURE;
    }
    test_date_register();
    test_partial_date_register();
    test_pgn_register();
    test_address_register();
    test_text_register();
    test_age_register();
    test_verzuim_register();
    test_verzuim_fields_register();
    test_verzuim_melding_register();
    test_verzuim_schema_register();
    test_tijdstip_register();
    test_bericht_register();
    test_memo_register();
    test_stored_response_register();
    test_brp_table_register();
    test_brp_register();
    test_prescan_register();
    test_arena_register();
    test_http_register();
    test_http_framing_register();
    test_buf_register();
    test_status_register();
    test_operations_register();
    test_config_register();
    test_xmltext_register();
    test_envelope_register();
    test_bind_aanleveren_register();
    test_refusal_register();
    test_metrics_register();
    test_digest_register();
    test_template_register();
    test_mail_address_register();
    test_message_register();
    test_retry_register();
    test_reload_register();
    /* A suite that failed to register would otherwise just not run and
	 * the result would look green. */
    if (CU_get_error() != CUE_SUCCESS) {
        fprintf(stderr, "run_unit: registering tests failed: %s\n", CU_get_error_msg());
        CU_cleanup_registry();
        return EXIT_FAILURE;
    }

    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();

    /* Read the counts before CU_cleanup_registry() clears them. The exit
	 * code follows failed assertions: CU_get_error() only reports
	 * framework errors. */
    tests_run = CU_get_number_of_tests_run();
    tests_failed = CU_get_number_of_tests_failed();
    failures = CU_get_number_of_failures();
    /* a suite whose set-up failed ran none of its tests: one failure */
    suites_failed = CU_get_number_of_suites_failed();
    CU_cleanup_registry();

    printf("\n%u passed, %u failed\n", tests_run - tests_failed, tests_failed + suites_failed);
    return failures > 0 || suites_failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
