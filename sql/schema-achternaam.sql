-- inschrijving.achternaam is a copy of the achternaam the instelling's
-- organisation submitted (persoon_gegevens), there so that
-- OpvragenOverzicht can sort and search one instelling's pupils by the
-- school's own name along one index (instellingscode, achternaam, pgn).
-- Responses read the name from persoon_gegevens. The copy is set when an
-- inschrijving is written; this trigger carries a changed name to the
-- pupil's inschrijvingen at the instellingen of that organisation only, in
-- the transaction of the change (another school's name never reaches them,
-- spec 9.8). It does nothing when the name did not change (the usual
-- upsert of a known pupil) and for a new row (an INSERT fires no UPDATE
-- trigger), so a batch of new pupils pays nothing for it. The comparison is
-- binary: a change of case is copied too.
DROP TRIGGER IF EXISTS persoon_achternaam_kopie; -- the single-copy model's (on persoon)
DELIMITER //
CREATE TRIGGER IF NOT EXISTS persoon_gegevens_achternaam_kopie AFTER UPDATE ON persoon_gegevens FOR EACH ROW
BEGIN
  IF NOT (BINARY NEW.achternaam <=> BINARY OLD.achternaam) THEN
    UPDATE inschrijving i JOIN instelling s ON s.code = i.instellingscode
    SET i.achternaam = NEW.achternaam
    WHERE i.pgn = NEW.pgn AND s.organisatie_id = NEW.organisatie_id;
  END IF;
END//
DELIMITER ;
