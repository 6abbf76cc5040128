package no.kommune.esb.simulator.svarut;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.simulator.SimulatorTestApplication;
import no.kommune.esb.simulator.auth.SimulatorTokenAuthority;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The simulated SvarUt's own checks, with hand-made requests a well-behaved client would never send. */
@SpringBootTest(classes = SimulatorTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"simulator.enabled=true"})
class SvarUtSimulatorHttpTest {

    @LocalServerPort
    int port;
    @Autowired
    SimulatorTokenAuthority authority;
    @Autowired
    SvarUtSimulator simulator;
    @Value("${simulator.svarut.konto-id}")
    String kontoId;

    final ObjectMapper json = new ObjectMapper();
    SvarUtRaw raw;

    @BeforeEach
    void setUp() {
        raw = new SvarUtRaw(port, authority, kontoId);
    }

    @Test
    void should_answer_401_in_svarut_error_shape_without_a_token() throws Exception {
        int før = simulator.antall();

        HttpResponse<String> svar = raw.send(null, SvarUtRaw.PASSORD, kontoId,
                SvarUtRaw.multipart(SvarUtRaw.forsendelse("r", "a.pdf"), List.of(SvarUtRaw.Fil.pdf("a.pdf"))));

        assertThat(svar.statusCode()).isEqualTo(401);
        JsonNode body = json.readTree(svar.body());
        assertThat(body.path("status").asInt()).isEqualTo(401);
        assertThat(body.path("errorCode").asText()).isEqualTo("UAUTENTISERT");
        assertThat(body.path("path").asText()).endsWith("/forsendelser");
        assertThat(UUID.fromString(body.path("errorId").asText())).isNotNull();
        assertThat(body.path("timestamp").isNumber()).isTrue();
        assertThat(simulator.antall()).isEqualTo(før);
    }

    @Test
    void should_refuse_a_missing_integrasjon_passord() throws Exception {
        HttpResponse<String> svar = raw.send(raw.token(), null, kontoId,
                SvarUtRaw.multipart(SvarUtRaw.forsendelse("r", "a.pdf"), List.of(SvarUtRaw.Fil.pdf("a.pdf"))));

        assertThat(svar.statusCode()).isEqualTo(401);
        assertThat(json.readTree(svar.body()).path("errorCode").asText()).isEqualTo("UGYLDIG_INTEGRASJON");
    }

    @Test
    void should_refuse_another_account() throws Exception {
        HttpResponse<String> svar = raw.send(raw.token(), SvarUtRaw.PASSORD, UUID.randomUUID().toString(),
                SvarUtRaw.multipart(SvarUtRaw.forsendelse("r", "a.pdf"), List.of(SvarUtRaw.Fil.pdf("a.pdf"))));

        assertThat(svar.statusCode()).isEqualTo(403);
    }

