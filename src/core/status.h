/* One status type for the whole gateway: every outcome, with its contract
 * error code, its kind (fault or functional error) and its Dutch message. */
#ifndef ROD_CORE_STATUS_H
#define ROD_CORE_STATUS_H

typedef enum {
    ROD_KIND_OK,
    ROD_KIND_FOUT,         /* functional error: travels in a normal response */
    ROD_KIND_FAULT_CLIENT, /* SOAP Fault, Client / Sender */
    ROD_KIND_FAULT_SERVER  /* SOAP Fault, Server / Receiver */
} rod_kind;

/* X(name, code, kind, omschrijving) */
#define ROD_STATUS_MAP(X)                                                                                   \
    X(OK, "", ROD_KIND_OK, "Verwerkt.")                                                                     \
    X(XML_MALFORMED, "ROD-0001", ROD_KIND_FAULT_CLIENT, "Het bericht is geen welgevormde XML in UTF-8.")    \
    X(XSD_INVALID, "ROD-0002", ROD_KIND_FAULT_CLIENT,                                                       \
      "Het bericht voldoet niet aan het XSD van de koppelvlakspecificatie.")                                \
    X(XML_LIMIT, "ROD-0003", ROD_KIND_FAULT_CLIENT,                                                         \
      "Het bericht is te groot of te diep genest, of bevat een DTD of entiteit; dat is niet toegestaan.")   \
    X(UNKNOWN_OPERATION, "ROD-0004", ROD_KIND_FAULT_CLIENT,                                                 \
      "Onbekende operatie, of SOAPAction / wsa:Action past niet bij het bericht.")                          \
    X(MESSAGEID_REUSED, "ROD-0005", ROD_KIND_FAULT_CLIENT,                                                  \
      "Deze wsa:MessageID is al gebruikt voor een ander bericht; gebruik een nieuwe MessageID.")            \
    X(WSA_MISSING, "ROD-0006", ROD_KIND_FAULT_CLIENT, "Een verplichte WS-Addressing-header ontbreekt.")     \
    X(ORG_UNKNOWN, "ROD-0101", ROD_KIND_FAULT_CLIENT,                                                       \
      "De organisatie (OIN uit het certificaat) is niet bekend in het register.")                           \
    X(NOT_AUTHORISED, "ROD-0102", ROD_KIND_FOUT, "U bent niet geautoriseerd voor deze instelling.")         \
    X(ROLE_NOT_ALLOWED, "ROD-0103", ROD_KIND_FAULT_CLIENT,                                                  \
      "Deze operatie is niet toegestaan voor de rol van uw organisatie.")                                   \
    X(INSTELLING_UNKNOWN, "ROD-0201", ROD_KIND_FOUT, "De instellingscode is onbekend.")                     \
    X(BEFORE_OPRICHTING, "ROD-0202", ROD_KIND_FOUT,                                                         \
      "De inschrijfdatum ligt voor de datum van oprichting van de instelling.")                             \
    X(INSCHRIJF_AFTER_UITSCHRIJF, "ROD-0203", ROD_KIND_FOUT,                                                \
      "De inschrijfdatum ligt na de uitschrijfdatum.")                                                      \
    X(BSN_INVALID, "ROD-0204", ROD_KIND_FOUT, "Het burgerservicenummer is ongeldig (elfproef).")            \
    X(ONDERWIJSNUMMER_INVALID, "ROD-0205", ROD_KIND_FOUT, "Het onderwijsnummer is ongeldig.")               \
    X(DATE_INVALID, "ROD-0206", ROD_KIND_FOUT,                                                              \
      "De datum bestaat niet; vul een geldige (eventueel onvolledige) datum in.")                           \
    X(TOO_YOUNG, "ROD-0207", ROD_KIND_FOUT, "De leerling is jonger dan 4 jaar.")                            \
    X(NAME_ADDRESS_REQUIRED, "ROD-0208", ROD_KIND_FOUT,                                                     \
      "Zonder bsn of onderwijsnummer zijn achternaam en adres verplicht.")                                  \
    X(FOREIGN_ADDRESS_INVALID, "ROD-0209", ROD_KIND_FOUT,                                                   \
      "Het buitenlandse adres is ongeldig: adresregel 1 is verplicht, adresregel 2 alleen met 1, "          \
      "adresregel 3 alleen met 1 en 2, en de landcode mag niet Nederland (6030) zijn.")                     \
    X(POSTCODE_INVALID, "ROD-0210", ROD_KIND_FOUT, "De postcode is ongeldig.")                              \
    X(INSCHRIJVING_NOT_FOUND, "ROD-0211", ROD_KIND_FOUT, "De inschrijving is niet gevonden.")               \
    X(DATE_IN_FUTURE, "ROD-0212", ROD_KIND_FOUT,                                                            \
      "De datum ligt in de toekomst; dat is hier niet toegestaan.")                                         \
    /* ---- version 1.1: KoppelenBsn (9.1) ---- */                                                          \
    X(ALREADY_LINKED, "ROD-0213", ROD_KIND_FOUT,                                                            \
      "Dit onderwijsnummer is al gekoppeld aan een ander bsn; controleer het bsn. Is het gekoppelde bsn "   \
      "onjuist, neem dan contact op met de beheerder van het register.")                                    \
    X(LEERLING_NOT_FOUND, "ROD-0301", ROD_KIND_FOUT, "Geen gegevens gevonden.")                             \
    X(LEERLING_ABROAD, "ROD-0302", ROD_KIND_FOUT,                                                           \
      "Leerling woont in het buitenland. Uitvoerende instantie kan niet worden bepaald. Er kan geen "       \
      "verzuim worden opgevoerd.")                                                                          \
    X(LEERLING_TOO_OLD, "ROD-0303", ROD_KIND_FOUT,                                                          \
      "De leerling is 23 jaar of ouder of heeft een startkwalificatie; er kan geen verzuim worden gemeld.") \
    X(SOORT_AGE, "ROD-0304", ROD_KIND_FOUT,                                                                 \
      "Deze soort verzuim past niet bij de leeftijd van de leerling op de begindatum.")                     \
    X(NO_EARLIER_16UUR, "ROD-0305", ROD_KIND_FOUT,                                                          \
      "Langdurig relatief verzuim vraagt een eerdere melding 16 uren per 4 weken van deze leerling.")       \
    X(PERIOD_OVERLAP, "ROD-0306", ROD_KIND_FOUT,                                                            \
      "De verzuimperiode valt (deels) samen met een andere melding van deze leerling.")                     \
    X(EIND_BEFORE_BEGIN, "ROD-0307", ROD_KIND_FOUT, "De einddatum ligt voor de begindatum.")                \
    X(BEGIN_IN_FUTURE, "ROD-0308", ROD_KIND_FOUT, "De begindatum ligt in de toekomst.")                     \
    X(NOT_HOOFDINSCHRIJVING, "ROD-0309", ROD_KIND_FOUT,                                                     \
      "Alleen de instelling met de hoofdinschrijving mag verzuim melden.")                                  \
    X(TOELICHTING_ACTIE_REQUIRED, "ROD-0310", ROD_KIND_FOUT,                                                \
      "Toelichting actie gewenst is verplicht als geen actie gewenst is.")                                  \
    X(PRIORITEIT_WITHOUT_ACTIE, "ROD-0311", ROD_KIND_FOUT,                                                  \
      "Met prioriteit kan alleen als actie gewenst is.")                                                    \
    X(TOELICHTING_ANDERS_REQUIRED, "ROD-0312", ROD_KIND_FOUT,                                               \
      "Bij ondernomen actie 'anders' is een toelichting verplicht.")                                        \
    X(VERBIJZONDERING_NOT_OVERIG, "ROD-0313", ROD_KIND_FOUT,                                                \
      "Een verbijzondering mag alleen bij soort overig verzuim.")                                           \
    X(VERZUIMDAGEN_INVALID, "ROD-0314", ROD_KIND_FOUT, "De verzuimdagen of lesuren zijn ongeldig.")         \
    X(NO_UITVOERENDE_INSTANTIE, "ROD-0315", ROD_KIND_FOUT,                                                  \
      "De uitvoerende instantie kan niet worden bepaald uit de postcode van de leerling.")                  \
    X(MELDING_NOT_FOUND, "ROD-0316", ROD_KIND_FOUT, "De melding is niet gevonden.")                         \
    X(MELDING_STATUS_LOCKED, "ROD-0317", ROD_KIND_FOUT,                                                     \
      "De melding kan in deze status niet meer worden gewijzigd.")                                          \
    X(FIELD_IMMUTABLE, "ROD-0318", ROD_KIND_FOUT, "Dit gegeven kan niet worden gewijzigd.")                 \
    X(VERSION_CONFLICT, "ROD-0319", ROD_KIND_FOUT,                                                          \
      "De melding is gewijzigd sinds de opgegeven versie; haal de melding opnieuw op.")                     \
    X(ALREADY_WITHDRAWN, "ROD-0320", ROD_KIND_FOUT, "De melding is al ingetrokken.")                        \
    X(TOO_OLD_TO_WITHDRAW, "ROD-0321", ROD_KIND_FOUT,                                                       \
      "De begindatum ligt meer dan een jaar terug; de melding kan niet worden ingetrokken.")                \
    X(GEEN_INSCHRIJVING_SCHOOLJAAR, "ROD-0322", ROD_KIND_FOUT,                                              \
      "Reden 'geen inschrijving' kan alleen voor meldingen die op of na 1 augustus van het huidige "        \
      "schooljaar beginnen.")                                                                               \
    X(TOELICHTING_INTREKKEN_REQUIRED, "ROD-0323", ROD_KIND_FOUT,                                            \
      "Bij reden 'anders' is een toelichting verplicht.")                                                   \
    X(TRANSITION_NOT_ALLOWED, "ROD-0324", ROD_KIND_FOUT, "Deze statusovergang is niet toegestaan.")         \
    X(REDEN_AFGESLOTEN_REQUIRED, "ROD-0325", ROD_KIND_FOUT,                                                 \
      "Bij status afgesloten is een reden van afsluiten verplicht.")                                        \
    X(UNAVAILABLE, "ROD-9001", ROD_KIND_FAULT_SERVER,                                                       \
      "Tijdelijke storing: het register is niet beschikbaar. Er is niets opgeslagen; probeer het later "    \
      "opnieuw.")                                                                                           \
    X(INTERNAL, "ROD-9002", ROD_KIND_FAULT_SERVER, "Interne fout in het register.")

typedef enum {
#define ROD_STATUS_ENUM(name, code, kind, text) ROD_##name,
    ROD_STATUS_MAP(ROD_STATUS_ENUM)
#undef ROD_STATUS_ENUM
        ROD_STATUS_COUNT
} rod_status;

/* The contract code ("ROD-0204"), "" for ROD_OK. Never NULL. */
const char *rod_status_code(rod_status s);
/* The Dutch omschrijving for a person to act on. Never NULL. */
const char *rod_status_text(rod_status s);
rod_kind rod_status_kind(rod_status s);
/* The status whose contract code is `code`, or ROD_STATUS_COUNT. */
rod_status rod_status_from_code(const char *code);

#endif
