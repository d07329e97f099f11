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

-- The identities (spec 8.6) under which organisations had submitted a
-- linked person while it was known by its onderwijsnummer, taken from their
-- data at the link (the same strings as persoon_gegevens.match_cs/match_ci):
-- a later submission of the pupil without a number with one of them finds
-- the old number (src/store/inschrijving.c), which resolves to the BSN.
CREATE TABLE IF NOT EXISTS persoon_alias_match (
  match_cs  VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  match_ci  VARCHAR(240) CHARACTER SET utf8mb4 COLLATE utf8mb4_uca1400_as_ci NOT NULL,
  alias     CHAR(9) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  PRIMARY KEY (match_cs, match_ci, alias)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_as_ci;

-- When each optional field of an organisation's data was submitted last
-- (NULL: at gewijzigd, the row's last submission), kept by the upsert of
-- src/store/inschrijving.c: the merge takes per field the value submitted
-- most recently. geslacht and geboortedatum come with every submission.
ALTER TABLE persoon_gegevens
  ADD COLUMN IF NOT EXISTS achternaam_gewijzigd DATETIME(3) NULL,
  ADD COLUMN IF NOT EXISTS voorvoegsels_gewijzigd DATETIME(3) NULL,
  ADD COLUMN IF NOT EXISTS voornamen_gewijzigd DATETIME(3) NULL,
  ADD COLUMN IF NOT EXISTS adres_gewijzigd DATETIME(3) NULL;

-- The merge itself is the procedure rod_koppelen_samenvoegen, with the
-- other procedures the gateway calls (sql/schema-procedures.sql).
