-- Stored procedures: statements that always run together, executed in one
-- round trip from the gateway instead of one each. On this machine a round
-- trip costs both processes a pair of context switches (about 0.1 ms of CPU
-- together), more than most of these statements cost themselves
-- (docs/performance.md). They run in the caller's transaction and change
-- nothing of its rules: every value is a parameter, errors (a duplicate, a
-- foreign key, a CHECK, a deadlock) reach the caller as they would from the
-- single statements. Dates and times are passed as text and converted by
-- the INSERT, exactly as the single statements did. Idempotent: replaced at
-- every start.
DELIMITER //

-- The start of every mutating request: its transaction and the claim of
-- its wsa:MessageID (src/store/idempotency.h). A MessageID seen before
-- fails the INSERT with a duplicate key; the transaction is then open and
-- the caller rolls it back, as after the single statements.
CREATE OR REPLACE PROCEDURE rod_bericht_begin(
  IN p_organisatie_id INT UNSIGNED,
  IN p_message_id VARBINARY(255),
  IN p_body_sha256 BINARY(32),
  IN p_operatie VARCHAR(40) CHARACTER SET ascii)
  MODIFIES SQL DATA SQL SECURITY INVOKER
BEGIN
  START TRANSACTION;
  INSERT INTO verwerkt_bericht (organisatie_id, message_id, body_sha256, operatie)
  VALUES (p_organisatie_id, p_message_id, p_body_sha256, p_operatie);
END//

-- The end of every mutating request that succeeded: the response kept for
-- replays, the request's audit row (so it is as durable as the data, with
-- no commit of its own: docs/design.md), its row in the overview of sent
-- messages (bericht_metadata, sql/schema-berichten.sql); the callers below
-- then COMMIT. When any fails the transaction stays open and the caller
-- rolls it back.
CREATE OR REPLACE PROCEDURE rod_bericht_bewaren(
  IN p_response LONGBLOB,
  IN p_content_type VARCHAR(100) CHARACTER SET ascii,
  IN p_organisatie_id INT UNSIGNED,
  IN p_message_id VARBINARY(255),
  IN p_tijdstip VARCHAR(23) CHARACTER SET ascii,
  IN p_oin CHAR(20) CHARACTER SET ascii,
  IN p_operatie VARCHAR(40) CHARACTER SET ascii,
  IN p_audit_message_id VARCHAR(255) CHARACTER SET ascii,
  IN p_resultaat VARCHAR(12) CHARACTER SET ascii,
  IN p_duur_ms DOUBLE,
  -- bericht_metadata
  IN p_bericht_resultaat VARCHAR(12) CHARACTER SET ascii,
  IN p_aantal_verwerkt INT UNSIGNED,
  IN p_aantal_gelukt INT UNSIGNED,
  IN p_aantal_afgekeurd INT UNSIGNED,
  IN p_meldingnummer BIGINT)
  MODIFIES SQL DATA SQL SECURITY INVOKER
BEGIN
  UPDATE verwerkt_bericht SET response = p_response, content_type = p_content_type
  WHERE organisatie_id = p_organisatie_id AND message_id = p_message_id;
  INSERT INTO audit (tijdstip, oin, operatie, message_id, resultaat, http_status, duur_ms)
  VALUES (p_tijdstip, NULLIF(p_oin, ''), NULLIF(p_operatie, ''), NULLIF(p_audit_message_id, ''), p_resultaat,
          200, p_duur_ms);
  -- begin 1.1: OpvragenBerichten
  INSERT INTO bericht_metadata (organisatie_id, message_id, operatie, ontvangen, resultaat, aantal_verwerkt,
                                aantal_gelukt, aantal_afgekeurd, meldingnummer)
  VALUES (p_organisatie_id, p_message_id, p_operatie, p_tijdstip, p_bericht_resultaat, p_aantal_verwerkt,
          p_aantal_gelukt, p_aantal_afgekeurd, p_meldingnummer);
  -- end 1.1: OpvragenBerichten
END//

