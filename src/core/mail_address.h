/* One e-mail address as SMTP takes it between < and >, and as a To or From
 * header carries it: checked before use, so that a stored or configured
 * address can never add a header, a recipient or an SMTP command. */
#ifndef ROD_CORE_MAIL_ADDRESS_H
#define ROD_CORE_MAIL_ADDRESS_H

#include <stdbool.h>

/* One @ with something on both sides, at most 254 bytes, and no space,
 * control character, angle bracket, quote, comma or semicolon. */
bool rod_mail_address_ok(const char *a);

#endif
