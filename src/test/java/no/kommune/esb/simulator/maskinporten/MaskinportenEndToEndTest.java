package no.kommune.esb.simulator.maskinporten;

import no.kommune.esb.maskinporten.JwtGrantFactory;
import no.kommune.esb.maskinporten.MaskinportenClient;
import no.kommune.esb.maskinporten.TestKeys;
import no.kommune.esb.register.RegisterException;
import no.kommune.esb.register.RegisterHttp;
import no.kommune.esb.simulator.auth.SimulatorAuthException;
import no.kommune.esb.simulator.auth.SimulatorTokenAuthority;
import no.kommune.esb.simulator.fault.FaultSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** MaskinportenClient against the simulated Maskinporten over real HTTP. */
class MaskinportenEndToEndTest extends MaskinportenSimulatorTestBase {

    private static final Set<String> KRR = Set.of("krr:global/kontaktinformasjon.read", "krr:global/digitalpost.read");

    @Autowired
    SimulatorTokenAuthority authority;

    private MaskinportenClient client(String clientId, String keyId) {
        JwtGrantFactory grants = new JwtGrantFactory(ISSUER, clientId, null, Duration.ofSeconds(120), TestKeys.client(keyId));
        return new MaskinportenClient(uri("/sim/maskinporten/token"), grants,
                new RegisterHttp("maskinporten", Duration.ofSeconds(2), Duration.ofSeconds(10)), Duration.ofSeconds(30), Clock.systemUTC());
    }

    @ParameterizedTest(name = "kid={0}")
    @ValueSource(strings = {"", "esb-test-key"})
    void should_get_a_token_the_simulators_accept_with_x5c_or_kid(String keyId) {
        String token = client("esb-test", keyId).accessToken(KRR);

        assertThat(authority.verify("Bearer " + token, "krr:global/digitalpost.read")).containsAll(KRR);
        assertThat(maskinporten.tokensIssued("esb-test")).isEqualTo(1);
    }

    @Test
    void should_make_one_token_request_for_20_threads_times_50_calls() throws Exception {
        MaskinportenClient client = client("esb-test", null);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Callable<Set<String>>> callers = new ArrayList<>();
        for (int t = 0; t < 20; t++) {
            callers.add(() -> {
                Set<String> seen = new HashSet<>();
                for (int i = 0; i < 50; i++) {
                    seen.add(client.accessToken(KRR));
                }
                return seen;
            });
        }
        Set<String> tokens = new HashSet<>();
        for (Future<Set<String>> result : pool.invokeAll(callers)) {
            tokens.addAll(result.get());
        }
        pool.shutdown();

        // 1000 calls inside one 599-second validity window: one grant, one token
        assertThat(maskinporten.tokenRequests("esb-test")).isEqualTo(1);
        assertThat(tokens).hasSize(1);
    }

    @Test
    void should_fetch_a_new_token_when_the_old_one_expires() {
        // esb-kortlevd gets 1-second tokens: the client renews half-way, so a new grant follows within about a second
        MaskinportenClient client = client("esb-kortlevd", null);
        Set<String> scope = Set.of("krr:global/kontaktinformasjon.read");
        String first = client.accessToken(scope);

        // caching within a window is shown above; here only that a new grant follows once the window is used up
        // (no same-token check: on a loaded machine half a second may pass between two calls)
        await().atMost(Duration.ofSeconds(10)).until(() -> !client.accessToken(scope).equals(first));
        assertThat(maskinporten.tokenRequests("esb-kortlevd")).isGreaterThanOrEqualTo(2);
    }

    // The test profile's tokens live 599 s, as the real ones; a test of an outage at the token step revokes the platform's
    // tokens through this endpoint instead of waiting for one to expire (before, the endpoint did not exist: 404)
    @Test
    void should_refuse_every_token_issued_to_a_client_before_its_revocation_but_none_issued_after_it_or_to_another_client() throws Exception {
        String foer = client("esb-test", null).accessToken(KRR);
        String annenKlient = authority.issue("en-annen", KRR, null, 599);
        assertThat(authority.verify("Bearer " + foer, "krr:global/digitalpost.read")).containsAll(KRR);

        HttpResponse<String> svar = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/sim/maskinporten/admin/revoke?client_id=esb-test"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(svar.statusCode()).as(svar.body()).isEqualTo(204);
        assertThatThrownBy(() -> authority.verify("Bearer " + foer, "krr:global/digitalpost.read"))
                .isInstanceOfSatisfying(SimulatorAuthException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.getMessage()).isEqualTo("token revoked");
                });
        assertThat(authority.verify("Bearer " + annenKlient, "krr:global/digitalpost.read")).containsAll(KRR);
        String etter = client("esb-test", null).accessToken(KRR);
        assertThat(authority.verify("Bearer " + etter, "krr:global/digitalpost.read")).containsAll(KRR);
    }

    @Test
    void should_report_a_simulated_outage_as_retryable() {
        faults.set("maskinporten", "token", new FaultSpec(0, 1.0, 503, 0, 0, null, null, 0));

        assertThatThrownBy(() -> client("esb-test", null).accessToken(KRR)).isInstanceOfSatisfying(RegisterException.class, e -> {
            assertThat(e.kind()).isEqualTo(RegisterException.Kind.UNAVAILABLE);
            assertThat(e.getMessage()).contains("temporarily_unavailable");
        });
    }

    @Test
    void should_report_a_refused_scope_as_unauthorized_without_retrying() {
        assertThatThrownBy(() -> client("esb-test", null).accessToken(Set.of("ks:fiks"))).isInstanceOfSatisfying(RegisterException.class, e -> {
            assertThat(e.kind()).isEqualTo(RegisterException.Kind.UNAUTHORIZED);
            assertThat(e.isRetryable()).isFalse();
            assertThat(e.getMessage()).contains("invalid_scope").contains("MP-200");
        });
    }
}