-- The end of a mutating request that wrote no melding version:
-- rod_bericht_bewaren, then COMMIT.
CREATE OR REPLACE PROCEDURE rod_bericht_einde(
  IN p_response LONGBLOB,
  IN p_content_type VARCHAR(100) CHARACTER SET ascii,
  IN p_organisatie_id INT UNSIGNED,
  IN p_message_id VARBINARY(255),
  IN p_tijdstip VARCHAR(23) CHARACTER SET ascii,
  IN p_oin CHAR(20) CHARACTER SET ascii,
  IN p_operatie VARCHAR(40) CHARACTER SET ascii,
  IN p_audit_message_id VARCHAR(255) CHARACTER SET ascii,
  IN p_resultaat VARCHAR(12) CHARACTER SET ascii,
  IN p_duur_ms DOUBLE,
  IN p_bericht_resultaat VARCHAR(12) CHARACTER SET ascii,
  IN p_aantal_verwerkt INT UNSIGNED,
  IN p_aantal_gelukt INT UNSIGNED,
  IN p_aantal_afgekeurd INT UNSIGNED,
  IN p_meldingnummer BIGINT)
  MODIFIES SQL DATA SQL SECURITY INVOKER
BEGIN
  CALL rod_bericht_bewaren(p_response, p_content_type, p_organisatie_id, p_message_id, p_tijdstip, p_oin,
                           p_operatie, p_audit_message_id, p_resultaat, p_duur_ms, p_bericht_resultaat,
                           p_aantal_verwerkt, p_aantal_gelukt, p_aantal_afgekeurd, p_meldingnummer);
  COMMIT;
END//

-- begin 1.1: ZoekenVerzuim gewijzigdSinds
-- The stamp of a new versie (laatstGewijzigd, sql/schema-wijzigingsklok.sql):
-- strictly increasing, and in commit order because the row lock taken here
-- is held until the caller's transaction ends. Called as the last write of
-- a melding transaction, so that the lock is held as briefly as possible.
CREATE OR REPLACE PROCEDURE rod_melding_klok(OUT p_stempel DATETIME(6))
  MODIFIES SQL DATA SQL SECURITY INVOKER
BEGIN
  UPDATE melding_klok SET stempel = GREATEST(UTC_TIMESTAMP(6), stempel + INTERVAL 1 MICROSECOND) WHERE id = 1;
  SELECT stempel INTO p_stempel FROM melding_klok WHERE id = 1;
END//

-- A new versie of an existing melding (its row already updated by the
-- caller): the stamp, the history row with it, and the melding's
-- laatst_gewijzigd.
CREATE OR REPLACE PROCEDURE rod_melding_versie(
  IN p_nummer BIGINT,
  IN p_versie INT,
  IN p_actie VARCHAR(20) CHARACTER SET ascii,
  IN p_door_organisatie_id INT UNSIGNED,
  IN p_door_oin VARCHAR(20) CHARACTER SET ascii,
  IN p_door_naam VARCHAR(200) CHARACTER SET utf8mb4,
  IN p_status VARCHAR(40) CHARACTER SET ascii,
  IN p_snapshot LONGTEXT CHARACTER SET utf8mb4,
  IN p_wijzigingen LONGTEXT CHARACTER SET utf8mb4)
  MODIFIES SQL DATA SQL SECURITY INVOKER
BEGIN
  DECLARE v_stempel DATETIME(6);
  CALL rod_melding_klok(v_stempel);
  INSERT INTO melding_versie (meldingnummer, versie, tijdstip, actie, door_organisatie_id, door_oin, door_naam,
                              status, snapshot, wijzigingen)
  VALUES (p_nummer, p_versie, v_stempel, p_actie, p_door_organisatie_id, p_door_oin, p_door_naam, p_status,
          p_snapshot, p_wijzigingen);
  UPDATE melding SET laatst_gewijzigd = v_stempel WHERE meldingnummer = p_nummer;
END//
-- end 1.1: ZoekenVerzuim gewijzigdSinds

