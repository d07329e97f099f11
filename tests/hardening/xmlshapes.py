"""Hostile XML shapes of a given size for the parse-cost test and the
`make bench` parse scenario: each is a SOAP envelope of about `size` bytes
whose bulk is one repeated construct (attributes, namespace declarations,
tiny elements, long names, comments, ...). Pure functions, no I/O."""

HEAD = ('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" '
        'xmlns:wsa="http://www.w3.org/2005/08/addressing" xmlns:rod="urn:rodgate:rod:v1"%s><s:Header%s>'
        '<wsa:To>x</wsa:To><wsa:Action>urn:rodgate:rod:v1/OpvragenOverzicht</wsa:Action>'
        '<wsa:MessageID>urn:uuid:shape</wsa:MessageID>%s</s:Header><s:Body>%s</s:Body></s:Envelope>')
REQ = "<rod:OpvragenOverzichtRequest><rod:paginaGrootte>1</rod:paginaGrootte>%s</rod:OpvragenOverzichtRequest>"
# the normal client's request of the parse-cost bursts
OVERZICHT = REQ % ""


def envelope(env_attrs="", header_attrs="", in_header="", in_body="", in_request=""):
    return (HEAD % (env_attrs, header_attrs, in_header, in_body + REQ % in_request)).encode()


def repeat(unit_fn, size):
    """Concatenates unit_fn(i) until about `size` bytes."""
    parts, n, i = [], 0, 0
    while n < size:
        u = unit_fn(i)
        parts.append(u)
        n += len(u)
        i += 1
    return "".join(parts), i


def shapes(size):
    """name -> body bytes, each at most `size` bytes (and close to it)."""
    size -= len(envelope()) + 1000  # the envelope around the bulk, the longest unit
    out = {}
    out["attributes-envelope"] = envelope(env_attrs=repeat(lambda i: ' a%d=""' % i, size)[0])
    out["attributes-header"] = envelope(header_attrs=repeat(lambda i: ' a%d=""' % i, size)[0])
    out["nsdecl-envelope"] = envelope(env_attrs=repeat(lambda i: ' xmlns:p%d="u"' % i, size)[0])
    out["nsdecl-nested"] = envelope(in_header=repeat(
        lambda i: '<x xmlns:p%d="u%d">' % (i, i) * 50 + "</x>" * 50, size)[0])
    out["attributes-many-elements"] = envelope(in_header=repeat(
        lambda i: "<a " + " ".join('b%d=""' % k for k in range(60)) + "/>", size)[0])
    out["elements-body"] = envelope(in_body=repeat(lambda i: "<a/>", size)[0])
    out["elements-header"] = envelope(in_header=repeat(lambda i: "<a/>", size)[0])
    out["elements-whitespace"] = envelope(in_header=repeat(lambda i: "<a/> ", size)[0])
    out["long-name"] = envelope(in_header="<" + "n" * size + "/>")
    out["long-attribute-value"] = envelope(in_header='<a v="' + "v" * size + '"/>')
    out["comments"] = envelope(in_header=repeat(lambda i: "<!---->", size)[0])
    out["pis"] = envelope(in_header=repeat(lambda i: "<?p?>", size)[0])
    out["deep-repeated"] = envelope(in_header=repeat(lambda i: "<a>" * 60 + "</a>" * 60, size)[0])
    out["text-huge"] = envelope(in_header="<a>" + "A" * size + "</a>")
    out["text-charrefs"] = envelope(in_header="<a>" + "&#65;" * (size // 5) + "</a>")
    out["cdata-huge"] = envelope(in_header="<a><![CDATA[" + "A" * size + "]]></a>")
    out["cdata-many"] = envelope(in_header="<a>" + repeat(lambda i: "<![CDATA[]]>", size)[0] + "</a>")
    out["comment-huge"] = envelope(in_header="<!--" + "A" * size + "-->")
    return out


def limit_shapes(size, nodes=400000, attributes=64, ns_element=32, ns_document=64, text=10000000):
    """The most expensive shapes that stay within the default limits of
    conf/rodgate.conf (they reach libxml2): name -> body bytes, each at most
    `size` bytes."""
    size -= len(envelope()) + 1000
    n = nodes - 200  # room for the envelope's own nodes
    out = {}

    def fit(unit, count):
        return unit * min(count, size // len(unit))
    out["limit-elements"] = envelope(in_header=fit("<a/>", n))
    out["limit-elements-whitespace"] = envelope(in_header=fit("<a/>\n", n))
    attrs = "<a " + " ".join('b%d=""' % k for k in range(attributes - 1)) + "/>"
    out["limit-attributes"] = envelope(in_header=fit(attrs, n // attributes))
    # every declaration in scope, the first one's prefix used everywhere:
    # the longest namespace lookups libxml2 makes
    total = ns_document - 3  # the envelope declares s, wsa and rod
    counts = [min(ns_element, total - k) for k in range(0, total, ns_element)]
    levels = len(counts)
    decls = "".join("<d%d %s>" % (lv, " ".join('xmlns:p%d_%d="u%d"' % (lv, k, k) for k in range(c)))
                    for lv, c in enumerate(counts))
    out["limit-namespaces"] = envelope(in_header=decls + fit("<p0_0:a/>", n - levels - total) + "".join(
        "</d%d>" % lv for lv in reversed(range(levels))))
    out["limit-comments"] = envelope(in_header=fit("<!---->", n))
    out["limit-deep"] = envelope(in_header=fit("<a>" * 60 + "</a>" * 60, n // 60))
    out["limit-texts"] = envelope(in_header="<a>" + "A" * min(text, size // 2 - 8) + "</a><a>" +
                                  "A" * min(text, size // 2 - 8) + "</a>")
    out["limit-body-elements"] = envelope(in_request=fit("<rod:x/>", n))
    return out
