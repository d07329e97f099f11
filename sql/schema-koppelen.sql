-- KoppelenBsn (spec 9.1): a pupil registered under an onderwijsnummer is
-- linked to the BSN it received later; two persons known under the two
-- numbers become one under the BSN. Idempotent: applied at every start
-- (after schema.sql), never drops data.

-- The old onderwijsnummer of a linked person: every operation that takes a
-- persoonsgebondenNummer resolves it here to the BSN (src/store/alias.h).
-- The person row of the old number stays in persoon, emptied: it keeps the
-- number reserved and keeps the identity under which the register assigned
-- it (persoon.match_cs/match_ci), so that matching a pupil without a number
-- (spec 8.6) still meets it and, through this table, returns the BSN.
-- No foreign keys here on purpose: a request resolving a number reads this
-- table with a locking read before it locks any person, and KoppelenBsn
-- inserts its row before it locks the persons; a foreign key check would
-- lock the person rows first and make the two orders cross.
--   alias           the old onderwijsnummer (unique: linked once)
--   pgn             the BSN it is linked to
--   organisatie_id  the school that linked it (who, for support questions)
--   gekoppeld       when (UTC)
CREATE TABLE IF NOT EXISTS persoon_alias (
  alias           CHAR(9) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  pgn             CHAR(9) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  organisatie_id  INT UNSIGNED NOT NULL,
  gekoppeld       DATETIME(3) NOT NULL,
  KEY k_alias_pgn (pgn)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- When each optional field of an organisation's data was submitted last
-- (NULL: at gewijzigd, the row's last submission), kept by the upsert of
-- src/store/inschrijving.c: the merge takes per field the value submitted
-- most recently. geslacht and geboortedatum come with every submission.
ALTER TABLE persoon_gegevens
  ADD COLUMN IF NOT EXISTS achternaam_gewijzigd DATETIME(3) NULL,
  ADD COLUMN IF NOT EXISTS voorvoegsels_gewijzigd DATETIME(3) NULL,
  ADD COLUMN IF NOT EXISTS voornamen_gewijzigd DATETIME(3) NULL,
  ADD COLUMN IF NOT EXISTS adres_gewijzigd DATETIME(3) NULL;

DELIMITER //

-- The merge of person p_on into person p_bsn (which is created when the
-- register does not know it yet), in the caller's transaction, after the
-- caller inserted the alias row. Everything of p_on moves to p_bsn:
--  * the persons are locked first, lowest number first, as a batch of
--    AanleverenInschrijving locks them (in number order) and as
--    MeldenVerzuim locks its one pupil, so that the merge cannot deadlock
--    with them on the person rows;
--  * each organisation's data (spec 9.8): an organisation with rows under
--    both keeps one, per field the value it submitted most recently (the
--    field times above; the address as a whole; geslacht and geboortedatum
--    of the later submission); an organisation with a row under p_on only
--    keeps it, moved;
--  * inschrijvingen: at an instelling where both have one, the most
--    recently changed one stays (at most one per instelling); the others
--    move; laatstGewijzigd moves for every inschrijving whose
--    organisation's view changed (spec 9.2, 9.8);
--  * meldingen move with their number, versie and history; the current
--    melding as stored names the BSN (the history keeps what was sent);
--  * a startkwalificatie of either person stays.
CREATE OR REPLACE PROCEDURE rod_koppelen_samenvoegen(
  IN p_on CHAR(9) CHARACTER SET ascii,
  IN p_bsn CHAR(9) CHARACTER SET ascii)
  MODIFIES SQL DATA SQL SECURITY INVOKER
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

DELIMITER ;
