/* Unit tests for core/operations.c: every operation's name, action, roles and
 * mutating flag against the contract's list (spec 1 and 9), and the
 * lookup by request element. */
#include <stdio.h>
#include <string.h>

#include "core/operations.h"
#include "unit.h"

#define SCHOOL   ROD_ROLE_SCHOOL
#define GEMEENTE ROD_ROLE_GEMEENTE

/* The contract's operations. Mutating: Aanleveren*, Wijzigen*, Melden*,
 * Intrekken*, VerwerkenTerugkoppeling (1, Idempotency) and KoppelenBsn (9.1).
 * Schools call all but VerwerkenTerugkoppeling; gemeenten call
 * VerwerkenTerugkoppeling, ZoekenVerzuim, OpvragenMelding, OpvragenHistorie
 * (1, Authorisation) and OpvragenBerichten (9.3). `since` 1: a version 1.1
 * addition, checked when it exists. */
static const struct {
    const char *name;
    bool mutating;
    int roles;
    int since;
} contract[] = {
    {"AanleverenInschrijving", true, SCHOOL, 0},
    {"WijzigenInschrijving", true, SCHOOL, 0},
    {"OpvragenOverzicht", false, SCHOOL, 0},
    {"MeldenVerzuim", true, SCHOOL, 0},
    {"WijzigenVerzuim", true, SCHOOL, 0},
    {"IntrekkenVerzuim", true, SCHOOL, 0},
    {"ZoekenVerzuim", false, SCHOOL | GEMEENTE, 0},
    {"OpvragenMelding", false, SCHOOL | GEMEENTE, 0},
    {"OpvragenHistorie", false, SCHOOL | GEMEENTE, 0},
    {"VerwerkenTerugkoppeling", true, GEMEENTE, 0},
    {"OpvragenLeerling", false, SCHOOL, 0},
    {"KoppelenBsn", true, SCHOOL, 1},
    {"OpvragenBerichten", false, SCHOOL | GEMEENTE, 1},
};

static rod_operation by_name(const char *name)
{
    char element[128];

    snprintf(element, sizeof element, "%sRequest", name);
    return rod_operation_by_request(element);
}

static void test_each_contract_operation(void)
{
    for (size_t i = 0; i < UT_COUNT(contract); i++) {
        rod_operation op = by_name(contract[i].name);

        if (op == ROD_OP_COUNT) {
            UT_CHECK(contract[i].since > 0, "%s is missing", contract[i].name);
            continue;
        }
        UT_CHECK(strcmp(rod_operation_name(op), contract[i].name) == 0, "%s: name %s", contract[i].name,
                 rod_operation_name(op));
        UT_CHECK(rod_operation_mutating(op) == contract[i].mutating, "%s: mutating %d", contract[i].name,
                 (int)rod_operation_mutating(op));
        UT_CHECK(rod_operation_allowed(op, ROD_ROLE_SCHOOL) == ((contract[i].roles & SCHOOL) != 0),
                 "%s: school allowed %d", contract[i].name, (int)rod_operation_allowed(op, ROD_ROLE_SCHOOL));
        UT_CHECK(rod_operation_allowed(op, ROD_ROLE_GEMEENTE) == ((contract[i].roles & GEMEENTE) != 0),
                 "%s: gemeente allowed %d", contract[i].name,
                 (int)rod_operation_allowed(op, ROD_ROLE_GEMEENTE));
    }
}

static void test_no_operation_outside_the_contract(void)
{
    for (int op = 0; op < ROD_OP_COUNT; op++) {
        const char *name = rod_operation_name((rod_operation)op);
        bool listed = false;

        for (size_t i = 0; i < UT_COUNT(contract); i++)
            listed |= strcmp(contract[i].name, name) == 0;
        UT_CHECK(listed, "operation %d (%s) is not in the contract", op, name);
        UT_CHECK(by_name(name) == (rod_operation)op, "%sRequest finds operation %d", name, op);
    }
}

static void test_action_is_prefix_and_name(void)
{
    /* the action the WSDL declares and envelope.c expects (spec 1) */
    UT_CHECK(strcmp(ROD_ACTION_PREFIX, "urn:rodgate:rod:v1/") == 0, "action prefix %s", ROD_ACTION_PREFIX);
    UT_CHECK(strcmp(ROD_NAMESPACE, "urn:rodgate:rod:v1") == 0, "namespace %s", ROD_NAMESPACE);
    UT_CHECK(strncmp(ROD_ACTION_PREFIX, ROD_NAMESPACE, strlen(ROD_NAMESPACE)) == 0,
             "the action is in the namespace");
}

static void test_lookup_by_request_element(void)
{
    static const char *const not_requests[] = {
        "OpvragenOverzicht",         /* no suffix */
        "OpvragenOverzichtResponse", /* a response */
        "Request",
        "opvragenOverzichtRequest", /* case */
        "OpvragenOverzichtRequestRequest",
        "OpvragenRequest", /* a prefix of a name */
        "",
    };

    for (size_t i = 0; i < UT_COUNT(not_requests); i++)
        UT_CHECK(rod_operation_by_request(not_requests[i]) == ROD_OP_COUNT, "[%s] is no request element",
                 not_requests[i]);
}

static void test_out_of_range(void)
{
    rod_operation bad = (rod_operation)ROD_OP_COUNT;

    UT_CHECK(strcmp(rod_operation_name(bad), "-") == 0, "an unknown operation is named -");
    UT_CHECK(!rod_operation_mutating(bad), "and not mutating");
    UT_CHECK(!rod_operation_allowed(bad, ROD_ROLE_SCHOOL) && !rod_operation_allowed(bad, ROD_ROLE_GEMEENTE),
             "and allowed to no one");
    UT_CHECK(!rod_operation_allowed(ROD_OP_OpvragenOverzicht, (rod_role)0), "role 0 is allowed nothing");
}

void test_operations_register(void)
{
    static const ut_test tests[] = {
        {"each contract operation", test_each_contract_operation},
        {"no operation outside the contract", test_no_operation_outside_the_contract},
        {"action is prefix and name", test_action_is_prefix_and_name},
        {"lookup by request element", test_lookup_by_request_element},
        {"out of range", test_out_of_range},
    };

    ut_register_suite("core/operations", tests, UT_COUNT(tests));
}
