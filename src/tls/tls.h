/* Mutual TLS: the server context (TLS 1.2/1.3, NCSC "good" suites, client
 * certificate required, chain, validity, EKU and CRL checked) and the
 * organisation identity (OIN) read from a verified client certificate. */
#ifndef ROD_TLS_TLS_H
#define ROD_TLS_TLS_H

#include <openssl/ssl.h>
#include <stdbool.h>
#include <stddef.h>

#include "config/config.h"
#include "core/refusal.h"

/* Builds the first context. Returns 0, or -1 with err. */
int rod_tls_start(const rod_config *cfg, char *err, size_t errlen);
void rod_tls_stop(void);

/* What the certificate check saw, for the log line of a refused handshake:
 * the first verification error (0: none) and the subject serialNumber of the
 * client's certificate when it sent one. Owned by the connection. */
typedef struct {
    int verify_error;
    char serial[65];
} rod_tls_note;

/* A new SSL for an accepted connection on the current context, recording
 * into *note (which must outlive the SSL). NULL on error. */
SSL *rod_tls_new_ssl(int fd, rod_tls_note *note);

/* Why a handshake failed, from the note and SSL_get_error's value; reads
 * (does not clear) the thread's OpenSSL error queue. */
rod_refusal_reason rod_tls_refusal(const rod_tls_note *note, int ssl_error);

/* Reloads the context when the CRL (or certificate) files changed since the
 * last load; at most every crl_check_interval seconds. New connections use the
 * new context, established ones keep theirs. Safe from any thread. */
void rod_tls_maybe_reload(void);

/* SIGHUP: builds a new context from the certificate, key, CA and CRL files
 * whatever their times, and swaps it in for new handshakes; established
 * connections keep the context they started with. A file that does not load,
 * a key that does not match, or a certificate out of its validity period
 * leaves the current context in place: -1 with the reason in err. The
 * signature is a core/reload.h hook's; arg is unused. Safe from any thread. */
int rod_tls_reload(void *arg, char *err, size_t errlen);

/* Frees this thread's OpenSSL state; for a thread that reloaded (the signal
 * thread) before it exits. */
void rod_tls_thread_end(void);

/* Copies the OIN (20 digits) of the verified peer into out. Returns false when
 * the certificate carries no serialNumber of 20 digits. */
bool rod_tls_peer_oin(SSL *ssl, char out[21]);

/* Whether the current context is fit to serve: loaded, with a CRL, and none
 * of the server certificate, the trust anchors or the CRLs past its end.
 * *valid_until is the earliest of those ends (seconds since the epoch; 0
 * when unknown); reason says what is wrong when false. Any thread. */
bool rod_tls_health(long long *valid_until, char *reason, size_t cap);

#endif