-- A new melding (MeldenVerzuim): the melding row, version 1 in its history
-- (both stamped by rod_melding_klok),
-- the notification for the gemeente and, when asked, the confirmation for
-- the reporting school. The number comes from melding_seq (drawn by the
-- caller with its lock on the pupil).
CREATE OR REPLACE PROCEDURE rod_melding_nieuw(
  IN p_nummer BIGINT,
  IN p_status VARCHAR(40) CHARACTER SET ascii,
  IN p_datum VARCHAR(10) CHARACTER SET ascii,
  IN p_tijdstip VARCHAR(23) CHARACTER SET ascii,
  IN p_wet VARCHAR(20) CHARACTER SET ascii,
  IN p_instellingscode VARCHAR(4) CHARACTER SET ascii,
  IN p_pgn VARCHAR(9) CHARACTER SET ascii,
  IN p_soort VARCHAR(40) CHARACTER SET ascii,
  IN p_begindatum VARCHAR(10) CHARACTER SET ascii,
  IN p_einddatum VARCHAR(10) CHARACTER SET ascii,
  IN p_met_prioriteit BOOLEAN,
  IN p_contactpersoon_naam VARCHAR(200) CHARACTER SET utf8mb4,
  IN p_gemeente_id INT UNSIGNED,
  IN p_inhoud LONGTEXT CHARACTER SET utf8mb4,
  IN p_door_organisatie_id INT UNSIGNED,
  IN p_door_oin VARCHAR(20) CHARACTER SET ascii,
  IN p_door_naam VARCHAR(200) CHARACTER SET utf8mb4,
  IN p_snapshot LONGTEXT CHARACTER SET utf8mb4,
  IN p_wijzigingen LONGTEXT CHARACTER SET utf8mb4,
  IN p_bevestiging BOOLEAN,
  IN p_melder_email VARCHAR(254) CHARACTER SET utf8mb4)
  MODIFIES SQL DATA SQL SECURITY INVOKER
BEGIN
  DECLARE v_stempel DATETIME(6);
  CALL rod_melding_klok(v_stempel);
  INSERT INTO melding (meldingnummer, versie, status, status_datum, melddatum, aangemaakt, gewijzigd, wet,
                       instellingscode, pgn, soort, begindatum, einddatum, met_prioriteit, contactpersoon_naam,
                       gemeente_id, inhoud, laatst_gewijzigd)
  VALUES (p_nummer, 1, p_status, p_datum, p_datum, p_tijdstip, p_tijdstip, p_wet, p_instellingscode, p_pgn,
          p_soort, p_begindatum, p_einddatum, p_met_prioriteit, p_contactpersoon_naam, p_gemeente_id, p_inhoud,
          v_stempel);
  INSERT INTO melding_versie (meldingnummer, versie, tijdstip, actie, door_organisatie_id, door_oin, door_naam,
                              status, snapshot, wijzigingen)
  VALUES (p_nummer, 1, v_stempel, 'AANGEMAAKT', p_door_organisatie_id, p_door_oin, p_door_naam, p_status,
          p_snapshot, p_wijzigingen);
  INSERT INTO melding_notificatie (meldingnummer, soort, ontvanger_organisatie_id, ontvanger_email, aangemaakt)
  VALUES (p_nummer, 'NIEUWE_MELDING', p_gemeente_id, NULL, p_tijdstip);
  IF p_bevestiging THEN
    INSERT INTO melding_notificatie (meldingnummer, soort, ontvanger_organisatie_id, ontvanger_email, aangemaakt)
    VALUES (p_nummer, 'BEVESTIGING_MELDER', p_door_organisatie_id, p_melder_email, p_tijdstip);
  END IF;
END//

