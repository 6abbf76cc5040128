package no.kommune.esb.platform.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.EndToEndTest;
import no.kommune.esb.diagnostics.PingService;
import no.kommune.esb.forsendelse.mottak.ForsendelseApi;
import no.kommune.esb.forsendelse.mottak.ForsendelseRepository;
import no.kommune.esb.oppslag.InnsynApi;
import no.kommune.esb.oppslag.Revisjonslogg;
import no.kommune.esb.uttrekk.UttrekkApi;
import no.kommune.esb.uttrekk.Uttrekkslager;
import no.kommune.esb.uttrekk.vask.Vask;
import no.kommune.esb.uttrekk.vask.VaskApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mockito;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.util.ReflectionTestUtils;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every REST route file of the platform's own API answers a failure its bean did not expect (a bug, a database that
 * fails) with {@code 500 application/problem+json} and an error id that names the log line, never an empty 500 or a
 * stack trace. Each case swaps one collaborator of the route's bean for one that fails on every call, for that test
 * only. Before: the wash, innsyn, extract and ping routes answered 500 with an empty body, and the letter API's 500
 * carried no error id.
 */
@ExtendWith(OutputCaptureExtension.class)
class ApiFeilsvarEndToEndTest extends EndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Value("${server.port}")
    int port;

    @Autowired
    VaskApi vaskApi;
    @Autowired
    InnsynApi innsynApi;
    @Autowired
    UttrekkApi uttrekkApi;
    @Autowired
    PingService pingService;
    @Autowired
    ForsendelseApi forsendelseApi;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void should_answer_a_wash_that_fails_unexpectedly_with_a_problem_500_and_an_error_id(CapturedOutput logg) throws Exception {
        String id = person("VANLIG_VOKSEN");
        HttpResponse<String> r = medFeilendeFelt(vaskApi, "vask", Vask.class, id,
                () -> send("POST", "/api/vask?formaal=loennsutbetaling", token("lonn"), id + "\n", "text/csv"));
        erProblem500(r, id, logg);
    }

    @Test
    void should_answer_an_innsyn_that_fails_unexpectedly_with_a_problem_500_and_an_error_id(CapturedOutput logg) throws Exception {
        String id = person("VANLIG_VOKSEN");
        HttpResponse<String> r = medFeilendeFelt(innsynApi, "revisjon", Revisjonslogg.class, id,
                () -> send("GET", "/api/innsyn/" + id, adminToken(), null, null));
        erProblem500(r, id, logg);
    }

    @Test
    void should_answer_an_extract_status_that_fails_unexpectedly_with_a_problem_500_and_an_error_id(CapturedOutput logg) throws Exception {
        String id = person("VANLIG_VOKSEN");
        HttpResponse<String> r = medFeilendeFelt(uttrekkApi, "lager", Uttrekkslager.class, id,
                () -> send("GET", "/api/uttrekk/" + UUID.randomUUID(), adminToken(), null, null));
        erProblem500(r, id, logg);
    }

    @Test
    void should_answer_a_ping_that_fails_unexpectedly_with_a_problem_500_and_an_error_id(CapturedOutput logg) throws Exception {
        String id = person("VANLIG_VOKSEN");
        HttpResponse<String> r = medFeilendeFelt(pingService, "jdbc", JdbcTemplate.class, id,
                () -> send("POST", "/api/diagnostics/ping", adminToken(), "{\"message\":\"hei\"}", "application/json"));
        erProblem500(r, id, logg);
    }

    @Test
    void should_answer_a_letter_status_that_fails_unexpectedly_with_a_problem_500_and_an_error_id(CapturedOutput logg) throws Exception {
        String id = person("VANLIG_VOKSEN");
        HttpResponse<String> r = medFeilendeFelt(forsendelseApi, "repository", ForsendelseRepository.class, id,
                () -> send("GET", "/api/forsendelser/" + UUID.randomUUID(), adminToken(), null, null));
        erProblem500(r, id, logg);
    }

    private static void erProblem500(HttpResponse<String> r, String id, CapturedOutput logg) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(500);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(c -> assertThat(c).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(r.body());
        assertThat(problem.path("type").asText()).isEqualTo("urn:kommune-esb:problem:intern-feil");
        assertThat(problem.path("status").asInt()).isEqualTo(500);
        // the shared handling says "Error id <id>", the letter API (which answers its own 500) "feil-id <id>"
        assertThat(problem.path("detail").asText()).as("an error id").containsPattern("(Error id|feil-id) \\S+");
        String feilId = problem.path("detail").asText().replaceAll("^.*(Error id|feil-id) ", "");
        assertThat(r.body()).doesNotContain("uventet").doesNotContain("Exception").doesNotContain("at no.kommune").doesNotContain(id);
        // the error id names the log line at ERROR, which holds neither the message (nor so the number) nor a stack trace
        assertThat(logg.getAll()).contains(feilId).doesNotContain("uventet feil").doesNotContain("at no.kommune");
        assertThat(logg.getAll().lines().filter(l -> l.contains(feilId)).anyMatch(l -> l.contains("ERROR"))).as("logged at ERROR").isTrue();
    }

    private interface Kall {
        HttpResponse<String> kjoer() throws Exception;
    }

    /** Runs the request with the bean's field swapped for a mock that fails on every call as a bug would, then puts it back. */
    private static <T> HttpResponse<String> medFeilendeFelt(Object bean, String felt, Class<T> type, String id, Kall kall) throws Exception {
        Object foer = ReflectionTestUtils.getField(bean, felt);
        ReflectionTestUtils.setField(bean, felt, Mockito.mock(type, inv -> {
            throw new IllegalStateException("uventet feil for " + id);
        }));
        try {
            return kall.kjoer();
        } finally {
            ReflectionTestUtils.setField(bean, felt, foer);
        }
    }

    private String person(String kind) throws Exception {
        return JSON.readTree(send("GET", "/sim/admin/population/kinds/" + kind, null, null, null).body()).path("foedselsEllerDNummer").asText();
    }

    private HttpResponse<String> send(String metode, String sti, String token, String body, String type) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + sti))
                .method(metode, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (type != null) {
            b.header("Content-Type", type);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
