-- laatstGewijzigd of a melding (ZoekenVerzuim gewijzigdSinds,
-- docs/verzuim.md, "Following changes"). Applied after schema-verzuim.sql
-- (name order). Idempotent.
--
-- A poller asks for the changes at or after the last laatstGewijzigd it
-- saw. That is only safe when the stamps follow the order in which the
-- changes become visible: a change stamped earlier but committed later
-- than one the poller has seen would be missed for good. So every new
-- versie takes its stamp from melding_klok, a single row that each melding
-- transaction updates (procedure rod_melding_klok, called as the last
-- write before the commit): the row lock is held until the commit, so the
-- next transaction gets its stamp only after the previous one is visible,
-- and GREATEST(.., stempel + 1 microsecond) makes the stamps strictly
-- increasing (also when the system clock steps back), hence unique.
CREATE TABLE IF NOT EXISTS melding_klok (
  id       TINYINT UNSIGNED NOT NULL PRIMARY KEY,
  stempel  DATETIME(6) NOT NULL,
  CONSTRAINT ck_melding_klok_een_rij CHECK (id = 1)
) ENGINE=InnoDB;

-- NULL only for meldingen of before this column (set just below); every
-- versie written since sets it (sql/schema-procedures.sql)
ALTER TABLE melding ADD COLUMN IF NOT EXISTS laatst_gewijzigd DATETIME(6) NULL;
ALTER TABLE melding ADD INDEX IF NOT EXISTS k_melding_gemeente_gewijzigd (gemeente_id, laatst_gewijzigd);
ALTER TABLE melding ADD INDEX IF NOT EXISTS k_melding_gewijzigd (laatst_gewijzigd, meldingnummer);
-- meldingen of before this column: their last change, to the millisecond
UPDATE melding SET laatst_gewijzigd = gewijzigd WHERE laatst_gewijzigd IS NULL;

INSERT IGNORE INTO melding_klok (id, stempel)
  SELECT 1, COALESCE(MAX(laatst_gewijzigd), '2000-01-01 00:00:00') FROM melding;
