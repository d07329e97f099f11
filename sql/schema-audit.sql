-- Audit trail (issue 4): every request that reached the application layer,
-- without personal data. Append-only: UPDATE is refused; DELETE only by the
-- retention purge, which sets @rodgate_audit_purge for its session.
CREATE TABLE IF NOT EXISTS audit (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  tijdstip     DATETIME(3) NOT NULL,
  oin          CHAR(20) CHARACTER SET ascii COLLATE ascii_bin NULL,
  operatie     VARCHAR(40) CHARACTER SET ascii NULL,
  message_id   VARCHAR(255) CHARACTER SET ascii NULL,
  resultaat    VARCHAR(12) CHARACTER SET ascii NOT NULL,
  http_status  SMALLINT UNSIGNED NOT NULL,
  duur_ms      DECIMAL(12,3) NOT NULL,
  KEY k_audit_tijdstip (tijdstip)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

DELIMITER //
CREATE TRIGGER IF NOT EXISTS audit_append_only_update BEFORE UPDATE ON audit FOR EACH ROW
BEGIN
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit is append-only';
END//
CREATE TRIGGER IF NOT EXISTS audit_append_only_delete BEFORE DELETE ON audit FOR EACH ROW
BEGIN
  IF COALESCE(@rodgate_audit_purge, 0) <> 1 THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit rows are removed only by the retention purge';
  END IF;
END//
DELIMITER ;
