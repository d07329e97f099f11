/* libxml2 parsing and validation of requests. Parsing is hardened: no
 * network, no DTD (a DOCTYPE stops the parser), no entity substitution, an
 * external-entity loader that refuses everything, and a nesting limit
 * enforced by a SAX hook while parsing, before the tree can grow. */
#include "xml/envelope.h"

#include "config/config.h"
#include "xml/arena.h"
#include "xml/parse_error.h"
#include "xml/prescan.h"
#include "xml/tree.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define NS_SOAP11 "http://schemas.xmlsoap.org/soap/envelope/"
#define NS_SOAP12 "http://www.w3.org/2003/05/soap-envelope"
#define NS_WSA    "http://www.w3.org/2005/08/addressing"

/* Requests from this size on are parsed into the arena (xml/arena.c), with
 * a parser context of their own; smaller ones reuse the worker's context
 * and malloc, whose pages are warm. */
#define ARENA_MIN_BYTES ((size_t)256 << 10)

static xmlSchemaPtr schema;
static rod_xml_limits limits = {64, 32, 64, 400000, 1000, 10000000};

struct rod_xml {
    int max_depth;
    xmlParserCtxtPtr pctx;        /* the context of the current parse */
    xmlParserCtxtPtr shared_pctx; /* the worker's own, reused */
    bool arena;                   /* pctx and doc live in the arena */
    xmlSchemaValidCtxtPtr vctx;
    xmlDocPtr doc;
    xmlNodePtr body_elem;
    xmlNodePtr header;
    /* per parse */
    int depth;
    bool too_deep, has_dtd;
    int deep_line, deep_col;
    /* the first parser error of level error or fatal */
    bool perr_set;
    int perr_code, perr_line, perr_col;
    size_t body_from, body_to;
    startElementNsSAX2Func sax_start;
    endElementNsSAX2Func sax_end;
    /* first validation error */
    bool verr_set;
    char verr[400];
    char vpath[256];
    int vline, vcol;
    /* the validation of one parse (rod_xml_validate_begin .. _end) */
    bool vpending;      /* begun, its status not yet taken by _end */
    rod_status vstatus; /* what _end found (ROD_OK before any) */
    int vrc;            /* libxml2's result, once vfinished */
    /* a large tree validated by a thread of its own beside the worker,
     * which then releases the tree (validate_beside) */
    pthread_mutex_t vmu;
    pthread_cond_t vcv;
    pthread_t vthread;
    bool vthreaded; /* that thread exists and is not joined yet */
    bool vfinished; /* vrc and verr* are written (under vmu) */
    bool vhanded;   /* the worker has let go of the tree (under vmu) */
    xmlDocPtr vdoc;
    xmlParserCtxtPtr vpctx;
    xmlNodePtr vbody; /* the element validated (where error paths start) */
    rod_xml_arena *varena;
};

static xmlParserInputPtr refuse_entity(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    (void)url;
    (void)id;
    (void)ctxt;
    return NULL;
}

