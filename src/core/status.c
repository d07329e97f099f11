/* Lookup functions over the status table in status.h. */
#include "core/status.h"

#include <string.h>

static const struct {
    const char *code;
    rod_kind kind;
    const char *text;
} status_table[ROD_STATUS_COUNT] = {
#define ROD_STATUS_ROW(name, code, kind, text) [ROD_##name] = {code, kind, text},
    ROD_STATUS_MAP(ROD_STATUS_ROW)
#undef ROD_STATUS_ROW
};

const char *rod_status_code(rod_status s)
{
    return (unsigned)s < ROD_STATUS_COUNT ? status_table[s].code : "ROD-9002";
}

const char *rod_status_text(rod_status s)
{
    return (unsigned)s < ROD_STATUS_COUNT ? status_table[s].text : status_table[ROD_INTERNAL].text;
}

rod_kind rod_status_kind(rod_status s)
{
    return (unsigned)s < ROD_STATUS_COUNT ? status_table[s].kind : ROD_KIND_FAULT_SERVER;
}

rod_status rod_status_from_code(const char *code)
{
    for (int i = 0; i < ROD_STATUS_COUNT; i++)
        if (code && strcmp(status_table[i].code, code) == 0)
            return (rod_status)i;
    return ROD_STATUS_COUNT;
}
