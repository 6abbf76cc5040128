package no.kommune.esb.svarut;

import no.kommune.esb.maskinporten.StubServer;
import no.kommune.esb.register.RegisterException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * DOMAIN.md rule 8: a 2xx from SvarUt whose body the client cannot read. For a send SvarUt said yes, so the letter is
 * most likely there: the outcome is unknown (AMBIGUOUS, {@link SvarUtClient.UlesbartSendesvar}), the letter is looked up
 * by eksternReferanse before any second send, and its reason never says "ikke sendt". Before, it was BAD_RESPONSE, not
 * retryable: the flow made a dead letter ("not sent") of a letter SvarUt posted (the send rows failed there). For a
 * look-up or a status search such an answer is a failure, never "not found" or "no status"; for a look-up a passing one
 * (not {@link SvarUtClient#varigOppslagsfeil}).
 */
class SvarUtUlesbartSvarTest {

    private static final UUID SVARUT_ID = UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7");

    private StubServer server;

    @AfterEach
    void stopp() {
        if (server != null) {
            server.close();
        }
    }

    static Stream<Arguments> ulesbareSendesvar() {
        return Stream.of(
                arguments("cut JSON", 200, "{\"id\":\"7c9e6679-74", Map.of()),
                arguments("an HTML page", 200, "<html><body>OK</body></html>", Map.of("Content-Type", "text/html")),
                arguments("an empty body", 200, "", Map.of()),
                arguments("no forsendelse id", 201, "{}", Map.of()),
                arguments("an id that is not a UUID", 200, "{\"id\":\"42\"}", Map.of()),
                arguments("JSON null", 202, "null", Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ulesbareSendesvar")
    void should_give_a_send_answered_2xx_with_a_body_that_cannot_be_read_as_an_unknown_outcome_not_as_not_sent(
            String tilfelle, int status, String body, Map<String, String> headers) throws IOException {
        server = new StubServer(r -> new StubServer.Answer(status, body, headers));
        SvarUtClient client = client();

        RegisterException e = catchThrowableOfType(() -> client.send(brev("ref-" + tilfelle), dokumenter()), RegisterException.class);

        assertThat(e).isInstanceOf(SvarUtClient.UlesbartSendesvar.class);
        assertThat(e.kind()).isEqualTo(RegisterException.Kind.AMBIGUOUS);
        assertThat(e.httpStatus()).isEqualTo(status);
        assertThat(SvarUtFeilaarsak.av(e))
                .isEqualTo("SvarUt tok imot sendingen (HTTP " + status + "), men svaret kunne ikke leses, så brevet kan ha kommet fram;"
                        + " det slås opp på eksternReferanse før det eventuelt sendes igjen")
                .doesNotContain("ikke sendt");
        // SvarUt's client never looks something up as a part of send
        assertThat(server.requests()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ulesbareSendesvar")
    void should_look_a_letter_whose_send_answer_cannot_be_read_up_and_give_its_id_without_sending_it_again(
            String tilfelle, int status, String body, Map<String, String> headers) throws IOException {
        server = new StubServer(r -> "POST".equals(r.method())
                ? new StubServer.Answer(status, body, headers)
                : StubServer.Answer.json(200, "{\"forsendelseIds\":[\"" + SVARUT_ID + "\"]}"));
        SvarUtClient client = client();

        UUID id = client.sendExactlyOnce(brev("ref-" + tilfelle), dokumenter(), Synlighetsregel.Tidligere.INGEN, SvarUtClient.Sendevakt.ALLTID);

        assertThat(id).isEqualTo(SVARUT_ID);
        assertThat(server.requests()).extracting(StubServer.Request::method).containsExactly("POST", "GET");
    }

    static Stream<Arguments> ulesbareOppslagssvar() {
        return Stream.of(
                arguments("cut JSON", "{\"forsendelseIds\":[\"7c9e66"),
                arguments("an HTML page", "<html><body>OK</body></html>"),
                arguments("an empty body", ""),
                arguments("no forsendelseIds", "{}"),
                arguments("forsendelseIds not a list", "{\"forsendelseIds\":null}"),
                arguments("an id that is not a UUID", "{\"forsendelseIds\":[\"42\"]}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ulesbareOppslagssvar")
    void should_not_take_a_look_up_answer_that_cannot_be_read_as_not_found(String tilfelle, String body) throws IOException {
        server = new StubServer(r -> StubServer.Answer.json(200, body));
        SvarUtClient client = client();

        RegisterException e = catchThrowableOfType(() -> client.finnEtterMuligSending("ref", Synlighetsregel.Tidligere.AVKLART),
                RegisterException.class);

        // not null ("not there", which would let the letter be sent again or dead-lettered): SvarUt may hold it
        assertThat(e.kind()).isEqualTo(RegisterException.Kind.AMBIGUOUS);
        assertThat(e.getCause()).isInstanceOfSatisfying(RegisterException.class, c -> assertThat(c.kind()).isEqualTo(RegisterException.Kind.BAD_RESPONSE));
        // one garbled answer is a passing failure, waited out with the flow's backoff, not the lasting-failure alarm at
        // once (it was: these rows failed on that code); the alarm comes only when it persists (Registerventing)
        assertThat(SvarUtClient.varigOppslagsfeil(e)).isEmpty();
        assertThat(SvarUtFeilaarsak.av(e)).startsWith("oppslaget i SvarUt på eksternReferanse feilet: SvarUt ga et svar som ikke kan leses")
                .doesNotContain("ikke sendt");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ulesbareOppslagssvar")
    void should_not_take_a_status_answer_that_cannot_be_read_as_no_status(String tilfelle, String body) throws IOException {
        server = new StubServer(r -> StubServer.Answer.json(200, body.replace("forsendelseIds", "statuser")));
        SvarUtClient client = client();

        RegisterException e = catchThrowableOfType(() -> client.statusSok(List.of(SVARUT_ID)), RegisterException.class);

        // a failure the status round waits out and asks again, not an empty map ("SvarUt knows none of them")
        assertThat(e.kind()).isEqualTo(RegisterException.Kind.BAD_RESPONSE);
    }

    private SvarUtClient client() {
        return new SvarUtClient(new SvarUtProperties(server.uri("/api"), UUID.randomUUID(), "integrasjon", "passord", null,
                Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(10), 100, Duration.ZERO), scopes -> "token");
    }

    private static Forsendelse brev(String ref) {
        return Forsendelse.builder("Vedtak", ref, new Forsendelse.Mottaker("Kari Nordmann", null, "Storgata 1", null, null, "0155", "OSLO", null))
                .build();
    }

    private static List<Dokument> dokumenter() {
        return List.of(Dokument.pdf("vedtak.pdf", "%PDF-1.4 vedtak".getBytes(StandardCharsets.UTF_8)));
    }
}
