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
-- onderwijsnummer): what spans organisations (spec 9.8). The pupil data
-- themselves are per organisation, in persoon_gegevens; this row is also the
-- lock row of the meldingen rules (src/store/melding.h). match_cs/match_ci
-- are the identity under which the register assigned an onderwijsnummer
-- (spec 8.6; NULL for other persons): the unique key makes two
-- concurrent submissions of the same new pupil find one person.
CREATE TABLE IF NOT EXISTS persoon (
  pgn                  CHAR(9) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  pgn_soort            ENUM('BSN','ONDERWIJSNUMMER') NOT NULL,
  toegekend            BOOLEAN NOT NULL DEFAULT FALSE,
  startkwalificatie    BOOLEAN NOT NULL DEFAULT FALSE,
  match_cs             VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
  match_ci             VARCHAR(240) NULL,
  aangemaakt           DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  gewijzigd            DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY uk_persoon_match (match_cs, match_ci)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_as_ci;

-- A person's data as one organisation last submitted them (spec 9.8):
-- every response to that organisation shows these, and its rules use them.
-- An organisation with an inschrijving of the person always has this row
-- (written in the same transaction). match_cs/match_ci are this
-- organisation's view in the form of the 8.6 identity (the same strings as
-- match_key() in src/store/inschrijving.c builds), so that a pupil submitted
-- without a number is found through any organisation's data; NULL without
-- an achternaam or an address, and for a BSN: only persons with a
-- register-assigned onderwijsnummer are matched (src/store/inschrijving.c),
-- and a batch of BSN pupils then adds its index entries in number order
-- instead of at random places of the index. (RTRIM: MariaDB allows a CHAR column in a
-- generated column only through a function that makes it independent of
-- PAD_CHAR_TO_FULL_LENGTH; postcode and landcode have a fixed length.)
CREATE TABLE IF NOT EXISTS persoon_gegevens (
  pgn                  CHAR(9) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  organisatie_id       INT UNSIGNED NOT NULL,
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
  gewijzigd            DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  match_cs             VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin AS (
                         CASE WHEN achternaam IS NULL OR RTRIM(pgn) NOT LIKE '10%' THEN NULL
                              WHEN adres_soort = 'BINNENLAND' THEN CONCAT(geboortedatum, '|', geslacht, '|B|',
                                RTRIM(postcode), '|', huisnummer, '|', IFNULL(huisnummertoevoeging, ''))
                              WHEN adres_soort = 'BUITENLAND' THEN CONCAT(geboortedatum, '|', geslacht, '|L|',
                                RTRIM(landcode)) END) VIRTUAL,
  match_ci             VARCHAR(240) CHARACTER SET utf8mb4 COLLATE utf8mb4_uca1400_as_ci AS (
                         CASE WHEN achternaam IS NULL OR RTRIM(pgn) NOT LIKE '10%' THEN NULL
                              WHEN adres_soort = 'BINNENLAND' THEN CONCAT(achternaam, CHAR(31 USING utf8mb4),
                                IFNULL(huisletter, ''))
                              WHEN adres_soort = 'BUITENLAND' THEN CONCAT(achternaam, CHAR(31 USING utf8mb4),
                                IFNULL(adresregel1, '')) END) VIRTUAL,
  PRIMARY KEY (pgn, organisatie_id),
  KEY k_gegevens_match (match_cs, match_ci),
  CONSTRAINT fk_gegevens_persoon FOREIGN KEY (pgn) REFERENCES persoon (pgn),
  CONSTRAINT fk_gegevens_organisatie FOREIGN KEY (organisatie_id) REFERENCES organisatie (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_as_ci;

-- Register-assigned onderwijsnummers come from this sequence (safe across
-- several gateway processes; numbers are never reused). INCREMENT BY 0 takes
-- the step from auto_increment_increment/offset: 1 on a single server, and
-- on a Galera cluster each node its own residue class (wsrep_auto_increment_
-- control), so nodes never hand out the same number; Galera refuses a cached
-- sequence with a fixed step (error 1235). Older registers are altered.
CREATE SEQUENCE IF NOT EXISTS onderwijsnummer_seq START WITH 1 INCREMENT BY 0 CACHE 100;
ALTER SEQUENCE onderwijsnummer_seq INCREMENT BY 0;

-- At most one inschrijving per pupil and instelling (a new one replaces the
-- old: "de eerste inschrijving wordt overschreven"); never deleted.
-- achternaam is a copy of the achternaam in the persoon_gegevens of the
-- instelling's organisation, so that the overview can page in index order
-- (instellingscode, achternaam, pgn) at any register size: the sort key is
-- per organisation because an instelling belongs to one.
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
