/* Logging: one line per request (organisation, operation, MessageID, result
 * code, duration) and start-up/shutdown messages. Never personal data: no
 * BSN, name, address or free text of a message is ever passed here. */
#ifndef ROD_CORE_LOG_H
#define ROD_CORE_LOG_H

#include <stddef.h>

/* Opens `path` for appending, or standard error when path is empty. */
int rod_log_start(const char *path);
void rod_log_stop(void);

/* Opens the log file's path again and puts the new file in place of the old
 * one with one dup3(2), so that a line being written by another thread goes
 * whole to one of the two (logrotate moves the file, then sends SIGHUP).
 * Standard error is left alone. Returns 0, or -1 with err while the old file
 * stays in use. The signature is a core/reload.h hook's; arg is unused. */
int rod_log_reopen(void *arg, char *err, size_t errlen);

void rod_log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* One line for a handled request. Any argument may be NULL. The MessageID is
 * the client's and is logged with non-printable characters replaced. */
void rod_log_request(const char *oin, const char *operation, const char *message_id, const char *result,
                     int http_status, double millis);
/* The same with a note appended (NULL or "": none), e.g. where an XML error
 * is; the note is the gateway's own text, control characters are replaced. */
void rod_log_request_note(const char *oin, const char *operation, const char *message_id, const char *result,
                          int http_status, double millis, const char *note);

/* Copies the printable ASCII of a client's text (a MessageID) into out[cap],
 * every other byte as '?', so that it cannot forge a log line or carry
 * control characters into a report; NULL gives "". Returns the length. */
size_t rod_log_sanitise(char *out, size_t cap, const char *s);

#endif