static void silent(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* The request this thread is parsing: where libxml2's structured errors go. */
static __thread rod_xml *parsing;

/* Every libxml2 error of this thread that has no handler of its own comes
 * here instead of standard error: only its code and position are kept,
 * never its message (which quotes request text). */
static void on_parse_error(void *ctx, xmlErrorPtr e)
{
    (void)ctx;
    rod_xml *x = parsing;
    if (!x || !e || x->perr_set || e->level < XML_ERR_ERROR)
        return;
    x->perr_set = true;
    x->perr_code = e->code;
    x->perr_line = e->line;
    x->perr_col = e->int2;
}

/* libxml2's error handlers are per thread: set them in every worker. */
static void quiet_thread(void)
{
    xmlSetGenericErrorFunc(NULL, silent);
    xmlSetStructuredErrorFunc(NULL, on_parse_error);
}

void rod_xml_configure(const rod_config *cfg)
{
    limits.max_attributes = cfg->max_attributes;
    limits.max_ns_per_element = cfg->max_ns_per_element;
    limits.max_ns_per_document = cfg->max_ns_per_document;
    limits.max_nodes = cfg->max_nodes;
    limits.max_name_bytes = cfg->max_name_bytes;
    limits.max_text_bytes = cfg->max_text_bytes;
}

int rod_xml_start(const char *xsd_path, char *err, size_t errlen)
{
    rod_xml_arena_install();
    xmlInitParser();
    quiet_thread();
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(xsd_path);
    if (!pc) {
        snprintf(err, errlen, "%s: cannot read schema", xsd_path);
        return -1;
    }
    schema = xmlSchemaParse(pc);
    xmlSchemaFreeParserCtxt(pc);
    if (!schema) {
        snprintf(err, errlen, "%s: schema does not compile", xsd_path);
        return -1;
    }
    /* Set after the schema is read from disk: requests may never load
     * anything, neither files nor URLs. */
    xmlSetExternalEntityLoader(refuse_entity);
    return 0;
}

void rod_xml_stop(void)
{
    if (schema)
        xmlSchemaFree(schema);
    schema = NULL;
    xmlCleanupParser();
}

static size_t byte_pos(xmlParserCtxtPtr ctxt)
{
    return (size_t)(ctxt->input->cur - ctxt->input->base) + ctxt->input->consumed;
}

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                     int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
                     const xmlChar **attributes)
{
    xmlParserCtxtPtr ctxt = ctx;
    rod_xml *x = ctxt->_private;
    if (++x->depth > x->max_depth) {
        x->too_deep = true;
        x->deep_line = xmlSAX2GetLineNumber(ctxt);
        x->deep_col = xmlSAX2GetColumnNumber(ctxt);
        xmlStopParser(ctxt);
        return;
    }
    if (x->depth == 2 && strcmp((const char *)localname, "Body") == 0 && x->body_from == 0) {
        /* the position is just past the start tag; back up to its '<' */
        size_t pos = byte_pos(ctxt);
        const xmlChar *base = ctxt->input->base;
        size_t off = (size_t)(ctxt->input->cur - base);
        while (off > 0 && base[off - 1] != '<')
            off--, pos--;
        x->body_from = pos > 0 ? pos - 1 : 0;
    }
    x->sax_start(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes, nb_defaulted,
                 attributes);
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
    xmlParserCtxtPtr ctxt = ctx;
    rod_xml *x = ctxt->_private;
    if (x->depth == 2 && strcmp((const char *)localname, "Body") == 0 && x->body_to == 0)
        x->body_to = byte_pos(ctxt);
    x->depth--;
    x->sax_end(ctx, localname, prefix, uri);
}

static void on_dtd(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
    (void)name;
    (void)ext;
    (void)sys;
    xmlParserCtxtPtr ctxt = ctx;
    rod_xml *x = ctxt->_private;
    x->has_dtd = true;
    xmlStopParser(ctxt);
}

static void on_schema_error(void *ctx, xmlErrorPtr e)
{
    rod_xml *x = ctx;
    if (x->verr_set || !e)
        return;
    x->verr_set = true;
    snprintf(x->verr, sizeof x->verr, "%s", e->message ? e->message : "ongeldig");
    size_t n = strlen(x->verr);
    while (n > 0 && (x->verr[n - 1] == '\n' || x->verr[n - 1] == ' '))
        x->verr[--n] = '\0';
    x->vline = e->line;
    x->vcol = e->int2;
    x->vpath[0] = '\0';
    xmlNodePtr node = e->node;
    if (node && node->type == XML_ELEMENT_NODE) {
        /* path relative to the request element, with 1-based positions */
        char parts[16][64];
        int np = 0;
        for (xmlNodePtr p = node; p && p->type == XML_ELEMENT_NODE && np < 16; p = p->parent) {
            int pos = 1, same = 0;
            for (xmlNodePtr s = p->parent ? p->parent->children : NULL; s; s = s->next) {
                if (s->type != XML_ELEMENT_NODE || !xmlStrEqual(s->name, p->name))
                    continue;
                same++;
                if (s == p)
                    pos = same;
            }
            bool many = same > 1;
            snprintf(parts[np++], sizeof parts[0], many ? "%s[%d]" : "%s", (const char *)p->name, pos);
            if (p == x->vbody)
                break;
        }
        /* join the parts with '/', truncating at the buffer's end */
        size_t off = 0;
        for (int i = np - 1; i >= 0; i--) {
            for (const char *c = parts[i]; *c && off + 1 < sizeof x->vpath; c++)
                x->vpath[off++] = *c;
            if (i && off + 1 < sizeof x->vpath)
                x->vpath[off++] = '/';
        }
        x->vpath[off] = '\0';
    }
}

