// A rodgate client on the JAX-WS RI (Debian jaxws: wsimport, then this class),
// and the interop scenario of tests/interop/ (docs/interop.md).
//
// The port classes come from `wsimport -p nl.rodgate.rod.v1` on the WSDL. The
// service is read from its ?wsdl URL (the XSD import is a URL on the same
// server). AddressingFeature makes the RI send wsa:To, wsa:Action (the WSDL's
// wsam:Action) and wsa:MessageID. Mutual TLS: the organisation's key and
// certificate in a PKCS#12 key store, trusting the CA certificates of ca.pem.
// SchemaValidationFeature validates every request and response against the
// XSD; compiling it needs -Djdk.xml.maxOccurLimit=0 (or 10000), because the
// XSD's maxOccurs="10000" is over the JDK's default limit of 5,000.
//
// Environment: RODGATE_URL (https://127.0.0.1:8443/rod/v1), RODGATE_PKI
// (var/pki: ca.pem), RODGATE_P12 (folder of NAME.p12, default RODGATE_PKI),
// RODGATE_P12_PASSWORD (changeit). Prints ok/FAIL per step and the closing
// line `N passed, M failed`; exit 0 only when every step passed.

import java.io.FileInputStream;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.jws.WebMethod;
import javax.net.ssl.TrustManagerFactory;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import javax.xml.ws.BindingProvider;
import javax.xml.ws.soap.AddressingFeature;
import com.sun.xml.ws.developer.SchemaValidationFeature;
import nl.rodgate.rod.v1.*;

public final class RodInterop {
    static final String URL_ = env("RODGATE_URL", "https://127.0.0.1:8443/rod/v1");
    static final String PKI = env("RODGATE_PKI", "var/pki");
    static final String P12 = env("RODGATE_P12", PKI);
    static final String P12_PASSWORD = env("RODGATE_P12_PASSWORD", "changeit");
    static final String SCHOOL = "school-a";
    static final String GEMEENTE = "gemeente-groningen"; // the melding's postcode 9711 is Groningen's
    // JAX-WS RI's request-context key for the socket factory of one port
    static final String SSL_SOCKET_FACTORY = "com.sun.xml.ws.transport.https.client.SSLSocketFactory";

