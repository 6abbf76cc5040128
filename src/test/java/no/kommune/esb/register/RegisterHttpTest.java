package no.kommune.esb.register;

import no.kommune.esb.maskinporten.AccessTokenProvider;
import no.kommune.esb.maskinporten.StubServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegisterHttpTest {

    private static final Set<String> SCOPES = Set.of("folkeregister:deling/offentligmedhjemmel");

    private final RegisterHttp http = new RegisterHttp("folkeregisteret", Duration.ofSeconds(2), Duration.ofSeconds(5));
    private StubServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Hands out token-1, token-2, … and records which tokens it was told to forget. */
    private static final class Tokens implements AccessTokenProvider {
        private int n = 1;
        final List<String> glemt = new ArrayList<>();

        @Override
        public String accessToken(Set<String> scopes) {
            return "token-" + n;
        }

        @Override
        public void forget(Set<String> scopes, String token) {
            glemt.add(token);
            n++;
        }
    }

    @Test
    void should_send_the_request_again_with_a_new_token_when_the_service_refuses_the_first_with_401() throws Exception {
        server = new StubServer(r -> "Bearer token-1".equals(r.header("Authorization"))
                ? StubServer.Answer.json(401, "{\"kode\":\"FREG-401\"}") : StubServer.Answer.json(200, "{}"));
        Tokens tokens = new Tokens();

        HttpResponse<String> svar = http.sendMedToken(http.request(server.uri("/bulk")).POST(HttpRequest.BodyPublishers.ofString("{\"ider\":[]}")),
                tokens, SCOPES, HttpResponse.BodyHandlers.ofString(), false);

        assertThat(svar.statusCode()).isEqualTo(200);
        assertThat(tokens.glemt).containsExactly("token-1");
        assertThat(server.requests()).extracting(StubServer.Request::body).containsExactly("{\"ider\":[]}", "{\"ider\":[]}");
        assertThat(server.requests()).extracting(r -> r.header("Authorization")).containsExactly("Bearer token-1", "Bearer token-2");
    }

    @Test
    void should_answer_the_second_401_to_the_caller_after_one_new_token() throws Exception {
        server = new StubServer(r -> StubServer.Answer.json(401, "{}"));
        Tokens tokens = new Tokens();

        HttpResponse<String> svar = http.sendMedToken(http.request(server.uri("/x")).GET(), tokens, SCOPES, HttpResponse.BodyHandlers.ofString(), true);

        assertThat(svar.statusCode()).isEqualTo(401);
        assertThat(server.requests()).hasSize(2);
        assertThat(tokens.glemt).containsExactly("token-1");
    }

    @Test
    void should_send_once_and_forget_nothing_when_the_token_is_taken_or_the_request_refused_for_another_reason() throws Exception {
        for (int status : new int[] {200, 403, 404, 503}) {
            server = new StubServer(r -> StubServer.Answer.json(status, "{}"));
            Tokens tokens = new Tokens();

            HttpResponse<String> svar = http.sendMedToken(http.request(server.uri("/x")).GET(), tokens, SCOPES, HttpResponse.BodyHandlers.ofString(), true);

            assertThat(svar.statusCode()).isEqualTo(status);
            assertThat(server.requests()).as("HTTP %d", status).hasSize(1);
            assertThat(tokens.glemt).isEmpty();
            server.close();
        }
        server = null;
    }

    @Test
    void should_send_a_body_put_together_from_several_publishers_whole_and_read_the_answers_headers_in_any_case() throws Exception {
        server = new StubServer(r -> new StubServer.Answer(429, "{\"kode\":\"FREG-429\"}", Map.of("Retry-After", "1500")));
        HttpRequest request = http.request(server.uri("/bulk")).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofString("første del, "),
                        HttpRequest.BodyPublishers.ofByteArray("andre del".getBytes(StandardCharsets.UTF_8)))).build();

        HttpResponse<String> svar = http.send(request, HttpResponse.BodyHandlers.ofString(), false);

        assertThat(server.requests()).singleElement().satisfies(r -> {
            assertThat(r.body()).isEqualTo("første del, andre del");
            assertThat(r.header("Content-Type")).isEqualTo("text/plain");
        });
        assertThat(svar.statusCode()).isEqualTo(429);
        assertThat(svar.body()).isEqualTo("{\"kode\":\"FREG-429\"}");
        assertThat(svar.headers().firstValue("retry-after")).hasValue("1500");
        RegisterException feil = http.classify(svar, "bulk", RegisterHttp::retryAfterMillis);
        assertThat(feil.kind()).isEqualTo(RegisterException.Kind.THROTTLED);
        assertThat(feil.retryAfter()).hasValue(Duration.ofMillis(1500));
    }

    @Test
    void should_call_a_late_answer_ambiguous_for_a_send_and_unavailable_for_a_read_after_the_requests_own_timeout() throws Exception {
        server = new StubServer(r -> {
            Thread.sleep(1_500);
            return StubServer.Answer.json(200, "{}");
        });
        HttpRequest.Builder send = http.request(server.uri("/send")).timeout(Duration.ofMillis(300)).POST(HttpRequest.BodyPublishers.ofString("{}"));
        HttpRequest.Builder les = http.request(server.uri("/les")).timeout(Duration.ofMillis(300)).GET();

        assertThatThrownBy(() -> http.send(send.build(), HttpResponse.BodyHandlers.ofString(), false))
                .isInstanceOfSatisfying(RegisterException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegisterException.Kind.AMBIGUOUS);
                    assertThat(e.getMessage()).contains("timed out after 300 ms");
                });
        assertThatThrownBy(() -> http.send(les.build(), HttpResponse.BodyHandlers.ofString(), true))
                .isInstanceOfSatisfying(RegisterException.class, e -> assertThat(e.kind()).isEqualTo(RegisterException.Kind.UNAVAILABLE));
    }

    @Test
    void should_call_a_refused_connection_unavailable_even_for_a_send() throws Exception {
        int ledig;
        try (ServerSocket s = new ServerSocket(0)) {
            ledig = s.getLocalPort();
        }
        HttpRequest send = http.request(URI.create("http://localhost:" + ledig + "/send")).POST(HttpRequest.BodyPublishers.ofString("{}")).build();

        // no connection, so no byte of the request left: a send's caller may take it as not sent (svarut.Sendeutfall)
        assertThatThrownBy(() -> http.send(send, HttpResponse.BodyHandlers.ofString(), false))
                .isInstanceOfSatisfying(IngenForbindelse.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegisterException.Kind.UNAVAILABLE);
                    assertThat(e.httpStatus()).isZero();
                    assertThat(e.getMessage()).contains("connection refused");
                });
    }

    @Test
    void should_try_a_read_once_more_but_never_a_send_when_the_service_closes_the_connection_without_an_answer() throws Exception {
        // the first connection is closed after the request is read, with no answer; later ones are answered
        try (ServerSocket tjeneste = new ServerSocket(0)) {
            AtomicInteger forbindelser = new AtomicInteger();
            Thread svarer = new Thread(() -> {
                while (!tjeneste.isClosed()) {
                    try (Socket s = tjeneste.accept()) {
                        lesForespoersel(s.getInputStream());
                        if (forbindelser.incrementAndGet() % 2 == 0) {
                            OutputStream ut = s.getOutputStream();
                            ut.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}".getBytes(StandardCharsets.ISO_8859_1));
                            ut.flush();
                        }
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            svarer.setDaemon(true);
            svarer.start();
            URI uri = URI.create("http://localhost:" + tjeneste.getLocalPort() + "/x");

            HttpResponse<String> lest = http.send(http.request(uri).GET().build(), HttpResponse.BodyHandlers.ofString(), true);
            assertThat(lest.statusCode()).isEqualTo(200);
            assertThat(forbindelser).hasValue(2);

            assertThatThrownBy(() -> http.send(http.request(uri).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString(), false))
                    .isInstanceOfSatisfying(RegisterException.class, e -> {
                        assertThat(e.kind()).isEqualTo(RegisterException.Kind.AMBIGUOUS);
                        assertThat(e).as("connected, so the request may have reached the service").isNotInstanceOf(IngenForbindelse.class);
                        assertThat(e.getMessage()).contains("connection lost");
                    });
            assertThat(forbindelser).hasValue(3);
        }
    }

    /** Reads a request's head and its Content-Length body, if any. */
    private static void lesForespoersel(InputStream inn) throws IOException {
        StringBuilder hode = new StringBuilder();
        while (!hode.toString().endsWith("\r\n\r\n")) {
            int b = inn.read();
            if (b < 0) {
                return;
            }
            hode.append((char) b);
        }
        java.util.regex.Matcher lengde = java.util.regex.Pattern.compile("(?i)content-length: (\\d+)").matcher(hode);
        if (lengde.find()) {
            inn.readNBytes(Integer.parseInt(lengde.group(1)));
        }
    }
}
