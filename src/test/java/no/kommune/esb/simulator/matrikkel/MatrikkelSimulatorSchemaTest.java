package no.kommune.esb.simulator.matrikkel;

import no.kommune.esb.matrikkel.MatrikkelNs;
import no.kommune.esb.register.Xml;
import no.kommune.esb.simulator.SimulatorTestApplication;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.w3c.dom.Element;

import javax.xml.XMLConstants;
import javax.xml.transform.Source;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator's SOAP answers (results and faults) validate against the matrikkelAPI XSDs of the contract:
 * the service schemas plus every domain schema they import, resolved relative to the wsdl folder.
 */
@SpringBootTest(classes = SimulatorTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"simulator.enabled=true"})
class MatrikkelSimulatorSchemaTest {

    static final Path WSDL = Path.of("../shared/contracts/matrikkel/wsdl");
    static Schema schema;

    @LocalServerPort
    int port;

    @Autowired
    MatrikkelData data;

    @BeforeAll
    static void loadSchema() throws Exception {
        Assumptions.assumeTrue(Files.exists(WSDL), "SKIPPED: ../shared/contracts absent: simulator answers not validated against the matrikkelAPI XSDs");
        SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        List<Source> sources;
        try (Stream<Path> files = Files.list(WSDL)) {
            // the four services' schemas; each imports the domain XSDs it needs by relative schemaLocation
            sources = Stream.of("AdresseServiceWS_schema1.xsd", "MatrikkelenhetServiceWS_schema1.xsd", "StoreServiceWS_schema1.xsd",
                            "PersonServiceWS_schema1.xsd", "exception.xsd")
                    .map(n -> (Source) new StreamSource(WSDL.resolve(n).toFile())).toList();
        }
        schema = f.newSchema(sources.toArray(Source[]::new));
    }

    private Element call(String service, String ns, String operation, String params) throws Exception {
        return Xml.bodyContent(Xml.parse(send(service, ns, operation, params, true).body())).orElseThrow();
    }

