/* The e-mail address check of core/mail_address.h. */
#include "core/mail_address.h"

#include <string.h>

bool rod_mail_address_ok(const char *a)
{
    const char *at = a ? strchr(a, '@') : NULL;
    if (!at || at == a || !at[1] || strchr(at + 1, '@') || strlen(a) > 254)
        return false;
    for (const unsigned char *p = (const unsigned char *)a; *p; p++)
        if (*p <= ' ' || *p >= 0x7f || *p == '<' || *p == '>' || *p == '"' || *p == ',' || *p == ';')
            return false;
    return true;
}
