-- inschrijving.laatst_gewijzigd (the overview's laatstGewijzigd, and its
-- gewijzigdSinds filter) moves on every real change of the inschrijving or
-- of its pupil as the instelling's organisation sees it, and only then
-- (docs/interface.md, OpvragenOverzicht):
-- - the inschrijving's own dates: compared in the statements that write
--   them (src/store/inschrijving.c);
-- - the organisation's data of the pupil: this trigger compares every
--   field of persoon_gegevens, binary (a change of case counts), and moves
--   the organisation's inschrijvingen of the pupil, in the transaction of
--   the change; another organisation's submission never reaches them. The
--   usual upsert of an unchanged pupil changes no field and moves nothing;
-- - a new BRP address: the gateway on reload (src/store/brp.h).
-- The index serves "changes of this instelling since": one range per
-- instelling, however large the register (docs/performance.md).
CREATE INDEX IF NOT EXISTS k_inschrijving_sinds ON inschrijving (instellingscode, laatst_gewijzigd);

DELIMITER //
CREATE TRIGGER IF NOT EXISTS persoon_gegevens_laatst_gewijzigd AFTER UPDATE ON persoon_gegevens FOR EACH ROW
BEGIN
  IF NOT (BINARY NEW.geslacht <=> BINARY OLD.geslacht AND BINARY NEW.geboortedatum <=> BINARY OLD.geboortedatum
          AND BINARY NEW.achternaam <=> BINARY OLD.achternaam AND BINARY NEW.voorvoegsels <=> BINARY OLD.voorvoegsels
          AND BINARY NEW.voornamen <=> BINARY OLD.voornamen AND BINARY NEW.adres_soort <=> BINARY OLD.adres_soort
          AND BINARY NEW.postcode <=> BINARY OLD.postcode AND NEW.huisnummer <=> OLD.huisnummer
          AND BINARY NEW.huisletter <=> BINARY OLD.huisletter
          AND BINARY NEW.huisnummertoevoeging <=> BINARY OLD.huisnummertoevoeging
          AND BINARY NEW.huisnummeraanduiding <=> BINARY OLD.huisnummeraanduiding
          AND BINARY NEW.aanduiding_locatie <=> BINARY OLD.aanduiding_locatie
          AND BINARY NEW.straatnaam <=> BINARY OLD.straatnaam AND BINARY NEW.plaatsnaam <=> BINARY OLD.plaatsnaam
          AND BINARY NEW.landcode <=> BINARY OLD.landcode AND BINARY NEW.adresregel1 <=> BINARY OLD.adresregel1
          AND BINARY NEW.adresregel2 <=> BINARY OLD.adresregel2
          AND BINARY NEW.adresregel3 <=> BINARY OLD.adresregel3) THEN
    UPDATE inschrijving i JOIN instelling s ON s.code = i.instellingscode
    SET i.laatst_gewijzigd = UTC_TIMESTAMP(3)
    WHERE i.pgn = NEW.pgn AND s.organisatie_id = NEW.organisatie_id;
  END IF;
END//
DELIMITER ;
