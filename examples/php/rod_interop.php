<?php
// A rodgate client on PHP's built-in SoapClient (Debian php-soap), and the
// interop scenario of tests/interop/ (docs/interop.md).
//
// SoapClient reads the service from its ?wsdl URL (the XSD import is a URL on
// the same server). It does not do WS-Addressing itself: every call carries
// wsa:To, wsa:Action and wsa:MessageID as SoapHeaders (ws_addressing below).
// Mutual TLS is an SSL stream context with the organisation's PEM certificate
// and key, used both to fetch the WSDL and for the calls.
//
// Environment: RODGATE_URL (https://127.0.0.1:8443/rod/v1), RODGATE_PKI
// (var/pki: ca.pem, NAME.pem, NAME.key). Prints ok/FAIL per step and the
// closing line `N passed, M failed`; exit 0 only when every step passed.

const WSA = 'http://www.w3.org/2005/08/addressing';
const ACTION_BASE = 'urn:rodgate:rod:v1/';
const SCHOOL = 'school-a';
const GEMEENTE = 'gemeente-groningen'; // the melding's postcode 9711 is Groningen's

$url = getenv('RODGATE_URL') ?: 'https://127.0.0.1:8443/rod/v1';
$pki = getenv('RODGATE_PKI') ?: 'var/pki';

// The typed detail of a RodFault. SoapClient decodes a fault's detail without
// the WSDL (classmap does not apply to it), so rod_fout copies it in here.
class RodFout
{
    public string $code = '';
    public string $omschrijving = '';
    public ?string $veld = null;
}

function rod_fout(SoapFault $f): RodFout
{
    $d = $f->detail->fout ?? null;
    if (!is_object($d) || !isset($d->code)) {
        throw new RuntimeException('fault without detail/rod:fout: ' . $f->getMessage());
    }
    $fout = new RodFout();
    $fout->code = $d->code;
    $fout->omschrijving = $d->omschrijving ?? '';
    $fout->veld = $d->veld ?? null;
    return $fout;
}

// A SoapClient that presents $org's certificate.
function connect(string $url, string $pki, string $org): SoapClient
{
    $context = stream_context_create(['ssl' => [
        'cafile' => "$pki/ca.pem",
        'local_cert' => "$pki/$org.pem",
        'local_pk' => "$pki/$org.key",
        'verify_peer' => true,
        'verify_peer_name' => true,
    ]]);
    return new SoapClient("$url?wsdl", [
        'stream_context' => $context,
        'cache_wsdl' => WSDL_CACHE_NONE,
        'location' => $url,
        'exceptions' => true,
        'trace' => true,
        'keep_alive' => true,
        'features' => SOAP_SINGLE_ELEMENT_ARRAYS, // a list of one stays a list
    ]);
}

// The three WS-Addressing headers the service requires, for one call.
function ws_addressing(string $url, string $operation): array
{
    $uuid = bin2hex(random_bytes(16));
    $uuid[12] = '4';
    $messageId = 'urn:uuid:' . substr($uuid, 0, 8) . '-' . substr($uuid, 8, 4) . '-' . substr($uuid, 12, 4) . '-'
        . substr($uuid, 16, 4) . '-' . substr($uuid, 20);
    return [
        new SoapHeader(WSA, 'To', $url),
        new SoapHeader(WSA, 'Action', ACTION_BASE . $operation),
        new SoapHeader(WSA, 'MessageID', $messageId),
    ];
}

// Calls $operation as $org with the request element's content $request.
function call(array $c, string $org, string $operation, array $request)
{
    global $url, $called;
    $called[$operation] = true;
    return $c[$org]->__soapCall($operation, [$request], null, ws_addressing($url, $operation));
}

// ---- test data ---------------------------------------------------------------------------

function new_bsn(): string
{
    for (;;) {
        $head = (string)random_int(10000000, 99999999);
        $sum = 0;
        for ($i = 0; $i < 8; $i++) {
            $sum += (int)$head[$i] * (9 - $i);
        }
        if ($sum % 11 != 10) {
            return $head . ($sum % 11);
        }
    }
}

function day(int $offset): string
{
    return date('Y-m-d', strtotime("$offset days"));
}