rod_xml *rod_xml_new(int max_depth)
{
    rod_xml *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    x->max_depth = max_depth;
    pthread_mutex_init(&x->vmu, NULL);
    pthread_cond_init(&x->vcv, NULL);
    quiet_thread();
    x->pctx = x->shared_pctx = xmlNewParserCtxt();
    x->vctx = xmlSchemaNewValidCtxt(schema);
    if (!x->pctx || !x->vctx) {
        rod_xml_free(x);
        return NULL;
    }
    x->pctx->_private = x;
    x->sax_start = x->pctx->sax->startElementNs;
    x->sax_end = x->pctx->sax->endElementNs;
    xmlSchemaSetValidStructuredErrors(x->vctx, on_schema_error, x);
    return x;
}

/* Waits for a validation thread of the previous parse, which releases its
 * tree: the arena and the validation context are the worker's again. */
static void settle(rod_xml *x)
{
    if (!x->vthreaded)
        return;
    rod_xml_done(x);
    pthread_join(x->vthread, NULL);
    x->vthreaded = false;
}

void rod_xml_free(rod_xml *x)
{
    if (!x)
        return;
    settle(x);
    rod_xml_done(x);
    if (x->shared_pctx)
        xmlFreeParserCtxt(x->shared_pctx);
    if (x->vctx)
        xmlSchemaFreeValidCtxt(x->vctx);
    pthread_mutex_destroy(&x->vmu);
    pthread_cond_destroy(&x->vcv);
    free(x);
}

void rod_xml_done(rod_xml *x)
{
    if (x->vthreaded) {
        /* the validation thread still reads the tree: it releases it once
         * it is done; the worker forgets it now */
        pthread_mutex_lock(&x->vmu);
        x->vhanded = true;
        pthread_cond_broadcast(&x->vcv);
        pthread_mutex_unlock(&x->vmu);
        x->doc = NULL;
        x->pctx = x->shared_pctx;
        x->arena = false;
        x->body_elem = x->header = NULL;
        return;
    }
    if (x->doc)
        xmlFreeDoc(x->doc);
    x->doc = NULL;
    if (x->arena) {
        xmlFreeParserCtxt(x->pctx);
        x->pctx = x->shared_pctx;
        x->arena = false;
        rod_xml_arena_free();
    } else if (x->pctx) {
        /* the parser keeps its last input buffers until the next parse;
         * release them now */
        xmlCtxtReset(x->pctx);
    }
    x->body_elem = x->header = NULL;
}

static rod_status fail(rod_envelope *env, rod_status s, const char *veld, const char *detail, int line,
                       int col)
{
    env->status = s;
    snprintf(env->veld, sizeof env->veld, "%s", veld ? veld : "");
    snprintf(env->detail, sizeof env->detail, "%s", detail ? detail : "");
    env->line = line;
    env->column = col;
    return s;
}

static bool in_ns(xmlNodePtr n, const char *ns)
{
    return n->ns && n->ns->href && strcmp((const char *)n->ns->href, ns) == 0;
}

static bool header_text(xmlNodePtr header, const char *name, char *out, size_t cap, int *count);

static bool blank_text(xmlNodePtr n)
{
    if (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE)
        return true;
    if (n->type != XML_TEXT_NODE)
        return false;
    for (const xmlChar *c = n->content; c && *c; c++)
        if (*c != ' ' && *c != '\t' && *c != '\r' && *c != '\n')
            return false;
    return true;
}

