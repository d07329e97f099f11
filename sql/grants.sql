-- The rights of the register's database accounts (docs/privacy.md, "Who can
-- read it"), per table and procedure of the database this file is applied
-- to (DATABASE()), so one account serves rodgate, rodgate_test and
-- rodgate_hardening alike. Applied by tools/mariadb.sh after the schema, as
-- rodgate_admin (the schema's owner: ALL on the database WITH GRANT
-- OPTION; root only creates the accounts and the database). Idempotent:
-- each listed object's rights are first revoked, then granted, so this
-- file is exactly what each account holds on it.
--
--   rodgate      the gateway: reads and writes what the operations need;
--                no DDL, no DELETE anywhere (the register never deletes
--                through a request), no UPDATE on the history, EXECUTE
--                only on the gateway's procedures
--   rodgate_job  the retention jobs: deletes expired idempotency and
--                audit rows, and removes personal data only through
--                rod_retentie_persoonsgegevens (no rights of its own on the
--                tables with personal data)
--   rodgate_notify  the notification sender (docs/notifications.md):
--                column by column, what an e-mail names and the outbox's
--                sending state; no pupil data, nothing else to change
--
-- A new table or procedure of the gateway needs its line here: the
-- integration suite runs the gateway as rodgate, so a missing right fails
-- it (ERROR 1142/1370).

DELIMITER //
CREATE OR REPLACE PROCEDURE rod_recht(IN p_rechten VARCHAR(1000), IN p_object VARCHAR(200), IN p_account VARCHAR(80))
BEGIN
  DECLARE v_object VARCHAR(300) DEFAULT IF(p_object LIKE 'PROCEDURE %',
    CONCAT('PROCEDURE `', DATABASE(), '`.`', SUBSTRING(p_object, 11), '`'),
    CONCAT('`', DATABASE(), '`.`', p_object, '`'));
  DECLARE v_aan VARCHAR(120) DEFAULT CONCAT('''', p_account, '''@''localhost''');
  BEGIN
    -- 1141, 1147, 1403: nothing granted on it yet
    DECLARE CONTINUE HANDLER FOR 1141, 1147, 1403 BEGIN END;
    EXECUTE IMMEDIATE CONCAT('REVOKE ALL PRIVILEGES ON ', v_object, ' FROM ', v_aan);
  END;
  EXECUTE IMMEDIATE CONCAT('GRANT ', p_rechten, ' ON ', v_object, ' TO ', v_aan);
END//
DELIMITER ;

-- the gateway
CALL rod_recht('SELECT', 'organisatie', 'rodgate');
CALL rod_recht('SELECT', 'instelling', 'rodgate');
CALL rod_recht('SELECT, INSERT, UPDATE', 'persoon', 'rodgate');
CALL rod_recht('SELECT, INSERT, UPDATE', 'persoon_gegevens', 'rodgate');
CALL rod_recht('SELECT, INSERT, UPDATE', 'inschrijving', 'rodgate');
CALL rod_recht('SELECT', 'inschrijving_telling', 'rodgate');
CALL rod_recht('SELECT, INSERT', 'onderwijsnummer_seq', 'rodgate');
CALL rod_recht('SELECT, INSERT, UPDATE', 'verwerkt_bericht', 'rodgate');
CALL rod_recht('INSERT', 'audit', 'rodgate');
CALL rod_recht('SELECT, INSERT', 'melding_seq', 'rodgate');
CALL rod_recht('SELECT, INSERT, UPDATE', 'melding', 'rodgate');
CALL rod_recht('SELECT, INSERT', 'melding_versie', 'rodgate');
CALL rod_recht('SELECT, INSERT', 'melding_notificatie', 'rodgate');
CALL rod_recht('EXECUTE', 'PROCEDURE rod_bericht_begin', 'rodgate');
CALL rod_recht('EXECUTE', 'PROCEDURE rod_bericht_einde', 'rodgate');
CALL rod_recht('EXECUTE', 'PROCEDURE rod_bericht_bewaren', 'rodgate');
CALL rod_recht('EXECUTE', 'PROCEDURE rod_bericht_einde_nieuw', 'rodgate');
CALL rod_recht('EXECUTE', 'PROCEDURE rod_bericht_einde_versie', 'rodgate');
CALL rod_recht('EXECUTE', 'PROCEDURE rod_melding_nieuw', 'rodgate');
-- the overview of sent messages and the melding clock (spec 9.3, 9.4)
CALL rod_recht('SELECT, INSERT', 'bericht_metadata', 'rodgate');
CALL rod_recht('SELECT, UPDATE', 'melding_klok', 'rodgate');
CALL rod_recht('EXECUTE', 'PROCEDURE rod_melding_klok', 'rodgate');
CALL rod_recht('EXECUTE', 'PROCEDURE rod_melding_versie', 'rodgate');
-- KoppelenBsn (spec 9.1): the alias is read by every request with an
-- onderwijsnummer and written by the link; the merge itself (it removes the
-- rows of the old number that a merge makes double) runs as its definer
CALL rod_recht('SELECT, INSERT', 'persoon_alias', 'rodgate');
CALL rod_recht('SELECT', 'persoon_alias_match', 'rodgate');
CALL rod_recht('EXECUTE', 'PROCEDURE rod_koppelen_samenvoegen', 'rodgate');

-- the retention jobs (src/store/retention.c)
CALL rod_recht('SELECT, DELETE', 'verwerkt_bericht', 'rodgate_job');
CALL rod_recht('SELECT, DELETE', 'audit', 'rodgate_job');
CALL rod_recht('SELECT', 'retentie_telling', 'rodgate_job');
CALL rod_recht('SELECT, DELETE', 'bericht_metadata', 'rodgate_job');
CALL rod_recht('EXECUTE', 'PROCEDURE rod_retentie_persoonsgegevens', 'rodgate_job');

-- the notification sender (src/notify/): reads what an e-mail names
-- (meldingnummer, soort, instellingscode, organisation names and addresses)
-- and writes only the sending state of the outbox; it cannot read a
-- pupil's number, name or address or a melding's content (melding.pgn,
-- melding.inhoud, persoon*), nor change anything else
CALL rod_recht('SELECT (id, meldingnummer, soort, ontvanger_organisatie_id, ontvanger_email, verzonden, pogingen, '
               'weigeringen, volgende_poging, geclaimd_door, geclaimd_tot, mislukt), UPDATE (verzonden, pogingen, '
               'weigeringen, volgende_poging, geclaimd_door, geclaimd_tot, laatste_fout, mislukt)',
               'melding_notificatie', 'rodgate_notify');
CALL rod_recht('SELECT (meldingnummer, soort, instellingscode, gemeente_id)', 'melding', 'rodgate_notify');
CALL rod_recht('SELECT (code, naam)', 'instelling', 'rodgate_notify');
CALL rod_recht('SELECT (id, naam, notificatie_email)', 'organisatie', 'rodgate_notify');

DROP PROCEDURE rod_recht;
