-- Overview of sent messages (OpvragenBerichten, docs/interface.md): one row
-- per processed mutating request, written by rod_bericht_einde in the
-- request's own transaction, so a row exists exactly when the request's
-- effect does. Kept apart from verwerkt_bericht (the stored responses, kept
-- for idempotency only: idempotency_days) for berichten_retention_days (at
-- least 90). Holds no personal data: the organisation, the operation, the
-- client's MessageID, when, how it ended, the counts of a batch and the
-- meldingnummer of a verzuim operation.
--   ontvangen   UTC, milliseconds: when the gateway started on the request
--   resultaat   GELUKT, DEELS_GELUKT (a batch with both) or AFGEKEURD
CREATE TABLE IF NOT EXISTS bericht_metadata (
  id                BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  organisatie_id    INT UNSIGNED NOT NULL,
  message_id        VARBINARY(255) NOT NULL,
  operatie          VARCHAR(40) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  ontvangen         DATETIME(3) NOT NULL,
  resultaat         ENUM('GELUKT','DEELS_GELUKT','AFGEKEURD') NOT NULL,
  aantal_verwerkt   INT UNSIGNED NULL,
  aantal_gelukt     INT UNSIGNED NULL,
  aantal_afgekeurd  INT UNSIGNED NULL,
  meldingnummer     BIGINT NULL,
  KEY k_bericht_organisatie (organisatie_id, ontvangen, id),
  KEY k_bericht_message_id (organisatie_id, message_id),
  KEY k_bericht_ontvangen (ontvangen),
  CONSTRAINT fk_bericht_organisatie FOREIGN KEY (organisatie_id) REFERENCES organisatie (id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