function melding(array $s, ?string $einddatum = null): array
{
    $verzuim = ['instellingscode' => '31XU', 'begindatum' => day(-7), 'soort' => 'ZESTIEN_UUR_18MIN',
        'vermoedelijkeReden' => 'Onbekend', 'actieGewenst' => true];
    if ($einddatum !== null) {
        $verzuim = array_slice($verzuim, 0, 2) + ['einddatum' => $einddatum] + $verzuim;
    }
    return [
        'leerling' => ['persoonsgebondenNummer' => ['bsn' => $s['bsn']]],
        'verzuim' => $verzuim,
        'contactpersoonSchool' => ['naam' => 'M. de Groot', 'email' => 'verzuim@school.example.nl'],
        'lesuren' => ['alleLessenGemist' => true],
        'actiesSchool' => ['ondernomenActie' => ['BRIEF_GESTUURD']],
    ];
}

function check(bool $cond, string $what): void
{
    if (!$cond) {
        throw new RuntimeException($what);
    }
}

// ---- one function per operation: state in, assertions on the answer -------------------

function aanleveren_inschrijving(array $c, array &$s): void
{
    $r = call($c, SCHOOL, 'AanleverenInschrijving', ['inschrijving' => [[
        'instellingscode' => '31XU', 'inschrijfdatum' => day(-700),
        'leerling' => ['persoonsgebondenNummer' => ['bsn' => $s['bsn']], 'geslacht' => 'VROUW',
            'geboortedatum' => (date('Y') - 12) . '-01-15', 'achternaam' => $s['achternaam'],
            'voornamen' => 'Anna', 'adres' => ['binnenland' => ['postcode' => '9711AA', 'huisnummer' => 1]]],
    ]]]);
    check($r->aantalVerwerkt == 1 && $r->aantalGelukt == 1, "aantalGelukt $r->aantalGelukt of $r->aantalVerwerkt");
    check($r->resultaat[0]->status === 'GELUKT', 'resultaat ' . $r->resultaat[0]->status);
    check($r->resultaat[0]->persoonsgebondenNummer->bsn === $s['bsn'], 'bsn not echoed');
}

function wijzigen_inschrijving(array $c, array &$s): void
{
    $r = call($c, SCHOOL, 'WijzigenInschrijving', ['instellingscode' => '31XU',
        'persoonsgebondenNummer' => ['bsn' => $s['bsn']], 'inschrijfdatum' => day(-650)]);
    check($r->gelukt === true, 'gelukt ' . json_encode($r));
    check($r->inschrijving->inschrijfdatum === day(-650), 'inschrijfdatum ' . $r->inschrijving->inschrijfdatum);
}

function opvragen_overzicht(array $c, array &$s): void
{
    $r = call($c, SCHOOL, 'OpvragenOverzicht', ['instellingscode' => ['31XU'], 'zoekAchternaam' => $s['achternaam']]);
    check($r->gelukt === true && $r->totaalAantal === 1, "totaalAantal $r->totaalAantal");
    check(count($r->instelling) === 1 && $r->instelling[0]->instellingscode === '31XU', 'instelling blocks');
    check($r->instelling[0]->inschrijving[0]->leerling->persoonsgebondenNummer->bsn === $s['bsn'], 'bsn in the overzicht');
}

function opvragen_leerling(array $c, array &$s): void
{
    $r = call($c, SCHOOL, 'OpvragenLeerling', ['persoonsgebondenNummer' => ['bsn' => $s['bsn']]]);
    check($r->gelukt === true && $r->verzuimMeldbaar === true, 'gelukt/verzuimMeldbaar ' . json_encode($r));
    check(count($r->inschrijving) === 1 && $r->inschrijving[0]->instellingscode === '31XU', 'inschrijvingen');
    check(in_array('ZESTIEN_UUR_18MIN', $r->toegestaneSoort, true), 'toegestaneSoort');
}

