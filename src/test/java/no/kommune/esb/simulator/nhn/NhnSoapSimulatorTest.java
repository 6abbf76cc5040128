package no.kommune.esb.simulator.nhn;

import no.kommune.esb.model.Fastlege;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Kommunikasjonspart;
import no.kommune.esb.nhn.AdresseregisterClient;
import no.kommune.esb.nhn.FastlegeClient;
import no.kommune.esb.register.RegisterException;
import no.kommune.esb.register.RegisterHttp;
import no.kommune.esb.register.Xml;
import no.kommune.esb.simulator.SimulatorTestApplication;
import no.kommune.esb.simulator.fault.FaultInjector;
import no.kommune.esb.simulator.fault.FaultSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.transform.Source;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SpringBootTest(classes = SimulatorTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"simulator.enabled=true"})
class NhnSoapSimulatorTest {

    static final Path CONTRACTS = Path.of("../shared/contracts/nhn");

    @LocalServerPort
    int port;

    @Autowired
    NhnData data;

    @Autowired
    FaultInjector faults;

    @AfterEach
    void clear() {
        faults.clearAll();
    }

    FastlegeClient flr(String password) {
        return new FastlegeClient(new RegisterHttp("nhn-flr", Duration.ofSeconds(2), Duration.ofSeconds(10)),
                "http://localhost:" + port + "/sim/nhn/flr/v2/flr", "nhn-sim", password);
    }

    AdresseregisterClient ar() {
        return new AdresseregisterClient(new RegisterHttp("nhn-ar", Duration.ofSeconds(2), Duration.ofSeconds(10)),
                "http://localhost:" + port + "/sim/nhn/ar/v1/AR", "nhn-sim", "nhn-sim");
    }

    NhnData.Pasient pasient(boolean medFastlege) {
        return data.pasienter().stream().filter(p -> (p.fastlegeHerId() != null) == medFastlege).findFirst().orElseThrow();
    }

    @Test
    void should_find_the_gp_and_resolve_the_gp_and_office_in_adresseregisteret() {
        NhnData.Pasient p = pasient(true);

        Fastlege gp = flr("nhn-sim").fastlege(Identitetsnummer.of(p.nin())).orElseThrow();

        assertThat(gp.herId()).isEqualTo(p.fastlegeHerId());
        Kommunikasjonspart lege = ar().kommunikasjonspart(gp.herId()).orElseThrow();
        assertThat(lege.type()).isEqualTo(Kommunikasjonspart.Type.PERSON);
        assertThat(lege.navn()).isEqualTo(gp.navn());
        Kommunikasjonspart kontor = ar().kommunikasjonspart(lege.parentHerId()).orElseThrow();
        assertThat(kontor.type()).isEqualTo(Kommunikasjonspart.Type.ORGANISASJON);
        assertThat(kontor.navn()).isEqualTo(gp.legekontor()).isEqualTo(lege.parentNavn());
        assertThat(kontor.organisasjonsnummer()).isEqualTo(gp.legekontorOrganisasjonsnummer());
        assertThat(kontor.parentHerId()).isNull();
        assertThat(kontor.adresser().get(0).postnummer()).hasSize(4);
    }

    @Test
    void should_answer_empty_for_a_patient_without_gp() {
        assertThat(flr("nhn-sim").fastlege(Identitetsnummer.of(pasient(false).nin()))).isEmpty();
    }

    @Test
    void should_look_up_many_patients_in_one_call_leaving_out_those_without_gp() {
        List<NhnData.Pasient> some = data.pasienter().subList(0, 10);

        Map<Identitetsnummer, Fastlege> gps = flr("nhn-sim").fastleger(some.stream().map(p -> Identitetsnummer.of(p.nin())).toList());

        assertThat(gps).hasSize((int) some.stream().filter(p -> p.fastlegeHerId() != null).count());
        some.stream().filter(p -> p.fastlegeHerId() != null)
                .forEach(p -> assertThat(gps.get(Identitetsnummer.of(p.nin())).herId()).isEqualTo(p.fastlegeHerId()));
    }

    @Test
    void should_answer_empty_for_an_unknown_her_id() {
        assertThat(ar().kommunikasjonspart(424242)).isEmpty();
    }

    @Test
    void should_fail_unauthorized_on_a_wrong_password() {
        assertThatThrownBy(() -> flr("wrong").fastlege(Identitetsnummer.of(pasient(true).nin())))
                .isInstanceOfSatisfying(RegisterException.class, e -> assertThat(e.kind()).isEqualTo(RegisterException.Kind.UNAUTHORIZED));
    }

