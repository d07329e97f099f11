/* libxml2's parser error codes as short fixed reasons (see parse_error.h). */
#include "xml/parse_error.h"

#include <libxml/xmlerror.h>
#include <stddef.h>

static const struct {
    int code;
    const char *reason;
} reasons[] = {
    {XML_ERR_DOCUMENT_EMPTY, "het bericht is leeg"},
    {XML_ERR_DOCUMENT_END, "tekst of markup na het einde van het document"},
    {XML_ERR_EXTRA_CONTENT, "tekst of markup na het einde van het document"},
    {XML_ERR_NOT_WELL_BALANCED, "element niet afgesloten"},
    {XML_ERR_TAG_NOT_FINISHED, "element niet afgesloten"},
    {XML_ERR_TAG_NAME_MISMATCH, "element niet afgesloten: de eindtag past niet bij de begintag"},
    {XML_ERR_LTSLASH_REQUIRED, "element niet afgesloten: '</' verwacht"},
    {XML_ERR_GT_REQUIRED, "tag niet afgesloten: '>' verwacht"},
    {XML_ERR_LT_REQUIRED, "'<' verwacht"},
    {XML_ERR_NAME_REQUIRED, "naam verwacht"},
    {XML_ERR_SPACE_REQUIRED, "spatie verwacht"},
    {XML_ERR_EQUAL_REQUIRED, "'=' verwacht na de attribuutnaam"},
    {XML_ERR_LT_IN_ATTRIBUTE, "'<' in een attribuutwaarde"},
    {XML_ERR_ATTRIBUTE_NOT_STARTED, "attribuutwaarde zonder aanhalingstekens"},
    {XML_ERR_ATTRIBUTE_NOT_FINISHED, "attribuutwaarde niet afgesloten"},
    {XML_ERR_ATTRIBUTE_WITHOUT_VALUE, "attribuut zonder waarde"},
    {XML_ERR_ATTRIBUTE_REDEFINED, "attribuut komt twee keer voor in hetzelfde element"},
    {XML_NS_ERR_ATTRIBUTE_REDEFINED, "attribuut komt twee keer voor in hetzelfde element"},
    {XML_ERR_STRING_NOT_STARTED, "waarde zonder aanhalingstekens"},
    {XML_ERR_STRING_NOT_CLOSED, "waarde niet afgesloten"},
    {XML_ERR_COMMENT_NOT_FINISHED, "commentaar niet afgesloten"},
    {XML_ERR_HYPHEN_IN_COMMENT, "'--' in commentaar"},
    {XML_ERR_PI_NOT_STARTED, "verwerkingsinstructie zonder naam"},
    {XML_ERR_PI_NOT_FINISHED, "verwerkingsinstructie niet afgesloten"},
    {XML_ERR_RESERVED_XML_NAME, "XML-declaratie niet aan het begin van het bericht"},
    {XML_ERR_XMLDECL_NOT_STARTED, "XML-declaratie onjuist begonnen"},
    {XML_ERR_XMLDECL_NOT_FINISHED, "XML-declaratie niet afgesloten"},
    {XML_ERR_VERSION_MISSING, "XML-declaratie zonder versie"},
    {XML_ERR_UNKNOWN_VERSION, "onbekende XML-versie"},
    {XML_ERR_ENCODING_NAME, "ongeldige naam van de codering"},
    {XML_ERR_UNSUPPORTED_ENCODING, "niet-ondersteunde codering"},
    {XML_ERR_INVALID_ENCODING, "ongeldige UTF-8"},
    {XML_ERR_INVALID_CHAR, "teken dat in XML niet is toegestaan"},
    {XML_ERR_INVALID_CHARREF, "ongeldige tekenverwijzing"},
    {XML_ERR_INVALID_DEC_CHARREF, "ongeldige tekenverwijzing"},
    {XML_ERR_INVALID_HEX_CHARREF, "ongeldige tekenverwijzing"},
    {XML_ERR_CHARREF_AT_EOF, "tekenverwijzing aan het einde van het bericht"},
    {XML_ERR_CHARREF_IN_EPILOG, "tekenverwijzing na het einde van het document"},
    {XML_ERR_ENTITYREF_NO_NAME, "'&' zonder naam"},
    {XML_ERR_ENTITYREF_SEMICOL_MISSING, "';' ontbreekt na de verwijzing"},
    {XML_ERR_CDATA_NOT_FINISHED, "CDATA-sectie niet afgesloten"},
    {XML_ERR_MISPLACED_CDATA_END, "']]>' in tekst"},
    {XML_ERR_NAME_TOO_LONG, "naam te lang"},
    {XML_NS_ERR_UNDEFINED_NAMESPACE, "namespace-prefix niet gedeclareerd"},
    {XML_NS_ERR_QNAME, "ongeldige gekwalificeerde naam"},
    {XML_NS_ERR_EMPTY, "lege namespace-URI"},
    {XML_NS_ERR_XML_NAMESPACE, "onjuist gebruik van de xml-namespace"},
    {XML_ERR_NO_MEMORY, "het bericht is te groot om te verwerken"},
};

const char *rod_xml_error_reason(int code)
{
    for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
        if (reasons[i].code == code)
            return reasons[i].reason;
    return "niet welgevormd";
}

bool rod_xml_error_is_limit(int code)
{
    /* 2.9.14 reports a text node over 10,000,000 bytes as out of memory */
    return code == XML_ERR_NO_MEMORY || code == XML_ERR_NAME_TOO_LONG;
}
