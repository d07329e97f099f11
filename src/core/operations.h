/* The contract's operations: name, whether it changes the register (and so
 * is idempotent by wsa:MessageID), and which roles may call it (spec 1). */
#ifndef ROD_CORE_OPERATIONS_H
#define ROD_CORE_OPERATIONS_H

#include <stdbool.h>

typedef enum { ROD_ROLE_SCHOOL = 1, ROD_ROLE_GEMEENTE = 2 } rod_role;

/* X(name, mutating, roles) */
#define ROD_OPERATION_MAP(X)                                         \
    X(AanleverenInschrijving, true, ROD_ROLE_SCHOOL)                 \
    X(WijzigenInschrijving, true, ROD_ROLE_SCHOOL)                   \
    X(OpvragenOverzicht, false, ROD_ROLE_SCHOOL)                     \
    X(MeldenVerzuim, true, ROD_ROLE_SCHOOL)                          \
    X(WijzigenVerzuim, true, ROD_ROLE_SCHOOL)                        \
    X(IntrekkenVerzuim, true, ROD_ROLE_SCHOOL)                       \
    X(ZoekenVerzuim, false, ROD_ROLE_SCHOOL | ROD_ROLE_GEMEENTE)     \
    X(OpvragenMelding, false, ROD_ROLE_SCHOOL | ROD_ROLE_GEMEENTE)   \
    X(OpvragenHistorie, false, ROD_ROLE_SCHOOL | ROD_ROLE_GEMEENTE)  \
    X(VerwerkenTerugkoppeling, true, ROD_ROLE_GEMEENTE)              \
    X(OpvragenLeerling, false, ROD_ROLE_SCHOOL)                      \
    /* begin 1.1 (spec 9.3) */                                       \
    X(OpvragenBerichten, false, ROD_ROLE_SCHOOL | ROD_ROLE_GEMEENTE) \
    /* end 1.1 */                                                    \
    /* ---- version 1.1: KoppelenBsn (9.1) ---- */                   \
    X(KoppelenBsn, true, ROD_ROLE_SCHOOL)

typedef enum {
#define ROD_OP_ENUM(name, mut, roles) ROD_OP_##name,
    ROD_OPERATION_MAP(ROD_OP_ENUM)
#undef ROD_OP_ENUM
        ROD_OP_COUNT
} rod_operation;

#define ROD_NAMESPACE     "urn:rodgate:rod:v1"
#define ROD_ACTION_PREFIX "urn:rodgate:rod:v1/"

const char *rod_operation_name(rod_operation op);
bool rod_operation_mutating(rod_operation op);
bool rod_operation_allowed(rod_operation op, rod_role role);
/* The operation whose request element is `element` ("OpvragenOverzichtRequest"),
 * or ROD_OP_COUNT. */
rod_operation rod_operation_by_request(const char *element);

#endif
