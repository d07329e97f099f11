/* One message over SMTP with libcurl: STARTTLS required (CURLUSESSL_ALL)
 * or TLS from the start (smtps://), the server's certificate and name
 * checked, optional AUTH. One handle per sender, so that the messages of a
 * batch share a connection while the server keeps it open. */
#ifndef ROD_NOTIFY_SMTP_H
#define ROD_NOTIFY_SMTP_H

#include <stddef.h>

#include "config/config.h"

typedef enum {
    ROD_SMTP_SENT,        /* the server answered 250 to the end of the data */
    ROD_SMTP_UNREACHABLE, /* no refusal, no acceptance: no connection, TLS, a timeout; try again later */
    ROD_SMTP_TEMPORARY,   /* a 4xx reply: this message later again */
    ROD_SMTP_PERMANENT    /* a 5xx reply: the server refuses this message */
} rod_smtp_result;

typedef struct rod_smtp rod_smtp;

/* NULL with err when curl cannot start. The SMTP password is
 * cfg->smtp_password (rod_config_read_notify_secrets). */
rod_smtp *rod_smtp_new(const rod_config *cfg, char *err, size_t errlen);
void rod_smtp_free(rod_smtp *s);

/* Sends msg[0..len) from cfg's smtp_from to `to` (a checked address).
 * Anything but SENT leaves a reason in err (an SMTP reply code and curl's
 * text, never the message). */
rod_smtp_result rod_smtp_send(rod_smtp *s, const char *to, const char *msg, size_t len, char *err,
                              size_t errlen);

#endif
