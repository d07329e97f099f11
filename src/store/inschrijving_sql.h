/* The batch statements of store/inschrijving.c (one array execute each for
 * all items of an AanleverenInschrijving), in a header of their own so that
 * the bench's replay of a batch (tools/bench/bulkinsert.c --mode gateway)
 * executes exactly these. Only string constants: no declarations of
 * store/. */
#ifndef ROD_STORE_INSCHRIJVING_SQL_H
#define ROD_STORE_INSCHRIJVING_SQL_H

/* the person itself: only its number spans organisations */
static const char SQL_INSERT_PERSOON[] = "INSERT IGNORE INTO persoon (pgn, pgn_soort) VALUES (?, ?)";
/* the person as this organisation submitted it; another organisation's row
 * is never touched */
static const char SQL_UPSERT_GEGEVENS[] =
    "INSERT INTO persoon_gegevens (pgn, organisatie_id, geslacht, geboortedatum, achternaam, voorvoegsels, "
    "voornamen, adres_soort, postcode, huisnummer, huisletter, huisnummertoevoeging, huisnummeraanduiding, "
    "aanduiding_locatie, straatnaam, plaatsnaam, landcode, adresregel1, adresregel2, adresregel3, gewijzigd) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(3)) "
    "ON DUPLICATE KEY UPDATE geslacht = VALUES(geslacht), geboortedatum = VALUES(geboortedatum), "
    "achternaam = COALESCE(VALUES(achternaam), achternaam), "
    "voorvoegsels = COALESCE(VALUES(voorvoegsels), voorvoegsels), "
    "voornamen = COALESCE(VALUES(voornamen), voornamen), "
    /* an address is replaced as a whole when one is sent; adres_soort is
     * assigned last because later assignments see the updated value */
    "postcode = IF(VALUES(adres_soort) IS NULL, postcode, VALUES(postcode)), "
    "huisnummer = IF(VALUES(adres_soort) IS NULL, huisnummer, VALUES(huisnummer)), "
    "huisletter = IF(VALUES(adres_soort) IS NULL, huisletter, VALUES(huisletter)), "
    "huisnummertoevoeging = IF(VALUES(adres_soort) IS NULL, huisnummertoevoeging, "
    "VALUES(huisnummertoevoeging)), "
    "huisnummeraanduiding = IF(VALUES(adres_soort) IS NULL, huisnummeraanduiding, "
    "VALUES(huisnummeraanduiding)), "
    "aanduiding_locatie = IF(VALUES(adres_soort) IS NULL, aanduiding_locatie, VALUES(aanduiding_locatie)), "
    "straatnaam = IF(VALUES(adres_soort) IS NULL, straatnaam, VALUES(straatnaam)), "
    "plaatsnaam = IF(VALUES(adres_soort) IS NULL, plaatsnaam, VALUES(plaatsnaam)), "
    "landcode = IF(VALUES(adres_soort) IS NULL, landcode, VALUES(landcode)), "
    "adresregel1 = IF(VALUES(adres_soort) IS NULL, adresregel1, VALUES(adresregel1)), "
    "adresregel2 = IF(VALUES(adres_soort) IS NULL, adresregel2, VALUES(adresregel2)), "
    "adresregel3 = IF(VALUES(adres_soort) IS NULL, adresregel3, VALUES(adresregel3)), "
    "adres_soort = COALESCE(VALUES(adres_soort), adres_soort), "
    /* when each optional field was submitted last (NULL: at gewijzigd), for
     * the per-field merge of KoppelenBsn (sql/schema-koppelen.sql); before
     * gewijzigd moves */
    "achternaam_gewijzigd = IF(VALUES(achternaam) IS NULL, COALESCE(achternaam_gewijzigd, gewijzigd), "
    "UTC_TIMESTAMP(3)), "
    "voorvoegsels_gewijzigd = IF(VALUES(voorvoegsels) IS NULL, COALESCE(voorvoegsels_gewijzigd, gewijzigd), "
    "UTC_TIMESTAMP(3)), "
    "voornamen_gewijzigd = IF(VALUES(voornamen) IS NULL, COALESCE(voornamen_gewijzigd, gewijzigd), "
    "UTC_TIMESTAMP(3)), "
    "adres_gewijzigd = IF(VALUES(adres_soort) IS NULL, COALESCE(adres_gewijzigd, gewijzigd), "
    "UTC_TIMESTAMP(3)), "
    "gewijzigd = UTC_TIMESTAMP(3)";
/* The sort copy of the achternaam is bound by the caller: the name the
 * person upsert left, i.e. the batch's last one for the pupil. No
 * expression over a placeholder here: in an array-bound execute MariaDB
 * evaluates such an expression (a subquery, COALESCE) once and reuses the
 * first row's result for every row. An existing inschrijving keeps its
 * copy when the batch sends no name (the trigger keeps it current). */
static const char SQL_UPSERT_INSCHRIJVING[] =
    "INSERT INTO inschrijving (instellingscode, pgn, inschrijfdatum, uitschrijfdatum, achternaam, "
    "laatst_gewijzigd) "
    "VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP(3)) "
    /* laatst_gewijzigd first: it compares the old dates (later assignments
     * see the new ones); a change of the pupil moved it already
     * (sql/schema-laatst-gewijzigd.sql) */
    "ON DUPLICATE KEY UPDATE laatst_gewijzigd = IF(inschrijfdatum <=> VALUES(inschrijfdatum) AND "
    "uitschrijfdatum <=> VALUES(uitschrijfdatum), laatst_gewijzigd, VALUES(laatst_gewijzigd)), "
    "inschrijfdatum = VALUES(inschrijfdatum), uitschrijfdatum = VALUES(uitschrijfdatum), "
    "achternaam = COALESCE(VALUES(achternaam), achternaam)";

#endif
