package no.kommune.esb.forsendelse.mottak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static no.kommune.esb.forsendelse.mottak.ForsendelseApiEndToEndTest.FNR;
import static no.kommune.esb.forsendelse.mottak.ForsendelseApiEndToEndTest.JSON;
import static no.kommune.esb.forsendelse.mottak.ForsendelseApiEndToEndTest.PDF1;
import static no.kommune.esb.forsendelse.mottak.ForsendelseApiEndToEndTest.metadata;
import static no.kommune.esb.forsendelse.mottak.ForsendelseApiEndToEndTest.multipart;
import static no.kommune.esb.forsendelse.mottak.ForsendelseApiEndToEndTest.referanse;
import static no.kommune.esb.forsendelse.mottak.ForsendelseApiEndToEndTest.toPdfer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile and careless input to the REST hand-in over real HTTP (issue #17): characters PostgreSQL or the channels
 * cannot take, a reused eksternReferanse, bodies over the web server's limits or not multipart at all. Every refusal is
 * a problem document; nothing is stored, no stack trace is logged.
 */
@ExtendWith(OutputCaptureExtension.class)
class InnleveringGrenserEndToEndTest extends EndToEndTest {

    @Value("${server.port}")
    int port;
    @Autowired
    JdbcTemplate jdbc;

    final HttpClient http = HttpClient.newHttpClient();

    /** Stands for a lone surrogate in metadata until {@link #send} writes it as its JSON escape. */
    static final String SURROGAT = "@@surrogat@@";

    static Stream<Arguments> tegn() {
        return Stream.of(
                Arguments.of("NUL in the title", (Consumer<ObjectNode>) m -> m.put("tittel", "Vedtak\u0000"), "/tittel"),
                Arguments.of("control characters in the title", (Consumer<ObjectNode>) m -> m.put("tittel", "Vedtak\u0007\u001B[31m"), "/tittel"),
                Arguments.of("NUL in the external reference", (Consumer<ObjectNode>) m -> m.put("eksternReferanse", m.get("eksternReferanse").asText() + "\u0000"),
                        "/eksternReferanse"),
                // sent as a JSON escape (see send): a lone surrogate cannot be written as UTF-8
                Arguments.of("lone surrogate in the title", (Consumer<ObjectNode>) m -> m.put("tittel", "Vedtak " + SURROGAT), "/tittel"),
                Arguments.of("NUL in a document's file name", (Consumer<ObjectNode>) m -> ((ObjectNode) m.get("dokumenter").get(1)).put("filnavn", "vedlegg\u0000.pdf"),
                        "/dokumenter/1/filnavn"),
                Arguments.of("NUL in the SMS text", (Consumer<ObjectNode>) m -> m.put("brevtype", "TJENESTEMELDING").put("varseltekst", "Vann\u0000"), "/varseltekst"),
                Arguments.of("identity number in fullwidth digits", (Consumer<ObjectNode>) m -> m.put("mottaker",
                        "\uff10\uff12\uff10\uff11\uff13\uff12\uff19\uff19\uff19\uff19\uff17"), "/mottaker"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tegn")
    void should_refuse_a_character_the_platform_does_not_take_with_400_naming_the_field(String tilfelle, Consumer<ObjectNode> endring,
                                                                                      String peker) throws Exception {
        String ref = referanse();
        ObjectNode m = metadata(ref);
        endring.accept(m);

        HttpResponse<String> svar = send(m.toString(), toPdfer());

        assertThat(svar.statusCode()).as(svar.body()).isEqualTo(400);
        assertThat(svar.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(svar.body());
        assertThat(problem.path("errors").findValuesAsText("pointer")).contains(peker);
        assertThat(svar.body()).doesNotContain("\\u0000").doesNotContain("Exception").doesNotContain(FNR);
        assertThat(jdbc.queryForObject("select count(*) from brev where ekstern_referanse like ?", Integer.class, ref + "%")).isZero();
    }

    @Test
    void should_answer_the_first_letter_when_the_same_letter_comes_again_and_409_when_its_reference_is_reused() throws Exception {
        String ref = referanse();
        HttpResponse<String> forste = send(metadata(ref).toString(), toPdfer());
        String id = JSON.readTree(forste.body()).path("id").asText();

        HttpResponse<String> samme = send(metadata(ref).toString(), toPdfer());
        HttpResponse<String> annenTittel = send(metadata(ref).put("tittel", "Et annet vedtak").toString(), toPdfer());
        Map<String, byte[]> rettetPdf = new LinkedHashMap<>(toPdfer());
        rettetPdf.put("vedtak.pdf", no.kommune.esb.TestPdf.gyldig("rettet vedtak"));
        HttpResponse<String> annenPdf = send(metadata(ref).toString(), rettetPdf);

        assertThat(forste.statusCode()).isEqualTo(202);
        assertThat(samme.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(samme.body()).path("id").asText()).isEqualTo(id);
        for (HttpResponse<String> svar : new HttpResponse[]{annenTittel, annenPdf}) {
            assertThat(svar.statusCode()).as(svar.body()).isEqualTo(409);
            assertThat(svar.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
            JsonNode problem = JSON.readTree(svar.body());
            assertThat(problem.path("type").asText()).isEqualTo("urn:kommune-esb:problem:ekstern-referanse-brukt");
            assertThat(problem.path("detail").asText()).contains(id);
            assertThat(problem.path("errors").get(0).path("pointer").asText()).isEqualTo("/eksternReferanse");
        }
        assertThat(jdbc.queryForObject("select tittel from brev where ekstern_referanse = ?", String.class, ref)).isEqualTo("Vedtak om skoleskyss");
    }

    @Test
    void should_answer_413_problem_naming_the_limit_for_a_metadata_part_of_200000_keys(CapturedOutput output) throws Exception {
        ObjectNode m = metadata(referanse());
        for (int i = 0; i < 200_000; i++) {
            m.put("k" + i, 0);
        }

        HttpResponse<String> svar = send(m.toString(), toPdfer());

        assertProblem(svar, 413, "metadata (delene uten filnavn) kan være høyst 2 MB");
        assertThat(output.getAll()).contains("Multipart request refused (413, SKJEMADATA): POST /api/forsendelser");
    }

    @Test
    void should_answer_413_problem_naming_the_limit_for_60_documents(CapturedOutput output) throws Exception {
        ObjectNode m = metadata(referanse());
        Map<String, byte[]> filer = new LinkedHashMap<>();
        m.putArray("dokumenter");
        for (int i = 1; i <= 60; i++) {
            m.withArray("dokumenter").addObject().put("filnavn", "d" + i + ".pdf").put("mimeType", "application/pdf");
            filer.put("d" + i + ".pdf", PDF1);
        }

        HttpResponse<String> svar = send(m.toString(), filer);

        assertProblem(svar, 413, "høyst 50 deler: metadata og høyst 49 dokumenter");
        assertThat(output.getAll()).contains("Multipart request refused (413, ANTALL_DELER)");
    }

    @Test
    void should_answer_400_problem_without_a_stack_trace_for_a_multipart_body_without_a_boundary(CapturedOutput output) throws Exception {
        String grense = "grense-" + UUID.randomUUID();
        HttpResponse<String> svar = post("multipart/form-data", multipart(grense, metadata(referanse()).toString(), toPdfer()));

        assertProblem(svar, 400, "boundary mangler");
        assertThat(output.getAll()).contains("Multipart request refused (400, UGYLDIG)").doesNotContain("MultipartException");
    }

    @Test
    void should_answer_400_problem_without_a_stack_trace_for_a_multipart_body_cut_short(CapturedOutput output) throws Exception {
        String grense = "grense-" + UUID.randomUUID();
        byte[] hel = multipart(grense, metadata(referanse()).toString(), toPdfer());

        HttpResponse<String> svar = post("multipart/form-data; boundary=" + grense, Arrays.copyOf(hel, hel.length - 40));

        assertProblem(svar, 400, "avkortet");
        assertThat(output.getAll()).contains("Multipart request refused (400, UGYLDIG)").doesNotContain("MultipartException")
                .doesNotContain("MalformedStreamException");
    }

    @Test
    void should_accept_a_document_whose_file_name_has_the_226_characters_svarut_allows_in_norwegian_letters() throws Exception {
        String filnavn = "æøå".repeat(74) + ".pdf";
        ObjectNode m = metadata(referanse());
        ((ObjectNode) m.get("dokumenter").get(1)).put("filnavn", filnavn);
        Map<String, byte[]> filer = new LinkedHashMap<>(Map.of("vedtak.pdf", PDF1));
        filer.put(filnavn, PDF1);

        HttpResponse<String> svar = send(m.toString(), filer);

        assertThat(filnavn).hasSize(226);
        assertThat(svar.statusCode()).as(svar.body()).isEqualTo(202);
    }

    @Test
    void should_answer_413_problem_naming_the_limit_for_a_part_header_over_2_kb(CapturedOutput output) throws Exception {
        String filnavn = "æ".repeat(1500) + ".pdf";
        ObjectNode m = metadata(referanse());
        ((ObjectNode) m.get("dokumenter").get(1)).put("filnavn", filnavn);
        Map<String, byte[]> filer = new LinkedHashMap<>(Map.of("vedtak.pdf", PDF1));
        filer.put(filnavn, PDF1);

        HttpResponse<String> svar = send(m.toString(), filer);

        assertProblem(svar, 413, "hodet til en del (Content-Disposition med filnavnet og Content-Type) kan være høyst 2 KB");
        assertThat(output.getAll()).contains("Multipart request refused (413, DELHODE)");
    }

    @Test
    void should_answer_400_problem_for_a_search_by_a_reference_with_a_nul() throws Exception {
        HttpResponse<String> svar = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/forsendelser?avsenderSystem=skole&eksternReferanse=vedtak%00-1"))
                .header("Authorization", "Bearer " + token("skole")).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertProblem(svar, 400, "kontrolltegn");
    }

    @Test
    void should_refuse_metadata_that_gives_a_key_twice_with_400_and_store_nothing() throws Exception {
        // found by the hostile-input run (issue #15, R5): the last avsenderSystem won, while a sender's own tools may read the first
        String ref = referanse();
        String metadata = metadata(ref).toString().replaceFirst("\\{", "{\"avsenderSystem\":\"barnevern\",");

        HttpResponse<String> svar = send(metadata, toPdfer());

        assertThat(svar.statusCode()).as(svar.body()).isEqualTo(400);
        assertThat(svar.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(jdbc.queryForObject("select count(*) from brev where ekstern_referanse = ?", Integer.class, ref)).isZero();
    }

    @Test
    void should_answer_a_problem_document_not_tomcats_html_page_when_tomcat_refuses_the_path_itself() throws Exception {
        // found by the hostile-input run (issue #15, R5): an encoded slash or NUL is refused by Tomcat before any servlet,
        // and it answered with its HTML error page naming its version
        for (String sti : new String[]{"/api/forsendelser/..%2F..%2Fetc%2Fpasswd", "/api/forsendelser/%00"}) {
            HttpResponse<String> svar = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + sti))
                    .header("Authorization", "Bearer " + token("skole")).GET().build(), HttpResponse.BodyHandlers.ofString());

            assertProblem(svar, 400, "Bad Request");
            assertThat(svar.body()).doesNotContain("Tomcat").doesNotContain("<html");
        }
    }

    private static void assertProblem(HttpResponse<String> svar, int status, String detalj) throws Exception {
        assertThat(svar.statusCode()).as(svar.body()).isEqualTo(status);
        assertThat(svar.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(svar.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("type").asText()).startsWith("urn:kommune-esb:problem:");
        assertThat(problem.path("detail").asText()).contains(detalj);
        assertThat(svar.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("org.apache");
    }

    private HttpResponse<String> send(String metadata, Map<String, byte[]> filer) throws Exception {
        String grense = "grense-" + UUID.randomUUID();
        return post("multipart/form-data; boundary=" + grense, multipart(grense, metadata.replace(SURROGAT, "\\ud800"), filer));
    }

    private HttpResponse<String> post(String contentType, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/forsendelser"))
                .header("Authorization", "Bearer " + token("skole"))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
