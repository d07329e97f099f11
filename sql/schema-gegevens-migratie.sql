-- Migration of a register of the single-copy model (one set of pupil data
-- per person, in persoon, shared by every organisation) to the model of
-- spec 9.8 (persoon_gegevens: each organisation's own submissions).
-- Idempotent: applied at every schema load (after schema.sql, which creates
-- persoon_gegevens, and schema-achternaam.sql, which drops the old trigger
-- on persoon); on a register of the new model it finds no old columns and
-- does nothing.
--
-- What each organisation last submitted cannot be recovered: the register
-- never stored the requests (verwerkt_bericht keeps the body's SHA-256 and
-- the response; an AanleverenInschrijving response holds no pupil data, a
-- WijzigenInschrijving response only the shared copy of that moment) and the
-- audit holds no personal data. So every organisation with an inschrijving
-- of the person (at any of its instellingen, active or ended) gets the
-- current shared copy as its own view, and the old columns are then dropped.
-- Consequences, documented in docs/design.md: where several organisations
-- enrolled one person, each now sees the values of whoever submitted last
-- (also fields it never sent itself) until it submits the pupil again; the
-- data of a person without any inschrijving (never the case through the
-- gateway, where a person is only written with an inschrijving) are dropped.
DELIMITER //
CREATE OR REPLACE PROCEDURE rod_migratie_persoon_gegevens()
  MODIFIES SQL DATA SQL SECURITY INVOKER
BEGIN
  IF EXISTS (SELECT 1 FROM information_schema.columns
             WHERE table_schema = DATABASE() AND table_name = 'persoon' AND column_name = 'geslacht') THEN
    START TRANSACTION;
    -- dynamic SQL: on a register of the new model these columns do not exist
    EXECUTE IMMEDIATE
      'INSERT IGNORE INTO persoon_gegevens (pgn, organisatie_id, geslacht, geboortedatum, achternaam,
         voorvoegsels, voornamen, adres_soort, postcode, huisnummer, huisletter, huisnummertoevoeging,
         huisnummeraanduiding, aanduiding_locatie, straatnaam, plaatsnaam, landcode, adresregel1, adresregel2,
         adresregel3, gewijzigd)
       SELECT DISTINCT p.pgn, s.organisatie_id, p.geslacht, p.geboortedatum, p.achternaam, p.voorvoegsels,
         p.voornamen, p.adres_soort, p.postcode, p.huisnummer, p.huisletter, p.huisnummertoevoeging,
         p.huisnummeraanduiding, p.aanduiding_locatie, p.straatnaam, p.plaatsnaam, p.landcode, p.adresregel1,
         p.adresregel2, p.adresregel3, p.gewijzigd
       FROM persoon p JOIN inschrijving i ON i.pgn = p.pgn JOIN instelling s ON s.code = i.instellingscode';
    -- the overview's sort copy from the organisation's view (equal to the
    -- shared copy already, unless a bulk load bypassed the old trigger)
    UPDATE inschrijving i JOIN instelling s ON s.code = i.instellingscode
      JOIN persoon_gegevens g ON g.pgn = i.pgn AND g.organisatie_id = s.organisatie_id
      SET i.achternaam = g.achternaam
      WHERE NOT (BINARY i.achternaam <=> BINARY g.achternaam);
    COMMIT;
    -- DDL commits by itself; after a crash between the COMMIT and here the
    -- next load copies again (INSERT IGNORE keeps the rows made) and drops.
    EXECUTE IMMEDIATE
      'ALTER TABLE persoon DROP COLUMN IF EXISTS geslacht, DROP COLUMN IF EXISTS geboortedatum,
         DROP COLUMN IF EXISTS achternaam, DROP COLUMN IF EXISTS voorvoegsels, DROP COLUMN IF EXISTS voornamen,
         DROP COLUMN IF EXISTS adres_soort, DROP COLUMN IF EXISTS postcode, DROP COLUMN IF EXISTS huisnummer,
         DROP COLUMN IF EXISTS huisletter, DROP COLUMN IF EXISTS huisnummertoevoeging,
         DROP COLUMN IF EXISTS huisnummeraanduiding, DROP COLUMN IF EXISTS aanduiding_locatie,
         DROP COLUMN IF EXISTS straatnaam, DROP COLUMN IF EXISTS plaatsnaam, DROP COLUMN IF EXISTS landcode,
         DROP COLUMN IF EXISTS adresregel1, DROP COLUMN IF EXISTS adresregel2, DROP COLUMN IF EXISTS adresregel3';
  END IF;
END//
DELIMITER ;

CALL rod_migratie_persoon_gegevens();
DROP PROCEDURE rod_migratie_persoon_gegevens;
