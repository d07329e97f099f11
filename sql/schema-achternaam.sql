-- inschrijving.achternaam is a copy of persoon.achternaam, there so that
-- OpvragenOverzicht can sort and search one instelling's pupils by name
-- along one index (instellingscode, achternaam, pgn). Responses read the
-- name from persoon. The copy is set when an inschrijving is written; this
-- trigger carries a changed name to the pupil's inschrijvingen at every
-- instelling, in the transaction of the change. It does nothing when the
-- name did not change (the usual upsert of a known pupil) and for new
-- pupils (an INSERT fires no UPDATE trigger), so a batch of new pupils pays
-- nothing for it. The comparison is binary: a change of case is copied too.
DELIMITER //
CREATE TRIGGER IF NOT EXISTS persoon_achternaam_kopie AFTER UPDATE ON persoon FOR EACH ROW
BEGIN
  IF NOT (BINARY NEW.achternaam <=> BINARY OLD.achternaam) THEN
    UPDATE inschrijving SET achternaam = NEW.achternaam WHERE pgn = NEW.pgn;
  END IF;
END//
DELIMITER ;
