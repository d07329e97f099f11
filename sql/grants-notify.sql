-- The privileges of rodgate-notify's own database account (setting
-- notify_db_user; docs/notifications.md), applied to the register's
-- database by an administrator after the schema, for an account that
-- exists already:
--   CREATE USER 'rodgate_notify'@'localhost' IDENTIFIED BY '...';
--   mariadb --database=rodgate < sql/grants-notify.sql
-- Column by column: the sender reads what an e-mail names (meldingnummer,
-- soort, instellingscode, organisation names and addresses) and writes only
-- the sending state of the outbox. It cannot read a pupil's number, name,
-- address or a melding's content (melding.pgn, melding.inhoud, persoon*),
-- nor change anything else. Not applied by the schema step (not a
-- schema-*.sql file): accounts and passwords are the operator's; another
-- account name means editing the four TO clauses.
GRANT SELECT (id, meldingnummer, soort, ontvanger_organisatie_id, ontvanger_email, verzonden, pogingen, weigeringen,
              volgende_poging, geclaimd_door, geclaimd_tot, mislukt),
      UPDATE (verzonden, pogingen, weigeringen, volgende_poging, geclaimd_door, geclaimd_tot, laatste_fout, mislukt)
  ON melding_notificatie TO 'rodgate_notify'@'localhost';
GRANT SELECT (meldingnummer, soort, instellingscode, gemeente_id) ON melding TO 'rodgate_notify'@'localhost';
GRANT SELECT (code, naam) ON instelling TO 'rodgate_notify'@'localhost';
GRANT SELECT (id, naam, notificatie_email) ON organisatie TO 'rodgate_notify'@'localhost';