function melden_verzuim(array $c, array &$s): void
{
    $r = call($c, SCHOOL, 'MeldenVerzuim', ['melding' => melding($s)]);
    check($r->gelukt === true, 'gelukt ' . json_encode($r->fout ?? null));
    check($r->meldingnummer > 0 && $r->versie === 1 && $r->status === 'GEREGISTREERD', 'nummer/versie/status');
    check($r->uitvoerendeInstantie->gemeentecode === '0014', 'gemeente ' . $r->uitvoerendeInstantie->gemeentecode);
    $s['nummer'] = $r->meldingnummer;
}

function wijzigen_verzuim(array $c, array &$s): void
{
    $r = call($c, SCHOOL, 'WijzigenVerzuim', ['meldingnummer' => $s['nummer'], 'versie' => 1,
        'melding' => melding($s, day(-1))]);
    check($r->gelukt === true && $r->versie === 2, 'gelukt/versie ' . json_encode($r));
}

function zoeken_verzuim(array $c, array &$s): void
{
    $r = call($c, SCHOOL, 'ZoekenVerzuim', ['meldingnummer' => $s['nummer']]);
    check($r->gelukt === true && $r->totaalAantal === 1, "totaalAantal $r->totaalAantal");
    $m = $r->melding[0];
    check($m->meldingnummer == $s['nummer'] && $m->versie === 2 && $m->einddatum === day(-1), 'summary ' . json_encode($m));
}

function opvragen_melding(array $c, array &$s): void
{
    $r = call($c, GEMEENTE, 'OpvragenMelding', ['meldingnummer' => $s['nummer']]);
    check($r->gelukt === true && $r->versie === 2, 'gelukt/versie');
    check($r->meldendeInstelling === '31XU' && $r->uitvoerendeInstantie->gemeentecode === '0014', 'instelling/gemeente');
    check($r->melding->leerling->persoonsgebondenNummer->bsn === $s['bsn'], 'bsn of the melding');
}

function verwerken_terugkoppeling(array $c, array &$s): void
{
    $r = call($c, GEMEENTE, 'VerwerkenTerugkoppeling', ['meldingnummer' => $s['nummer'], 'status' => 'IN_BEHANDELING',
        'behandelaar' => ['naam' => 'L. Ambtenaar']]);
    check($r->gelukt === true && $r->versie === 3 && $r->status === 'IN_BEHANDELING', 'versie/status ' . json_encode($r));
}

function opvragen_historie(array $c, array &$s): void
{
    $r = call($c, GEMEENTE, 'OpvragenHistorie', ['meldingnummer' => $s['nummer']]);
    $acties = array_map(fn($h) => $h->actie, $r->historie);
    check($r->gelukt === true && $acties === ['AANGEMAAKT', 'GEWIJZIGD', 'TERUGKOPPELING'], 'acties ' . json_encode($acties));
}

function intrekken_verzuim(array $c, array &$s): void
{
    $r = call($c, SCHOOL, 'IntrekkenVerzuim', ['meldingnummer' => $s['nummer'], 'reden' => 'TEN_ONRECHTE_GEMELD']);
    check($r->gelukt === true && $r->versie === 4 && $r->status === 'INGETROKKEN', 'versie/status ' . json_encode($r));
}

// Version 1.1: the school's newest IntrekkenVerzuim bericht is the one above.
function opvragen_berichten(array $c, array &$s): void
{
    $r = call($c, SCHOOL, 'OpvragenBerichten', ['operatie' => ['IntrekkenVerzuim'], 'paginaGrootte' => 1]);
    check($r->gelukt === true && isset($r->bericht), 'gelukt ' . json_encode($r));
    $b = is_array($r->bericht) ? $r->bericht[0] : $r->bericht;
    check((string)$b->meldingnummer === (string)$s['nummer'] && $b->resultaat === 'GELUKT', 'bericht ' . json_encode($b));
}

