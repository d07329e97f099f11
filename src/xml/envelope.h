/* Checks a raw SOAP request before any processing: well-formed UTF-8 XML
 * without DTD or entities within the depth limit, a SOAP 1.1/1.2 envelope
 * whose Body holds exactly one of the contract's request elements, the
 * WS-Addressing headers, and validity against the published XSD (compiled
 * once at start-up). Uses libxml2 only. */
#ifndef ROD_XML_ENVELOPE_H
#define ROD_XML_ENVELOPE_H

#include <stdbool.h>
#include <stddef.h>

#include "config/config.h"
#include "core/operations.h"
#include "core/status.h"

/* Process-wide set-up (main thread, before any worker): initialises libxml2,
 * refuses every external entity, compiles the XSD. Returns 0 or -1 + err. */
int rod_xml_start(const char *xsd_path, char *err, size_t errlen);
void rod_xml_stop(void);

/* The parse limits (max_attributes ... max_text_bytes) from the checked
 * configuration. Call in the main thread, before any worker starts;
 * without it the defaults of conf/rodgate.conf apply. */
void rod_xml_configure(const rod_config *cfg);

typedef struct rod_xml rod_xml;

/* Per-worker state (parser and validation contexts). */
rod_xml *rod_xml_new(int max_depth);
void rod_xml_free(rod_xml *x);

typedef struct {
    int soap_version; /* 11 or 12 */
    rod_operation op;
    char wsa_message_id[256];
    char wsa_action[256];
    char wsa_to[256];
    size_t body_from, body_to; /* byte span of the SOAP Body element */
    /* on failure */
    rod_status status;
    char veld[256];
    char detail[512]; /* what exactly is wrong, for omschrijving */
    int line, column; /* 0 when unknown */
} rod_envelope;

/* Step 1: parse and check the envelope and the operation (ROD-0001,
 * ROD-0002 for the envelope shape, ROD-0003, ROD-0004 for an unknown body
 * element). On ROD_OK the parsed document is kept in x for step 2/3. */
rod_status rod_xml_parse(rod_xml *x, const char *body, size_t len, int soap_version, rod_envelope *env);

/* Step 2: WS-Addressing (ROD-0006 missing, ROD-0004 action mismatch).
 * soapaction is the HTTP SOAPAction header (NULL if absent), ct_action the
 * SOAP 1.2 media-type action parameter (NULL if absent). */
rod_status rod_xml_check_addressing(rod_xml *x, const char *soapaction, const char *ct_action,
                                    rod_envelope *env);

/* Step 3: validates the Body's element against the XSD (ROD-0002 with line,
 * column and path). */
rod_status rod_xml_validate(rod_xml *x, rod_envelope *env);

/* Step 3 in two halves, for a batch: _begin starts the validation of a
 * tree parsed into the arena (a request of 256 KiB or more) on a thread of
 * its own and returns at once, so that the worker can bind the tree and
 * run the rules meanwhile; a smaller tree is validated before it returns.
 * _end waits for the result and returns what rod_xml_validate would have
 * (env filled the same way); called again it returns the same status, and
 * ROD_OK when nothing was begun since the parse. rod_xml_done hands the
 * tree to that thread, which releases it; the next parse (or
 * rod_xml_free) waits for it. */
void rod_xml_validate_begin(rod_xml *x);
rod_status rod_xml_validate_end(rod_xml *x, rod_envelope *env);
/* Begun beside the worker and its status not yet taken by _end. */
bool rod_xml_validating(const rod_xml *x);

/* Releases the parsed document. */
void rod_xml_done(rod_xml *x);

#endif
