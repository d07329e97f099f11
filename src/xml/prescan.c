/* The pre-scan of raw request bytes (see prescan.h for why).
 *
 * A small state machine over the markup XML allows outside a DTD: text up
 * to '<', end tags, start tags with quoted attribute values (which may hold
 * '>'), comments, processing instructions and CDATA sections, each skipped
 * with memchr/memmem so that the scan stays at memory speed (about 20 ms
 * for 20 MiB). Any other "<!" is a declaration: a DTD, refused anyway.
 * Namespace declarations are counted per element and for the whole
 * document (an upper bound of those in scope). */
#include "xml/prescan.h"

#include <stdbool.h>
#include <string.h>

typedef struct {
    const char *p;
    size_t len, i;
    const rod_xml_limits *lim;
    long nodes, ns_doc;
    size_t at;
} scan;

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Ends of a name inside a tag: whitespace, '=', '/', '>', a quote (a table:
 * names are most of the bytes the scan looks at one by one). */
static const bool name_end[256] = {
    [' '] = true, ['\t'] = true, ['\r'] = true, ['\n'] = true, ['='] = true,
    ['/'] = true, ['>'] = true,  ['"'] = true,  ['\''] = true,
};

static bool ends_name(char c)
{
    return name_end[(unsigned char)c];
}

static rod_scan_result at(scan *s, size_t where, rod_scan_result r)
{
    s->at = where;
    return r;
}

/* A comment, PI or CDATA section whose '<' is at lt and whose content
 * starts at from, up to and including `end`. Counts one node and checks its
 * length. */
static rod_scan_result skip_to(scan *s, size_t lt, size_t from, const char *end)
{
    size_t elen = strlen(end);
    if (++s->nodes > s->lim->max_nodes)
        return at(s, lt, ROD_SCAN_NODES);
    const char *e = memmem(s->p + from, s->len - from, end, elen);
    size_t stop = e ? (size_t)(e - s->p) : s->len;
    if ((long)(stop - from) > s->lim->max_text_bytes)
        return at(s, lt, ROD_SCAN_TEXT);
    s->i = e ? stop + elen : s->len;
    return ROD_SCAN_OK;
}

static rod_scan_result start_tag(scan *s)
{
    const char *p = s->p;
    size_t len = s->len, lt = s->i - 1;
    if (++s->nodes > s->lim->max_nodes)
        return at(s, lt, ROD_SCAN_NODES);
    size_t n0 = s->i;
    while (s->i < len && !ends_name(p[s->i]))
        s->i++;
    if ((long)(s->i - n0) > s->lim->max_name_bytes)
        return at(s, lt, ROD_SCAN_NAME);
    long attrs = 0, ns = 0;
    while (s->i < len) {
        char c = p[s->i];
        if (is_space(c) || c == '/') {
            s->i++;
            continue;
        }
        if (c == '>') {
            s->i++;
            return ROD_SCAN_OK;
        }
        /* an attribute: name, '=', quoted value */
        size_t a0 = s->i;
        while (s->i < len && !ends_name(p[s->i]))
            s->i++;
        size_t alen = s->i - a0;
        if (alen == 0)
            return ROD_SCAN_OK; /* malformed (a stray quote or '='): libxml2 says so */
        if ((long)alen > s->lim->max_name_bytes)
            return at(s, a0, ROD_SCAN_NAME);
        if (++attrs > s->lim->max_attributes)
            return at(s, a0, ROD_SCAN_ATTRIBUTES);
        if (++s->nodes > s->lim->max_nodes)
            return at(s, a0, ROD_SCAN_NODES);
        if ((alen == 5 || (alen > 5 && p[a0 + 5] == ':')) && memcmp(p + a0, "xmlns", 5) == 0) {
            if (++ns > s->lim->max_ns_per_element)
                return at(s, a0, ROD_SCAN_NS_ELEMENT);
            if (++s->ns_doc > s->lim->max_ns_per_document)
                return at(s, a0, ROD_SCAN_NS_DOCUMENT);
        }
        while (s->i < len && is_space(p[s->i]))
            s->i++;
        if (s->i >= len || p[s->i] != '=')
            return ROD_SCAN_OK; /* malformed */
        s->i++;
        while (s->i < len && is_space(p[s->i]))
            s->i++;
        if (s->i >= len || (p[s->i] != '"' && p[s->i] != '\''))
            return ROD_SCAN_OK; /* malformed */
        size_t v0 = ++s->i;
        const char *q = memchr(p + v0, p[v0 - 1], len - v0);
        size_t v1 = q ? (size_t)(q - p) : len;
        if ((long)(v1 - v0) > s->lim->max_text_bytes)
            return at(s, a0, ROD_SCAN_TEXT);
        s->i = q ? v1 + 1 : len;
    }
    return ROD_SCAN_OK;
}

rod_scan_result rod_xml_prescan(const char *p, size_t len, const rod_xml_limits *lim, size_t *where)
{
    scan s = {.p = p, .len = len, .lim = lim};
    rod_scan_result r = ROD_SCAN_OK;
    while (s.i < len && r == ROD_SCAN_OK) {
        /* text up to the next markup */
        const char *lt = memchr(p + s.i, '<', len - s.i);
        size_t stop = lt ? (size_t)(lt - p) : len;
        if ((long)(stop - s.i) > lim->max_text_bytes) {
            r = at(&s, s.i, ROD_SCAN_TEXT);
            break;
        }
        if (!lt || stop + 1 >= len)
            break;
        s.i = stop + 1;
        char c = p[s.i];
        if (c == '/') {
            const char *gt = memchr(p + s.i, '>', len - s.i);
            s.i = gt ? (size_t)(gt - p) + 1 : len;
        } else if (c == '?') {
            r = skip_to(&s, stop, s.i + 1, "?>");
        } else if (c == '!') {
            if (len - s.i >= 3 && memcmp(p + s.i, "!--", 3) == 0)
                r = skip_to(&s, stop, s.i + 3, "-->");
            else if (len - s.i >= 8 && memcmp(p + s.i, "![CDATA[", 8) == 0)
                r = skip_to(&s, stop, s.i + 8, "]]>");
            else
                r = at(&s, stop, ROD_SCAN_DTD);
        } else {
            r = start_tag(&s);
        }
    }
    if (where)
        *where = r == ROD_SCAN_OK ? 0 : s.at;
    return r;
}

void rod_xml_line_column(const char *p, size_t len, size_t at_, int *line, int *column)
{
    if (at_ > len)
        at_ = len;
    int l = 1;
    size_t bol = 0;
    for (const char *q = p; (q = memchr(q, '\n', at_ - (size_t)(q - p))) != NULL; q++) {
        l++;
        bol = (size_t)(q - p) + 1;
    }
    /* columns in characters, as libxml2 counts them: UTF-8 lead bytes */
    int col = 1;
    for (size_t k = bol; k < at_; k++)
        if (((unsigned char)p[k] & 0xC0) != 0x80)
            col++;
    *line = l;
    *column = col;
}
