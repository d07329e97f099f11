/* Refusals: every connection or request the gateway turns away before the
 * application sees it (HTTP errors of the event loop, connection limits,
 * failed TLS handshakes) is counted per reason and logged with the peer
 * address, rate-limited per reason so that a flood cannot fill the disk.
 * Never personal data: the peer address, the reason and the certificate's
 * subject serialNumber (an organisation number) only. Thread-safe. */
#ifndef ROD_CORE_REFUSAL_H
#define ROD_CORE_REFUSAL_H

/* X(name, log name, what it means) */
#define ROD_REFUSAL_MAP(X)                                                                         \
    X(HTTP_400, "http-400", "malformed or ambiguous HTTP request")                                 \
    X(HTTP_408, "http-408", "headers or request not received in time")                             \
    X(HTTP_411, "http-411", "POST without Content-Length or chunked body")                         \
    X(HTTP_413, "http-413", "body over max_body")                                                  \
    X(HTTP_414, "http-414", "request target too long")                                             \
    X(HTTP_417, "http-417", "unknown Expect")                                                      \
    X(HTTP_431, "http-431", "request head over max_header")                                        \
    X(HTTP_501, "http-501", "unknown Transfer-Encoding")                                           \
    X(HTTP_503, "http-503", "out of memory for the request")                                       \
    X(HTTP_505, "http-505", "HTTP version other than 1.0 or 1.1")                                  \
    X(HTTP_OTHER, "http-other", "another HTTP error of the event loop")                            \
    X(CONN_LIMIT, "max-connections", "max_connections reached and no waiting connection to close") \
    X(CONN_EVICTED, "evicted", "oldest connection without a request closed for a new one")         \
    X(PENDING_PER_ADDRESS, "max-pending-per-address", "too many connections without a request")    \
    X(FD_LIMIT, "fd-limit", "out of file descriptors")                                             \
    X(HANDSHAKE_TIMEOUT, "tls-timeout", "TLS handshake not done within handshake_timeout")         \
    X(TLS_NO_CERTIFICATE, "tls-no-certificate", "client sent no certificate")                      \
    X(TLS_EXPIRED, "tls-expired", "client certificate expired")                                    \
    X(TLS_NOT_YET_VALID, "tls-not-yet-valid", "client certificate not yet valid")                  \
    X(TLS_REVOKED, "tls-revoked", "client certificate revoked")                                    \
    X(TLS_UNTRUSTED, "tls-untrusted", "client certificate does not chain to the trust anchors")    \
    X(TLS_BAD_CERTIFICATE, "tls-bad-certificate", "client certificate refused otherwise")          \
    X(TLS_PROTOCOL, "tls-protocol", "TLS handshake failed (version, suite, alert)")                \
    X(TLS_CLOSED, "tls-closed", "connection closed during the TLS handshake")

typedef enum {
#define ROD_REFUSAL_ENUM(name, log, text) ROD_REFUSAL_##name,
    ROD_REFUSAL_MAP(ROD_REFUSAL_ENUM)
#undef ROD_REFUSAL_ENUM
        ROD_REFUSAL_COUNT
} rod_refusal_reason;

/* Sets the rate limit: at most `burst` lines per reason per `interval`
 * seconds; the first line after a window says how many were left out.
 * Before this is called: 10 lines per 60 s. */
void rod_refusal_configure(long interval, long burst);

/* Counts one refusal and logs it unless rate-limited. `peer` (an address)
 * and `serial` (the certificate subject's serialNumber) may be NULL; both are
 * logged with non-printable characters replaced. */
void rod_refusal(rod_refusal_reason reason, const char *peer, const char *serial);

/* Reports, for each reason whose window ended with lines left out, how many
 * (one line each). Called from a timer so a flood that stopped is reported. */
void rod_refusal_flush(void);

/* The reason for an HTTP status the event loop answers itself. */
rod_refusal_reason rod_refusal_for_http(int status);

/* The number of refusals since start for one reason. */
unsigned long long rod_refusal_count(rod_refusal_reason reason);
/* The log name ("http-400"), "" for an unknown reason. */
const char *rod_refusal_name(rod_refusal_reason reason);
/* Calls fn for every reason in order, with its name and count. */
void rod_refusal_each(void (*fn)(rod_refusal_reason reason, const char *name, unsigned long long count,
                                 void *arg),
                      void *arg);

#endif
