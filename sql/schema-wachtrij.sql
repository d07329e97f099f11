-- The sending state of the outbox melding_notificatie (created in
-- schema-verzuim.sql; this file's name sorts after it, and the schema step
-- applies schema-*.sql in name order). rodgate-notify (src/notify/,
-- docs/notifications.md) claims due rows with SELECT ... FOR UPDATE SKIP
-- LOCKED and writes a lease, so two senders never send one row at the same
-- time and a crashed sender's rows come back when its lease ends.
--   pogingen         attempts so far (accepted or not)
--   weigeringen      attempts the SMTP server refused permanently (5xx)
--   volgende_poging  not before this time (NULL: now); the backoff
--   geclaimd_door    the sender holding the lease (host:pid:start)
--   geclaimd_tot     its lease ends here; afterwards any sender may claim
--   laatste_fout     the last failure, for the operator (no personal data:
--                    an SMTP reply or a curl error)
--   mislukt          given up after notify_max_attempts permanent refusals
-- Idempotent: ADD COLUMN IF NOT EXISTS.
ALTER TABLE melding_notificatie
  ADD COLUMN IF NOT EXISTS pogingen INT UNSIGNED NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS weigeringen INT UNSIGNED NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS volgende_poging DATETIME(3) NULL,
  ADD COLUMN IF NOT EXISTS geclaimd_door VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD COLUMN IF NOT EXISTS geclaimd_tot DATETIME(3) NULL,
  ADD COLUMN IF NOT EXISTS laatste_fout VARCHAR(500) NULL,
  ADD COLUMN IF NOT EXISTS mislukt DATETIME(3) NULL;

-- The address a gemeente receives its notifications at (spec 9.6); NULL:
-- none configured yet, and its rows wait (retried) until one is.
ALTER TABLE organisatie
  ADD COLUMN IF NOT EXISTS notificatie_email VARCHAR(254) NULL;
