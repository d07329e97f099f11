/* Renders faults by hand: they must come out right also when gSOAP never
 * saw the request (malformed XML, limits, unknown operation). */
#include "soap/fault.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "soap/xmltext.h"
#include "tls/digest.h"

#define NS11 "http://schemas.xmlsoap.org/soap/envelope/"
#define NS12 "http://www.w3.org/2003/05/soap-envelope"

/* <tag>value</tag>, nothing when value is NULL or empty; escaped unless it
 * is the gateway's own text (a number). */
static void put_element(rod_buf *b, const char *tag, const char *value, bool escape)
{
    if (!value || !*value)
        return;
    rod_buf_puts(b, "<");
    rod_buf_puts(b, tag);
    rod_buf_puts(b, ">");
    if (escape)
        rod_buf_escape(b, value);
    else
        rod_buf_puts(b, value);
    rod_buf_puts(b, "</");
    rod_buf_puts(b, tag);
    rod_buf_puts(b, ">");
}

char *rod_fault_render(const rod_fault *f, size_t *len, int *http_status, const char **content_type)
{
    bool v12 = f->soap_version == 12;
    bool client = rod_status_kind(f->status) != ROD_KIND_FAULT_SERVER;
    char msgid[46], num[32];
    /* the fault is the answer already: without a random MessageID it goes
     * without one (optional in a fault) rather than with a repeating one */
    bool have_msgid = rod_uuid_urn(msgid);
    rod_buf b = {0};
    rod_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<env:Envelope xmlns:env=\"");
    rod_buf_puts(&b, v12 ? NS12 : NS11);
    rod_buf_puts(&b, "\" xmlns:wsa=\"http://www.w3.org/2005/08/addressing\" xmlns:rod=\"urn:rodgate:rod:v1\">"
                     "<env:Header><wsa:Action>http://www.w3.org/2005/08/addressing/fault</wsa:Action>");
    if (have_msgid) {
        rod_buf_puts(&b, "<wsa:MessageID>");
        rod_buf_puts(&b, msgid);
        rod_buf_puts(&b, "</wsa:MessageID>");
    }
    put_element(&b, "wsa:RelatesTo", f->relates_to, true);
    rod_buf_puts(&b, "</env:Header><env:Body><env:Fault>");

    rod_buf text = {0};
    rod_buf_puts(&text, rod_status_text(f->status));
    if (f->detail && *f->detail) {
        rod_buf_puts(&text, " ");
        rod_buf_puts(&text, f->detail);
    }
    const char *omschrijving = text.data ? text.data : "";
    if (v12) {
        rod_buf_puts(&b, client ? "<env:Code><env:Value>env:Sender</env:Value></env:Code>"
                                : "<env:Code><env:Value>env:Receiver</env:Value></env:Code>");
        rod_buf_puts(&b, "<env:Reason><env:Text xml:lang=\"nl\">");
    } else {
        rod_buf_puts(&b, client ? "<faultcode>env:Client</faultcode>" : "<faultcode>env:Server</faultcode>");
        rod_buf_puts(&b, "<faultstring xml:lang=\"nl\">");
    }
    rod_buf_puts(&b, rod_status_code(f->status));
    rod_buf_puts(&b, ": ");
    rod_buf_escape(&b, omschrijving);
    rod_buf_puts(&b, v12 ? "</env:Text></env:Reason><env:Detail>" : "</faultstring><detail>");
    rod_buf_puts(&b, "<rod:fout><rod:code>");
    rod_buf_puts(&b, rod_status_code(f->status));
    rod_buf_puts(&b, "</rod:code><rod:omschrijving>");
    rod_buf_escape(&b, omschrijving);
    rod_buf_puts(&b, "</rod:omschrijving>");
    put_element(&b, "rod:veld", f->veld, true);
    if (f->line > 0) {
        snprintf(num, sizeof num, "%d", f->line);
        put_element(&b, "rod:regel", num, false);
        snprintf(num, sizeof num, "%d", f->column > 0 ? f->column : 1);
        put_element(&b, "rod:kolom", num, false);
    }
    rod_buf_puts(&b, "</rod:fout>");
    rod_buf_puts(&b, v12 ? "</env:Detail></env:Fault></env:Body></env:Envelope>\n"
                         : "</detail></env:Fault></env:Body></env:Envelope>\n");
    free(text.data);
    if (b.failed) {
        free(b.data);
        return NULL;
    }
    *len = b.len;
    *http_status = v12 && client ? 400 : 500;
    *content_type = v12 ? "application/soap+xml; charset=utf-8" : "text/xml; charset=utf-8";
    return b.data;
}
