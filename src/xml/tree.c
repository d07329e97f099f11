/* Element access to the parsed request (xml/tree.h). */
#include "xml/tree.h"

#include <libxml/tree.h>
#include <string.h>

#include "core/operations.h"

static const xmlNode *node(const rod_xml_node *n)
{
    return (const xmlNode *)n;
}

static const rod_xml_node *element_from(const xmlNode *c)
{
    while (c && c->type != XML_ELEMENT_NODE)
        c = c->next;
    return (const rod_xml_node *)c;
}

const rod_xml_node *rod_xml_child(const rod_xml_node *n)
{
    return n ? element_from(node(n)->children) : NULL;
}

const rod_xml_node *rod_xml_next(const rod_xml_node *n)
{
    return n ? element_from(node(n)->next) : NULL;
}

bool rod_xml_is(const rod_xml_node *n, const char *name)
{
    const xmlNode *e = node(n);
    return e && e->name && name && e->ns && e->ns->href &&
           strcmp((const char *)e->ns->href, ROD_NAMESPACE) == 0 && strcmp((const char *)e->name, name) == 0;
}

size_t rod_xml_text(const rod_xml_node *n, char *dst, size_t cap)
{
    size_t len = 0;
    for (const xmlNode *c = n ? node(n)->children : NULL; c; c = c->next) {
        if ((c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE) || !c->content)
            continue;
        size_t k = strlen((const char *)c->content);
        if (dst && len + 1 < cap) {
            size_t room = cap - 1 - len;
            memcpy(dst + len, c->content, k < room ? k : room);
        }
        len += k;
    }
    if (dst && cap > 0)
        dst[len < cap ? len : cap - 1] = '\0';
    return len;
}
