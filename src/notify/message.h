/* The e-mail of one outbox row: the Dutch text for its soort (spec 9.6: the
 * meldingnummer, the soort, the instellingscode and what the recipient
 * should do; never a BSN, onderwijsnummer, name or address of a pupil, which
 * the row does not even carry) as an RFC 5322 message. Pure. */
#ifndef ROD_NOTIFY_MESSAGE_H
#define ROD_NOTIFY_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/buf.h"
#include "core/mail_address.h"
#include "store/notificatie.h"

/* The Message-ID of row `id`: "<notificatie-ID@domain>", the same on every
 * attempt, so a recipient can drop a second copy. */
void rod_mail_message_id(char *out, size_t cap, long long id, const char *domain);

/* Appends the whole message (headers, CRLF line ends, a quoted-printable
 * UTF-8 body) for row n, from `from` to n->ontvanger, dated `now` in the
 * local time zone. Returns 0, or -1 for an unknown soort or a failed buffer. */
int rod_mail_compose(rod_buf *out, const rod_notificatie *n, const char *from, const char *domain,
                     time_t now);

#endif
