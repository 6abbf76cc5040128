package no.kommune.esb.register;

import no.kommune.esb.maskinporten.AccessTokenProvider;
import no.kommune.esb.maskinporten.StubServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

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
}
