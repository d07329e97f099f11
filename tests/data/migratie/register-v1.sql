-- A register of the single-copy pupil model (rodgate before spec 9.8):
-- the schema of that version and a few pupils. Loaded by tests/integration/test_migratie.py.
-- rodgate register schema. Idempotent: applied at every start, never drops data.
-- Text columns use utf8mb4_uca1400_as_ci: case-insensitive for all of Unicode,
-- accent-sensitive (spec 2: searches fold case, not accents). Codes and
-- numbers are ASCII and compared byte for byte.

CREATE TABLE IF NOT EXISTS organisatie (
  id            INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  oin           CHAR(20) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  naam          VARCHAR(200) NOT NULL,
  rol           ENUM('SCHOOL','GEMEENTE') NOT NULL,
  gemeentecode  CHAR(4) CHARACTER SET ascii COLLATE ascii_bin NULL,
  UNIQUE KEY uk_organisatie_oin (oin),
  UNIQUE KEY uk_organisatie_gemeente (gemeentecode)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_as_ci;

CREATE TABLE IF NOT EXISTS instelling (
  code              CHAR(4) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  organisatie_id    INT UNSIGNED NOT NULL,
  naam              VARCHAR(200) NOT NULL,
  oprichtingsdatum  DATE NOT NULL,
  KEY k_instelling_org (organisatie_id, code),
  CONSTRAINT fk_instelling_org FOREIGN KEY (organisatie_id) REFERENCES organisatie (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_as_ci;

-- One row per person (pupil), keyed by the persoonsgebonden nummer (BSN or
-- onderwijsnummer). match_cs/match_ci identify a pupil submitted without a
-- number (spec 8.6): the case-sensitive parts (birth date, sex, postcode,
-- huisnummer, toevoeging or landcode) and the case-insensitive parts
-- (achternaam, huisletter or adresregel1). The unique key makes two concurrent
-- submissions of the same new pupil find one person. NULL for other persons.
CREATE TABLE IF NOT EXISTS persoon (
  pgn                  CHAR(9) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  pgn_soort            ENUM('BSN','ONDERWIJSNUMMER') NOT NULL,
  toegekend            BOOLEAN NOT NULL DEFAULT FALSE,
  geslacht             ENUM('MAN','VROUW','ONBEKEND') NOT NULL,
  geboortedatum        VARCHAR(10) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  achternaam           VARCHAR(200) NULL,
  voorvoegsels         VARCHAR(10) NULL,
  voornamen            VARCHAR(200) NULL,
  adres_soort          ENUM('BINNENLAND','BUITENLAND') NULL,
  postcode             CHAR(6) CHARACTER SET ascii COLLATE ascii_bin NULL,
  huisnummer           INT NULL,
  huisletter           VARCHAR(1) NULL,
  huisnummertoevoeging VARCHAR(4) NULL,
  huisnummeraanduiding VARCHAR(2) NULL,
  aanduiding_locatie   VARCHAR(40) NULL,
  straatnaam           VARCHAR(80) NULL,
  plaatsnaam           VARCHAR(80) NULL,
  landcode             CHAR(4) CHARACTER SET ascii COLLATE ascii_bin NULL,
  adresregel1          VARCHAR(35) NULL,
  adresregel2          VARCHAR(35) NULL,
  adresregel3          VARCHAR(35) NULL,
  startkwalificatie    BOOLEAN NOT NULL DEFAULT FALSE,
  match_cs             VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
  match_ci             VARCHAR(240) NULL,
  aangemaakt           DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  gewijzigd            DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY uk_persoon_match (match_cs, match_ci)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_as_ci;

-- Register-assigned onderwijsnummers come from this sequence (safe across
-- several gateway processes; numbers are never reused).
-- INCREMENT BY 0 as the schema has it now (sql/schema.sql): a Galera cluster
-- (make test-cluster) refuses a cached sequence with a fixed step, and the
-- single-server register migrated here is the same either way.
CREATE SEQUENCE IF NOT EXISTS onderwijsnummer_seq START WITH 1 INCREMENT BY 0 CACHE 100;

-- At most one inschrijving per pupil and instelling (a new one replaces the
-- old: "de eerste inschrijving wordt overschreven"); never deleted.
-- achternaam is a copy of persoon.achternaam so that the overview can page in
-- index order (instellingscode, achternaam, pgn) at any register size.
CREATE TABLE IF NOT EXISTS inschrijving (
  instellingscode   CHAR(4) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  pgn               CHAR(9) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  inschrijfdatum    DATE NOT NULL,
  uitschrijfdatum   DATE NULL,
  achternaam        VARCHAR(200) NULL,
  laatst_gewijzigd  DATETIME(3) NOT NULL,
  PRIMARY KEY (instellingscode, pgn),
  KEY k_inschrijving_pgn (pgn),
  KEY k_inschrijving_overzicht (instellingscode, achternaam, pgn),
  CONSTRAINT fk_inschrijving_instelling FOREIGN KEY (instellingscode) REFERENCES instelling (code),
  CONSTRAINT fk_inschrijving_persoon FOREIGN KEY (pgn) REFERENCES persoon (pgn)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_as_ci;

-- Idempotency (spec 1): every processed mutating request, per organisation
-- and wsa:MessageID, with the SHA-256 of its SOAP Body and the response sent.
-- Written in the same transaction as the request's data.
CREATE TABLE IF NOT EXISTS verwerkt_bericht (
  organisatie_id  INT UNSIGNED NOT NULL,
  message_id      VARBINARY(255) NOT NULL,
  body_sha256     BINARY(32) NOT NULL,
  operatie        VARCHAR(40) CHARACTER SET ascii NOT NULL,
  content_type    VARCHAR(100) CHARACTER SET ascii NOT NULL DEFAULT '',
  response        LONGBLOB NULL,
  ontvangen       DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (organisatie_id, message_id),
  KEY k_verwerkt_ontvangen (ontvangen)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
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
-- Development register of spec 7. Idempotent (re-applied at start).
INSERT INTO organisatie (oin, naam, rol, gemeentecode) VALUES
  ('00000001003214345000', 'Stichting Japanese School Amsterdam', 'SCHOOL', NULL),
  ('00000001005432101000', 'Stichting International School Groningen', 'SCHOOL', NULL),
  ('00000001001589623000', 'Gemeente Groningen', 'GEMEENTE', '0014'),
  ('00000001002564440000', 'Gemeente Amsterdam', 'GEMEENTE', '0363')
ON DUPLICATE KEY UPDATE naam = VALUES(naam), rol = VALUES(rol), gemeentecode = VALUES(gemeentecode);

INSERT INTO instelling (code, organisatie_id, naam, oprichtingsdatum)
SELECT v.code, o.id, v.naam, v.opgericht FROM (
  SELECT '31XU' AS code, '00000001003214345000' AS oin, 'Japanese School Amsterdam (PO)' AS naam, DATE '1980-08-01' AS opgericht
  UNION ALL SELECT '31XV', '00000001003214345000', 'Japanese School Amsterdam (VO)', DATE '1985-08-01'
  UNION ALL SELECT '24GP', '00000001005432101000', 'International School Groningen', DATE '2001-08-01'
) v JOIN organisatie o ON o.oin = v.oin
ON DUPLICATE KEY UPDATE organisatie_id = VALUES(organisatie_id), naam = VALUES(naam),
  oprichtingsdatum = VALUES(oprichtingsdatum);

-- 123456782: enrolled by both schools (the shared copy is what school-b sent last)
-- 101222331: assigned onderwijsnummer, school-a only (31XU and, ended, 31XV)
-- 111222333: school-b only, abroad
-- 999990019: a person without any inschrijving
INSERT INTO persoon (pgn, pgn_soort, toegekend, geslacht, geboortedatum, achternaam, voorvoegsels, voornamen,
                     adres_soort, postcode, huisnummer, huisletter, huisnummertoevoeging, straatnaam, plaatsnaam,
                     landcode, adresregel1, match_cs, match_ci, gewijzigd) VALUES
  ('123456782', 'BSN', FALSE, 'MAN', '2012-05-17', 'Bakker', 'de', 'Jan', 'BINNENLAND', '9711AA', 7, NULL, NULL,
   'Grote Markt', 'Groningen', NULL, NULL, NULL, NULL, '2026-01-02 03:04:05.678'),
  ('101222331', 'ONDERWIJSNUMMER', TRUE, 'VROUW', '2013-03-04', 'Jansen', NULL, 'Els', 'BINNENLAND', '1012AB', 12, 'b',
   NULL, NULL, NULL, NULL, NULL, '2013-03-04|VROUW|B|1012AB|12|', CONCAT('Jansen', CHAR(31 USING utf8mb4), 'b'),
   '2026-01-03 00:00:00.000'),
  ('111222333', 'BSN', FALSE, 'ONBEKEND', '2011', 'Dubois', NULL, NULL, 'BUITENLAND', NULL, NULL, NULL, NULL, NULL,
   NULL, '5010', 'Rue de la Loi 16', NULL, NULL, '2026-01-04 00:00:00.000'),
  ('999990019', 'BSN', FALSE, 'MAN', '2010-01-01', 'Zonder', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
   NULL, NULL, NULL, NULL, '2026-01-05 00:00:00.000');
INSERT INTO inschrijving (instellingscode, pgn, inschrijfdatum, uitschrijfdatum, achternaam, laatst_gewijzigd) VALUES
  ('31XU', '123456782', '2024-08-19', NULL, 'Bakker', '2026-01-01 00:00:00.000'),
  ('24GP', '123456782', '2025-08-19', NULL, 'Bakker', '2026-01-02 03:04:05.678'),
  ('31XU', '101222331', '2024-08-19', NULL, 'Jansen', '2026-01-03 00:00:00.000'),
  ('31XV', '101222331', '2023-08-19', '2024-07-31', 'Jansen', '2026-01-03 00:00:00.000'),
  ('24GP', '111222333', '2024-08-19', NULL, 'Dubois', '2026-01-04 00:00:00.000');
