package no.kommune.esb.varsel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.maskinporten.StubServer;
import no.kommune.esb.register.RegisterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SmsClientTest {

    static final String NUMMER = "+4799887766";
    static final String TEKST = "Vannet stenges tirsdag 08-12";
    static final String REF = "5a1f7c1e-0000-4000-8000-000000000001";

    static SmsClient klient(URI base) {
        return new SmsClient(new SmsProperties(base, "hemmelig-noekkel", "Bergen", Duration.ofSeconds(2), Duration.ofSeconds(2)));
    }

    @Test
    void should_send_the_message_as_json_with_the_api_key_and_the_recipient_letter_id_as_idempotency_key() throws Exception {
        try (StubServer gateway = new StubServer(r -> StubServer.Answer.json(201, "{\"id\":\"gw-1\",\"status\":\"ACCEPTED\"}"))) {
            SmsClient.Kvittering k = klient(gateway.uri("/api")).send(NUMMER, TEKST, REF);

            assertThat(k).isEqualTo(new SmsClient.Kvittering("gw-1", SmsClient.Leveringsstatus.ACCEPTED, true));
            StubServer.Request r = gateway.requests().get(0);
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/api/v1/messages");
            assertThat(r.header("Authorization")).isEqualTo("Bearer hemmelig-noekkel");
            assertThat(r.header("Idempotency-Key")).isEqualTo(REF);
            JsonNode body = new ObjectMapper().readTree(r.body());
            assertThat(body.path("from").asText()).isEqualTo("Bergen");
            assertThat(body.path("to").asText()).isEqualTo(NUMMER);
            assertThat(body.path("text").asText()).isEqualTo(TEKST);
            assertThat(body.path("reference").asText()).isEqualTo(REF);
        }
    }

    @Test
    void should_report_a_replay_when_the_gateway_already_had_the_idempotency_key() throws Exception {
        try (StubServer gateway = new StubServer(r -> StubServer.Answer.json(200, "{\"id\":\"gw-1\",\"status\":\"DELIVERED\"}"))) {
            SmsClient.Kvittering k = klient(gateway.uri("")).send(NUMMER, TEKST, REF);

            assertThat(k.ny()).isFalse();
            assertThat(k.id()).isEqualTo("gw-1");
        }
    }

    static Stream<Arguments> feil() {
        String ekko = "{\"error\":\"INVALID_NUMBER\",\"message\":\"" + NUMMER + " is not a valid number\"}";
        return Stream.of(
                Arguments.of("invalid number", StubServer.Answer.json(400, ekko), RegisterException.Kind.REJECTED, false, null),
                Arguments.of("refused API key", StubServer.Answer.json(401, "{\"error\":\"UNAUTHORIZED\"}"), RegisterException.Kind.UNAUTHORIZED, false, null),
                Arguments.of("throttled", new StubServer.Answer(429, "{\"error\":\"TOO_MANY_REQUESTS\"}", Map.of("Retry-After", "3")),
                        RegisterException.Kind.THROTTLED, true, Duration.ofSeconds(3)),
                Arguments.of("gateway down", StubServer.Answer.json(503, "{}"), RegisterException.Kind.UNAVAILABLE, true, null),
                Arguments.of("answer without an id", StubServer.Answer.json(201, "{\"status\":\"ACCEPTED\"}"), RegisterException.Kind.BAD_RESPONSE, false, null),
                Arguments.of("unknown status", StubServer.Answer.json(201, "{\"id\":\"x\",\"status\":\"QUEUED\"}"), RegisterException.Kind.BAD_RESPONSE, false, null),
                Arguments.of("answer that is not JSON", StubServer.Answer.json(201, "<html/>"), RegisterException.Kind.BAD_RESPONSE, false, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("feil")
    void should_type_each_failure_without_the_number_or_the_text_in_the_message(String tilfelle, StubServer.Answer svar,
                                                                               RegisterException.Kind kind, boolean retryable, Duration retryAfter) throws Exception {
        try (StubServer gateway = new StubServer(r -> svar)) {
            assertThatThrownBy(() -> klient(gateway.uri("")).send(NUMMER, TEKST, REF))
                    .isInstanceOfSatisfying(RegisterException.class, e -> {
                        assertThat(e.kind()).isEqualTo(kind);
                        assertThat(e.isRetryable()).isEqualTo(retryable);
                        assertThat(e.retryAfter().orElse(null)).isEqualTo(retryAfter);
                        assertThat(e.getMessage()).doesNotContain("99887766").doesNotContain(TEKST);
                    });
        }
    }

    @Test
    void should_name_the_gateways_error_code_in_the_failure() throws Exception {
        try (StubServer gateway = new StubServer(r -> StubServer.Answer.json(400, "{\"error\":\"INVALID_NUMBER\",\"message\":\"" + NUMMER + "\"}"))) {
            assertThatThrownBy(() -> klient(gateway.uri("")).send(NUMMER, TEKST, REF)).hasMessageContaining("INVALID_NUMBER");
        }
    }

    @Test
    void should_call_a_lost_answer_ambiguous_so_the_send_is_repeated_with_the_same_key() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            Thread t = new Thread(() -> {
                try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                    in.read(new byte[8192]);
                    // the request arrived; the connection drops before any answer
                } catch (Exception ignored) {
                    // the test's assertion is on the client side
                }
            });
            t.start();
            assertThatThrownBy(() -> klient(URI.create("http://localhost:" + server.getLocalPort())).send(NUMMER, TEKST, REF))
                    .isInstanceOfSatisfying(RegisterException.class, e -> {
                        assertThat(e.kind()).isEqualTo(RegisterException.Kind.AMBIGUOUS);
                        assertThat(e.isRetryable()).isTrue();
                    });
            t.join(5000);
        }
    }

    @Test
    void should_read_the_delivery_report() throws Exception {
        try (StubServer gateway = new StubServer(r -> StubServer.Answer.json(200, "{\"id\":\"gw-1\",\"status\":\"delivered\"}"))) {
            assertThat(klient(gateway.uri("/api/")).status("gw-1")).isEqualTo(SmsClient.Leveringsstatus.DELIVERED);
            assertThat(gateway.requests().get(0).path()).isEqualTo("/api/v1/messages/gw-1");
            assertThat(gateway.requests().get(0).method()).isEqualTo("GET");
        }
    }

    @Test
    void should_refuse_to_start_without_an_api_key_and_never_show_the_key() {
        assertThatThrownBy(() -> new SmsClient(new SmsProperties(URI.create("https://sms.example"), " ", null, null, null)))
                .hasMessageContaining("varsel.sms.api-key");
        assertThat(new SmsProperties(URI.create("https://sms.example"), "hemmelig", null, null, null).toString()).doesNotContain("hemmelig");
    }
}
