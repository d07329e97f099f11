/* SOAP Faults exactly as spec 5 and 8.2 describe them: faultcode
 * Client/Server (1.2: Sender/Receiver), one `fout` in the detail with code,
 * omschrijving, veld and for XML errors regel and kolom, and WS-Addressing
 * headers with the fault action. */
#ifndef ROD_SOAP_FAULT_H
#define ROD_SOAP_FAULT_H

#include <stddef.h>

#include "core/status.h"

typedef struct {
    int soap_version; /* 11 or 12 */
    rod_status status;
    const char *detail;     /* appended to the status text; may be NULL */
    const char *veld;       /* may be NULL or empty */
    int line, column;       /* 0: omitted */
    const char *relates_to; /* the request's MessageID; may be NULL */
} rod_fault;

/* Returns the malloc'ed XML, its length and the HTTP status and content type
 * to send it with. NULL when out of memory. */
char *rod_fault_render(const rod_fault *f, size_t *len, int *http_status, const char **content_type);

#endif