    static Stream<Arguments> ugyldigeSendinger() {
        return Stream.of(
                arguments("forbidden character in filnavn", SvarUtRaw.forsendelse("r", "a:b.pdf"), List.of(SvarUtRaw.Fil.pdf("a:b.pdf")), "ulovlig tegn ':'"),
                arguments("filnavn over 226 characters", SvarUtRaw.forsendelse("r", "a".repeat(227)), List.of(SvarUtRaw.Fil.pdf("a".repeat(227))), "226"),
                arguments("same filnavn twice", SvarUtRaw.forsendelse("r", "a.pdf", "a.pdf"),
                        List.of(SvarUtRaw.Fil.pdf("a.pdf"), SvarUtRaw.Fil.pdf("a.pdf")), "ikke unikt"),
                arguments("a described document without its file", SvarUtRaw.forsendelse("r", "a.pdf", "b.pdf"), List.of(SvarUtRaw.Fil.pdf("a.pdf")),
                        "2 dokumenter, men har 1 filer"),
                arguments("files in another order than described", SvarUtRaw.forsendelse("r", "a.pdf", "b.pdf"),
                        List.of(SvarUtRaw.Fil.pdf("b.pdf"), SvarUtRaw.Fil.pdf("a.pdf")), "Fil 1 har ikke filnavnet"),
                arguments("no title", "{\"mottaker\":{\"navn\":\"Ola\",\"poststed\":\"OSLO\",\"postnummer\":\"0155\"},\"dokumenter\":[{\"filnavn\":\"a.pdf\",\"mimeType\":\"application/pdf\"}]}",
                        List.of(SvarUtRaw.Fil.pdf("a.pdf")), "tittel"),
                arguments("printable without poststed", "{\"tittel\":\"t\",\"mottaker\":{\"navn\":\"Ola\",\"digitalId\":\"01017012345\"},\"dokumenter\":[{\"filnavn\":\"a.pdf\",\"mimeType\":\"application/pdf\"}]}",
                        List.of(SvarUtRaw.Fil.pdf("a.pdf")), "poststed"),
                arguments("printable non-pdf", "{\"tittel\":\"t\",\"mottaker\":{\"navn\":\"Ola\",\"poststed\":\"OSLO\",\"postnummer\":\"0155\"},\"dokumenter\":[{\"filnavn\":\"a.txt\",\"mimeType\":\"text/plain\"}]}",
                        List.of(new SvarUtRaw.Fil("fil", "a.txt", "x".getBytes())), "kun application/pdf"),
                arguments("forsendelse is not JSON", "ikke json", List.of(SvarUtRaw.Fil.pdf("a.pdf")), "ikke gyldig JSON"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("ugyldigeSendinger")
    void should_reject_an_invalid_send_with_400_and_store_nothing(String tilfelle, String forsendelse, List<SvarUtRaw.Fil> filer, String melding) throws Exception {
        int før = simulator.antall();

        HttpResponse<String> svar = raw.send(forsendelse, filer);

        assertThat(svar.statusCode()).isEqualTo(400);
        JsonNode body = json.readTree(svar.body());
        assertThat(body.path("errorCode").asText()).isEqualTo("VALIDERINGSFEIL");
        assertThat(body.path("message").asText()).contains(melding);
        assertThat(simulator.antall()).isEqualTo(før);
    }

    @Test
    void should_accept_a_non_pdf_excluded_from_print_and_ignore_part_names() throws Exception {
        String forsendelse = "{\"tittel\":\"t\",\"mottaker\":{\"navn\":\"Ola\",\"poststed\":\"OSLO\",\"postnummer\":\"0155\"},\"dokumenter\":["
                + "{\"filnavn\":\"a.pdf\",\"mimeType\":\"application/pdf\"},{\"filnavn\":\"b.txt\",\"mimeType\":\"text/plain\",\"skalEkskluderesFraUtskrift\":true}]}";

        HttpResponse<String> svar = raw.send(forsendelse, List.of(new SvarUtRaw.Fil("x", "a.pdf", "%PDF".getBytes()), new SvarUtRaw.Fil("y", "b.txt", "hei".getBytes())));

        assertThat(svar.statusCode()).isEqualTo(200);
        UUID id = UUID.fromString(json.readTree(svar.body()).path("id").asText());
        assertThat(simulator.finn(id).orElseThrow().dokumenter()).extracting(SvarUtSimulator.LagretDokument::filnavn).containsExactly("a.pdf", "b.txt");
    }

    @Test
    void should_list_received_letters_and_move_their_status_on_demand_through_the_admin_endpoints() throws Exception {
        String ref = "admin-" + UUID.randomUUID();
        UUID id = UUID.fromString(json.readTree(raw.send(SvarUtRaw.forsendelse(ref, "a.pdf"), List.of(SvarUtRaw.Fil.pdf("a.pdf"))).body()).path("id").asText());

        HttpResponse<String> satt = raw.admin("POST", "/sim/admin/svarut/forsendelser/" + id + "/status", "{\"status\":\"PRINTET\"}");
        HttpResponse<String> liste = raw.admin("GET", "/sim/admin/svarut/forsendelser", null);
        HttpResponse<String> ukjent = raw.admin("POST", "/sim/admin/svarut/forsendelser/" + UUID.randomUUID() + "/status", "{\"status\":\"PRINTET\"}");

        assertThat(satt.statusCode()).isEqualTo(204);
        JsonNode denne = null;
        for (JsonNode f : json.readTree(liste.body())) {
            if (ref.equals(f.path("eksternReferanse").asText())) {
                denne = f;
            }
        }
        assertThat(denne).isNotNull();
        assertThat(denne.path("status").asText()).isEqualTo("PRINTET");
        assertThat(denne.path("dokumenter").get(0).path("filnavn").asText()).isEqualTo("a.pdf");
        assertThat(liste.body()).doesNotContain("0155", "Gate 1");
        assertThat(ukjent.statusCode()).isEqualTo(404);
    }
}