/* ROD-0003 for a limit the pre-scan found, with the construct's position. */
static rod_status refuse_scan(rod_envelope *env, rod_scan_result scan, const char *body, size_t len,
                              size_t at)
{
    char d[200];
    switch (scan) {
    case ROD_SCAN_DTD:
        snprintf(d, sizeof d, "Een DTD (DOCTYPE) is niet toegestaan.");
        break;
    case ROD_SCAN_ATTRIBUTES:
        snprintf(d, sizeof d, "Een element heeft meer dan %ld attributen.", limits.max_attributes);
        break;
    case ROD_SCAN_NS_ELEMENT:
        snprintf(d, sizeof d, "Meer dan %ld namespacedeclaraties op één element.", limits.max_ns_per_element);
        break;
    case ROD_SCAN_NS_DOCUMENT:
        snprintf(d, sizeof d, "Meer dan %ld namespacedeclaraties in het bericht.",
                 limits.max_ns_per_document);
        break;
    case ROD_SCAN_NODES:
        snprintf(d, sizeof d,
                 "Het bericht heeft meer dan %ld knooppunten (elementen, attributen, commentaar, "
                 "verwerkingsinstructies, CDATA).",
                 limits.max_nodes);
        break;
    case ROD_SCAN_NAME:
        snprintf(d, sizeof d, "Een naam van een element of attribuut is langer dan %ld bytes.",
                 limits.max_name_bytes);
        break;
    default:
        snprintf(d, sizeof d,
                 "Een tekst, attribuutwaarde, commentaar, verwerkingsinstructie of CDATA-sectie is langer "
                 "dan %ld bytes.",
                 limits.max_text_bytes);
        break;
    }
    int line, col;
    rod_xml_line_column(body, len, at, &line, &col);
    return fail(env, ROD_XML_LIMIT, NULL, d, line, col);
}

