-- Development register of spec section 7. Idempotent (re-applied at start).
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

-- Development notification addresses of the gemeenten (spec 9.6).
UPDATE organisatie SET notificatie_email = 'leerplicht@groningen.example' WHERE oin = '00000001001589623000';
UPDATE organisatie SET notificatie_email = 'leerplicht@amsterdam.example' WHERE oin = '00000001002564440000';
