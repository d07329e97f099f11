/* Content type, organisation, XML, role, WS-Addressing and XSD of one
 * request (soap/checks.h). */
#include "soap/checks.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "store/org.h"

/* Parses "type/subtype; charset=...; action=..." into the SOAP version (0 if
 * neither SOAP media type), and checks the charset is UTF-8. */
static int soap_version_of(const char *ct, char *action, size_t action_len, bool *charset_ok)
{
    *charset_ok = true;
    action[0] = '\0';
    if (!ct)
        return 0;
    size_t tl = strcspn(ct, ";");
    while (tl > 0 && (ct[tl - 1] == ' ' || ct[tl - 1] == '\t'))
        tl--;
    int version = 0;
    if (tl == 8 && strncasecmp(ct, "text/xml", 8) == 0)
        version = 11;
    else if (tl == 20 && strncasecmp(ct, "application/soap+xml", 20) == 0)
        version = 12;
    for (const char *p = strchr(ct, ';'); p; p = strchr(p + 1, ';')) {
        const char *q = p + 1;
        while (*q == ' ' || *q == '\t')
            q++;
        size_t nl = strcspn(q, "=;");
        if (q[nl] != '=')
            continue;
        const char *v = q + nl + 1;
        size_t vl = strcspn(v, ";");
        while (vl > 0 && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
            vl--;
        if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') {
            v++;
            vl -= 2;
        }
        if (nl == 7 && strncasecmp(q, "charset", 7) == 0)
            *charset_ok =
                (vl == 5 && strncasecmp(v, "utf-8", 5) == 0) || (vl == 4 && strncasecmp(v, "utf8", 4) == 0);
        else if (nl == 6 && strncasecmp(q, "action", 6) == 0 && vl < action_len) {
            memcpy(action, v, vl);
            action[vl] = '\0';
        }
    }
    return version;
}

/* Who is calling: the OIN of the verified certificate. When the register
 * cannot be asked (ROD-9001), the envelope is still read for the log
 * line's MessageID and operation; nothing else of it is used. */
static rod_status check_organisation(rod_worker *w, const rod_request *req, int version, rod_response *resp)
{
    bool found = false;
    if (req->oin) {
        rod_status s = rod_org_by_oin(w->db, req->oin, &w->ctx.org, &found);
        if (s != ROD_OK) {
            rod_xml_parse(w->xml, req->body, req->body_len, version, &w->env);
            rod_xml_done(w->xml);
            rod_app_fault(w, resp, s, NULL, NULL, 0, 0);
            return s;
        }
    }
    if (!found) {
        rod_app_fault(w, resp, ROD_ORG_UNKNOWN,
                      req->oin ? "Het OIN uit het certificaat (subject.serialNumber) is niet geregistreerd."
                               : "Het certificaat bevat geen OIN van 20 cijfers in subject.serialNumber.",
                      NULL, 0, 0);
        return ROD_ORG_UNKNOWN;
    }
    return ROD_OK;
}

static rod_status await_validation(void *arg)
{
    rod_worker *w = arg;
    return rod_xml_validate_end(w->xml, &w->env);
}

rod_status rod_checks_run(rod_worker *w, const rod_request *req, rod_response *resp)
{
    char ct_action[256];
    bool charset_ok;
    int version = soap_version_of(req->content_type, ct_action, sizeof ct_action, &charset_ok);
    w->env.soap_version = version ? version : 11;
    if (!version) {
        rod_app_fault(w, resp, ROD_XSD_INVALID,
                      "Content-Type moet text/xml (SOAP 1.1) of application/soap+xml (SOAP 1.2) zijn.",
                      "Content-Type", 0, 0);
        return ROD_XSD_INVALID;
    }
    if (!charset_ok) {
        rod_app_fault(w, resp, ROD_XML_MALFORMED, "Alleen charset=utf-8 is toegestaan.", "Content-Type", 0,
                      0);
        return ROD_XML_MALFORMED;
    }
    rod_status s = check_organisation(w, req, version, resp);
    if (s != ROD_OK)
        return s;
    s = rod_xml_parse(w->xml, req->body, req->body_len, version, &w->env);
    if (s == ROD_OK && !rod_operation_allowed(w->env.op, w->ctx.org.role)) {
        char d[200];
        snprintf(d, sizeof d, "Operatie %s is niet toegestaan voor de rol %s.", rod_operation_name(w->env.op),
                 w->ctx.org.role == ROD_ROLE_GEMEENTE ? "GEMEENTE" : "SCHOOL");
        rod_xml_done(w->xml);
        rod_app_fault(w, resp, ROD_ROLE_NOT_ALLOWED, d, NULL, 0, 0);
        return ROD_ROLE_NOT_ALLOWED;
    }
    if (s == ROD_OK)
        s = rod_xml_check_addressing(w->xml, req->soapaction, ct_action[0] ? ct_action : NULL, &w->env);
    bool batch = w->env.op == ROD_OP_AanleverenInschrijving;
    if (s == ROD_OK && batch) {
        /* a large batch is validated on a thread of its own while the
         * worker claims its MessageID, binds the tree and runs the rules;
         * the handler waits for the result before it writes, and every
         * answer of the transaction waits for it (soap/transaction.c) */
        rod_xml_validate_begin(w->xml);
        if (rod_xml_validating(w->xml)) {
            w->ctx.await_checks = await_validation;
            w->ctx.await_arg = w;
        } else {
            s = rod_xml_validate_end(w->xml, &w->env);
        }
    } else if (s == ROD_OK) {
        s = rod_xml_validate(w->xml, &w->env);
    }
    /* the tree of a batch stays for rod_dispatch, which builds gSOAP's
     * request struct from it instead of parsing the body again
     * (soap/bind_aanleveren.c); rod_transaction_run releases it at the
     * latest */
    if (s != ROD_OK || !batch)
        rod_xml_done(w->xml);
    if (s != ROD_OK)
        rod_app_fault(w, resp, w->env.status, w->env.detail, w->env.veld, w->env.line, w->env.column);
    return s;
}