rod_status rod_xml_parse(rod_xml *x, const char *body, size_t len, int soap_version, rod_envelope *env)
{
    memset(env, 0, sizeof *env);
    env->op = ROD_OP_COUNT;
    env->soap_version = soap_version;
    settle(x);
    rod_xml_done(x);
    x->vpending = false;
    x->vstatus = ROD_OK;
    x->depth = 0;
    x->too_deep = x->has_dtd = x->perr_set = false;
    x->deep_line = x->deep_col = 0;
    x->body_from = x->body_to = 0;

    /* UTF-8 only: no UTF-16/UCS-4 byte order mark and no NUL byte (never
     * valid XML), so libxml2's encoding detection can only find UTF-8 or a
     * declared encoding, which is refused after parsing */
    if ((len > 1 && ((unsigned char)body[0] == 0xFE || (unsigned char)body[0] == 0xFF)) ||
        memchr(body, 0, len))
        return fail(env, ROD_XML_MALFORMED, NULL, "Het bericht is niet in UTF-8 gecodeerd.", 1, 1);

    /* what libxml2 would parse in quadratic time or into a huge tree is
     * refused after one linear pass, before libxml2 starts */
    size_t at;
    rod_scan_result scan = rod_xml_prescan(body, len, &limits, &at);
    if (scan != ROD_SCAN_OK)
        return refuse_scan(env, scan, body, len, at);

    if (len >= ARENA_MIN_BYTES && rod_xml_arena_begin()) {
        xmlParserCtxtPtr own = xmlNewParserCtxt();
        if (own) {
            x->pctx = own;
            x->arena = true;
        } else {
            rod_xml_arena_free();
        }
    }
    /* Re-arm the hooks: xmlCtxtReset may restore the default handler. The
     * structured error handler replaces libxml2's printing to standard
     * error (its vctxt.error channel prints even with XML_PARSE_NOERROR). */
    quiet_thread();
    parsing = x;
    xmlSAXHandlerPtr sax = x->pctx->sax;
    sax->serror = on_parse_error;
    sax->startElementNs = on_start;
    sax->endElementNs = on_end;
    sax->internalSubset = on_dtd;
    sax->externalSubset = on_dtd;
    x->pctx->_private = x;
    /* no forced encoding: UTF-8 is the default, and forcing it costs a
     * converting copy of the whole body */
    x->doc = xmlCtxtReadMemory(x->pctx, body, (int)len, NULL, NULL,
                               XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_COMPACT);
    parsing = NULL;
    if (x->arena)
        rod_xml_arena_end(); /* what follows (checks, validation) uses malloc */
    if (x->has_dtd)
        return fail(env, ROD_XML_LIMIT, NULL, "Een DTD (DOCTYPE) is niet toegestaan.", 0, 0);
    if (x->too_deep) {
        char d[128];
        snprintf(d, sizeof d, "Het bericht is dieper genest dan %d niveaus.", x->max_depth);
        return fail(env, ROD_XML_LIMIT, NULL, d, x->deep_line, x->deep_col);
    }
    if (!x->doc || !x->pctx->wellFormed || x->perr_set) {
        int code = x->perr_set ? x->perr_code : 0;
        int line = x->perr_set ? x->perr_line : 0, col = x->perr_set ? x->perr_col : 0;
        if (code == XML_ERR_UNDECLARED_ENTITY || code == XML_WAR_UNDECLARED_ENTITY ||
            code == XML_ERR_ENTITY_LOOP)
            return fail(env, ROD_XML_LIMIT, NULL, "Entiteiten zijn niet toegestaan.", line, col);
        if (code == XML_ERR_INTERNAL_ERROR && x->depth > x->max_depth)
            return fail(env, ROD_XML_LIMIT, NULL, "Het bericht is te diep genest.", line, col);
        /* a fixed reason per error code: libxml2's message quotes the
         * request */
        char d[160];
        snprintf(d, sizeof d, "%s.", rod_xml_error_reason(code));
        d[0] = (char)toupper((unsigned char)d[0]);
        return fail(env, rod_xml_error_is_limit(code) ? ROD_XML_LIMIT : ROD_XML_MALFORMED, NULL, d,
                    line > 0 ? line : 1, col > 0 ? col : 1);
    }
    if (x->doc->encoding && strcasecmp((const char *)x->doc->encoding, "UTF-8") != 0)
        return fail(env, ROD_XML_MALFORMED, NULL, "Alleen UTF-8 is toegestaan.", 1, 1);

    xmlNodePtr root = xmlDocGetRootElement(x->doc);
    const char *soap_ns = soap_version == 12 ? NS_SOAP12 : NS_SOAP11;
    if (!root || strcmp((const char *)root->name, "Envelope") != 0 || !in_ns(root, soap_ns))
        return fail(env, ROD_XSD_INVALID, "Envelope",
                    soap_version == 12 ? "Verwacht een SOAP 1.2-Envelope (Content-Type application/soap+xml)."
                                       : "Verwacht een SOAP 1.1-Envelope (Content-Type text/xml).",
                    root ? (int)root->line : 0, 0);
    xmlNodePtr body_node = NULL;
    for (xmlNodePtr c = root->children; c; c = c->next) {
        if (blank_text(c))
            continue;
        if (c->type == XML_ELEMENT_NODE && in_ns(c, soap_ns) && !strcmp((const char *)c->name, "Header") &&
            !x->header && !body_node)
            x->header = c;
        else if (c->type == XML_ELEMENT_NODE && in_ns(c, soap_ns) && !strcmp((const char *)c->name, "Body") &&
                 !body_node)
            body_node = c;
        else
            return fail(env, ROD_XSD_INVALID, "Envelope",
                        "De Envelope mag alleen een Header en daarna één Body bevatten.", (int)c->line, 0);
    }
    /* Known from here on, so that every later fault relates to the request
     * (WS-Addressing 1.0 SOAP binding, 6: [relationship] of a fault). */
    int nmsgid = 0;
    if (!header_text(x->header, "MessageID", env->wsa_message_id, sizeof env->wsa_message_id, &nmsgid) ||
        nmsgid != 1)
        env->wsa_message_id[0] = '\0';
    if (!body_node)
        return fail(env, ROD_XSD_INVALID, "Body", "De SOAP Body ontbreekt.", 0, 0);
    xmlNodePtr elem = NULL;
    int nelem = 0;
    for (xmlNodePtr c = body_node->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) {
            if (!elem)
                elem = c;
            nelem++;
        } else if (!blank_text(c))
            return fail(env, ROD_XSD_INVALID, "Body", "De Body bevat tekst buiten het verzoekelement.",
                        (int)body_node->line, 0);
    }
    if (!elem)
        return fail(env, ROD_XSD_INVALID, "Body", "De Body bevat geen verzoekelement.", (int)body_node->line,
                    0);
    /* spec 8.1: an unknown body element is ROD-0004, before XSD checks */
    env->op = in_ns(elem, ROD_NAMESPACE) ? rod_operation_by_request((const char *)elem->name) : ROD_OP_COUNT;
    if (env->op == ROD_OP_COUNT) {
        char d[300];
        snprintf(d, sizeof d,
                 "Onbekende operatie: het element '%.100s' in namespace '%.120s' is geen verzoek van dit "
                 "koppelvlak.",
                 (const char *)elem->name, elem->ns && elem->ns->href ? (const char *)elem->ns->href : "");
        return fail(env, ROD_UNKNOWN_OPERATION, "Body", d, (int)elem->line, 0);
    }
    if (nelem > 1)
        return fail(env, ROD_XSD_INVALID, "Body", "De Body mag precies één element bevatten.",
                    (int)elem->line, 0);
    x->body_elem = elem;
    env->body_from = x->body_from;
    env->body_to = x->body_to > x->body_from ? x->body_to : len;
    return ROD_OK;
}

