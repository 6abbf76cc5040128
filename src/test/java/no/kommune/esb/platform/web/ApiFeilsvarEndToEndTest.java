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
 * stack trace: one shape for every API ({@link Problemsvar#internFeil}: "Intern feil", "…; feil-id <id>"). Each case swaps
 * one collaborator of the route's bean for one that fails on every call, for that test only. Before: the wash, innsyn,
 * extract and ping routes answered 500 with an empty body, and the letter API's 500 carried no error id; until session
 * 32 the shared handling said "Internal error", "Error id <id>" where the letter API said "Intern feil", "…; feil-id
 * <id>", and an Error (or a checked exception passed on undeclared) from a letter API bean reached the client as
 * platform-http's {@code 500 text/plain}, logged with its message.
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
    void should_answer_a_letter_status_that_fails_with_an_error_with_the_same_problem_500_and_an_error_id(CapturedOutput logg) throws Exception {
        String id = person("VANLIG_VOKSEN");
        HttpResponse<String> r = medFeilendeFelt(forsendelseApi, "repository", ForsendelseRepository.class, new AssertionError("uventet feil for " + id),
                () -> send("GET", "/api/forsendelser/" + UUID.randomUUID(), adminToken(), null, null));
        erProblem500(r, id, logg);
    }

    @Test
    void should_answer_a_letter_list_that_fails_with_an_undeclared_checked_exception_with_the_same_problem_500_and_an_error_id(CapturedOutput logg)
            throws Exception {
        String id = person("VANLIG_VOKSEN");
        HttpResponse<String> r = medFeilendeFelt(forsendelseApi, "repository", ForsendelseRepository.class,
                new java.io.IOException("uventet feil for " + id), () -> send("GET", "/api/dead-letters", adminToken(), null, null));
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
        // one shape for every API, whether the shared handling or a bean answers it (before, "Internal error" / "Error id <id>" beside "Intern feil")
        assertThat(problem.path("title").asText()).isEqualTo("Intern feil");
        assertThat(problem.path("detail").asText()).as("an error id").matches("forespørselen kunne ikke behandles nå; prøv igjen senere; feil-id \\S+");
        assertThat(problem.size()).as("type, title, status, detail").isEqualTo(4);
        String feilId = problem.path("detail").asText().replaceAll("^.*feil-id ", "");
        assertThat(r.body()).doesNotContain("uventet").doesNotContain("Exception").doesNotContain("Error\"").doesNotContain("at no.kommune").doesNotContain(id);
        // the error id names the log line at ERROR, which holds neither the message (nor so the number) nor a stack trace
        assertThat(logg.getAll()).contains(feilId).doesNotContain("uventet feil for").doesNotContain("at no.kommune").doesNotContain(id);
        assertThat(logg.getAll().lines().filter(l -> l.contains(feilId)).anyMatch(l -> l.contains("ERROR"))).as("logged at ERROR").isTrue();
    }

    private interface Kall {
        HttpResponse<String> kjoer() throws Exception;
    }

    /** Runs the request with the bean's field swapped for a mock that fails on every call as a bug would, then puts it back. */
    private static <T> HttpResponse<String> medFeilendeFelt(Object bean, String felt, Class<T> type, String id, Kall kall) throws Exception {
        return medFeilendeFelt(bean, felt, type, new IllegalStateException("uventet feil for " + id), kall);
    }

    /** As above, throwing {@code feil}: an Error, or a checked exception no method of the mock declares (as Camel may pass one on). */
    private static <T> HttpResponse<String> medFeilendeFelt(Object bean, String felt, Class<T> type, Throwable feil, Kall kall) throws Exception {
        Object foer = ReflectionTestUtils.getField(bean, felt);
        ReflectionTestUtils.setField(bean, felt, Mockito.mock(type, inv -> {
            throw feil;
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
