// A benchmark anchor, not part of rodgate: what an integrator might write
// instead of the gateway. An mTLS SOAP server on node-soap that answers
// OpvragenOverzicht from the same MariaDB tables (organisatie, instelling,
// inschrijving, persoon), with the same WS-Addressing response headers.
// No XSD validation, no idempotency, no limits: node-soap does none of it.
//
// Environment: PEER_LISTEN (127.0.0.1:10445), PEER_PKI (var/pki),
// PEER_DB_SOCKET (var/run/mariadb.sock), PEER_DB_NAME (rodgate_bench),
// PEER_WORKERS (processes, default 1; >1 uses node:cluster), PEER_WSDL
// (wsdl/rod-v1.wsdl; its xsd import is resolved next to it).
'use strict';

const cluster = require('node:cluster');
const crypto = require('node:crypto');
const fs = require('node:fs');
const https = require('node:https');
const path = require('node:path');

const top = path.resolve(__dirname, '..', '..', '..');
const env = (k, d) => process.env[k] || d;
const [host, port] = env('PEER_LISTEN', '127.0.0.1:10445').split(':');
const pki = path.resolve(top, env('PEER_PKI', 'var/pki'));
const workers = Math.max(1, parseInt(env('PEER_WORKERS', '1'), 10));

if (workers > 1 && cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on('exit', (w, code) => { if (code) console.error(`node-peer: worker ${w.process.pid} exited ${code}`); });
  process.on('SIGTERM', () => { for (const id in cluster.workers) cluster.workers[id].kill('SIGTERM'); process.exit(0); });
  return;
}

const soap = require('soap');
const mariadb = require('mariadb');

const pool = mariadb.createPool({
  socketPath: path.resolve(top, env('PEER_DB_SOCKET', 'var/run/mariadb.sock')),
  user: 'root',
  database: env('PEER_DB_NAME', 'rodgate_bench'),
  connectionLimit: 8,
  dateStrings: true,
});

function fault(code, text) {
  return { Fault: { faultcode: 'soap:Server', faultstring: `${code}: ${text}`, statusCode: 500 } };
}

const pad = (n) => String(n).padStart(2, '0');
function isoUtc(v) {
  // laatst_gewijzigd comes back as "YYYY-MM-DD HH:MM:SS.mmm" (dateStrings)
  return typeof v === 'string' ? v.slice(0, 10) + 'T' + v.slice(11, 19) + 'Z' : v;
}

async function opvragenOverzicht(args, req) {
  const cert = req.socket.getPeerCertificate();
  const oin = cert && cert.subject ? cert.subject.serialNumber : undefined;
  const conn = await pool.getConnection();
  try {
    const orgs = await conn.query('SELECT id FROM organisatie WHERE oin = ?', [oin || '']);
    if (!orgs.length) throw fault('ROD-0101', 'OIN onbekend');
    const own = await conn.query('SELECT code, naam FROM instelling WHERE organisatie_id = ? ORDER BY code', [orgs[0].id]);
    let codes = args.instellingscode ? [].concat(args.instellingscode) : own.map((r) => r.code);
    const fouten = codes.filter((c) => !own.some((r) => r.code === c))
      .map((c) => ({ code: 'ROD-0102', omschrijving: 'Geen autorisatie voor deze instelling.', veld: 'instellingscode' }));
    if (fouten.length) return { gelukt: false, fout: fouten };
    codes = [...new Set(codes)].sort();
    const pagina = parseInt(args.pagina || 1, 10), grootte = parseInt(args.paginaGrootte || 100, 10);
    let where = `i.instellingscode IN (${codes.map(() => '?').join(',')})`;
    const params = [...codes];
    if (args.zoekAchternaam) { where += " AND i.achternaam LIKE ? ESCAPE '!'"; params.push('%' + String(args.zoekAchternaam).replace(/[!%_]/g, '!$&') + '%'); }
    if (args.peildatum) {
      where += ' AND i.inschrijfdatum <= ? AND (i.uitschrijfdatum IS NULL OR i.uitschrijfdatum >= ?)';
      params.push(args.peildatum, args.peildatum);
    }
    const [{ n }] = await conn.query(`SELECT COUNT(*) AS n FROM inschrijving i WHERE ${where}`, params);
    const total = Number(n);
    const rows = await conn.query(
      'SELECT i.instellingscode, p.pgn, p.pgn_soort, p.geslacht, p.geboortedatum, p.achternaam, p.voorvoegsels, ' +
      'p.voornamen, i.inschrijfdatum, i.uitschrijfdatum, i.laatst_gewijzigd FROM inschrijving i ' +
      `JOIN persoon p ON p.pgn = i.pgn WHERE ${where} ORDER BY i.instellingscode, i.achternaam, i.pgn LIMIT ? OFFSET ?`,
      [...params, grootte, (pagina - 1) * grootte]);
    const instelling = own.filter((r) => codes.includes(r.code)).map((r) => {
      const block = { instellingscode: r.code, naam: r.naam };
      const mine = rows.filter((x) => x.instellingscode === r.code);
      if (mine.length) {
        block.inschrijving = mine.map((x) => {
          const leerling = {
            persoonsgebondenNummer: x.pgn_soort === 'BSN' ? { bsn: x.pgn } : { onderwijsnummer: x.pgn },
            geslacht: x.geslacht,
            geboortedatum: x.geboortedatum,
          };
          if (x.achternaam != null) leerling.achternaam = x.achternaam;
          if (x.voorvoegsels != null) leerling.voorvoegsels = x.voorvoegsels;
          if (x.voornamen != null) leerling.voornamen = x.voornamen;
          const o = { leerling, inschrijfdatum: x.inschrijfdatum };
          if (x.uitschrijfdatum != null) o.uitschrijfdatum = x.uitschrijfdatum;
          o.laatstGewijzigd = isoUtc(x.laatst_gewijzigd);
          return o;
        });
      }
      return block;
    });
    return {
      gelukt: true,
      totaalAantal: total,
      pagina,
      aantalPaginas: Math.max(1, Math.ceil(total / grootte)),
      instelling,
    };
  } finally {
    conn.release();
  }
}

