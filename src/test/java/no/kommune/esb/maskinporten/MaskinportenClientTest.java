package no.kommune.esb.maskinporten;

import com.nimbusds.jwt.SignedJWT;
import no.kommune.esb.register.RegisterException;
import no.kommune.esb.register.RegisterHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class MaskinportenClientTest {

    private static final Set<String> KRR = Set.of("krr:global/kontaktinformasjon.read", "krr:global/digitalpost.read");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T05:00:00Z"));
    private StubServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private MaskinportenClient client(StubServer.Handler handler) throws Exception {
        server = new StubServer(handler);
        JwtGrantFactory grants = new JwtGrantFactory("https://test.maskinporten.no/", "my-client", null, Duration.ofSeconds(60), TestKeys.client(null));
        return new MaskinportenClient(server.uri("/token"), grants, new RegisterHttp("maskinporten", Duration.ofSeconds(2), Duration.ofSeconds(5)),
                Duration.ofSeconds(30), clock);
    }

    private static StubServer.Answer token(int n) {
        return StubServer.Answer.json(200, "{\"access_token\":\"token-" + n + "\",\"token_type\":\"Bearer\",\"expires_in\":120,\"scope\":\"x\"}");
    }

    @Test
    void should_post_the_jwt_bearer_form_and_return_the_access_token() throws Exception {
        MaskinportenClient client = client(r -> token(1));

        assertThat(client.accessToken(KRR)).isEqualTo("token-1");

        StubServer.Request request = server.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        Map<String, String> form = Arrays.stream(request.body().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
        assertThat(form).containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
        assertThat(Set.of(SignedJWT.parse(form.get("assertion")).getJWTClaimsSet().getStringClaim("scope").split(" "))).isEqualTo(KRR);
    }

    @Test
    void should_reuse_the_token_until_the_renew_margin_and_then_fetch_a_new_one() throws Exception {
        int[] n = {0};
        MaskinportenClient client = client(r -> token(++n[0]));

        assertThat(client.accessToken(KRR)).isEqualTo("token-1");
        clock.advance(Duration.ofSeconds(89)); // expires_in 120 - margin 30 = renew at 90 s
        assertThat(client.accessToken(KRR)).isEqualTo("token-1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(client.accessToken(KRR)).isEqualTo("token-2");
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void should_fetch_a_new_token_after_a_refused_one_is_forgotten_and_keep_a_newer_one_when_an_older_is_forgotten() throws Exception {
        int[] n = {0};
        MaskinportenClient client = client(r -> token(++n[0]));

        String refused = client.accessToken(KRR);
        client.forget(KRR, refused);
        String fresh = client.accessToken(KRR);
        client.forget(KRR, refused); // a second caller that held the same refused token

        assertThat(fresh).isEqualTo("token-2");
        assertThat(client.accessToken(KRR)).isEqualTo("token-2");
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void should_cache_per_scope_set_regardless_of_order() throws Exception {
        int[] n = {0};
        MaskinportenClient client = client(r -> token(++n[0]));

        String krr = client.accessToken(Set.of("a:1", "b:2"));
        assertThat(client.accessToken(Set.of("b:2", "a:1"))).isEqualTo(krr);
        assertThat(client.accessToken(Set.of("a:1"))).isNotEqualTo(krr);
        assertThat(server.requests()).hasSize(2);
    }

    @ParameterizedTest(name = "HTTP {0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "400 | {\"error\":\"invalid_grant\",\"error_description\":\"MP-110: Invalid assertion. Client authentication failed. Invalid JWT claim aud\"} | UNAUTHORIZED | MP-110",
            "400 | {\"error\":\"invalid_scope\",\"error_description\":\"MP-200: Invalid scope\"}                                                         | UNAUTHORIZED | MP-200",
            "400 | {\"error\":\"invalid_request\",\"error_description\":\"MP-011: Invalid assertion. Invalid parameter value\"}                         | REJECTED     | MP-011",
            "503 | {\"error\":\"temporarily_unavailable\",\"error_description\":\"down\"}                                                                | UNAVAILABLE  | temporarily_unavailable",
            "502 | <html>bad gateway</html>                                                                                                            | UNAVAILABLE  | HTTP 502",
            "429 | {\"error\":\"temporarily_unavailable\",\"error_description\":\"slow down\"}                                                           | THROTTLED    | HTTP 429"})
    void should_turn_error_answers_into_typed_failures(int status, String body, RegisterException.Kind kind, String expectedText) throws Exception {
        MaskinportenClient client = client(r -> new StubServer.Answer(status, body, status == 429 ? Map.of("Retry-After", "3") : Map.of()));

        assertThatThrownBy(() -> client.accessToken(KRR)).isInstanceOfSatisfying(RegisterException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.service()).isEqualTo("maskinporten");
            assertThat(e.getMessage()).contains(expectedText);
            if (status == 429) {
                assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
            }
        });
    }

    @Test
    void should_never_put_the_assertion_or_a_jwt_in_the_failure_message() throws Exception {
        String[] assertion = new String[1];
        MaskinportenClient client = client(r -> {
            assertion[0] = URLDecoder.decode(r.body().replaceAll(".*assertion=([^&]*).*", "$1"), StandardCharsets.UTF_8);
            return StubServer.Answer.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"bad grant " + assertion[0] + "\"}");
        });

        assertThatThrownBy(() -> client.accessToken(KRR)).isInstanceOfSatisfying(RegisterException.class, e -> {
            assertThat(e.getMessage()).doesNotContain(assertion[0]).doesNotContain(assertion[0].split("\\.")[1]).contains("[jwt]");
        });
    }

    @Test
    void should_refuse_an_answer_without_access_token() throws Exception {
        MaskinportenClient client = client(r -> StubServer.Answer.json(200, "{\"token_type\":\"Bearer\",\"expires_in\":120}"));

        assertThatThrownBy(() -> client.accessToken(KRR)).isInstanceOfSatisfying(RegisterException.class,
                e -> assertThat(e.kind()).isEqualTo(RegisterException.Kind.BAD_RESPONSE));
    }

    @Test
    void should_give_callers_waiting_on_a_failing_request_that_failure_instead_of_retrying_each() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        MaskinportenClient client = client(r -> {
            release.await(10, TimeUnit.SECONDS);
            return StubServer.Answer.json(503, "{\"error\":\"temporarily_unavailable\"}");
        });
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Thread> workers = new ArrayList<>();
        List<Future<Throwable>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            results.add(pool.submit(() -> {
                synchronized (workers) {
                    workers.add(Thread.currentThread());
                }
                try {
                    client.accessToken(KRR);
                    return null;
                } catch (RegisterException e) {
                    return e;
                }
            }));
        }
        // the first caller is in the request; the 19 others must be queued behind it before it fails
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            synchronized (workers) {
                return workers.size() == 20 && workers.stream().filter(t -> t.getState() == Thread.State.BLOCKED).count() == 19;
            }
        });
        release.countDown();
        for (Future<Throwable> result : results) {
            assertThat(result.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(RegisterException.class,
                    e -> assertThat(e.kind()).isEqualTo(RegisterException.Kind.UNAVAILABLE));
        }
        pool.shutdown();
        assertThat(server.requests()).hasSize(1);
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
