-- Retention of a pupil's personal data (docs/privacy.md): once every
-- inschrijving of a pupil ended more than the retention period ago and no
-- melding of theirs is still open, the job `persoonsgegevens` (rodgate
-- --run-job, or the gateway's jobs thread) removes the pupil's data through
-- the procedure below. Idempotent: applied at every schema load after
-- schema.sql (it needs persoon); the procedure's tables are resolved when it
-- runs, so its place before schema-verzuim.sql does not matter.

-- What stays of removed inschrijvingen: how many, per instelling and year
-- of uitschrijving (statistics of the register without a person in them).
CREATE TABLE IF NOT EXISTS retentie_telling (
  instellingscode   CHAR(4) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  uitschrijfjaar    SMALLINT UNSIGNED NOT NULL,
  aantal            BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (instellingscode, uitschrijfjaar)
) ENGINE=InnoDB;

DELIMITER //

-- Whether a field of a melding (its path in the JSON of melding.inhoud and
-- melding_versie.snapshot/wijzigingen, src/rules/verzuim_fields.h) holds
-- the pupil's data: everything under leerling/, and the free texts, which
-- may name the pupil. Codes, dates, the soort, the status and the school's
-- contactpersoon stay.
CREATE OR REPLACE FUNCTION rod_veld_persoonlijk(p_veld VARCHAR(400) CHARACTER SET utf8mb4)
  RETURNS BOOLEAN DETERMINISTIC NO SQL
  RETURN p_veld LIKE 'leerling/%' OR p_veld IN ('verzuim/vermoedelijkeReden', 'verzuim/toelichting',
    'verzuim/toelichtingActieGewenst', 'actiesSchool/toelichting', 'terugkoppeling/toelichting',
    'toelichtingIntrekken', 'redenAfgesloten')//

-- A melding's JSON object without the pupil's fields.
CREATE OR REPLACE FUNCTION rod_zonder_leerling(p_doc LONGTEXT CHARACTER SET utf8mb4)
  RETURNS LONGTEXT CHARACTER SET utf8mb4 DETERMINISTIC NO SQL
BEGIN
  DECLARE v_keys LONGTEXT CHARACTER SET utf8mb4 DEFAULT JSON_KEYS(p_doc);
  DECLARE v_i INT DEFAULT 0;
  DECLARE v_key VARCHAR(400) CHARACTER SET utf8mb4;
  WHILE v_i < JSON_LENGTH(v_keys) DO
    SET v_key = JSON_UNQUOTE(JSON_EXTRACT(v_keys, CONCAT('$[', v_i, ']')));
    IF rod_veld_persoonlijk(v_key) THEN
      SET p_doc = JSON_REMOVE(p_doc, CONCAT('$."', v_key, '"'));
    END IF;
    SET v_i = v_i + 1;
  END WHILE;
  RETURN p_doc;
END//

-- A version's differences ([{"veld","oud","nieuw"}], in order) without
-- those of the pupil's fields.
CREATE OR REPLACE FUNCTION rod_wijzigingen_zonder_leerling(p_doc LONGTEXT CHARACTER SET utf8mb4)
  RETURNS LONGTEXT CHARACTER SET utf8mb4 DETERMINISTIC READS SQL DATA
  RETURN COALESCE((SELECT JSON_ARRAYAGG(JSON_OBJECT('veld', t.veld, 'oud', t.oud, 'nieuw', t.nieuw) ORDER BY t.n)
                   FROM JSON_TABLE(p_doc, '$[*]' COLUMNS (n FOR ORDINALITY,
                     veld VARCHAR(400) CHARACTER SET utf8mb4 PATH '$.veld',
                     oud LONGTEXT CHARACTER SET utf8mb4 PATH '$.oud',
                     nieuw LONGTEXT CHARACTER SET utf8mb4 PATH '$.nieuw')) t
                   WHERE NOT rod_veld_persoonlijk(t.veld)), '[]')//

-- Removes the personal data of at most p_max pupils whose every
-- inschrijving ended before p_vandaag minus p_jaren years (an inschrijving
-- that ended exactly p_jaren years ago is kept) and who have no open
-- melding (GEREGISTREERD, IN_BEHANDELING), in one transaction; p_aantal is
-- how many, p_gevonden how many it found before it locked them (fewer when
-- a request changed one in the meantime). The search goes in number order
-- from after p_na ('' at first); p_laatste is the last number it found, the
-- p_na of the next call, so that a run reads the register once. The caller
-- repeats until p_gevonden < p_max.
--   persoon, persoon_gegevens, inschrijving   deleted (counted first in
--                                             retentie_telling)
--   melding                                   kept with its number, status
--                                             and dates; to the person
--                                             000000000, inhoud and free
--                                             texts without the pupil
--   melding_versie                            every version kept, its
--                                             snapshot and differences
--                                             without the pupil's fields
-- SQL SECURITY DEFINER: it runs with the rights of the schema's owner.
-- Only the job's account (rodgate_job, sql/grants.sql) may execute it and
-- that account has no rights on these tables itself; the history's
-- trigger (schema-verzuim.sql) lets an UPDATE through only in its session.
-- The persons are locked (FOR UPDATE, the lock row of every melding and
-- inschrijving change), so a request for one of them waits or is waited for;
-- once the batch is committed, a request for a removed pupil finds an
-- unknown pupil.
CREATE OR REPLACE PROCEDURE rod_retentie_persoonsgegevens(IN p_vandaag DATE, IN p_jaren INT, IN p_max INT,
                                                          IN p_na CHAR(9) CHARACTER SET ascii,
                                                          OUT p_gevonden INT, OUT p_aantal INT,
                                                          OUT p_laatste CHAR(9) CHARACTER SET ascii)
  MODIFIES SQL DATA SQL SECURITY DEFINER
BEGIN
  DECLARE v_grens DATE DEFAULT p_vandaag - INTERVAL p_jaren YEAR;
  DECLARE EXIT HANDLER FOR SQLEXCEPTION
  BEGIN
    ROLLBACK;
    DROP TEMPORARY TABLE IF EXISTS rod_retentie_weg;
    RESIGNAL;
  END;
  DROP TEMPORARY TABLE IF EXISTS rod_retentie_weg;
  CREATE TEMPORARY TABLE rod_retentie_weg (
    pgn CHAR(9) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY
  ) ENGINE=MEMORY;
  -- READ COMMITTED: the search below reads without locking the register
  -- (under REPEATABLE READ an INSERT ... SELECT would lock every row it reads)
  SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
  START TRANSACTION;
  INSERT INTO rod_retentie_weg (pgn)
    SELECT p.pgn FROM persoon p
    WHERE p.pgn > p_na AND p.pgn <> '000000000'
      AND EXISTS (SELECT 1 FROM inschrijving i WHERE i.pgn = p.pgn)
      AND NOT EXISTS (SELECT 1 FROM inschrijving i
                      WHERE i.pgn = p.pgn AND (i.uitschrijfdatum IS NULL OR i.uitschrijfdatum >= v_grens))
      AND NOT EXISTS (SELECT 1 FROM melding m
                      WHERE m.pgn = p.pgn AND m.status IN ('GEREGISTREERD', 'IN_BEHANDELING'))
    ORDER BY p.pgn LIMIT p_max;
  SELECT COUNT(*), MAX(pgn) INTO p_gevonden, p_laatste FROM rod_retentie_weg;
  -- Lock the candidates and their inschrijvingen: from here on no request
  -- can add to them (an insert's foreign key check waits for the person) or
  -- change an inschrijving; then look again, so a change committed while we
  -- searched keeps its pupil.
  SELECT COUNT(*) INTO p_aantal FROM persoon p JOIN rod_retentie_weg w ON w.pgn = p.pgn FOR UPDATE;
  SELECT COUNT(*) INTO p_aantal FROM inschrijving i JOIN rod_retentie_weg w ON w.pgn = i.pgn FOR UPDATE;
  DELETE w FROM rod_retentie_weg w
    WHERE NOT EXISTS (SELECT 1 FROM persoon p WHERE p.pgn = w.pgn)
       OR EXISTS (SELECT 1 FROM inschrijving i
                  WHERE i.pgn = w.pgn AND (i.uitschrijfdatum IS NULL OR i.uitschrijfdatum >= v_grens))
       OR EXISTS (SELECT 1 FROM melding m
                  WHERE m.pgn = w.pgn AND m.status IN ('GEREGISTREERD', 'IN_BEHANDELING'));
  SELECT COUNT(*) INTO p_aantal FROM rod_retentie_weg;
  -- The one person every melding of a removed pupil points to afterwards:
  -- the link to the pupil is not replaced by a pseudonym per pupil but cut,
  -- so nothing can lead back (irreversible). 000000000 passes neither
  -- elfproef (src/rules/pgn.c), so no request can ever name it, and the
  -- melding queries leave its meldingen out (ROD-0316).
  IF p_aantal > 0 THEN
    INSERT IGNORE INTO persoon (pgn, pgn_soort, toegekend) VALUES ('000000000', 'BSN', FALSE);
  END IF;
  INSERT INTO retentie_telling (instellingscode, uitschrijfjaar, aantal)
    SELECT i.instellingscode, YEAR(i.uitschrijfdatum), COUNT(*)
    FROM inschrijving i JOIN rod_retentie_weg w ON w.pgn = i.pgn
    GROUP BY i.instellingscode, YEAR(i.uitschrijfdatum)
    ON DUPLICATE KEY UPDATE aantal = aantal + VALUES(aantal);
  DELETE i FROM inschrijving i JOIN rod_retentie_weg w ON w.pgn = i.pgn;
  DELETE g FROM persoon_gegevens g JOIN rod_retentie_weg w ON w.pgn = g.pgn;
  UPDATE melding_versie v JOIN melding m ON m.meldingnummer = v.meldingnummer
    JOIN rod_retentie_weg w ON w.pgn = m.pgn
    SET v.snapshot = rod_zonder_leerling(v.snapshot), v.wijzigingen = rod_wijzigingen_zonder_leerling(v.wijzigingen);
  UPDATE melding m JOIN rod_retentie_weg w ON w.pgn = m.pgn
    SET m.pgn = '000000000', m.inhoud = rod_zonder_leerling(m.inhoud), m.tk_toelichting = NULL,
        m.toelichting_intrekken = NULL, m.reden_afgesloten = NULL;
  DELETE p FROM persoon p JOIN rod_retentie_weg w ON w.pgn = p.pgn;
  -- the old onderwijsnummers linked to a removed person (KoppelenBsn, spec
  -- 9.1): the identities they were known by, their emptied person rows and
  -- the links themselves
  DELETE m FROM persoon_alias_match m JOIN persoon_alias a ON a.alias = m.alias
    JOIN rod_retentie_weg w ON w.pgn = a.pgn;
  DELETE p FROM persoon p JOIN persoon_alias a ON a.alias = p.pgn JOIN rod_retentie_weg w ON w.pgn = a.pgn;
  DELETE a FROM persoon_alias a JOIN rod_retentie_weg w ON w.pgn = a.pgn;
  COMMIT;
  DROP TEMPORARY TABLE rod_retentie_weg;
END//

DELIMITER ;