const service = {
  RodService: {
    RodPort: {
      OpvragenOverzicht(args, cb, headers, req) {
        return opvragenOverzicht(args, req);
      },
    },
  },
};

const wsdlPath = path.resolve(top, env('PEER_WSDL', 'wsdl/rod-v1.wsdl'));
const xsdDir = path.resolve(top, 'xsd');
// The WSDL imports rod-v1.xsd relative to itself; point the import at xsd/.
const wsdlXml = fs.readFileSync(wsdlPath, 'utf8').replace(/schemaLocation="rod-v1.xsd"/g,
  `schemaLocation="${path.join(xsdDir, 'rod-v1.xsd')}"`);

const server = https.createServer({
  key: fs.readFileSync(path.join(pki, 'server.key')),
  cert: fs.readFileSync(path.join(pki, 'server-chain.pem')),
  ca: fs.readFileSync(path.join(pki, 'ca.pem')),
  // one string per CRL: Node reads only the first CRL of a PEM string, and
  // checks the whole chain (the root's CRL for the intermediate too)
  crl: fs.readFileSync(path.join(pki, 'crl.pem'), 'utf8').split(/(?=-----BEGIN X509 CRL-----)/),
  requestCert: true,
  rejectUnauthorized: true,
  minVersion: 'TLSv1.2',
  ciphers: 'ECDHE+AESGCM:ECDHE+CHACHA20',
  keepAliveTimeout: 60000,
});
server.keepAliveTimeout = 60000;
server.on('tlsClientError', (e) => { if (process.env.PEER_DEBUG) console.error('node-peer: TLS', e.code || '', e.message); });
server.headersTimeout = 65000;

const soapServer = soap.listen(server, {
  path: '/rod/v1',
  services: service,
  xml: wsdlXml,
  uri: wsdlPath,
  enableChunkedEncoding: false,
  suppressStack: true,
  callback: (err) => {
    if (err) {
      console.error('node-peer: WSDL not loaded:', err.message || err);
      process.exit(1);
    }
    console.log('node-peer: WSDL loaded');
  },
});
// WS-Addressing response headers, as rodgate sends them.
if (process.env.PEER_DEBUG) soapServer.log = (type, data) => console.error('soap', type, String(data).slice(0, 500));
soapServer.addSoapHeader((methodName, args, headers) => {
  const relates = headers && headers.MessageID ? String(headers.MessageID) : '';
  return '<wsa:MessageID xmlns:wsa="http://www.w3.org/2005/08/addressing">urn:uuid:' + crypto.randomUUID() +
    '</wsa:MessageID><wsa:RelatesTo xmlns:wsa="http://www.w3.org/2005/08/addressing">' + relates.replace(/[<&]/g, '') +
    '</wsa:RelatesTo><wsa:Action xmlns:wsa="http://www.w3.org/2005/08/addressing">urn:rodgate:rod:v1/' + methodName +
    'Response</wsa:Action>';
});

server.listen(Number(port), host, () => {
  console.log(`node-peer: https://${host}:${port}/rod/v1 (pid ${process.pid})`);
});
process.on('SIGTERM', () => { server.close(); pool.end().finally(() => process.exit(0)); });
