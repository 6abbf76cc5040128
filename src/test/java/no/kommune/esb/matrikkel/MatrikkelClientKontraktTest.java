package no.kommune.esb.matrikkel;

import com.sun.net.httpserver.HttpServer;
import no.kommune.esb.model.Matrikkelenhet;
import no.kommune.esb.register.RegisterException;
import no.kommune.esb.register.RegisterHttp;
import no.kommune.esb.register.Xml;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client against answers the matrikkelAPI contract allows but the simulator does not give: a stub server answers
 * each operation as a test says, in the shapes of the contract's XSDs and of the example faults in its documentation
 * ({@code matrikkel/docs/Matrikkelapi.txt}, "Feilhåndtering").
 */
class MatrikkelClientKontraktTest {

    /** A SOAP answer: the HTTP status and the Body's content. */
    record Svar(int status, String innhold) {
    }

    /** 7 December 2026, 13:00 in Norway: "now" when an ownership's end is compared. */
    private static final Clock KLOKKE = Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneId.of("Europe/Oslo"));

    private static final Vegadresseident KJENT = new Vegadresseident("4601", 1234, 5, null);
    private static final Vegadresseident UKJENT = new Vegadresseident("4601", 9999, 1, null);

    /** The ServiceException fault Matrikkelen answers for an ident it does not know (category as in exception.xsd). */
    static final Svar FINDER_FAULT = new Svar(500, "<S:Fault xmlns:S=\"" + Xml.SOAP11 + "\"><faultcode>S:Server</faultcode>"
            + "<faultstring>Fant ingen forekomst</faultstring><detail><ns3:ServiceException xmlns:ns3=\"" + MatrikkelNs.EXCEPTION + "\">"
            + "<ns3:category>:ServiceException:ApplicationException:FinderException:</ns3:category>"
            + "<ns3:stackTraceText>no.statkart.skif.exception.FinderException: Fant ingen forekomst</ns3:stackTraceText>"
            + "</ns3:ServiceException></detail></S:Fault>");

    private final List<String> kall = new CopyOnWriteArrayList<>();
    private volatile Function<String, Map<String, Svar>> svar;
    private HttpServer server;
    private MatrikkelClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String operasjon = body.replaceFirst("(?s).*<soapenv:Body><svc:(\\w+)>.*", "$1");
            // getObjects and getObjectsIgnoreMissing alike; a test's answer tells them apart by the body when it must
            String noekkel = operasjon.startsWith("getObjects") ? "getObjects" + (body.contains("mat:MatrikkelenhetId") ? "/enheter" : body.contains("kom:KommuneId") ? "/kommuner" : "/personer") : operasjon;
            kall.add(noekkel);
            Svar s = svar.apply(body).get(noekkel);
            String innhold = s.innhold().startsWith("<S:Fault") ? s.innhold()
                    : "<svc:" + operasjon + "Response>" + s.innhold() + "</svc:" + operasjon + "Response>";
            byte[] ut = ("<soapenv:Envelope xmlns:soapenv=\"" + Xml.SOAP11 + "\"" + MatrikkelNs.DECLARATIONS + " xmlns:svc=\"urn:svc\"><soapenv:Body>"
                    + innhold + "</soapenv:Body></soapenv:Envelope>").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/xml; charset=utf-8");
            ex.sendResponseHeaders(s.status(), ut.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(ut);
            }
        });
        server.start();
        client = new MatrikkelClient(new RegisterHttp("matrikkel", Duration.ofSeconds(2), Duration.ofSeconds(5)),
                "http://localhost:" + server.getAddress().getPort() + "/matrikkelapi/wsapi/v1", "bruker", "passord", "test", "4.4", KLOKKE);
    }

    @AfterEach
    void stopp() {
        server.stop(0);
    }

    private static String identEntry(Vegadresseident a, long id) {
        return "<adr:entry><adr:key xsi:type=\"adr:VegadresseIdent\"><adr:kommuneIdent><kom:kommunenummer>" + a.kommunenummer()
                + "</kom:kommunenummer></adr:kommuneIdent><adr:adressekode>" + a.adressekode() + "</adr:adressekode><adr:nummer>" + a.husnummer()
                + "</adr:nummer></adr:key><adr:value xsi:type=\"adr:VegadresseId\"><dom:value>" + id + "</dom:value></adr:value></adr:entry>";
    }

    /** One unit (id 400, 4601-12/7) at address id 300 with {@code eierforhold} as written, its owners among {@code personer}. */
    private static Map<String, Svar> enhetMed(String eierforhold, String personer) {
        return Map.of(
                "findMatrikkelenheterForAdresser", new Svar(200, "<svc:return><mat:entry><mat:key><dom:value>300</dom:value></mat:key><mat:value>"
                        + "<mat:item xsi:type=\"mat:MatrikkelenhetId\"><dom:value>400</dom:value></mat:item></mat:value></mat:entry></svc:return>"),
                "findAdresseIdForIdent", new Svar(200, "<svc:return xsi:type=\"adr:VegadresseId\"><dom:value>300</dom:value></svc:return>"),
                "findMatrikkelenheterForAdresse", new Svar(200, "<svc:return><mat:item xsi:type=\"mat:MatrikkelenhetId\"><dom:value>400</dom:value></mat:item></svc:return>"),
                "getObjects/enheter", new Svar(200, "<svc:return><dom:item xsi:type=\"mat:Grunneiendom\"><dom:id><dom:value>400</dom:value></dom:id>"
                        + "<mat:matrikkelnummer><mat:kommuneId><dom:value>100004601</dom:value></mat:kommuneId><mat:gardsnummer>12</mat:gardsnummer>"
                        + "<mat:bruksnummer>7</mat:bruksnummer></mat:matrikkelnummer><mat:eierforhold>" + eierforhold + "</mat:eierforhold></dom:item></svc:return>"),
                "getObjects/kommuner", new Svar(200, "<svc:return>" + KOMMUNE + "</svc:return>"),
                "getObjects/personer", new Svar(200, "<svc:return>" + personer + "</svc:return>"));
    }

    /** Kommune 4601 under its KommuneId (Matrikkelen's internal id, as in the documentation's examples). */
    private static final String KOMMUNE = "<dom:item xsi:type=\"kom:Kommune\"><dom:id><dom:value>100004601</dom:value></dom:id>"
            + "<kom:kommunenummer>4601</kom:kommunenummer><kom:kommunenavn>Bergen</kom:kommunenavn></dom:item>";

    private static final String ORG_EIER = "<mat:item xsi:type=\"mat:JuridiskPersonTinglystEierforhold\"><mat:andel><util:teller>1</util:teller>"
            + "<util:nevner>1</util:nevner></mat:andel><mat:eierId><dom:value>500</dom:value></mat:eierId></mat:item>";
    private static final String ORG = "<dom:item xsi:type=\"per:JuridiskPerson\"><dom:id><dom:value>500</dom:value></dom:id>"
            + "<per:nummer>912345678</per:nummer><per:navn>Boligbyggelaget</per:navn></dom:item>";

    /**
     * The contract does not say how the bulk {@code findAdresseIdsForIdents} answers a list with an ident it does not
     * know; the single form answers a FinderException. If the bulk one does so too, that fault says nothing of the other
     * addresses: the known one still gets its unit, the unknown one none. Before, the fault was read as "none of them is
     * known", and every address of the call (up to 500, a fan-out batch's) got no units: documents saying "owns nothing".
     */
    @Test
    void should_still_find_the_known_addresses_when_the_bulk_ident_look_up_faults_on_an_unknown_one() {
        svar = body -> {
            Map<String, Svar> s = new java.util.HashMap<>(enhetMed(ORG_EIER, ORG));
            boolean ukjent = body.contains("<adr:adressekode>" + UKJENT.adressekode() + "<");
            s.put("findAdresseIdsForIdents", ukjent ? FINDER_FAULT : new Svar(200, "<svc:return>" + identEntry(KJENT, 300) + "</svc:return>"));
            return s;
        };

        Map<Vegadresseident, List<Matrikkelenhet>> enheter = client.matrikkelenheterForAdresser(List.of(KJENT, UKJENT));

        assertThat(enheter).containsOnlyKeys(KJENT, UKJENT);
        assertThat(enheter.get(UKJENT)).isEmpty();
        assertThat(enheter.get(KJENT)).singleElement().satisfies(e -> assertThat(e.eiere()).singleElement()
                .satisfies(a -> assertThat(a.eier().organisasjonsnummer()).isEqualTo("912345678")));
    }

    /** No fault, no extra call: the bulk ident look-up is asked once for all addresses. */
    @Test
    void should_ask_the_bulk_ident_look_up_once_when_it_answers() {
        svar = body -> {
            Map<String, Svar> s = new java.util.HashMap<>(enhetMed(ORG_EIER, ORG));
            s.put("findAdresseIdsForIdents", new Svar(200, "<svc:return>" + identEntry(KJENT, 300) + "</svc:return>"));
            return s;
        };

        assertThat(client.matrikkelenheterForAdresser(List.of(KJENT, UKJENT)).get(KJENT)).hasSize(1);
        assertThat(kall).containsExactly("findAdresseIdsForIdents", "findMatrikkelenheterForAdresser", "getObjects/enheter", "getObjects/kommuner",
                "getObjects/personer");
    }

    /**
     * The example faults of the contract's documentation ("Feilhåndtering", Matrikkelapi.txt), as the single address
     * look-up meets them. The AdresseService example of an ident not found has a ServiceException with its stack trace
     * and no {@code category}; the StoreService example's category reads {@code ":ServiceException:ApplicationException:
     * FinderException:"} (a space in it). Both are "not found": no units, as for the simulator's fault. Before, a fault
     * without a category or with a space in it was REJECTED, and the look-up with {@code eiendom=true} of a person whose
     * address Matrikkelen does not know answered 502. The documented "known error" (a wrong systemVersion in the
     * MatrikkelContext answers a bare fault whose faultstring names FinderException) is no "not found": it stays
     * REJECTED, and its message says to check the MatrikkelContext.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "adresseservice-uten-category | <ns3:ServiceException xmlns:ns3='EXC'><ns3:stackTraceText>no.statkart.skif.exception.FinderException: Fant ingen forekomst ved søk på krets med kretsnr:359, kretstypeKode.id=4097 og kommune.id=KommuneId{value=100000301, snapshotVersion=SnapshotVersion{timestamp=CURRENT}}</ns3:stackTraceText></ns3:ServiceException> | Fant ingen forekomst ved søk på krets med kretsnr:359 | ",
            "storeservice-category-med-mellomrom | <ns32:ServiceException xmlns:ns32='EXC'><ns32:category>:ServiceException:ApplicationException: FinderException:</ns32:category><ns32:stackTraceText>no.statkart.skif.exception.ObjectNotFoundException: [KommuneId{value=300712, snapshotVersion=SnapshotVersion {timestamp=CURRENT}}]</ns32:stackTraceText></ns32:ServiceException> | [KommuneId{value=300712, snapshotVersion=SnapshotVersion {timestamp=CURRENT}}] | ",
            "kjent-feil-systemversion | | Error mapping from no.statkart.skif.exception. FinderException to java.lang.Throwable | REJECTED",
    })
    void should_read_the_documented_example_faults(String tilfelle, String detalj, String faultstring, String ventetFeil) {
        Svar fault = new Svar(500, "<S:Fault xmlns:S=\"" + Xml.SOAP11 + "\"><faultcode>S:Server</faultcode><faultstring>" + faultstring + "</faultstring>"
                + (detalj == null ? "" : "<detail>" + detalj.replace("'", "\"").replace("EXC", MatrikkelNs.EXCEPTION) + "</detail>") + "</S:Fault>");
        svar = body -> {
            Map<String, Svar> s = new java.util.HashMap<>(enhetMed(ORG_EIER, ORG));
            s.put("findAdresseIdForIdent", fault);
            return s;
        };

        if (ventetFeil == null) {
            assertThat(client.matrikkelenheterForAdresse(UKJENT)).isEmpty();
        } else {
            assertThatThrownBy(() -> client.matrikkelenheterForAdresse(UKJENT)).isInstanceOfSatisfying(RegisterException.class, e -> {
                assertThat(e.kind()).isEqualTo(RegisterException.Kind.valueOf(ventetFeil));
                assertThat(e.getMessage()).contains("matrikkelContext").doesNotContain("Error mapping");
            });
        }
    }

    /**
     * A unit's {@code eierforhold} list holds ownerships and, for a unit whose owner cannot be reached (a jordsameie, an
     * estate), its {@code Kontaktinstans}: in matrikkelenhet.xsd a subtype of Eierforhold with an {@code eierId} and
     * dates but no share, neither a Tinglyst- nor an IkkeTinglystEierforhold. The contact is not an owner: the unit has
     * the one owner. Before, every item with an eierId was read as an owner, the contact with a share of 1/1 (the fee
     * system was told a person owns the unit who does not, and the shares summed to 2).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"bulk", "adresse"})
    void should_not_read_a_units_contact_as_an_owner(String oppslag) {
        String kontakt = "<mat:item xsi:type=\"mat:Kontaktinstans\"><mat:eierId><dom:value>501</dom:value></mat:eierId></mat:item>";
        String kontaktperson = "<dom:item xsi:type=\"per:FysiskPerson\"><dom:id><dom:value>501</dom:value></dom:id><per:nummer>01019012345</per:nummer>"
                + "<per:navn>Kontakt Kari</per:navn></dom:item>";
        svar = body -> {
            Map<String, Svar> s = new java.util.HashMap<>(enhetMed(ORG_EIER + kontakt, ORG + kontaktperson));
            s.put("findAdresseIdsForIdents", new Svar(200, "<svc:return>" + identEntry(KJENT, 300) + "</svc:return>"));
            return s;
        };

        List<Matrikkelenhet> enheter = oppslag.equals("bulk") ? client.matrikkelenheterForAdresser(List.of(KJENT)).get(KJENT)
                : client.matrikkelenheterForAdresse(KJENT);

        assertThat(enheter).singleElement().satisfies(e -> assertThat(e.eiere()).singleElement().satisfies(a -> {
            assertThat(a.eier().organisasjonsnummer()).isEqualTo("912345678");
            assertThat(a.teller() + "/" + a.nevner()).isEqualTo("1/1");
        }));
    }

    private static final String PERSON_EIER = "<mat:item xsi:type=\"mat:PersonTinglystEierforhold\"><mat:andel><util:teller>1</util:teller>"
            + "<util:nevner>2</util:nevner></mat:andel><mat:eierId><dom:value>501</dom:value></mat:eierId></mat:item>";

    /**
     * Matrikkelen's data is not always whole: a unit an address points to, or an owner a unit names, may have no object
     * in the store. {@code getObjects} answers that with a FinderException for the whole call (the documentation's
     * StoreService example), so one such id failed the look-up, and the fan-out batch of up to 500 addresses, for as
     * long as Matrikkelen's data stayed so (the batch rolled back and was taken again). The client asks {@code
     * getObjectsIgnoreMissing}: the missing owner or unit is left out, the rest is read.
     */
    @ParameterizedTest(name = "{0} missing, {1}")
    @CsvSource({"eier, bulk", "eier, adresse", "enhet, bulk", "enhet, adresse"})
    void should_leave_out_only_the_object_matrikkelen_has_none_for(String mangler, String oppslag) {
        String toEnheter = "<mat:item xsi:type=\"mat:MatrikkelenhetId\"><dom:value>400</dom:value></mat:item>"
                + "<mat:item xsi:type=\"mat:MatrikkelenhetId\"><dom:value>401</dom:value></mat:item>";
        svar = body -> {
            Map<String, Svar> s = new java.util.HashMap<>(enhetMed(ORG_EIER.replace("<util:nevner>1<", "<util:nevner>2<") + PERSON_EIER, ORG));
            s.put("findAdresseIdsForIdents", new Svar(200, "<svc:return>" + identEntry(KJENT, 300) + "</svc:return>"));
            if (mangler.equals("enhet")) {
                // the address points to units 400 and 401; the store has only 400
                s.put("findMatrikkelenheterForAdresser", new Svar(200, "<svc:return><mat:entry><mat:key><dom:value>300</dom:value></mat:key><mat:value>"
                        + toEnheter + "</mat:value></mat:entry></svc:return>"));
                s.put("findMatrikkelenheterForAdresse", new Svar(200, "<svc:return>" + toEnheter + "</svc:return>"));
            }
            // getObjects faults on the missing id (unit 401, owner 501); getObjectsIgnoreMissing leaves it out
            boolean strengt = body.contains("<svc:getObjects>");
            if (strengt && body.contains(mangler.equals("enhet") ? "<dom:value>401</dom:value>" : "<dom:value>501</dom:value>")) {
                s.put(mangler.equals("enhet") ? "getObjects/enheter" : "getObjects/personer", FINDER_FAULT);
            }
            return s;
        };

        List<Matrikkelenhet> enheter = oppslag.equals("bulk") ? client.matrikkelenheterForAdresser(List.of(KJENT)).get(KJENT)
                : client.matrikkelenheterForAdresse(KJENT);

        assertThat(enheter).singleElement().satisfies(e -> {
            assertThat(e.matrikkelenhetId()).isEqualTo(400);
            assertThat(e.eiere()).singleElement().satisfies(a -> assertThat(a.eier().organisasjonsnummer()).isEqualTo("912345678"));
        });
    }

    /**
     * A unit with many owners (a jordsameie, an old co-owned farm) or an address reaching many sections: the store is
     * asked for at most {@value MatrikkelClient#OBJEKTER_PER_KALL} ids a call, as the address calls are capped, and every
     * owner is read. Before, all ids went in one call, however many.
     */
    @Test
    void should_ask_the_store_for_at_most_the_capped_number_of_ids_per_call() {
        int antall = MatrikkelClient.OBJEKTER_PER_KALL + 100;
        StringBuilder eierforhold = new StringBuilder();
        for (int i = 0; i < antall; i++) {
            eierforhold.append("<mat:item xsi:type=\"mat:JuridiskPersonTinglystEierforhold\"><mat:andel><util:teller>1</util:teller><util:nevner>")
                    .append(antall).append("</util:nevner></mat:andel><mat:eierId><dom:value>").append(10_000 + i).append("</dom:value></mat:eierId></mat:item>");
        }
        List<Integer> iderPerKall = new CopyOnWriteArrayList<>();
        svar = body -> {
            Map<String, Svar> s = new java.util.HashMap<>(enhetMed(eierforhold.toString(), ""));
            s.put("findAdresseIdsForIdents", new Svar(200, "<svc:return>" + identEntry(KJENT, 300) + "</svc:return>"));
            if (body.contains("per:PersonId")) {
                StringBuilder personer = new StringBuilder();
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("<dom:value>(\\d+)</dom:value></dom:item>").matcher(body);
                int n = 0;
                while (m.find()) {
                    n++;
                    personer.append("<dom:item xsi:type=\"per:JuridiskPerson\"><dom:id><dom:value>").append(m.group(1))
                            .append("</dom:value></dom:id><per:nummer>9").append(m.group(1)).append("</per:nummer><per:navn>Sameier</per:navn></dom:item>");
                }
                iderPerKall.add(n);
                s.put("getObjects/personer", new Svar(200, "<svc:return>" + personer + "</svc:return>"));
            }
            return s;
        };

        List<Matrikkelenhet> enheter = client.matrikkelenheterForAdresser(List.of(KJENT)).get(KJENT);

        assertThat(enheter).singleElement().satisfies(e -> assertThat(e.eiere()).hasSize(antall));
        assertThat(iderPerKall).hasSize(2).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(MatrikkelClient.OBJEKTER_PER_KALL));
    }

    /**
     * A unit's matrikkelnummer names its kommune by {@code KommuneId}, Matrikkelen's internal id ({@code
     * KommuneId{value=100000301}} in the documentation's examples); the kommunenummer is the Kommune object's. The client
     * reads it from the store once per KommuneId for its life. Before, the id was taken for the kommunenummer: every
     * matrikkelnummer from the real service would have read "100000301-12/7/0/0".
     */
    @Test
    void should_read_the_kommunenummer_from_the_kommune_object_once() {
        svar = body -> {
            Map<String, Svar> s = new java.util.HashMap<>(enhetMed(ORG_EIER, ORG));
            s.put("getObjects/enheter", new Svar(200, s.get("getObjects/enheter").innhold().replace("100004601", "100000301")));
            s.put("getObjects/kommuner", new Svar(200, "<svc:return><dom:item xsi:type=\"kom:Kommune\"><dom:id><dom:value>100000301</dom:value></dom:id>"
                    + "<kom:kommunenummer>0301</kom:kommunenummer><kom:kommunenavn>Oslo</kom:kommunenavn></dom:item></svc:return>"));
            return s;
        };

        assertThat(client.matrikkelenheterForAdresse(KJENT)).singleElement()
                .satisfies(e -> assertThat(e.matrikkelnummer()).isEqualTo(new Matrikkelenhet.Matrikkelnummer("0301", 12, 7, 0, 0)));
        assertThat(client.matrikkelenheterForAdresse(KJENT)).singleElement()
                .satisfies(e -> assertThat(e.matrikkelnummer().tekst()).isEqualTo("0301-12/7/0/0"));
        assertThat(kall).filteredOn("getObjects/kommuner"::equals).hasSize(1);
    }

    /** A KommuneId Matrikkelen has no Kommune object for: the unit's number cannot be read, a BAD_RESPONSE, never a guess. */
    @Test
    void should_not_guess_the_kommunenummer_of_a_kommune_matrikkelen_has_no_object_for() {
        svar = body -> {
            Map<String, Svar> s = new java.util.HashMap<>(enhetMed(ORG_EIER, ORG));
            s.put("getObjects/kommuner", new Svar(200, "<svc:return/>"));
            return s;
        };

        assertThatThrownBy(() -> client.matrikkelenheterForAdresse(KJENT)).isInstanceOfSatisfying(MatrikkelClient.UlesbarVerdi.class,
                e -> assertThat(e.kind()).isEqualTo(RegisterException.Kind.BAD_RESPONSE));
    }

    /** A person owner (PersonId 501) with a valid (synthetic) identity number. */
    private static final String HENNE_NUMMER = "02868510067";
    private static final String HENNE = "<dom:item xsi:type=\"per:FysiskPerson\"><dom:id><dom:value>501</dom:value></dom:id><per:nummer>"
            + HENNE_NUMMER + "</per:nummer><per:navn>Berg Kari</per:navn></dom:item>";

    /** The three look-ups, each finding unit 400 (the reverse one as owned by PersonId 501, her). */
    private List<Matrikkelenhet> oppslag(String hvilket) {
        return switch (hvilket) {
            case "bulk" -> client.matrikkelenheterForAdresser(List.of(KJENT)).get(KJENT);
            case "adresse" -> client.matrikkelenheterForAdresse(KJENT);
            default -> client.eideMatrikkelenheter(no.kommune.esb.model.Identitetsnummer.of(HENNE_NUMMER));
        };
    }

    /** {@link #enhetMed} plus the bulk ident look-up and the reverse look-up's two calls (PersonId 501 owns unit 400). */
    private static Map<String, Svar> alleOppslag(String eierforhold, String personer) {
        Map<String, Svar> s = new java.util.HashMap<>(enhetMed(eierforhold, personer));
        s.put("findAdresseIdsForIdents", new Svar(200, "<svc:return>" + identEntry(KJENT, 300) + "</svc:return>"));
        s.put("findPersonIdForIdent", new Svar(200, "<svc:return xsi:type=\"per:FysiskPersonId\"><dom:value>501</dom:value></svc:return>"));
        s.put("findEideMatrikkelenheterForPerson", new Svar(200, "<svc:return><mat:item xsi:type=\"mat:MatrikkelenhetId\"><dom:value>400</dom:value></mat:item></svc:return>"));
        return s;
    }

    /**
     * An ownership that has ended is no ownership: the fee system is told the current owners only, the former owner
     * is not named among the co-owners (her name is not even asked of the store), and the reverse look-up does not give
     * her the unit. The contract gives an ownership two ends (matrikkelenhet.xsd, basistyper.xsd): {@code sluttdato} on
     * every Eierforhold (the end of that version; a live one has none or the documented "now", {@code 9999-01-01}) and
     * {@code datoTil} on an IkkeTinglystEierforhold; and a start, {@code datoFra}, on both kinds. Before, none was read:
     * every row below with {@code false} named her as an owner of the unit, in the look-up with {@code eiendom=true}, the
     * address look-up and the fan-out alike (the datoFra rows until the closing notes).
     */
    @ParameterizedTest(name = "{0} -> current: {2}")
    @CsvSource(delimiter = '|', value = {
            // case                   | what her ownership holds beyond share and owner                                          | current
            "uten-slutt               | PersonTinglystEierforhold:                                                               | true",
            "sluttdato-naatid         | PersonTinglystEierforhold:<dom:sluttdato><dom:timestamp>9999-01-01T00:00:00+01:00</dom:timestamp></dom:sluttdato> | true",
            "sluttdato-passert        | PersonTinglystEierforhold:<dom:sluttdato><dom:timestamp>2025-05-01T10:00:00+02:00</dom:timestamp></dom:sluttdato> | false",
            "sluttdato-naa            | PersonTinglystEierforhold:<dom:sluttdato><dom:timestamp>2026-12-07T12:00:00Z</dom:timestamp></dom:sluttdato> | false",
            "sluttdato-i-morgen       | PersonTinglystEierforhold:<dom:sluttdato><dom:timestamp>2026-12-08T00:00:00</dom:timestamp></dom:sluttdato> | true",
            "ikke-tinglyst-datoTil-i-gaar | PersonIkkeTinglystEierforhold:<mat:datoTil><dom:date>2026-12-06</dom:date></mat:datoTil> | false",
            "ikke-tinglyst-datoTil-i-dag  | PersonIkkeTinglystEierforhold:<mat:datoTil><dom:date>2026-12-07</dom:date></mat:datoTil> | false",
            "ikke-tinglyst-datoTil-i-morgen | PersonIkkeTinglystEierforhold:<mat:datoTil><dom:date>2026-12-08</dom:date></mat:datoTil> | true",
            "ikke-tinglyst-uten-datoTil   | PersonIkkeTinglystEierforhold:                                                       | true",
            // the start (datoFra, after the share): an ownership that begins after today is not hers yet
            "datoFra-i-morgen             | PersonTinglystEierforhold:<mat:datoFra><dom:date>2026-12-08</dom:date></mat:datoFra> | false",
            "datoFra-i-dag                | PersonTinglystEierforhold:<mat:datoFra><dom:date>2026-12-07</dom:date></mat:datoFra> | true",
            "ikke-tinglyst-datoFra-neste-aar | PersonIkkeTinglystEierforhold:<mat:datoFra><dom:date>2027-06-01</dom:date></mat:datoFra><mat:datoTil><dom:date>2028-01-01</dom:date></mat:datoTil> | false",
    })
    void should_count_only_current_ownerships_in_every_look_up(String tilfelle, String eierforhold, boolean gjeldende) {
        String type = eierforhold.substring(0, eierforhold.indexOf(':'));
        String slutt = eierforhold.substring(eierforhold.indexOf(':') + 1);
        // element order as the XSDs give it: the history's sluttdato before the Eierforhold's own elements, datoTil after the share
        String hennes = "<mat:item xsi:type=\"mat:" + type + "\">" + (slutt.startsWith("<dom:") ? slutt : "")
                + "<mat:andel><util:teller>1</util:teller><util:nevner>2</util:nevner></mat:andel>" + (slutt.startsWith("<mat:") ? slutt : "")
                + "<mat:eierId><dom:value>501</dom:value></mat:eierId></mat:item>";
        List<String> personkall = new CopyOnWriteArrayList<>();
        svar = body -> {
            if (body.contains("per:PersonId")) {
                personkall.add(body);
            }
            return alleOppslag(ORG_EIER.replace("<util:nevner>1<", "<util:nevner>2<") + hennes, ORG + HENNE);
        };

        for (String hvilket : List.of("bulk", "adresse", "eier")) {
            List<Matrikkelenhet> enheter = oppslag(hvilket);

            if (!gjeldende && hvilket.equals("eier")) {
                assertThat(enheter).as("the reverse look-up gives no unit she no longer owns").isEmpty();
                continue;
            }
            assertThat(enheter).as(hvilket).singleElement().satisfies(e -> assertThat(e.eiere())
                    .extracting(a -> a.eier().erOrganisasjon() ? a.eier().organisasjonsnummer() : a.eier().person().value())
                    .containsExactlyElementsOf(gjeldende ? List.of("912345678", HENNE_NUMMER) : List.of("912345678")));
        }
        if (!gjeldende) {
            assertThat(personkall).as("a former owner's name is not fetched").noneMatch(b -> b.contains("<dom:value>501</dom:value>"));
        }
    }

    /** An end that cannot be read is a BAD_RESPONSE that does not quote it, never a guess either way. */
    @Test
    void should_not_guess_whether_an_ownership_with_an_end_that_cannot_be_read_is_current() {
        String hennes = "<mat:item xsi:type=\"mat:PersonIkkeTinglystEierforhold\"><mat:andel><util:teller>1</util:teller><util:nevner>2</util:nevner></mat:andel>"
                + "<mat:datoTil><dom:date>06.12.2026</dom:date></mat:datoTil><mat:eierId><dom:value>501</dom:value></mat:eierId></mat:item>";
        svar = body -> alleOppslag(ORG_EIER + hennes, ORG + HENNE);

        assertThatThrownBy(() -> oppslag("adresse")).isInstanceOfSatisfying(MatrikkelClient.UlesbarVerdi.class, e -> {
            assertThat(e.kind()).isEqualTo(RegisterException.Kind.BAD_RESPONSE);
            assertThat(e.getMessage()).contains("ownership's end").doesNotContain("2026");
        });
    }

    /**
     * A share whose nevner is 0 (or negative, or below its teller) is no share of a whole: a fagsystem that reckons with
     * it divides by zero. Until the closing notes of session 32 it was passed on as read; now it is a value that cannot
     * be read (the fan-out then fails only the deliveries at that address), whose message quotes no number.
     */
    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource({"1, 0", "0, 0", "-1, 2", "3, 2"})
    void should_refuse_a_share_with_a_nevner_of_0_or_that_is_no_share_of_a_whole(String teller, String nevner) {
        String hennes = "<mat:item xsi:type=\"mat:PersonTinglystEierforhold\"><mat:andel><util:teller>" + teller + "</util:teller><util:nevner>"
                + nevner + "</util:nevner></mat:andel><mat:eierId><dom:value>501</dom:value></mat:eierId></mat:item>";
        svar = body -> alleOppslag(ORG_EIER.replace("<util:nevner>1<", "<util:nevner>2<") + hennes, ORG + HENNE);

        assertThatThrownBy(() -> oppslag("adresse")).isInstanceOfSatisfying(MatrikkelClient.UlesbarVerdi.class, e -> {
            assertThat(e.kind()).isEqualTo(RegisterException.Kind.BAD_RESPONSE);
            assertThat(e.getMessage()).contains("ownership share");
        });
    }

    /**
     * The contract's {@code andel} is optional on every ownership (matrikkelenhet.xsd: {@code minOccurs="0"}); one
     * Matrikkelen gives without it has an unknown share, never 1/1. Before, a missing teller or nevner read as 1: the
     * fee system was told she owns the whole unit beside a co-owner of a half.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "uten-andel        | ",
            "tom-andel         | <mat:andel/>",
            "andel-uten-nevner | <mat:andel><util:teller>1</util:teller></mat:andel>",
    })
    void should_read_an_ownership_without_a_share_as_an_unknown_share(String tilfelle, String andel) {
        String hennes = "<mat:item xsi:type=\"mat:PersonTinglystEierforhold\">" + (andel == null ? "" : andel)
                + "<mat:eierId><dom:value>501</dom:value></mat:eierId></mat:item>";
        svar = body -> alleOppslag(ORG_EIER.replace("<util:nevner>1<", "<util:nevner>2<") + hennes, ORG + HENNE);

        for (String hvilket : List.of("bulk", "adresse", "eier")) {
            assertThat(oppslag(hvilket)).as(hvilket).singleElement().satisfies(e -> {
                assertThat(e.eiere()).hasSize(2);
                assertThat(e.eiere().get(0).andel()).contains("1/2");
                assertThat(e.eiere().get(1).eier().person().value()).isEqualTo(HENNE_NUMMER);
                assertThat(e.eiere().get(1).andel()).isEmpty();
                assertThat(e.eiere().get(1).teller()).isNull();
                assertThat(e.eiere().get(1).nevner()).isNull();
            });
        }
    }

    /** A ValidationException as Matrikkelen answers it (exception.xsd's category, faultcode Server as in the documentation). */
    static final Svar VALIDATION_FAULT = new Svar(500, "<S:Fault xmlns:S=\"" + Xml.SOAP11 + "\"><faultcode>S:Server</faultcode>"
            + "<faultstring>adressekode er ikke et gyldig heltall</faultstring><detail><ns3:ServiceException xmlns:ns3=\"" + MatrikkelNs.EXCEPTION + "\">"
            + "<ns3:category>:ServiceException:ApplicationException:ValidationException:</ns3:category><ns3:stackTraceText></ns3:stackTraceText>"
            + "</ns3:ServiceException></detail></S:Fault>");

    /**
     * A ValidationException to an ident look-up says the address or person asked for is not valid: {@link
     * MatrikkelClient.UgyldigIdent}, so a look-up whose address the caller gave answers the caller's error (400), not a
     * register failure (502). To any other call it is the platform's own request Matrikkelen refuses: REJECTED, no
     * UgyldigIdent. Before, both were the same REJECTED, and the address look-up answered 502 for the caller's address.
     */
    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource(delimiter = '|', value = {
            "findAdresseIdForIdent          | adresse | true",
            "findPersonIdForIdent           | eier    | true",
            "findMatrikkelenheterForAdresse | adresse | false",
            "getObjects/enheter             | adresse | false",
            "getObjects/personer            | eier    | false",
    })
    void should_tell_a_validation_fault_to_an_ident_look_up_apart(String operasjon, String hvilket, boolean ugyldigIdent) {
        svar = body -> {
            Map<String, Svar> s = alleOppslag(ORG_EIER + PERSON_EIER, ORG + HENNE);
            s.put(operasjon, VALIDATION_FAULT);
            return s;
        };

        assertThatThrownBy(() -> oppslag(hvilket)).isInstanceOfSatisfying(RegisterException.class, e -> {
            assertThat(e.kind()).isEqualTo(RegisterException.Kind.REJECTED);
            assertThat(e instanceof MatrikkelClient.UgyldigIdent).isEqualTo(ugyldigIdent);
            assertThat(e.getMessage()).contains("ValidationException").doesNotContain("adressekode er ikke");
        });
    }
}
