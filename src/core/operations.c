/* Lookups over the operation table in operations.h. */
#include "core/operations.h"

#include <string.h>

static const struct {
    const char *name;
    bool mutating;
    int roles;
} op_table[ROD_OP_COUNT] = {
#define ROD_OP_ROW(name, mut, roles) [ROD_OP_##name] = {#name, mut, roles},
    ROD_OPERATION_MAP(ROD_OP_ROW)
#undef ROD_OP_ROW
};

const char *rod_operation_name(rod_operation op)
{
    return (unsigned)op < ROD_OP_COUNT ? op_table[op].name : "-";
}

bool rod_operation_mutating(rod_operation op)
{
    return (unsigned)op < ROD_OP_COUNT && op_table[op].mutating;
}

bool rod_operation_allowed(rod_operation op, rod_role role)
{
    return (unsigned)op < ROD_OP_COUNT && (op_table[op].roles & (int)role) != 0;
}

rod_operation rod_operation_by_request(const char *element)
{
    size_t n = strlen(element);
    if (n <= 7 || strcmp(element + n - 7, "Request") != 0)
        return ROD_OP_COUNT;
    for (int i = 0; i < ROD_OP_COUNT; i++)
        if (strlen(op_table[i].name) == n - 7 && strncmp(op_table[i].name, element, n - 7) == 0)
            return (rod_operation)i;
    return ROD_OP_COUNT;
}
