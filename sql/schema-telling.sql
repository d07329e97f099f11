-- Number of inschrijvingen per instelling, kept by triggers in the same
-- transaction as the rows, so that an unfiltered OpvragenOverzicht knows its
-- totaalAantal without counting the register (its cost must not grow with
-- the register). Recounted at every schema load, so it heals itself after
-- a bulk load that bypassed the triggers (TRUNCATE, LOAD DATA ... REPLACE).
CREATE TABLE IF NOT EXISTS inschrijving_telling (
  instellingscode CHAR(4) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  aantal          BIGINT NOT NULL DEFAULT 0
) ENGINE=InnoDB;

CREATE TRIGGER IF NOT EXISTS inschrijving_telling_insert AFTER INSERT ON inschrijving FOR EACH ROW
  INSERT INTO inschrijving_telling (instellingscode, aantal) VALUES (NEW.instellingscode, 1)
  ON DUPLICATE KEY UPDATE aantal = aantal + 1;

CREATE TRIGGER IF NOT EXISTS inschrijving_telling_delete AFTER DELETE ON inschrijving FOR EACH ROW
  UPDATE inschrijving_telling SET aantal = aantal - 1 WHERE instellingscode = OLD.instellingscode;

DELETE FROM inschrijving_telling WHERE instellingscode NOT IN (SELECT DISTINCT instellingscode FROM inschrijving);
INSERT INTO inschrijving_telling (instellingscode, aantal)
  SELECT instellingscode, COUNT(*) FROM inschrijving GROUP BY instellingscode
  ON DUPLICATE KEY UPDATE aantal = VALUES(aantal);
