/* Mutual TLS: the server context (TLS 1.2/1.3, NCSC "good" suites, client
 * certificate required, chain, validity, EKU and CRL checked) and the
 * organisation identity (OIN) read from a verified client certificate. */
#ifndef ROD_TLS_TLS_H
#define ROD_TLS_TLS_H

#include <openssl/ssl.h>
#include <stdbool.h>
#include <stddef.h>

#include "config/config.h"

/* Builds the first context. Returns 0, or -1 with err. */
int rod_tls_init(const rod_config *cfg, char *err, size_t errlen);
void rod_tls_shutdown(void);

/* A new SSL for an accepted connection on the current context. NULL on error. */
SSL *rod_tls_new_ssl(int fd);

/* Reloads the context when the CRL (or certificate) files changed since the
 * last load; at most every crl_check_interval seconds. New connections use the
 * new context, established ones keep theirs. Safe from any thread. */
void rod_tls_maybe_reload(void);

/* Copies the OIN (20 digits) of the verified peer into out. Returns false when
 * the certificate carries no serialNumber of 20 digits. */
bool rod_tls_peer_oin(SSL *ssl, char out[21]);

#endif
