#!/usr/bin/env node
// A rodgate client on node-soap (npm `soap`), and the interop scenario of
// tests/interop/ (docs/interop.md).
//
// node-soap reads the service from its ?wsdl URL (the XSD import is a URL on
// the same server). It does not do WS-Addressing itself: a header function
// adds wsa:To, wsa:Action and wsa:MessageID to every call (the WSDL's
// soapAction of each operation equals its wsam:Action). Mutual TLS is one
// keep-alive https.Agent per organisation, for the WSDL and for the calls.
//
// Environment: RODGATE_URL (https://127.0.0.1:8443/rod/v1), RODGATE_PKI
// (var/pki: ca.pem, NAME.pem, NAME.key). Prints ok/FAIL per step and the
// closing line `N passed, M failed`; exit 0 only when every step passed.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const https = require('https');
const path = require('path');
const soap = require('soap');

const URL = process.env.RODGATE_URL || 'https://127.0.0.1:8443/rod/v1';
const PKI = process.env.RODGATE_PKI || 'var/pki';
const SCHOOL = 'school-a';
const GEMEENTE = 'gemeente-groningen'; // the melding's postcode 9711 is Groningen's
const WSA = 'http://www.w3.org/2005/08/addressing';

// The typed fault: a SOAP fault whose detail holds rod:fout.
class RodFault extends Error {
  constructor(faultcode, faultstring, fout) {
    super(`${faultcode}: ${faultstring}`);
    this.faultcode = faultcode;
    this.fout = fout; // { code, omschrijving, veld? }
  }
}

const xmlEscape = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// A node-soap client that presents org's certificate; calls go through call().
async function connect(org) {
  const agent = new https.Agent({
    ca: fs.readFileSync(path.join(PKI, 'ca.pem')),
    cert: fs.readFileSync(path.join(PKI, `${org}.pem`)),
    key: fs.readFileSync(path.join(PKI, `${org}.key`)),
    keepAlive: true,
  });
  const client = await soap.createClientAsync(`${URL}?wsdl`, { wsdl_options: { httpsAgent: agent } });
  client.setEndpoint(URL);
  client.addSoapHeader((method, location, soapAction) =>
    `<wsa:To xmlns:wsa="${WSA}">${xmlEscape(location)}</wsa:To>` +
    `<wsa:Action xmlns:wsa="${WSA}">${xmlEscape(soapAction)}</wsa:Action>` +
    `<wsa:MessageID xmlns:wsa="${WSA}">urn:uuid:${crypto.randomUUID()}</wsa:MessageID>`);
  return { client, agent };
}

const called = new Set(); // operations called, for the coverage step

// Calls operation as org; a SOAP fault with detail/rod:fout becomes a RodFault.
async function call(c, org, operation, request) {
  called.add(operation);
  try {
    const [result] = await c[org].client[`${operation}Async`](request, { httpsAgent: c[org].agent });
    return result;
  } catch (e) {
    const fault = e.root && e.root.Envelope && e.root.Envelope.Body && e.root.Envelope.Body.Fault;
    if (fault && fault.detail && fault.detail.fout) {
      throw new RodFault(fault.faultcode, fault.faultstring, fault.detail.fout);
    }
    throw e;
  }
}

// ---- test data ----------------------------------------------------------------------------

function newBsn() {
  for (;;) {
    const head = String(10000000 + crypto.randomInt(90000000));
    const sum = [...head].reduce((acc, d, i) => acc + Number(d) * (9 - i), 0) % 11;
    if (sum !== 10) return head + sum;
  }
}

