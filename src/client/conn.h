/* One gSOAP client context towards the gateway: mutual TLS with the
 * configured certificate (PEM or PKCS#12), the WS-Addressing headers of
 * each call, and one place that turns a failed call into a clear message
 * and an exit code. */
#ifndef ROD_CLIENT_CONN_H
#define ROD_CLIENT_CONN_H

#include <stddef.h>

#include "client/config.h"

struct soap;

typedef struct {
    struct soap *soap;
    const rodctl_config *cfg;
} rodctl_conn;

/* Sets up the TLS context. Returns RODCTL_OK, or an exit code after
 * printing why (a key that does not open, a wrong password). */
int rodctl_conn_open(rodctl_conn *c, const rodctl_config *cfg);
void rodctl_conn_close(rodctl_conn *c);
/* The wsa:To, wsa:Action and wsa:MessageID of the next call of operation op
 * (e.g. "AanleverenInschrijving"); message_id NULL makes a fresh urn:uuid.
 * Returns the SOAPAction to pass to soap_call (the same as wsa:Action). */
const char *rodctl_conn_address(rodctl_conn *c, const char *op, const char *message_id);
/* After soap_call_...: RODCTL_OK when rc is SOAP_OK; otherwise prints what
 * went wrong (the fault's code, omschrijving and veld; a refused
 * certificate; an unreachable server) to stderr and returns its exit code. */
int rodctl_conn_result(rodctl_conn *c, int rc);

/* The code of the fault of the last call ("ROD-0005"), or NULL. */
const char *rodctl_conn_fault_code(rodctl_conn *c);

/* "urn:uuid:..." (46 bytes with NUL) from the SHA-256 of the len bytes at
 * data and the part number: the same file and part always give the same
 * MessageID, so a run again gets the register's stored answer. Returns 0,
 * or -1 when hashing fails. */
int rodctl_message_id(const void *data, size_t len, const char *op, int part, char out[46]);

#endif