    @Test
    void should_fail_bad_response_without_the_number_on_an_html_page_with_status_200() {
        faults.set("nhn-flr", "*", new FaultSpec(0, 1.0, 200, 0, 0, null, null, 0));
        String nin = pasient(true).nin();

        assertThatThrownBy(() -> flr("nhn-sim").fastlege(Identitetsnummer.of(nin))).isInstanceOfSatisfying(RegisterException.class, e -> {
            assertThat(e.kind()).isEqualTo(RegisterException.Kind.BAD_RESPONSE);
            assertThat(e.getMessage()).doesNotContain(nin);
        });
    }

    private Element post(String path, String action, String body) throws Exception {
        String env = "<s:Envelope xmlns:s=\"" + Xml.SOAP12 + "\"><s:Body>" + body + "</s:Body></s:Envelope>";
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/soap+xml; charset=utf-8; action=\"" + action + "\"")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("nhn-sim:nhn-sim".getBytes()))
                .POST(HttpRequest.BodyPublishers.ofString(env)).build(), HttpResponse.BodyHandlers.ofString());
        return Xml.bodyContent(Xml.parse(r.body())).orElseThrow();
    }

    private static Element exampleFault(String file) throws Exception {
        Path p = CONTRACTS.resolve(file);
        Assumptions.assumeTrue(Files.exists(p), "SKIPPED: ../shared/contracts absent: simulator fault not compared with " + file);
        return Xml.bodyContent(Xml.parse(Files.readString(p))).orElseThrow();
    }

    private static void assertSameFault(Element actual, Element expected) {
        for (String field : List.of("ErrorCode", "Message")) {
            assertThat(Xml.first(actual, "http://register.nhn.no/Common", field).orElseThrow().getTextContent())
                    .isEqualTo(Xml.first(expected, "http://register.nhn.no/Common", field).orElseThrow().getTextContent());
        }
        assertThat(Xml.text(actual, "Code", "Value")).isEqualTo(Xml.text(expected, "Code", "Value"));
        assertThat(Xml.text(actual, "Reason", "Text")).isEqualTo(Xml.text(expected, "Reason", "Text"));
    }

    @Test
    void should_answer_invalid_nin_no_gp_and_unknown_her_id_with_the_faults_of_the_example_answers() throws Exception {
        String invalid = "12345678901";
        assertSameFault(post("/sim/nhn/flr/v2/flr", "GetPatientGPDetails",
                        "<GetPatientGPDetails xmlns=\"http://schemas.nhn.no/reg/flr\"><patientNin>" + invalid + "</patientNin></GetPatientGPDetails>"),
                exampleFault("flr/get-patient-gp-invalid-nin.xml"));
        assertSameFault(post("/sim/nhn/flr/v2/flr", "GetPatientGPDetails",
                        "<GetPatientGPDetails xmlns=\"http://schemas.nhn.no/reg/flr\"><patientNin>" + pasient(false).nin() + "</patientNin></GetPatientGPDetails>"),
                exampleFault("flr/get-patient-gp-not-found.xml"));
        assertSameFault(post("/sim/nhn/ar/v1/AR", "GetCommunicationPartyDetails",
                        "<GetCommunicationPartyDetails xmlns=\"http://register.nhn.no/CommunicationParty\"><herId>1</herId></GetCommunicationPartyDetails>"),
                exampleFault("ar/get-communication-party-details-not-found-response.xml"));
    }

    /**
     * The inline schemas of a WSDL as one Schema. They import each other by namespace only, so a resolver hands
     * each import the inline schema of that namespace (with the WSDL root's prefix declarations copied onto it).
     */
    private static Schema wsdlSchema(Path wsdl) throws Exception {
        Document doc = Xml.parse(Files.readString(wsdl));
        Element root = doc.getDocumentElement();
        NodeList schemas = doc.getElementsByTagNameNS(XMLConstants.W3C_XML_SCHEMA_NS_URI, "schema");
        Map<String, String> byNamespace = new java.util.LinkedHashMap<>();
        javax.xml.transform.Transformer t = javax.xml.transform.TransformerFactory.newInstance().newTransformer();
        for (int i = 0; i < schemas.getLength(); i++) {
            Element schema = (Element) schemas.item(i).cloneNode(true);
            org.w3c.dom.NamedNodeMap attrs = root.getAttributes();
            for (int a = 0; a < attrs.getLength(); a++) {
                org.w3c.dom.Attr attr = (org.w3c.dom.Attr) attrs.item(a);
                if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(attr.getNamespaceURI()) && !schema.hasAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, attr.getLocalName())) {
                    schema.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, attr.getName(), attr.getValue());
                }
            }
            java.io.StringWriter w = new java.io.StringWriter();
            t.transform(new DOMSource(schema), new javax.xml.transform.stream.StreamResult(w));
            byNamespace.merge(schema.getAttribute("targetNamespace"), w.toString(), (x, y) -> x);
        }
        SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        org.w3c.dom.ls.DOMImplementationLS ls = (org.w3c.dom.ls.DOMImplementationLS) doc.getImplementation().getFeature("LS", "3.0");
        f.setResourceResolver((type, namespace, publicId, systemId, baseUri) -> {
            String text = byNamespace.get(namespace);
            if (text == null) {
                return null;
            }
            org.w3c.dom.ls.LSInput in = ls.createLSInput();
            in.setStringData(text);
            in.setSystemId(wsdl.toUri() + "#" + namespace);
            return in;
        });
        List<Source> sources = new ArrayList<>();
        byNamespace.forEach((ns, text) -> sources.add(new javax.xml.transform.stream.StreamSource(new java.io.StringReader(text), wsdl.toUri() + "#" + ns)));
        return f.newSchema(sources.toArray(Source[]::new));
    }

    @Test
    void should_answer_flr_and_ar_results_that_validate_against_the_wsdl_schemas() throws Exception {
        Path flrWsdl = CONTRACTS.resolve("flr/nhn-fastlegeregisteret-read.wsdl");
        Path arWsdl = CONTRACTS.resolve("ar/nhn-adresseregisteret-sok.wsdl");
        Assumptions.assumeTrue(Files.exists(flrWsdl) && Files.exists(arWsdl), "SKIPPED: ../shared/contracts absent: FLR/AR answers not validated");
        NhnData.Pasient p = pasient(true);
        Element gp = post("/sim/nhn/flr/v2/flr", "GetPatientGPDetails",
                "<GetPatientGPDetails xmlns=\"http://schemas.nhn.no/reg/flr\"><patientNin>" + p.nin() + "</patientNin></GetPatientGPDetails>");
        Element many = post("/sim/nhn/flr/v2/flr", "GetPatientsGPDetails",
                "<GetPatientsGPDetails xmlns=\"http://schemas.nhn.no/reg/flr\"><patientNins xmlns:b=\"http://schemas.microsoft.com/2003/10/Serialization/Arrays\"><b:string>"
                        + p.nin() + "</b:string></patientNins></GetPatientsGPDetails>");
        Schema flr = wsdlSchema(flrWsdl);
        flr.newValidator().validate(new DOMSource(gp));
        flr.newValidator().validate(new DOMSource(many));

        Schema ar = wsdlSchema(arWsdl);
        for (NhnData.Part part : data.kommunikasjonsparter().subList(0, 2)) {
            Element cp = post("/sim/nhn/ar/v1/AR", "GetCommunicationPartyDetails",
                    "<GetCommunicationPartyDetails xmlns=\"http://register.nhn.no/CommunicationParty\"><herId>" + part.herId() + "</herId></GetCommunicationPartyDetails>");
            ar.newValidator().validate(new DOMSource(cp));
        }
        // the example answers themselves validate, so the schema set is the one the service uses
        ar.newValidator().validate(new DOMSource(Xml.bodyContent(Xml.parse(Files.readString(CONTRACTS.resolve("ar/get-communication-party-details-person-response.xml")))).orElseThrow()));
        flr.newValidator().validate(new DOMSource(Xml.bodyContent(Xml.parse(Files.readString(CONTRACTS.resolve("flr/get-patient-gp.xml")))).orElseThrow()));
    }

    @Test
    void should_generate_patients_with_valid_tenor_numbers_and_gps_known_to_adresseregisteret() {
        assertThat(data.pasienter()).allSatisfy(p -> {
            assertThat(Identitetsnummer.isValid(p.nin())).isTrue();
            assertThat(Identitetsnummer.of(p.nin()).isSynthetic()).isTrue();
        });
        assertThat(data.pasienter()).anyMatch(p -> p.fastlegeHerId() == null);
        assertThat(new GeneratedNhnData(1, "4601", "Bergen", 5).pasienter()).isEqualTo(new GeneratedNhnData(1, "4601", "Bergen", 5).pasienter());
    }
}