    static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? dflt : v;
    }

    /** TLS with NAME.p12 as the client identity, trusting the certificates in ca.pem. */
    static SSLContext tls(String org) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(P12 + "/" + org + ".p12")) {
            keys.load(in, P12_PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, P12_PASSWORD.toCharArray());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = new FileInputStream(PKI + "/ca.pem")) {
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in))
                trust.setCertificateEntry("ca" + i++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
        return ctx;
    }

    /** A port that presents org's certificate, sends the WS-Addressing headers and validates. */
    static RodPortType connect(String org) throws Exception {
        SSLContext ctx = tls(org);
        // the WSDL and XSD are fetched with HttpsURLConnection's default factory
        HttpsURLConnection.setDefaultSSLSocketFactory(ctx.getSocketFactory());
        RodService service = new RodService(new URL(URL_ + "?wsdl"));
        RodPortType port = service.getRodPort(new AddressingFeature(true, true), new SchemaValidationFeature());
        Map<String, Object> rc = ((BindingProvider) port).getRequestContext();
        rc.put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, URL_);
        rc.put(SSL_SOCKET_FACTORY, ctx.getSocketFactory());
        return recording(port);
    }

    static final Set<String> CALLED = new TreeSet<>(); // operations called, for the coverage step

    /** The port behind a proxy that notes each operation called. */
    static RodPortType recording(RodPortType port) {
        return (RodPortType) Proxy.newProxyInstance(RodPortType.class.getClassLoader(),
                new Class<?>[] {RodPortType.class}, (proxy, method, args) -> {
                    WebMethod op = method.getAnnotation(WebMethod.class);
                    if (op != null)
                        CALLED.add(op.operationName());
                    try {
                        return method.invoke(port, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause(); // RodFault and the rest, as the port threw them
                    }
                });
    }

    // ---- test data ---------------------------------------------------------------------

    static final SecureRandom RNG = new SecureRandom();

    static String newBsn() {
        for (;;) {
            String head = Integer.toString(10_000_000 + RNG.nextInt(90_000_000));
            int sum = 0;
            for (int i = 0; i < 8; i++)
                sum += (head.charAt(i) - '0') * (9 - i);
            if (sum % 11 != 10)
                return head + (sum % 11);
        }
    }

    static XMLGregorianCalendar day(int offset) {
        try {
            return DatatypeFactory.newInstance().newXMLGregorianCalendar(LocalDate.now().plusDays(offset).toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean sameDay(XMLGregorianCalendar a, XMLGregorianCalendar b) {
        return a != null && b != null && a.toXMLFormat().equals(b.toXMLFormat());
    }

    static PersoonsgebondenNummer bsn(String bsn) {
        PersoonsgebondenNummer p = new PersoonsgebondenNummer();
        p.setBsn(bsn);
        return p;
    }

    static Melding melding(State s, XMLGregorianCalendar einddatum) {
        Melding m = new Melding();
        MeldingLeerling l = new MeldingLeerling();
        l.setPersoonsgebondenNummer(bsn(s.bsn));
        m.setLeerling(l);
        Verzuim v = new Verzuim();
        v.setInstellingscode("31XU");
        v.setBegindatum(day(-7));
        v.setEinddatum(einddatum);
        v.setSoort(VerzuimSoort.ZESTIEN_UUR_18_MIN);
        v.setVermoedelijkeReden("Onbekend");
        v.setActieGewenst(true);
        m.setVerzuim(v);
        ContactpersoonSchool cs = new ContactpersoonSchool();
        cs.setNaam("M. de Groot");
        cs.setEmail("verzuim@school.example.nl");
        m.setContactpersoonSchool(cs);
        Lesuren lu = new Lesuren();
        lu.setAlleLessenGemist(true);
        m.setLesuren(lu);
        ActiesSchool a = new ActiesSchool();
        a.getOndernomenActie().add(OndernomenActie.BRIEF_GESTUURD);
        m.setActiesSchool(a);
        return m;
    }

    static void check(boolean cond, String what) {
        if (!cond)
            throw new AssertionError(what);
    }

    static String codes(List<Fout> fouten) {
        return fouten.stream().map(Fout::getCode).collect(Collectors.joining(","));
    }

    static final class State {
        final String bsn = newBsn();
        final String achternaam = "Interop" + RNG.ints(10, 'a', 'z' + 1)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append);
        long nummer;
    }

    interface Step {
        void run(Map<String, RodPortType> c, State s) throws Exception;
    }

    // ---- one method per operation: state in, assertions on the answer -----------------

    static void aanleverenInschrijving(Map<String, RodPortType> c, State s) throws Exception {
        Binnenland adres = new Binnenland();
        adres.setPostcode("9711AA");
        adres.setHuisnummer(1);
        Adres a = new Adres();
        a.setBinnenland(adres);
        Leerling l = new Leerling();
        l.setPersoonsgebondenNummer(bsn(s.bsn));
        l.setGeslacht(Geslacht.VROUW);
        l.setGeboortedatum((LocalDate.now().getYear() - 12) + "-01-15");
        l.setAchternaam(s.achternaam);
        l.setVoornamen("Anna");
        l.setAdres(a);
        Inschrijving i = new Inschrijving();
        i.setInstellingscode("31XU");
        i.setInschrijfdatum(day(-700));
        i.setLeerling(l);
        AanleverenInschrijvingRequestType req = new AanleverenInschrijvingRequestType();
        req.getInschrijving().add(i);
        AanleverenInschrijvingResponseType r = c.get(SCHOOL).aanleverenInschrijving(req);
        check(r.getAantalVerwerkt() == 1 && r.getAantalGelukt() == 1, "aantalGelukt " + r.getAantalGelukt());
        InschrijvingResultaat res = r.getResultaat().get(0);
        check(res.getStatus() == ResultaatStatus.GELUKT, "resultaat " + res.getStatus() + " " + codes(res.getFout()));
        check(s.bsn.equals(res.getPersoonsgebondenNummer().getBsn()), "bsn not echoed");
    }

    static void wijzigenInschrijving(Map<String, RodPortType> c, State s) throws Exception {
        WijzigenInschrijvingRequestType req = new WijzigenInschrijvingRequestType();
        req.setInstellingscode("31XU");
        req.setPersoonsgebondenNummer(bsn(s.bsn));
        req.setInschrijfdatum(day(-650));
        WijzigenInschrijvingResponseType r = c.get(SCHOOL).wijzigenInschrijving(req);
        check(r.isGelukt(), "gelukt false " + codes(r.getFout()));
        check(sameDay(r.getInschrijving().getInschrijfdatum(), day(-650)), "inschrijfdatum");
    }

    static void opvragenOverzicht(Map<String, RodPortType> c, State s) throws Exception {
        OpvragenOverzichtRequestType req = new OpvragenOverzichtRequestType();
        req.getInstellingscode().add("31XU");
        req.setZoekAchternaam(s.achternaam);
        OpvragenOverzichtResponseType r = c.get(SCHOOL).opvragenOverzicht(req);
        check(r.isGelukt() && r.getTotaalAantal() == 1, "totaalAantal " + r.getTotaalAantal());
        check(r.getInstelling().size() == 1 && "31XU".equals(r.getInstelling().get(0).getInstellingscode()),
                "instelling blocks");
        OverzichtInschrijving i = r.getInstelling().get(0).getInschrijving().get(0);
        check(s.bsn.equals(i.getLeerling().getPersoonsgebondenNummer().getBsn()), "bsn in the overzicht");
    }

    static void opvragenLeerling(Map<String, RodPortType> c, State s) throws Exception {
        OpvragenLeerlingRequestType req = new OpvragenLeerlingRequestType();
        req.setPersoonsgebondenNummer(bsn(s.bsn));
        OpvragenLeerlingResponseType r = c.get(SCHOOL).opvragenLeerling(req);
        check(r.isGelukt() && Boolean.TRUE.equals(r.isVerzuimMeldbaar()), "gelukt/verzuimMeldbaar");
        check(r.getInschrijving().size() == 1 && "31XU".equals(r.getInschrijving().get(0).getInstellingscode()),
                "inschrijvingen");
        check(r.getToegestaneSoort().contains(VerzuimSoort.ZESTIEN_UUR_18_MIN), "toegestaneSoort");
    }

    static void meldenVerzuim(Map<String, RodPortType> c, State s) throws Exception {
        MeldenVerzuimRequestType req = new MeldenVerzuimRequestType();
        req.setMelding(melding(s, null));
        MeldenVerzuimResponseType r = c.get(SCHOOL).meldenVerzuim(req);
        check(r.isGelukt(), "gelukt false " + codes(r.getFout()));
        check(r.getMeldingnummer() > 0 && r.getVersie() == 1 && r.getStatus() == Status.GEREGISTREERD,
                "nummer/versie/status");
        check("0014".equals(r.getUitvoerendeInstantie().getGemeentecode()), "gemeente");
        s.nummer = r.getMeldingnummer();
    }

    static void wijzigenVerzuim(Map<String, RodPortType> c, State s) throws Exception {
        WijzigenVerzuimRequestType req = new WijzigenVerzuimRequestType();
        req.setMeldingnummer(s.nummer);
        req.setVersie(1);
        req.setMelding(melding(s, day(-1)));
        WijzigenVerzuimResponseType r = c.get(SCHOOL).wijzigenVerzuim(req);
        check(r.isGelukt() && r.getVersie() == 2, "gelukt/versie " + codes(r.getFout()));
    }

    static void zoekenVerzuim(Map<String, RodPortType> c, State s) throws Exception {
        ZoekenVerzuimRequestType req = new ZoekenVerzuimRequestType();
        req.setMeldingnummer(s.nummer);
        ZoekenVerzuimResponseType r = c.get(SCHOOL).zoekenVerzuim(req);
        check(r.isGelukt() && r.getTotaalAantal() == 1, "totaalAantal " + r.getTotaalAantal());
        MeldingSamenvatting m = r.getMelding().get(0);
        check(m.getMeldingnummer() == s.nummer && m.getVersie() == 2 && sameDay(m.getEinddatum(), day(-1)), "summary");
    }

    static void opvragenMelding(Map<String, RodPortType> c, State s) throws Exception {
        OpvragenMeldingRequestType req = new OpvragenMeldingRequestType();
        req.setMeldingnummer(s.nummer);
        OpvragenMeldingResponseType r = c.get(GEMEENTE).opvragenMelding(req);
        check(r.isGelukt() && r.getVersie() == 2, "gelukt/versie");
        check("31XU".equals(r.getMeldendeInstelling()) && "0014".equals(r.getUitvoerendeInstantie().getGemeentecode()),
                "instelling/gemeente");
        check(s.bsn.equals(r.getMelding().getLeerling().getPersoonsgebondenNummer().getBsn()), "bsn of the melding");
    }

    static void verwerkenTerugkoppeling(Map<String, RodPortType> c, State s) throws Exception {
        Behandelaar b = new Behandelaar();
        b.setNaam("L. Ambtenaar");
        VerwerkenTerugkoppelingRequestType req = new VerwerkenTerugkoppelingRequestType();
        req.setMeldingnummer(s.nummer);
        req.setStatus(TerugkoppelingStatus.IN_BEHANDELING);
        req.setBehandelaar(b);
        VerwerkenTerugkoppelingResponseType r = c.get(GEMEENTE).verwerkenTerugkoppeling(req);
        check(r.isGelukt() && r.getVersie() == 3 && r.getStatus() == Status.IN_BEHANDELING, "versie/status");
    }

    static void opvragenHistorie(Map<String, RodPortType> c, State s) throws Exception {
        OpvragenHistorieRequestType req = new OpvragenHistorieRequestType();
        req.setMeldingnummer(s.nummer);
        OpvragenHistorieResponseType r = c.get(GEMEENTE).opvragenHistorie(req);
        List<HistorieActie> acties = new ArrayList<>();
        for (Historie h : r.getHistorie())
            acties.add(h.getActie());
        check(r.isGelukt() && acties.equals(List.of(HistorieActie.AANGEMAAKT, HistorieActie.GEWIJZIGD,
                HistorieActie.TERUGKOPPELING)), "acties " + acties);
    }

    static void intrekkenVerzuim(Map<String, RodPortType> c, State s) throws Exception {
        IntrekkenVerzuimRequestType req = new IntrekkenVerzuimRequestType();
        req.setMeldingnummer(s.nummer);
        req.setReden(RedenIntrekken.TEN_ONRECHTE_GEMELD);
        IntrekkenVerzuimResponseType r = c.get(SCHOOL).intrekkenVerzuim(req);
        check(r.isGelukt() && r.getVersie() == 4 && r.getStatus() == Status.INGETROKKEN, "versie/status");
    }

    /** Version 1.1: the school's newest IntrekkenVerzuim bericht is the one above. */
    static void opvragenBerichten(Map<String, RodPortType> c, State s) throws Exception {
        OpvragenBerichtenRequestType req = new OpvragenBerichtenRequestType();
        req.getOperatie().add(MutatieOperatie.INTREKKEN_VERZUIM);
        req.setPaginaGrootte(1);
        OpvragenBerichtenResponseType r = c.get(SCHOOL).opvragenBerichten(req);
        check(r.isGelukt() && r.getBericht().size() == 1, "gelukt/bericht " + codes(r.getFout()));
        Bericht b = r.getBericht().get(0);
        check(b.getMeldingnummer() != null && b.getMeldingnummer() == s.nummer
                && b.getResultaat() == BerichtResultaat.GELUKT, "bericht " + b.getMeldingnummer());
    }

    /** Version 1.1 (9.1): a pupil enrolled without a number gets an onderwijsnummer; the school
     * then links the BSN the pupil received. */
    static void koppelenBsn(Map<String, RodPortType> c, State s) throws Exception {
        Binnenland adres = new Binnenland();
        adres.setPostcode("9711AA");
        adres.setHuisnummer(2);
        Adres a = new Adres();
        a.setBinnenland(adres);
        Leerling l = new Leerling();
        l.setGeslacht(Geslacht.MAN);
        l.setGeboortedatum((LocalDate.now().getYear() - 10) + "-03-02");
        l.setAchternaam(s.achternaam + "k");
        l.setAdres(a);
        Inschrijving i = new Inschrijving();
        i.setInstellingscode("31XU");
        i.setInschrijfdatum(day(-30));
        i.setLeerling(l);
        AanleverenInschrijvingRequestType req = new AanleverenInschrijvingRequestType();
        req.getInschrijving().add(i);
        AanleverenInschrijvingResponseType r = c.get(SCHOOL).aanleverenInschrijving(req);
        InschrijvingResultaat res = r.getResultaat().get(0);
        String onderwijsnummer = res.getPersoonsgebondenNummer() == null ? null
                : res.getPersoonsgebondenNummer().getOnderwijsnummer();
        check(r.getAantalGelukt() == 1 && onderwijsnummer != null, "no onderwijsnummer assigned");
        String bsn = newBsn();
        KoppelenBsnRequestType k = new KoppelenBsnRequestType();
        k.setInstellingscode("31XU");
        k.setOnderwijsnummer(onderwijsnummer);
        k.setBsn(bsn);
        KoppelenBsnResponseType kr = c.get(SCHOOL).koppelenBsn(k);
        check(kr.isGelukt() && bsn.equals(kr.getPersoonsgebondenNummer().getBsn()),
                "gelukt " + kr.isGelukt() + " " + codes(kr.getFout()));
    }

    /** gelukt=false: a melding that does not exist (ROD-0316), in a normal response. */
    static void functionalError(Map<String, RodPortType> c, State s) throws Exception {
        OpvragenMeldingRequestType req = new OpvragenMeldingRequestType();
        req.setMeldingnummer(999_999_999_999L);
        OpvragenMeldingResponseType r = c.get(GEMEENTE).opvragenMelding(req);
        check(!r.isGelukt(), "gelukt true");
        check(codes(r.getFout()).equals("ROD-0316") && !r.getFout().get(0).getOmschrijving().isEmpty(),
                "fout " + codes(r.getFout()));
    }

    /** A gemeente calling a school operation: SOAP fault ROD-0103 as the typed RodFault. */
    static void soapFault(Map<String, RodPortType> c, State s) throws Exception {
        OpvragenOverzichtRequestType req = new OpvragenOverzichtRequestType();
        req.setPaginaGrootte(1);
        try {
            c.get(GEMEENTE).opvragenOverzicht(req);
        } catch (RodFault f) {
            Fout fout = f.getFaultInfo();
            check(fout != null && "ROD-0103".equals(fout.getCode()) && !fout.getOmschrijving().isEmpty(),
                    "fout " + (fout == null ? null : fout.getCode()));
            return;
        }
        throw new AssertionError("no SOAP fault");
    }

    /** The WSDL (the port interface wsimport made of it) has no operation the steps left out. */
    static void everyOperationCalled(Map<String, RodPortType> c, State s) {
        Set<String> missing = new TreeSet<>();
        for (Method m : RodPortType.class.getMethods()) {
            WebMethod op = m.getAnnotation(WebMethod.class);
            if (op != null)
                missing.add(op.operationName());
        }
        check(!missing.isEmpty(), "no operations in the port");
        missing.removeAll(CALLED);
        check(missing.isEmpty(), "operations of the WSDL not called: " + missing);
    }

    public static void main(String[] args) {
        Map<String, Step> steps = new LinkedHashMap<>();
        steps.put("aanleveren_inschrijving", RodInterop::aanleverenInschrijving);
        steps.put("wijzigen_inschrijving", RodInterop::wijzigenInschrijving);
        steps.put("opvragen_overzicht", RodInterop::opvragenOverzicht);
        steps.put("opvragen_leerling", RodInterop::opvragenLeerling);
        steps.put("melden_verzuim", RodInterop::meldenVerzuim);
        steps.put("wijzigen_verzuim", RodInterop::wijzigenVerzuim);
        steps.put("zoeken_verzuim", RodInterop::zoekenVerzuim);
        steps.put("opvragen_melding", RodInterop::opvragenMelding);
        steps.put("verwerken_terugkoppeling", RodInterop::verwerkenTerugkoppeling);
        steps.put("opvragen_historie", RodInterop::opvragenHistorie);
        steps.put("intrekken_verzuim", RodInterop::intrekkenVerzuim);
        steps.put("opvragen_berichten", RodInterop::opvragenBerichten);
        steps.put("koppelen_bsn", RodInterop::koppelenBsn);
        steps.put("functional_error", RodInterop::functionalError);
        steps.put("soap_fault", RodInterop::soapFault);
        steps.put("every_operation_called", RodInterop::everyOperationCalled);

        Map<String, RodPortType> c = new LinkedHashMap<>();
        try {
            c.put(SCHOOL, connect(SCHOOL));
            c.put(GEMEENTE, connect(GEMEENTE));
        } catch (Exception e) { // no WSDL or no key store: every step fails
            System.out.println("FAIL java loading " + URL_ + "?wsdl: " + e);
            System.out.println("0 passed, " + steps.size() + " failed");
            System.exit(1);
        }
        State s = new State();
        int passed = 0, failed = 0;
        for (Map.Entry<String, Step> e : steps.entrySet()) {
            try {
                e.getValue().run(c, s);
                passed++;
                System.out.println("ok   java " + e.getKey());
            } catch (Throwable t) { // one step's failure is reported, the others still run
                failed++;
                System.out.println("FAIL java " + e.getKey() + ": " + t);
            }
        }
        System.out.println(passed + " passed, " + failed + " failed");
        System.exit(failed == 0 ? 0 : 1);
    }
}