-- The end of a request whose change takes the melding clock: its stamped
-- write (rod_melding_nieuw or rod_melding_versie), held back by the gateway
-- until now (src/store/melding.h, rod_vz_deferred), with the stored
-- response, the audit row and the bericht's metadata, then COMMIT. The
-- clock's row lock, which every melding transaction holds until its commit
-- (docs/verzuim.md, "Following changes"), then covers only the melding's
-- own rows and the commit: not the serialisation of the answer, not a
-- round trip to the gateway, and not the stored response, which is
-- written first (docs/performance.md, 3c).
CREATE OR REPLACE PROCEDURE rod_bericht_einde_nieuw(
  IN p_response LONGBLOB,
  IN p_content_type VARCHAR(100) CHARACTER SET ascii,
  IN p_organisatie_id INT UNSIGNED,
  IN p_message_id VARBINARY(255),
  IN p_tijdstip VARCHAR(23) CHARACTER SET ascii,
  IN p_oin CHAR(20) CHARACTER SET ascii,
  IN p_operatie VARCHAR(40) CHARACTER SET ascii,
  IN p_audit_message_id VARCHAR(255) CHARACTER SET ascii,
  IN p_resultaat VARCHAR(12) CHARACTER SET ascii,
  IN p_duur_ms DOUBLE,
  IN p_bericht_resultaat VARCHAR(12) CHARACTER SET ascii,
  IN p_aantal_verwerkt INT UNSIGNED,
  IN p_aantal_gelukt INT UNSIGNED,
  IN p_aantal_afgekeurd INT UNSIGNED,
  IN p_meldingnummer BIGINT,
  -- rod_melding_nieuw
  IN m_nummer BIGINT,
  IN m_status VARCHAR(40) CHARACTER SET ascii,
  IN m_datum VARCHAR(10) CHARACTER SET ascii,
  IN m_tijdstip VARCHAR(23) CHARACTER SET ascii,
  IN m_wet VARCHAR(20) CHARACTER SET ascii,
  IN m_instellingscode VARCHAR(4) CHARACTER SET ascii,
  IN m_pgn VARCHAR(9) CHARACTER SET ascii,
  IN m_soort VARCHAR(40) CHARACTER SET ascii,
  IN m_begindatum VARCHAR(10) CHARACTER SET ascii,
  IN m_einddatum VARCHAR(10) CHARACTER SET ascii,
  IN m_met_prioriteit BOOLEAN,
  IN m_contactpersoon_naam VARCHAR(200) CHARACTER SET utf8mb4,
  IN m_gemeente_id INT UNSIGNED,
  IN m_inhoud LONGTEXT CHARACTER SET utf8mb4,
  IN m_door_organisatie_id INT UNSIGNED,
  IN m_door_oin VARCHAR(20) CHARACTER SET ascii,
  IN m_door_naam VARCHAR(200) CHARACTER SET utf8mb4,
  IN m_snapshot LONGTEXT CHARACTER SET utf8mb4,
  IN m_wijzigingen LONGTEXT CHARACTER SET utf8mb4,
  IN m_bevestiging BOOLEAN,
  IN m_melder_email VARCHAR(254) CHARACTER SET utf8mb4)
  MODIFIES SQL DATA SQL SECURITY INVOKER