// Version 1.1 (9.1): a pupil enrolled without a number gets an onderwijsnummer;
// the school then links the BSN the pupil received.
function koppelen_bsn(array $c, array &$s): void
{
    $r = call($c, SCHOOL, 'AanleverenInschrijving', ['inschrijving' => [[
        'instellingscode' => '31XU', 'inschrijfdatum' => day(-30),
        'leerling' => ['geslacht' => 'MAN', 'geboortedatum' => (date('Y') - 10) . '-03-02',
            'achternaam' => $s['achternaam'] . 'k',
            'adres' => ['binnenland' => ['postcode' => '9711AA', 'huisnummer' => 2]]],
    ]]]);
    $onderwijsnummer = $r->resultaat[0]->persoonsgebondenNummer->onderwijsnummer ?? null;
    check($r->aantalGelukt == 1 && $onderwijsnummer !== null, 'no onderwijsnummer assigned ' . json_encode($r));
    $bsn = new_bsn();
    $r = call($c, SCHOOL, 'KoppelenBsn', ['instellingscode' => '31XU', 'onderwijsnummer' => $onderwijsnummer,
        'bsn' => $bsn]);
    check($r->gelukt === true && $r->persoonsgebondenNummer->bsn === $bsn, 'gelukt ' . json_encode($r));
}

// gelukt=false: a melding that does not exist (ROD-0316), in a normal response.
function functional_error(array $c, array &$s): void
{
    $r = call($c, GEMEENTE, 'OpvragenMelding', ['meldingnummer' => 999999999999]);
    check($r->gelukt === false, 'gelukt ' . json_encode($r->gelukt));
    check(count($r->fout) === 1 && $r->fout[0]->code === 'ROD-0316' && $r->fout[0]->omschrijving !== '', 'fout ' . json_encode($r->fout));
}

// A gemeente calling a school operation: SOAP fault ROD-0103, detail/rod:fout decoded.
function soap_fault(array $c, array &$s): void
{
    try {
        call($c, GEMEENTE, 'OpvragenOverzicht', ['paginaGrootte' => 1]);
    } catch (SoapFault $f) {
        $fout = rod_fout($f);
        check(preg_match('/(^|:)Client$/', $f->faultcode) === 1, "faultcode $f->faultcode");
        check($fout->code === 'ROD-0103' && $fout->omschrijving !== '', 'fout ' . json_encode($fout));
        return;
    }
    throw new RuntimeException('no SOAP fault');
}

// The WSDL has no operation that the steps above left out.
function every_operation_called(array $c, array &$s): void
{
    global $called;
    $offered = [];
    foreach ($c[SCHOOL]->__getFunctions() as $signature) { // "RespType Op(ReqType $parameters)"
        if (preg_match('/ (\w+)\(/', $signature, $m)) {
            $offered[$m[1]] = true;
        }
    }
    $missing = array_keys(array_diff_key($offered, $called));
    check(count($offered) > 0 && $missing === [], 'operations of the WSDL not called: ' . implode(', ', $missing));
}

$called = []; // operations called, for the coverage step

const STEPS = ['aanleveren_inschrijving', 'wijzigen_inschrijving', 'opvragen_overzicht', 'opvragen_leerling',
    'melden_verzuim', 'wijzigen_verzuim', 'zoeken_verzuim', 'opvragen_melding', 'verwerken_terugkoppeling',
    'opvragen_historie', 'intrekken_verzuim', 'opvragen_berichten', 'koppelen_bsn', 'functional_error',
    'soap_fault', 'every_operation_called'];

function main(string $url, string $pki): int
{
    try {
        $c = [SCHOOL => connect($url, $pki, SCHOOL), GEMEENTE => connect($url, $pki, GEMEENTE)];
    } catch (Throwable $e) { // no WSDL: every step fails
        echo "FAIL php loading $url?wsdl: ", get_class($e), ': ', $e->getMessage(), "\n";
        echo '0 passed, ', count(STEPS), " failed\n";
        return 1;
    }
    $s = ['bsn' => new_bsn(), 'achternaam' => 'Interop' . substr(str_shuffle(str_repeat('abcdefghijklmnopqrstuvwxyz', 3)), 0, 10)];
    $passed = $failed = 0;
    foreach (STEPS as $step) {
        try {
            $step($c, $s);
            $passed++;
            echo "ok   php $step\n";
        } catch (Throwable $e) { // one step's failure is reported, the others still run
            $failed++;
            echo "FAIL php $step: ", get_class($e), ': ', $e->getMessage(), "\n";
        }
    }
    echo "$passed passed, $failed failed\n";
    return $failed ? 1 : 0;
}

exit(main($url, $pki));