    /** {@code validerForespoersel}: check the request against the schema first (false: a request the contract does not allow). */
    private HttpResponse<String> send(String service, String ns, String operation, String params, boolean validerForespoersel) throws Exception {
        String ctx = "<svc:matrikkelContext><dom:locale>no_NO_B</dom:locale><dom:brukOriginaleKoordinater>false</dom:brukOriginaleKoordinater>"
                + "<dom:koordinatsystemKodeId><dom:value>10</dom:value></dom:koordinatsystemKodeId><dom:systemVersion>4.4</dom:systemVersion>"
                + "<dom:klientIdentifikasjon>t</dom:klientIdentifikasjon></svc:matrikkelContext>";
        String env = "<soapenv:Envelope xmlns:soapenv=\"" + Xml.SOAP11 + "\"" + MatrikkelNs.DECLARATIONS + " xmlns:svc=\"" + ns + "\"><soapenv:Body><svc:"
                + operation + ">" + params + ctx + "</svc:" + operation + "></soapenv:Body></soapenv:Envelope>";
        // the request we send is checked against the same schema, so the test's envelopes are contract-true too
        if (validerForespoersel) {
            validate(Xml.bodyContent(Xml.parse(env)).orElseThrow());
        }
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/sim/matrikkel/matrikkelapi/wsapi/v1/" + service))
                .header("Content-Type", "text/xml; charset=utf-8")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("matrikkel-sim:matrikkel-sim".getBytes()))
                .POST(HttpRequest.BodyPublishers.ofString(env)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void validate(Element e) throws Exception {
        schema.newValidator().validate(new DOMSource(e));
    }

    /** A person who owns a unit, so the reverse lookup goes through every step. */
    private MatrikkelData.Eier personOwner() {
        return data.adresser().stream().flatMap(a -> a.matrikkelenhetIds().stream()).flatMap(u -> data.enhet(u).orElseThrow().eiere().stream())
                .flatMap(o -> data.eier(o.eierId()).stream()).filter(o -> !o.organisasjon()).findFirst().orElseThrow();
    }

    @Test
    void should_answer_each_step_of_address_to_owners_with_schema_valid_xml() throws Exception {
        MatrikkelData.Adresse a = data.adresser().stream().filter(x -> x.matrikkelenhetIds().size() > 1).findFirst().orElseThrow();
        Element id = call("AdresseServiceWS", MatrikkelNs.SERVICE_ADRESSE, "findAdresseIdForIdent",
                "<svc:adresseIdent xsi:type=\"adr:VegadresseIdent\"><adr:kommuneIdent><kom:kommunenummer>" + a.kommunenummer()
                        + "</kom:kommunenummer></adr:kommuneIdent><adr:adressekode>" + a.adressekode() + "</adr:adressekode><adr:nummer>"
                        + a.nummer() + "</adr:nummer>" + (a.bokstav() == null ? "" : "<adr:bokstav>" + a.bokstav() + "</adr:bokstav>") + "</svc:adresseIdent>");
        validate(id);
        assertThat(id.getLocalName()).isEqualTo("findAdresseIdForIdentResponse");

        Element units = call("MatrikkelenhetServiceWS", MatrikkelNs.SERVICE_MATRIKKELENHET, "findMatrikkelenheterForAdresse",
                "<svc:adresseId><dom:value>" + a.adresseId() + "</dom:value></svc:adresseId><svc:taMedUtgatte>false</svc:taMedUtgatte><svc:viaBruksenhet>true</svc:viaBruksenhet>");
        validate(units);

        StringBuilder ids = new StringBuilder("<svc:ids>");
        a.matrikkelenhetIds().forEach(i -> ids.append("<dom:item xsi:type=\"mat:MatrikkelenhetId\"><dom:value>").append(i).append("</dom:value></dom:item>"));
        Element objects = call("StoreServiceWS", MatrikkelNs.SERVICE_STORE, "getObjects", ids.append("</svc:ids>").toString());
        validate(objects);
        assertThat(Xml.children(Xml.path(objects, "return").orElseThrow(), null, "item")).hasSize(a.matrikkelenhetIds().size());

        StringBuilder persons = new StringBuilder("<svc:ids>");
        a.matrikkelenhetIds().stream().flatMap(u -> data.enhet(u).orElseThrow().eiere().stream()).map(MatrikkelData.Andel::eierId).distinct()
                .flatMap(o -> data.eier(o).stream()).forEach(e -> persons.append("<dom:item xsi:type=\"per:PersonId\"><dom:value>").append(e.id()).append("</dom:value></dom:item>"));
        validate(call("StoreServiceWS", MatrikkelNs.SERVICE_STORE, "getObjects", persons.append("</svc:ids>").toString()));

        // the unit's kommune: its KommuneId is Matrikkelen's internal id, the Kommune object has the kommunenummer
        String kommuneId = Xml.text(Xml.children(Xml.path(objects, "return").orElseThrow(), null, "item").get(0), "matrikkelnummer", "kommuneId", "value").orElseThrow();
        assertThat(kommuneId).isNotEqualTo(String.valueOf(Integer.parseInt(a.kommunenummer())));
        Element kommune = call("StoreServiceWS", MatrikkelNs.SERVICE_STORE, "getObjectsIgnoreMissing",
                "<svc:ids><dom:item xsi:type=\"kom:KommuneId\"><dom:value>" + kommuneId + "</dom:value></dom:item>"
                        + "<dom:item xsi:type=\"kom:KommuneId\"><dom:value>42</dom:value></dom:item></svc:ids>");
        validate(kommune);
        assertThat(Xml.children(Xml.path(kommune, "return").orElseThrow(), null, "item")).singleElement()
                .satisfies(k -> assertThat(Xml.text(k, "kommunenummer")).contains(a.kommunenummer()));
    }

    @Test
    void should_answer_the_reverse_lookup_with_schema_valid_xml() throws Exception {
        MatrikkelData.Eier e = personOwner();
        Element pid = call("PersonServiceWS", MatrikkelNs.SERVICE_PERSON, "findPersonIdForIdent",
                "<svc:personIdent xsi:type=\"per:FysiskPersonIdent\"><per:fodselsnummer>" + e.nummer() + "</per:fodselsnummer></svc:personIdent>");
        validate(pid);
        validate(call("MatrikkelenhetServiceWS", MatrikkelNs.SERVICE_MATRIKKELENHET, "findEideMatrikkelenheterForPerson",
                "<svc:personId><dom:value>" + e.id() + "</dom:value></svc:personId>"));
    }

    @Test
    void should_answer_an_unknown_object_with_a_schema_valid_service_exception() throws Exception {
        Element fault = call("StoreServiceWS", MatrikkelNs.SERVICE_STORE, "getObject",
                "<svc:id xsi:type=\"mat:MatrikkelenhetId\"><dom:value>42</dom:value></svc:id>");
        assertThat(fault.getLocalName()).isEqualTo("Fault");
        Element detail = Xml.first(fault, MatrikkelNs.EXCEPTION, "ServiceException").orElseThrow();
        validate(detail);
        assertThat(Xml.text(detail, "category")).contains(":ServiceException:ApplicationException:FinderException:");
    }
    private static String vegadresseident(String element, String kommunenummer, String adressekode, String nummer) {
        return "<" + element + " xsi:type=\"adr:VegadresseIdent\"><adr:kommuneIdent><kom:kommunenummer>" + kommunenummer
                + "</kom:kommunenummer></adr:kommuneIdent><adr:adressekode>" + adressekode + "</adr:adressekode><adr:nummer>" + nummer
                + "</adr:nummer></" + element + ">";
    }

    /**
     * A request whose number is not one of its schema type ({@code xs:int} adressekode and nummer, {@code xs:long} ids)
     * is answered as Matrikkelen answers invalid input by the contract: a ServiceException SOAP fault (HTTP 500,
     * faultcode Server as the documentation's examples) with exception.xsd's ValidationException category, its detail
     * schema-valid; the client reads that as REJECTED, never as Matrikkelen being down. Surrounding blanks are no error
     * (XML Schema collapses them). Before, {@code Integer.parseInt} threw out of the controller and a generic error
     * page was answered, which the client took for an unavailable service (retryable, 503 to a look-up).
     */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            // operation                       | case                   | expected: VALIDATION, or FOUND (an answer, no fault)
            "findAdresseIdForIdent             | bokstav-i-adressekode  | VALIDATION",
            "findAdresseIdForIdent             | tom-adressekode        | VALIDATION",
            "findAdresseIdForIdent             | adressekode-for-stor   | VALIDATION",
            "findAdresseIdForIdent             | mellomrom-i-adressekode | VALIDATION",
            "findAdresseIdForIdent             | bokstav-i-nummer       | VALIDATION",
            "findAdresseIdForIdent             | blanke-rundt-adressekode | FOUND",
            "findAdresseIdsForIdents           | bokstav-i-adressekode  | VALIDATION",
            "findAdresseIdsForIdents           | blanke-rundt-adressekode | FOUND",
            "findMatrikkelenheterForAdresse    | bokstav-i-id           | VALIDATION",
            "getObjects                        | bokstav-i-id           | VALIDATION",
    })
    void should_answer_a_number_that_is_not_one_with_a_validation_exception(String operasjon, String tilfelle, String ventet) throws Exception {
        MatrikkelData.Adresse a = data.adresser().stream().filter(x -> x.bokstav() == null).findFirst().orElseThrow();
        String kode = switch (tilfelle) {
            case "bokstav-i-adressekode" -> "12A4";
            case "tom-adressekode" -> "";
            case "adressekode-for-stor" -> "99999999999";
            case "mellomrom-i-adressekode" -> "1 23";
            case "blanke-rundt-adressekode" -> " " + a.adressekode() + " ";
            default -> String.valueOf(a.adressekode());
        };
        String nummer = tilfelle.equals("bokstav-i-nummer") ? "5b" : String.valueOf(a.nummer());
        HttpResponse<String> r = switch (operasjon) {
            case "findAdresseIdForIdent" -> send("AdresseServiceWS", MatrikkelNs.SERVICE_ADRESSE, operasjon,
                    vegadresseident("svc:adresseIdent", a.kommunenummer(), kode, nummer), false);
            case "findAdresseIdsForIdents" -> send("AdresseServiceWS", MatrikkelNs.SERVICE_ADRESSE, operasjon, "<svc:adresseIdents>"
                    + vegadresseident("adr:item", a.kommunenummer(), kode, nummer) + "</svc:adresseIdents>", false);
            case "findMatrikkelenheterForAdresse" -> send("MatrikkelenhetServiceWS", MatrikkelNs.SERVICE_MATRIKKELENHET, operasjon,
                    "<svc:adresseId><dom:value>30000000x</dom:value></svc:adresseId><svc:taMedUtgatte>false</svc:taMedUtgatte>", false);
            default -> send("StoreServiceWS", MatrikkelNs.SERVICE_STORE, operasjon,
                    "<svc:ids><dom:item xsi:type=\"mat:MatrikkelenhetId\"><dom:value>l00</dom:value></dom:item></svc:ids>", false);
        };
        Element svar = Xml.bodyContent(Xml.parse(r.body())).orElseThrow();

        if (ventet.equals("FOUND")) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            validate(svar);
            assertThat(r.body()).contains("<dom:value>" + a.adresseId() + "</dom:value>");
            return;
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(500);
        assertThat(svar.getLocalName()).isEqualTo("Fault");
        assertThat(Xml.text(svar, "faultcode")).contains("soapenv:Server");
        Element detail = Xml.first(svar, MatrikkelNs.EXCEPTION, "ServiceException").orElseThrow();
        validate(detail);
        assertThat(Xml.text(detail, "category")).contains(":ServiceException:ApplicationException:ValidationException:");
        // the fault names the field, never the value (an ident may hold an identity number)
        assertThat(r.body()).doesNotContain("12A4", "99999999999", "30000000x", ">l00<");
    }

    @Test
    void should_send_client_requests_that_validate_against_the_xsds() throws Exception {
        // a recording proxy between the real client and the simulator
        List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer proxy = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("localhost", 0), 0);
        proxy.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            requests.add(body);
            try {
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + ex.getRequestURI()))
                        .header("Content-Type", "text/xml; charset=utf-8").header("Authorization", ex.getRequestHeaders().getFirst("Authorization"))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                byte[] out = r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", r.headers().firstValue("Content-Type").orElse("text/xml"));
                ex.sendResponseHeaders(r.statusCode(), out.length);
                ex.getResponseBody().write(out);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                ex.close();
            }
        });
        proxy.start();
        try {
            no.kommune.esb.matrikkel.MatrikkelClient client = new no.kommune.esb.matrikkel.MatrikkelClient(
                    new no.kommune.esb.register.RegisterHttp("matrikkel", java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(10)),
                    "http://localhost:" + proxy.getAddress().getPort() + "/sim/matrikkel/matrikkelapi/wsapi/v1", "matrikkel-sim", "matrikkel-sim", "t", "4.4");
            MatrikkelData.Adresse a = data.adresser().stream().filter(x -> x.bokstav() != null).findFirst().orElseThrow();
            client.matrikkelenheterForAdresse(new no.kommune.esb.matrikkel.Vegadresseident(a.kommunenummer(), a.adressekode(), a.nummer(), a.bokstav()));
            client.eideMatrikkelenheter(no.kommune.esb.model.Identitetsnummer.of(personOwner().nummer()));
        } finally {
            proxy.stop(0);
        }
        // 4 calls per lookup: ident → ids → units → owners, and the first time a kommune is met one for it (kept for the
        // client's life: the reverse lookup's units may lie in the same kommune)
        assertThat(requests).hasSizeBetween(9, 10);
        assertThat(requests).anyMatch(r -> r.contains("<svc:getObjectsIgnoreMissing>") && r.contains("kom:KommuneId"));
        for (String r : requests) {
            validate(Xml.bodyContent(Xml.parse(r)).orElseThrow());
        }
    }
}
