-- rodgate verzuim (absence report) schema, spec 4. Idempotent: applied
-- after schema.sql at every start, never drops data. Text columns use the
-- database's utf8mb4_uca1400_as_ci collation (case-insensitive searches over
-- all of Unicode); codes and numbers are ASCII, compared byte for byte.

-- Meldingnummers: unique and never reused, also with several gateway
-- processes (a sequence value is never handed out twice, not even when the
-- transaction that took it rolls back; cached values lost at a restart are
-- simply skipped). INCREMENT BY 0: see onderwijsnummer_seq (sql/schema.sql).
CREATE SEQUENCE IF NOT EXISTS melding_seq START WITH 1 INCREMENT BY 0 CACHE 20;
ALTER SEQUENCE melding_seq INCREMENT BY 0;

-- The current state of every melding. The melding as sent (trimmed) is kept
-- whole in `inhoud`, as a JSON object of its fields in document order (see
-- src/rules/verzuim_fields.h); the columns beside it are what the rules,
-- the authorisation and the search need. Rows are never deleted.
--   versie        raised by one with every change (create = 1)
--   status_datum  the register's local date of the last status change
--                 (aantalDagenStatus)
--   gemeente_id   the uitvoerende instantie, fixed when the melding is made
--   tk_*          the last terugkoppeling of the uitvoerende instantie
CREATE TABLE IF NOT EXISTS melding (
  meldingnummer          BIGINT NOT NULL PRIMARY KEY,
  versie                 INT NOT NULL,
  status                 ENUM('GEREGISTREERD','IN_BEHANDELING','AFGESLOTEN','TER_KENNISGEVING_AANGENOMEN',
                              'OVERGEDRAGEN_AAN_DERDEN','INGETROKKEN') NOT NULL,
  status_datum           DATE NOT NULL,
  melddatum              DATE NOT NULL,
  aangemaakt             DATETIME(3) NOT NULL,
  gewijzigd              DATETIME(3) NOT NULL,
  wet                    ENUM('LEERPLICHTWET','RMC_WET') NOT NULL,
  instellingscode        CHAR(4) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  pgn                    CHAR(9) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  soort                  ENUM('ZESTIEN_UUR_18MIN','LANGDURIG_RELATIEF_18MIN','ZESTIEN_UUR_18PLUS','RMC_18PLUS',
                              'OVERIG','LUXE') NOT NULL,
  begindatum             DATE NOT NULL,
  einddatum              DATE NULL,
  met_prioriteit         BOOLEAN NOT NULL,
  contactpersoon_naam    VARCHAR(200) NOT NULL,
  gemeente_id            INT UNSIGNED NOT NULL,
  inhoud                 LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL CHECK (JSON_VALID(inhoud)),
  tk_datum               DATE NULL,
  tk_organisatie         VARCHAR(200) NULL,
  tk_naam                VARCHAR(200) NULL,
  tk_functie             VARCHAR(100) NULL,
  tk_telefoon            VARCHAR(20) NULL,
  tk_email               VARCHAR(254) NULL,
  tk_toelichting         TEXT NULL,
  reden_afgesloten       VARCHAR(200) NULL,
  reden_intrekken        ENUM('FOUTIEF_GEMELD_NIEUWE_MELDING','GEEN_INSCHRIJVING','TEN_ONRECHTE_GEMELD','ANDERS') NULL,
  toelichting_intrekken  VARCHAR(300) NULL,
  KEY k_melding_pgn (pgn, begindatum),
  KEY k_melding_instelling (instellingscode, melddatum, meldingnummer),
  KEY k_melding_gemeente (gemeente_id, melddatum, meldingnummer),
  KEY k_melding_volgorde (melddatum, meldingnummer),
  CONSTRAINT fk_melding_instelling FOREIGN KEY (instellingscode) REFERENCES instelling (code),
  CONSTRAINT fk_melding_persoon FOREIGN KEY (pgn) REFERENCES persoon (pgn),
  CONSTRAINT fk_melding_gemeente FOREIGN KEY (gemeente_id) REFERENCES organisatie (id),
  CONSTRAINT ck_melding_versie CHECK (versie >= 1),
  CONSTRAINT ck_melding_periode CHECK (einddatum IS NULL OR einddatum >= begindatum)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_as_ci;

-- The history: one row per version, appended in the transaction that makes
-- the change, never updated or deleted (the triggers below refuse it).
--   tijdstip     UTC, milliseconds
--   door_*       the organisation that made the change, as it was named then
--   status       the status in this version
--   snapshot     the whole melding as it stood in this version: status, wet,
--                the melding's fields, the terugkoppeling and the reasons
--                (JSON object of fields in document order)
--   wijzigingen  the field differences against the version before, as
--                [{"veld":..,"oud":..,"nieuw":..}] (empty for version 1)
CREATE TABLE IF NOT EXISTS melding_versie (
  meldingnummer        BIGINT NOT NULL,
  versie               INT NOT NULL,
  tijdstip             DATETIME(3) NOT NULL,
  actie                ENUM('AANGEMAAKT','GEWIJZIGD','INGETROKKEN','TERUGKOPPELING') NOT NULL,
  door_organisatie_id  INT UNSIGNED NOT NULL,
  door_oin             CHAR(20) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  door_naam            VARCHAR(200) NOT NULL,
  status               ENUM('GEREGISTREERD','IN_BEHANDELING','AFGESLOTEN','TER_KENNISGEVING_AANGENOMEN',
                            'OVERGEDRAGEN_AAN_DERDEN','INGETROKKEN') NOT NULL,
  snapshot             LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL CHECK (JSON_VALID(snapshot)),
  wijzigingen          LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL CHECK (JSON_VALID(wijzigingen)),
  PRIMARY KEY (meldingnummer, versie),
  CONSTRAINT fk_melding_versie_melding FOREIGN KEY (meldingnummer) REFERENCES melding (meldingnummer),
  CONSTRAINT fk_melding_versie_door FOREIGN KEY (door_organisatie_id) REFERENCES organisatie (id),
  CONSTRAINT ck_melding_versie_versie CHECK (versie >= 1)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_as_ci;

-- History is append-only, also for anyone with SQL access. The one
-- exception is the retention job (sql/schema-retention.sql): in a session of
-- the account rodgate_job (USER() is the account the client logged in
-- with, whatever procedure runs) an UPDATE may change the snapshot and the
-- differences, to remove the pupil's fields. That account has no UPDATE
-- right on this table (sql/grants.sql), so its only way is the procedure
-- rod_retentie_persoonsgegevens. CREATE OR REPLACE: a register of before
-- this exception gets it at the next schema load.
DELIMITER //
CREATE OR REPLACE TRIGGER melding_versie_geen_update BEFORE UPDATE ON melding_versie FOR EACH ROW
BEGIN
  IF SUBSTRING_INDEX(USER(), '@', 1) <> 'rodgate_job' THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'melding_versie is append-only: a version cannot be changed';
  END IF;
  -- even then only the snapshot and the differences, never who, when or what
  IF NOT (NEW.meldingnummer <=> OLD.meldingnummer AND NEW.versie <=> OLD.versie AND NEW.tijdstip <=> OLD.tijdstip
          AND NEW.actie <=> OLD.actie AND NEW.door_organisatie_id <=> OLD.door_organisatie_id
          AND NEW.door_oin <=> OLD.door_oin AND NEW.door_naam <=> OLD.door_naam AND NEW.status <=> OLD.status) THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'melding_versie: retention may only remove personal data';
  END IF;
END//
DELIMITER ;

CREATE TRIGGER IF NOT EXISTS melding_versie_geen_delete BEFORE DELETE ON melding_versie FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'melding_versie is append-only: a version cannot be removed';

-- Outbox of e-mail notifications, written in the transaction of the change
-- it announces; a separate mail sender reads unsent rows, sends, and sets
-- verzonden. It holds only what a mail sender needs: which melding, to whom
-- (an organisation, and for the melder the e-mail address of
-- contactpersoonSchool) and what kind of message; no pupil data.
--   soort  NIEUWE_MELDING (to the gemeente), BEVESTIGING_MELDER (to the
--          school's contactpersoon when stuurEmailNaarMelder), GEWIJZIGD and
--          INGETROKKEN (to the gemeente), TERUGKOPPELING (to the school's
--          contactpersoon when stuurEmailNaarMelder)
CREATE TABLE IF NOT EXISTS melding_notificatie (
  id                        BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  meldingnummer             BIGINT NOT NULL,
  soort                     ENUM('NIEUWE_MELDING','BEVESTIGING_MELDER','GEWIJZIGD','INGETROKKEN',
                                 'TERUGKOPPELING') NOT NULL,
  ontvanger_organisatie_id  INT UNSIGNED NOT NULL,
  ontvanger_email           VARCHAR(254) NULL,
  aangemaakt                DATETIME(3) NOT NULL,
  verzonden                 DATETIME(3) NULL,
  KEY k_notificatie_te_verzenden (verzonden, id),
  KEY k_notificatie_melding (meldingnummer),
  CONSTRAINT fk_notificatie_melding FOREIGN KEY (meldingnummer) REFERENCES melding (meldingnummer),
  CONSTRAINT fk_notificatie_ontvanger FOREIGN KEY (ontvanger_organisatie_id) REFERENCES organisatie (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_as_ci;

-- The overlap rule (spec 4, ROD-0306) holds on a Galera cluster by design,
-- not by the accident of a foreign key: every melding written or changed also
-- writes its pupil's persoon row, so two transactions for one pupil on two
-- nodes share a key in their write sets. Galera certifies the first to
-- commit; the second fails at COMMIT with a deadlock error (1213), and the
-- gateway runs the whole request again (src/soap/transaction.c), which now
-- sees the first melding and answers ROD-0306. A SELECT ... FOR UPDATE alone
-- would not do: it locks only on its own node. On one server the row is
-- already locked by that SELECT, so this costs no extra wait.
ALTER TABLE persoon ADD COLUMN IF NOT EXISTS meldingen_versie BIGINT UNSIGNED NOT NULL DEFAULT 0;
CREATE TRIGGER IF NOT EXISTS melding_persoon_versie_insert AFTER INSERT ON melding FOR EACH ROW
  UPDATE persoon SET meldingen_versie = meldingen_versie + 1 WHERE pgn = NEW.pgn;
CREATE TRIGGER IF NOT EXISTS melding_persoon_versie_update AFTER UPDATE ON melding FOR EACH ROW
  UPDATE persoon SET meldingen_versie = meldingen_versie + 1 WHERE pgn = NEW.pgn;