/* Copies the (trimmed) text of the last wsa:NAME header into out[cap] and
 * counts them. Returns false when the text did not fit (it is then cut). */
static bool header_text(xmlNodePtr header, const char *name, char *out, size_t cap, int *count)
{
    bool fits = true;
    *count = 0;
    out[0] = '\0';
    for (xmlNodePtr c = header ? header->children : NULL; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || !in_ns(c, NS_WSA) || strcmp((const char *)c->name, name) != 0)
            continue;
        (*count)++;
        xmlChar *t = xmlNodeGetContent(c);
        const char *s = t ? (const char *)t : "";
        while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
            s++;
        size_t n = strlen(s);
        while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
            n--;
        fits = n < cap;
        if (!fits)
            n = cap - 1;
        memcpy(out, s, n);
        out[n] = '\0';
        xmlFree(t);
    }
    return fits;
}

rod_status rod_xml_check_addressing(rod_xml *x, const char *soapaction, const char *ct_action,
                                    rod_envelope *env)
{
    static const char *const names[3] = {"To", "Action", "MessageID"};
    char *fields[3] = {env->wsa_to, env->wsa_action, env->wsa_message_id};
    for (int i = 0; i < 3; i++) {
        int count;
        bool fits = header_text(x->header, names[i], fields[i], 256, &count);
        char veld[32], d[200];
        snprintf(veld, sizeof veld, "Header/wsa:%s", names[i]);
        if (count == 0 || fields[i][0] == '\0') {
            snprintf(d, sizeof d, "De verplichte WS-Addressing-header wsa:%s ontbreekt.", names[i]);
            return fail(env, ROD_WSA_MISSING, veld, d, 0, 0);
        }
        if (!fits) {
            /* cut, it would answer with a wrong RelatesTo and mix up
             * idempotency records of different messages */
            fields[i][0] = '\0';
            snprintf(d, sizeof d, "De WS-Addressing-header wsa:%s is langer dan 255 tekens.", names[i]);
            return fail(env, ROD_XSD_INVALID, veld, d, 0, 0);
        }
        if (count > 1) {
            snprintf(d, sizeof d, "De WS-Addressing-header wsa:%s komt meer dan eens voor.", names[i]);
            return fail(env, ROD_XSD_INVALID, veld, d, 0, 0);
        }
    }
    char expected[128];
    snprintf(expected, sizeof expected, "%s%s", ROD_ACTION_PREFIX, rod_operation_name(env->op));
    char d[400];
    if (strcmp(env->wsa_action, expected) != 0) {
        snprintf(d, sizeof d, "wsa:Action '%.150s' past niet bij het bericht; verwacht '%s'.",
                 env->wsa_action, expected);
        return fail(env, ROD_UNKNOWN_OPERATION, "Header/wsa:Action", d, 0, 0);
    }
    if (soapaction) {
        /* the header value is a quoted string; "" means "no intent" */
        char sa[512];
        size_t n = strlen(soapaction);
        if (n >= 2 && soapaction[0] == '"' && soapaction[n - 1] == '"') {
            memcpy(sa, soapaction + 1, n - 2);
            sa[n - 2] = '\0';
        } else
            snprintf(sa, sizeof sa, "%s", soapaction);
        if (sa[0] != '\0' && strcmp(sa, expected) != 0) {
            snprintf(d, sizeof d, "SOAPAction '%.150s' past niet bij wsa:Action '%s'.", sa, expected);
            return fail(env, ROD_UNKNOWN_OPERATION, "SOAPAction", d, 0, 0);
        }
    }
    if (ct_action && strcmp(ct_action, env->wsa_action) != 0) {
        snprintf(d, sizeof d, "De action-parameter van het Content-Type ('%.150s') past niet bij wsa:Action.",
                 ct_action);
        return fail(env, ROD_UNKNOWN_OPERATION, "Content-Type", d, 0, 0);
    }
    return ROD_OK;
}