BEGIN
  -- the stored response, the audit row and the bericht's metadata first
  -- (none refers to the melding's row), so that they are not written under
  -- the clock's lock, which rod_melding_nieuw takes
  CALL rod_bericht_bewaren(p_response, p_content_type, p_organisatie_id, p_message_id, p_tijdstip, p_oin,
                           p_operatie, p_audit_message_id, p_resultaat, p_duur_ms, p_bericht_resultaat,
                           p_aantal_verwerkt, p_aantal_gelukt, p_aantal_afgekeurd, p_meldingnummer);
  CALL rod_melding_nieuw(m_nummer, m_status, m_datum, m_tijdstip, m_wet, m_instellingscode, m_pgn, m_soort,
                         m_begindatum, m_einddatum, m_met_prioriteit, m_contactpersoon_naam, m_gemeente_id,
                         m_inhoud, m_door_organisatie_id, m_door_oin, m_door_naam, m_snapshot, m_wijzigingen,
                         m_bevestiging, m_melder_email);
  COMMIT;
END//

-- The same for a later versie (rod_melding_versie; the melding's row was
-- updated by the caller before).
CREATE OR REPLACE PROCEDURE rod_bericht_einde_versie(
  IN p_response LONGBLOB,
  IN p_content_type VARCHAR(100) CHARACTER SET ascii,
  IN p_organisatie_id INT UNSIGNED,
  IN p_message_id VARBINARY(255),
  IN p_tijdstip VARCHAR(23) CHARACTER SET ascii,
  IN p_oin CHAR(20) CHARACTER SET ascii,
  IN p_operatie VARCHAR(40) CHARACTER SET ascii,
  IN p_audit_message_id VARCHAR(255) CHARACTER SET ascii,
  IN p_resultaat VARCHAR(12) CHARACTER SET ascii,
  IN p_duur_ms DOUBLE,
  IN p_bericht_resultaat VARCHAR(12) CHARACTER SET ascii,
  IN p_aantal_verwerkt INT UNSIGNED,
  IN p_aantal_gelukt INT UNSIGNED,
  IN p_aantal_afgekeurd INT UNSIGNED,
  IN p_meldingnummer BIGINT,
  -- rod_melding_versie
  IN v_nummer BIGINT,
  IN v_versie INT,
  IN v_actie VARCHAR(20) CHARACTER SET ascii,
  IN v_door_organisatie_id INT UNSIGNED,
  IN v_door_oin VARCHAR(20) CHARACTER SET ascii,
  IN v_door_naam VARCHAR(200) CHARACTER SET utf8mb4,
  IN v_status VARCHAR(40) CHARACTER SET ascii,
  IN v_snapshot LONGTEXT CHARACTER SET utf8mb4,
  IN v_wijzigingen LONGTEXT CHARACTER SET utf8mb4)
  MODIFIES SQL DATA SQL SECURITY INVOKER
BEGIN
  CALL rod_bericht_bewaren(p_response, p_content_type, p_organisatie_id, p_message_id, p_tijdstip, p_oin,
                           p_operatie, p_audit_message_id, p_resultaat, p_duur_ms, p_bericht_resultaat,
                           p_aantal_verwerkt, p_aantal_gelukt, p_aantal_afgekeurd, p_meldingnummer);
  CALL rod_melding_versie(v_nummer, v_versie, v_actie, v_door_organisatie_id, v_door_oin, v_door_naam, v_status,
                          v_snapshot, v_wijzigingen);
  COMMIT;
END//

-- ---- version 1.1: KoppelenBsn (spec 9.1; table and columns in
-- sql/schema-koppelen.sql) ----
-- The merge of person p_on into person p_bsn (which is created when the
-- register does not know it yet), in the caller's transaction, after the
-- caller inserted the alias row. Everything of p_on moves to p_bsn:
--  * the persons are locked first, lowest number first, as a batch of
--    AanleverenInschrijving locks them (in number order) and as
--    MeldenVerzuim locks its one pupil, so that the merge cannot deadlock
--    with them on the person rows;
--  * each organisation's data (spec 9.8): an organisation with rows under
--    both keeps one, per field the value it submitted most recently (the
--    field times of persoon_gegevens, sql/schema-koppelen.sql; the address
--    as a whole; geslacht and geboortedatum of the later submission); an
--    organisation with a row under p_on only keeps it, moved;
--  * inschrijvingen: at an instelling where both have one, the most
--    recently changed one stays (at most one per instelling); the others
--    move; laatstGewijzigd moves for every inschrijving whose
--    organisation's view changed (spec 9.2, 9.8);
--  * meldingen move with their number, versie and history; the current
--    melding as stored names the BSN (the history keeps what was sent);
--  * a startkwalificatie of either person stays.
-- SQL SECURITY DEFINER: the gateway's account has no DELETE (sql/grants.sql);
-- the merge is the one request that removes rows, and only these.
CREATE OR REPLACE PROCEDURE rod_koppelen_samenvoegen(
  IN p_on CHAR(9) CHARACTER SET ascii,
  IN p_bsn CHAR(9) CHARACTER SET ascii)
  MODIFIES SQL DATA SQL SECURITY DEFINER
BEGIN
  DECLARE v_n INT;
  DECLARE v_nu DATETIME(3) DEFAULT UTC_TIMESTAMP(3);
  SELECT COUNT(*) INTO v_n FROM persoon WHERE pgn = LEAST(p_on, p_bsn) FOR UPDATE;
  SELECT COUNT(*) INTO v_n FROM persoon WHERE pgn = GREATEST(p_on, p_bsn) FOR UPDATE;
  INSERT IGNORE INTO persoon (pgn, pgn_soort) VALUES (p_bsn, 'BSN');
  UPDATE persoon b JOIN persoon o ON o.pgn = p_on
    SET b.startkwalificatie = b.startkwalificatie OR o.startkwalificatie, b.gewijzigd = v_nu
    WHERE b.pgn = p_bsn;

  -- laatstGewijzigd of the BSN's inschrijvingen at organisations that also
  -- had data under p_on (their view merges); p_on's own ones below
  UPDATE inschrijving i JOIN instelling s ON s.code = i.instellingscode
    JOIN persoon_gegevens a ON a.pgn = p_on AND a.organisatie_id = s.organisatie_id
    SET i.laatst_gewijzigd = v_nu WHERE i.pgn = p_bsn;

  -- the identities the organisations knew the person by without a number
  -- (before the merge changes p_on's rows)
  INSERT IGNORE INTO persoon_alias_match (match_cs, match_ci, alias)
    SELECT match_cs, match_ci, p_on FROM persoon_gegevens WHERE pgn = p_on AND match_cs IS NOT NULL;

  -- data of organisations with rows under both, per field the value
  -- submitted most recently. First p_on's row (deleted below) keeps only
  -- the fields that win, so that the next statement reads only columns of
  -- p_on's row, which it never changes (MariaDB does not promise the order
  -- of the assignments of a multi-table UPDATE).
  UPDATE persoon_gegevens a JOIN persoon_gegevens b ON b.pgn = p_bsn AND b.organisatie_id = a.organisatie_id
    SET a.achternaam = IF(b.achternaam IS NOT NULL AND COALESCE(a.achternaam_gewijzigd, a.gewijzigd)
                          <= COALESCE(b.achternaam_gewijzigd, b.gewijzigd), NULL, a.achternaam),
        a.voorvoegsels = IF(b.voorvoegsels IS NOT NULL AND COALESCE(a.voorvoegsels_gewijzigd, a.gewijzigd)
                            <= COALESCE(b.voorvoegsels_gewijzigd, b.gewijzigd), NULL, a.voorvoegsels),
        a.voornamen = IF(b.voornamen IS NOT NULL AND COALESCE(a.voornamen_gewijzigd, a.gewijzigd)
                         <= COALESCE(b.voornamen_gewijzigd, b.gewijzigd), NULL, a.voornamen),
        a.adres_soort = IF(b.adres_soort IS NOT NULL AND COALESCE(a.adres_gewijzigd, a.gewijzigd)
                           <= COALESCE(b.adres_gewijzigd, b.gewijzigd), NULL, a.adres_soort)
    WHERE a.pgn = p_on;
  UPDATE persoon_gegevens b JOIN persoon_gegevens a ON a.pgn = p_on AND a.organisatie_id = b.organisatie_id
    SET b.geslacht = IF(a.gewijzigd > b.gewijzigd, a.geslacht, b.geslacht),
        b.geboortedatum = IF(a.gewijzigd > b.gewijzigd, a.geboortedatum, b.geboortedatum),
        b.achternaam_gewijzigd = IF(a.achternaam IS NULL, b.achternaam_gewijzigd,
                                    COALESCE(a.achternaam_gewijzigd, a.gewijzigd)),
        b.achternaam = COALESCE(a.achternaam, b.achternaam),
        b.voorvoegsels_gewijzigd = IF(a.voorvoegsels IS NULL, b.voorvoegsels_gewijzigd,
                                      COALESCE(a.voorvoegsels_gewijzigd, a.gewijzigd)),
        b.voorvoegsels = COALESCE(a.voorvoegsels, b.voorvoegsels),
        b.voornamen_gewijzigd = IF(a.voornamen IS NULL, b.voornamen_gewijzigd,
                                   COALESCE(a.voornamen_gewijzigd, a.gewijzigd)),
        b.voornamen = COALESCE(a.voornamen, b.voornamen),
        b.adres_gewijzigd = IF(a.adres_soort IS NULL, b.adres_gewijzigd, COALESCE(a.adres_gewijzigd, a.gewijzigd)),
        b.postcode = IF(a.adres_soort IS NULL, b.postcode, a.postcode),
        b.huisnummer = IF(a.adres_soort IS NULL, b.huisnummer, a.huisnummer),
        b.huisletter = IF(a.adres_soort IS NULL, b.huisletter, a.huisletter),
        b.huisnummertoevoeging = IF(a.adres_soort IS NULL, b.huisnummertoevoeging, a.huisnummertoevoeging),
        b.huisnummeraanduiding = IF(a.adres_soort IS NULL, b.huisnummeraanduiding, a.huisnummeraanduiding),
        b.aanduiding_locatie = IF(a.adres_soort IS NULL, b.aanduiding_locatie, a.aanduiding_locatie),
        b.straatnaam = IF(a.adres_soort IS NULL, b.straatnaam, a.straatnaam),
        b.plaatsnaam = IF(a.adres_soort IS NULL, b.plaatsnaam, a.plaatsnaam),
        b.landcode = IF(a.adres_soort IS NULL, b.landcode, a.landcode),
        b.adresregel1 = IF(a.adres_soort IS NULL, b.adresregel1, a.adresregel1),
        b.adresregel2 = IF(a.adres_soort IS NULL, b.adresregel2, a.adresregel2),
        b.adresregel3 = IF(a.adres_soort IS NULL, b.adresregel3, a.adresregel3),
        b.adres_soort = COALESCE(a.adres_soort, b.adres_soort)
    WHERE b.pgn = p_bsn;
  -- the field times above read b.gewijzigd where NULL: it moves last
  UPDATE persoon_gegevens b JOIN persoon_gegevens a ON a.pgn = p_on AND a.organisatie_id = b.organisatie_id
    SET b.achternaam_gewijzigd = COALESCE(b.achternaam_gewijzigd, b.gewijzigd),
        b.voorvoegsels_gewijzigd = COALESCE(b.voorvoegsels_gewijzigd, b.gewijzigd),
        b.voornamen_gewijzigd = COALESCE(b.voornamen_gewijzigd, b.gewijzigd),
        b.adres_gewijzigd = COALESCE(b.adres_gewijzigd, b.gewijzigd)
    WHERE b.pgn = p_bsn;
  UPDATE persoon_gegevens b JOIN persoon_gegevens a ON a.pgn = p_on AND a.organisatie_id = b.organisatie_id
    SET b.gewijzigd = GREATEST(a.gewijzigd, b.gewijzigd)
    WHERE b.pgn = p_bsn;
  DELETE a FROM persoon_gegevens a JOIN persoon_gegevens b ON b.pgn = p_bsn AND b.organisatie_id = a.organisatie_id
    WHERE a.pgn = p_on;
  UPDATE persoon_gegevens SET pgn = p_bsn WHERE pgn = p_on;

  -- inschrijvingen: one per instelling, the most recently changed
  DELETE i FROM inschrijving i JOIN inschrijving j ON j.instellingscode = i.instellingscode AND j.pgn = p_on
    WHERE i.pgn = p_bsn AND j.laatst_gewijzigd > i.laatst_gewijzigd;
  DELETE j FROM inschrijving j JOIN inschrijving i ON i.instellingscode = j.instellingscode AND i.pgn = p_bsn
    WHERE j.pgn = p_on;
  UPDATE inschrijving SET pgn = p_bsn, laatst_gewijzigd = v_nu WHERE pgn = p_on;
  -- the overview's sort copy from each organisation's merged data
  UPDATE inschrijving i JOIN instelling s ON s.code = i.instellingscode
    JOIN persoon_gegevens g ON g.pgn = i.pgn AND g.organisatie_id = s.organisatie_id
    SET i.achternaam = g.achternaam
    WHERE i.pgn = p_bsn AND NOT (BINARY i.achternaam <=> BINARY g.achternaam);

  -- meldingen: number, versie and history unchanged; the stored melding
  -- (a JSON object, src/rules/verzuim_fields.h) names the BSN
  UPDATE melding
    SET pgn = p_bsn,
        inhoud = REPLACE(inhoud, CONCAT('"leerling/persoonsgebondenNummer/onderwijsnummer":"', p_on, '"'),
                         CONCAT('"leerling/persoonsgebondenNummer/bsn":"', p_bsn, '"'))
    WHERE pgn = p_on;
  UPDATE persoon SET gewijzigd = v_nu WHERE pgn = p_on;
END//

-- ---- end of KoppelenBsn ----

DELIMITER ;