const day = (offset) => {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
// node-soap turns xs:date into a Date at UTC midnight: back to YYYY-MM-DD
const isoDate = (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v);
// node-soap gives a single repeated element as an object, none as undefined
const list = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function melding(s, einddatum) {
  return {
    leerling: { persoonsgebondenNummer: { bsn: s.bsn } },
    verzuim: {
      instellingscode: '31XU', begindatum: day(-7), ...(einddatum ? { einddatum } : {}),
      soort: 'ZESTIEN_UUR_18MIN', vermoedelijkeReden: 'Onbekend', actieGewenst: true,
    },
    contactpersoonSchool: { naam: 'M. de Groot', email: 'verzuim@school.example.nl' },
    lesuren: { alleLessenGemist: true },
    actiesSchool: { ondernomenActie: ['BRIEF_GESTUURD'] },
  };
}

function check(cond, what) {
  if (!cond) throw new Error(what);
}

// ---- one function per operation: state in, assertions on the answer -----------------------

const steps = {
  async aanleveren_inschrijving(c, s) {
    const r = await call(c, SCHOOL, 'AanleverenInschrijving', { inschrijving: [{
      instellingscode: '31XU', inschrijfdatum: day(-700),
      leerling: { persoonsgebondenNummer: { bsn: s.bsn }, geslacht: 'VROUW',
        geboortedatum: `${new Date().getFullYear() - 12}-01-15`, achternaam: s.achternaam, voornamen: 'Anna',
        adres: { binnenland: { postcode: '9711AA', huisnummer: 1 } } } }] });
    check(Number(r.aantalVerwerkt) === 1 && Number(r.aantalGelukt) === 1, `aantalGelukt ${r.aantalGelukt}`);
    const res = list(r.resultaat)[0];
    check(res.status === 'GELUKT' && res.persoonsgebondenNummer.bsn === s.bsn, `resultaat ${JSON.stringify(res)}`);
  },

  async wijzigen_inschrijving(c, s) {
    const r = await call(c, SCHOOL, 'WijzigenInschrijving', { instellingscode: '31XU',
      persoonsgebondenNummer: { bsn: s.bsn }, inschrijfdatum: day(-650) });
    check(r.gelukt === true, `gelukt ${JSON.stringify(r)}`);
    check(isoDate(r.inschrijving.inschrijfdatum) === day(-650), `inschrijfdatum ${r.inschrijving.inschrijfdatum}`);
  },

  async opvragen_overzicht(c, s) {
    const r = await call(c, SCHOOL, 'OpvragenOverzicht', { instellingscode: ['31XU'], zoekAchternaam: s.achternaam });
    check(r.gelukt === true && Number(r.totaalAantal) === 1, `totaalAantal ${r.totaalAantal}`);
    const blocks = list(r.instelling);
    check(blocks.length === 1 && blocks[0].instellingscode === '31XU', 'instelling blocks');
    check(list(blocks[0].inschrijving)[0].leerling.persoonsgebondenNummer.bsn === s.bsn, 'bsn in the overzicht');
  },

  async opvragen_leerling(c, s) {
    const r = await call(c, SCHOOL, 'OpvragenLeerling', { persoonsgebondenNummer: { bsn: s.bsn } });
    check(r.gelukt === true && r.verzuimMeldbaar === true, `gelukt/verzuimMeldbaar ${JSON.stringify(r)}`);
    check(list(r.inschrijving).map((i) => i.instellingscode).join() === '31XU', 'inschrijvingen');
    check(list(r.toegestaneSoort).includes('ZESTIEN_UUR_18MIN'), 'toegestaneSoort');
  },

  async melden_verzuim(c, s) {
    const r = await call(c, SCHOOL, 'MeldenVerzuim', { melding: melding(s) });
    check(r.gelukt === true, `gelukt ${JSON.stringify(r.fout)}`);
    check(Number(r.meldingnummer) > 0 && Number(r.versie) === 1 && r.status === 'GEREGISTREERD', 'nummer/versie/status');
    check(r.uitvoerendeInstantie.gemeentecode === '0014', `gemeente ${r.uitvoerendeInstantie.gemeentecode}`);
    s.nummer = String(r.meldingnummer);
  },

  async wijzigen_verzuim(c, s) {
    const r = await call(c, SCHOOL, 'WijzigenVerzuim', { meldingnummer: s.nummer, versie: 1,
      melding: melding(s, day(-1)) });
    check(r.gelukt === true && Number(r.versie) === 2, `gelukt/versie ${JSON.stringify(r)}`);
  },

  async zoeken_verzuim(c, s) {
    const r = await call(c, SCHOOL, 'ZoekenVerzuim', { meldingnummer: s.nummer });
    check(r.gelukt === true && Number(r.totaalAantal) === 1, `totaalAantal ${r.totaalAantal}`);
    const m = list(r.melding)[0];
    check(String(m.meldingnummer) === s.nummer && Number(m.versie) === 2 && isoDate(m.einddatum) === day(-1),
      `summary ${JSON.stringify(m)}`);
  },

  async opvragen_melding(c, s) {
    const r = await call(c, GEMEENTE, 'OpvragenMelding', { meldingnummer: s.nummer });
    check(r.gelukt === true && Number(r.versie) === 2, 'gelukt/versie');
    check(r.meldendeInstelling === '31XU' && r.uitvoerendeInstantie.gemeentecode === '0014', 'instelling/gemeente');
    check(r.melding.leerling.persoonsgebondenNummer.bsn === s.bsn, 'bsn of the melding');
  },

  async verwerken_terugkoppeling(c, s) {
    const r = await call(c, GEMEENTE, 'VerwerkenTerugkoppeling', { meldingnummer: s.nummer, status: 'IN_BEHANDELING',
      behandelaar: { naam: 'L. Ambtenaar' } });
    check(r.gelukt === true && Number(r.versie) === 3 && r.status === 'IN_BEHANDELING', `versie/status ${JSON.stringify(r)}`);
  },

  async opvragen_historie(c, s) {
    const r = await call(c, GEMEENTE, 'OpvragenHistorie', { meldingnummer: s.nummer });
    const acties = list(r.historie).map((h) => h.actie).join();
    check(r.gelukt === true && acties === 'AANGEMAAKT,GEWIJZIGD,TERUGKOPPELING', `acties ${acties}`);
  },

  async intrekken_verzuim(c, s) {
    const r = await call(c, SCHOOL, 'IntrekkenVerzuim', { meldingnummer: s.nummer, reden: 'TEN_ONRECHTE_GEMELD' });
    check(r.gelukt === true && Number(r.versie) === 4 && r.status === 'INGETROKKEN', `versie/status ${JSON.stringify(r)}`);
  },

  // Version 1.1: the school's newest IntrekkenVerzuim bericht is the one above.
  async opvragen_berichten(c, s) {
    const r = await call(c, SCHOOL, 'OpvragenBerichten', { operatie: ['IntrekkenVerzuim'], paginaGrootte: 1 });
    const b = list(r.bericht);
    check(r.gelukt === true && b.length === 1, `gelukt ${r.gelukt} ${JSON.stringify(r.fout)}`);
    check(String(b[0].meldingnummer) === String(s.nummer) && b[0].resultaat === 'GELUKT', `bericht ${JSON.stringify(b[0])}`);
  },

  // Version 1.1 (9.1): a pupil enrolled without a number gets an onderwijsnummer;
  // the school then links the BSN the pupil received.
  async koppelen_bsn(c, s) {
    const r = await call(c, SCHOOL, 'AanleverenInschrijving', { inschrijving: [{
      instellingscode: '31XU', inschrijfdatum: day(-30),
      leerling: { geslacht: 'MAN', geboortedatum: `${new Date().getFullYear() - 10}-03-02`,
        achternaam: s.achternaam + 'k', adres: { binnenland: { postcode: '9711AA', huisnummer: 2 } } } }] });
    const res = list(r.resultaat)[0];
    const onderwijsnummer = res.persoonsgebondenNummer && res.persoonsgebondenNummer.onderwijsnummer;
    check(Number(r.aantalGelukt) === 1 && onderwijsnummer, `no onderwijsnummer assigned ${JSON.stringify(res)}`);
    const bsn = newBsn();
    const k = await call(c, SCHOOL, 'KoppelenBsn', { instellingscode: '31XU', onderwijsnummer, bsn });
    check(k.gelukt === true && k.persoonsgebondenNummer.bsn === bsn, `gelukt ${JSON.stringify(k)}`);
  },

  // gelukt=false: a melding that does not exist (ROD-0316), in a normal response.
  async functional_error(c) {
    const r = await call(c, GEMEENTE, 'OpvragenMelding', { meldingnummer: '999999999999' });
    const fout = list(r.fout);
    check(r.gelukt === false, `gelukt ${r.gelukt}`);
    check(fout.length === 1 && fout[0].code === 'ROD-0316' && fout[0].omschrijving, `fout ${JSON.stringify(fout)}`);
  },

  // A gemeente calling a school operation: SOAP fault ROD-0103, detail/rod:fout decoded.
  async soap_fault(c) {
    try {
      await call(c, GEMEENTE, 'OpvragenOverzicht', { paginaGrootte: 1 });
    } catch (e) {
      check(e instanceof RodFault, `not a RodFault: ${e}`);
      check(/(^|:)Client$/.test(e.faultcode), `faultcode ${e.faultcode}`);
      check(e.fout.code === 'ROD-0103' && e.fout.omschrijving, `fout ${JSON.stringify(e.fout)}`);
      return;
    }
    throw new Error('no SOAP fault');
  },

  // The WSDL has no operation that the steps above left out.
  async every_operation_called(c) {
    const offered = [];
    for (const service of Object.values(c[SCHOOL].client.describe())) {
      for (const port of Object.values(service)) offered.push(...Object.keys(port));
    }
    const missing = offered.filter((op) => !called.has(op));
    check(offered.length > 0 && missing.length === 0, `operations of the WSDL not called: ${missing.join(', ')}`);
  },
};

async function main() {
  const names = Object.keys(steps);
  let c;
  try {
    c = { [SCHOOL]: await connect(SCHOOL), [GEMEENTE]: await connect(GEMEENTE) };
  } catch (e) { // no WSDL: every step fails
    console.log(`FAIL node loading ${URL}?wsdl: ${e}`);
    console.log(`0 passed, ${names.length} failed`);
    return 1;
  }
  const s = { bsn: newBsn(), achternaam: 'Interop' + [...crypto.randomBytes(10)].map((b) => String.fromCharCode(97 + (b % 26))).join('') };
  let passed = 0;
  let failed = 0;
  for (const name of names) {
    try {
      await steps[name](c, s);
      passed++;
      console.log(`ok   node ${name}`);
    } catch (e) { // one step's failure is reported, the others still run
      failed++;
      console.log(`FAIL node ${name}: ${e && e.stack ? e.stack.split('\n').slice(0, 2).join(' ') : e}`);
    }
  }
  for (const org of Object.keys(c)) c[org].agent.destroy();
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

main().then((rc) => process.exit(rc));