/* The thread that validates a large tree beside its worker, then waits
 * until the worker has let go of the tree and releases it (its pages, tens
 * of megabytes for a 10,000-item batch, go back to the kernel here instead
 * of on the worker's way to the answer). It reads the tree only; the
 * worker reads it too (the binder) and allocates nothing from the arena
 * until settle() has joined this thread. */
static void *validate_beside(void *arg)
{
    rod_xml *x = arg;
    quiet_thread();
    rod_xml_arena_borrow(x->varena);
    int rc = xmlSchemaValidateOneElement(x->vctx, x->vbody);
    pthread_mutex_lock(&x->vmu);
    x->vrc = rc;
    x->vfinished = true;
    pthread_cond_broadcast(&x->vcv);
    while (!x->vhanded)
        pthread_cond_wait(&x->vcv, &x->vmu);
    pthread_mutex_unlock(&x->vmu);
    xmlFreeDoc(x->vdoc);
    xmlFreeParserCtxt(x->vpctx);
    rod_xml_arena_release(x->varena);
    rod_xml_arena_borrow(NULL);
    return NULL;
}

/* A validation of the current tree begins; its status is for _end. */
static void validation_starts(rod_xml *x)
{
    x->verr_set = false;
    x->vpending = true;
    x->vfinished = x->vhanded = false;
    x->vbody = x->body_elem;
}

static void validate_here(rod_xml *x)
{
    x->vrc = xmlSchemaValidateOneElement(x->vctx, x->vbody);
    x->vfinished = true;
}

void rod_xml_validate_begin(rod_xml *x)
{
    validation_starts(x);
    if (x->arena && x->doc && x->body_elem) {
        x->vdoc = x->doc;
        x->vpctx = x->pctx;
        x->varena = rod_xml_arena_mine();
        if (pthread_create(&x->vthread, NULL, validate_beside, x) == 0) {
            x->vthreaded = true;
            return;
        }
    }
    validate_here(x); /* small, or no thread to be had: here and now */
}

bool rod_xml_validating(const rod_xml *x)
{
    return x->vpending && x->vthreaded;
}

rod_status rod_xml_validate_end(rod_xml *x, rod_envelope *env)
{
    if (!x->vpending)
        return x->vstatus;
    if (x->vthreaded) {
        pthread_mutex_lock(&x->vmu);
        while (!x->vfinished)
            pthread_cond_wait(&x->vcv, &x->vmu);
        pthread_mutex_unlock(&x->vmu);
    }
    x->vpending = false;
    if (x->vrc == 0 && !x->verr_set)
        return x->vstatus = ROD_OK;
    char d[512];
    snprintf(d, sizeof d, "%s", x->verr_set ? x->verr : "Het verzoek is ongeldig volgens het XSD.");
    return x->vstatus = fail(env, ROD_XSD_INVALID, x->vpath, d, x->vline, x->vcol);
}

rod_status rod_xml_validate(rod_xml *x, rod_envelope *env)
{
    validation_starts(x);
    validate_here(x);
    return rod_xml_validate_end(x, env);
}

const rod_xml_node *rod_xml_request(const rod_xml *x)
{
    return x && x->doc ? (const rod_xml_node *)x->body_elem : NULL;
}
