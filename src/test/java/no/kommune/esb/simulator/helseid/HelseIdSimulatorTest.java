package no.kommune.esb.simulator.helseid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.maskinporten.SigningCredentials;
import no.kommune.esb.maskinporten.TestKeys;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;
import no.kommune.esb.nhn.HelseIdAssertionFactory;
import no.kommune.esb.nhn.HelseIdClient;
import no.kommune.esb.nhn.PersontjenestenClient;
import no.kommune.esb.register.RegisterException;
import no.kommune.esb.register.RegisterHttp;
import no.kommune.esb.simulator.SimulatorTestApplication;
import no.kommune.esb.simulator.auth.SimulatorTokenAuthority;
import no.kommune.esb.simulator.nhn.NhnData;
import no.kommune.esb.simulator.population.Kind;
import no.kommune.esb.simulator.population.SyntheticPopulation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HelseID client against the simulated HelseID, and through it against the simulated Persontjenesten, over real HTTP. */
@SpringBootTest(classes = SimulatorTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "simulator.enabled=true",
        "simulator.helseid.issuer=" + HelseIdSimulatorTest.ISSUER,
        "simulator.helseid.clients[0].client-id=esb-helseid-test",
        "simulator.helseid.clients[0].certificate-path=target/maskinporten-test/esb-test.crt",
        "simulator.helseid.clients[0].scopes=" + HelseIdSimulatorTest.SCOPE + ",nhn:hgd-persontjenesten-api/read-no-legal-basis"})
class HelseIdSimulatorTest {

    static final String ISSUER = "https://helseid.sim.test";
    static final String CLIENT = "esb-helseid-test";
    static final String SCOPE = "nhn:hgd-persontjenesten-api/read-with-legal-basis";

    @LocalServerPort
    int port;

    @Autowired
    SimulatedHelseId helseId;

    @Autowired
    SimulatorTokenAuthority authority;

    @Autowired
    NhnData nhn;

    @Autowired
    SyntheticPopulation population;

    @BeforeAll
    static void keys() {
        TestKeys.client(null);
        TestKeys.forger(null);
    }

    @AfterEach
    void reset() {
        helseId.resetCounters();
    }

    URI tokenEndpoint() {
        return URI.create("http://localhost:" + port + "/sim/helseid/connect/token");
    }

    HelseIdClient client(String audience, SigningCredentials credentials) {
        return new HelseIdClient(tokenEndpoint(), CLIENT, Set.of(), new HelseIdAssertionFactory(audience, CLIENT, Duration.ofSeconds(60), credentials),
                new RegisterHttp("helseid", Duration.ofSeconds(2), Duration.ofSeconds(10)), Duration.ofSeconds(30), Clock.systemUTC());
    }

    @Test
    void should_issue_a_token_the_simulated_persontjenesten_accepts() {
        String token = client(ISSUER, TestKeys.client(null)).accessToken(Set.of(SCOPE));

        assertThat(authority.verify("Bearer " + token, SCOPE)).contains(SCOPE);
    }

    @Test
    void should_accept_the_token_endpoint_as_audience() {
        String token = client(tokenEndpoint().toString(), TestKeys.client(null)).accessToken(Set.of(SCOPE));

        assertThat(authority.verify("Bearer " + token, SCOPE)).contains(SCOPE);
    }

    @Test
    void should_ask_helseid_once_when_many_threads_want_the_same_token() throws Exception {
        HelseIdClient client = client(ISSUER, TestKeys.client(null));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                calls.add(() -> client.accessToken(Set.of(SCOPE)));
            }
            List<String> tokens = new ArrayList<>();
            for (Future<String> f : pool.invokeAll(calls)) {
                tokens.add(f.get());
            }
            assertThat(tokens).hasSize(64).containsOnly(tokens.get(0));
        } finally {
            pool.shutdownNow();
        }
        assertThat(helseId.tokenRequests(CLIENT)).isEqualTo(1);
    }

    @Test
    void should_refuse_an_assertion_signed_with_a_forged_key() {
        assertThatThrownBy(() -> client(ISSUER, TestKeys.forger(null)).accessToken(Set.of(SCOPE)))
                .isInstanceOfSatisfying(RegisterException.class, e -> assertThat(e.kind()).isEqualTo(RegisterException.Kind.UNAUTHORIZED))
                .hasMessageContaining("invalid_client").hasMessageContaining("signature");
    }

    @Test
    void should_refuse_an_assertion_for_another_audience() {
        assertThatThrownBy(() -> client("https://helseid-sts.nhn.no", TestKeys.client(null)).accessToken(Set.of(SCOPE)))
                .isInstanceOfSatisfying(RegisterException.class, e -> assertThat(e.kind()).isEqualTo(RegisterException.Kind.UNAUTHORIZED))
                .hasMessageContaining("aud");
    }

    @Test
    void should_refuse_a_scope_not_registered_for_the_client() {
        assertThatThrownBy(() -> client(ISSUER, TestKeys.client(null)).accessToken(Set.of("nhn:something/else")))
                .isInstanceOfSatisfying(RegisterException.class, e -> assertThat(e.kind()).isEqualTo(RegisterException.Kind.UNAUTHORIZED))
                .hasMessageContaining("invalid_scope");
    }

    @Test
    void should_refuse_a_reused_client_assertion() throws Exception {
        String assertion = new HelseIdAssertionFactory(ISSUER, CLIENT, Duration.ofSeconds(60), TestKeys.client(null)).create(Instant.now());

        HttpResponse<String> first = post(assertion);
        HttpResponse<String> second = post(assertion);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(401);
        JsonNode error = new ObjectMapper().readTree(second.body());
        assertThat(error.path("error").asText()).isEqualTo("invalid_client");
        assertThat(error.path("error_description").asText()).contains("jti");
    }

    @Test
    void should_refuse_another_grant_type() throws Exception {
        String assertion = new HelseIdAssertionFactory(ISSUER, CLIENT, Duration.ofSeconds(60), TestKeys.client(null)).create(Instant.now());
        HttpResponse<String> r = send("grant_type=authorization_code&client_id=" + CLIENT + "&client_assertion_type="
                + enc("urn:ietf:params:oauth:client-assertion-type:jwt-bearer") + "&client_assertion=" + assertion + "&scope=" + enc(SCOPE));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(new ObjectMapper().readTree(r.body()).path("error").asText()).isEqualTo("unsupported_grant_type");
    }

    @Test
    void should_look_up_a_population_person_in_persontjenesten_with_a_helseid_token() {
        NhnData.Pasient pasient = nhn.pasient(population.find(Kind.VANLIG_VOKSEN).id()).orElseThrow();
        PersontjenestenClient persontjenesten = new PersontjenestenClient(new RegisterHttp("nhn-persontjenesten", Duration.ofSeconds(2), Duration.ofSeconds(10)),
                "http://localhost:" + port + "/sim/nhn/persontjenesten", true, client(ISSUER, TestKeys.client(null)), Set.of(SCOPE));

        Person person = persontjenesten.person(Identitetsnummer.of(pasient.nin())).orElseThrow();

        assertThat(person.id().value()).isEqualTo(pasient.nin());
        assertThat(person.navn().etternavn()).isEqualTo(pasient.etternavn());
        assertThat(helseId.tokenRequests(CLIENT)).isEqualTo(1);
    }

    private HttpResponse<String> post(String assertion) throws Exception {
        return send("grant_type=client_credentials&client_id=" + CLIENT + "&client_assertion_type="
                + enc("urn:ietf:params:oauth:client-assertion-type:jwt-bearer") + "&client_assertion=" + assertion + "&scope=" + enc(SCOPE));
    }

    private HttpResponse<String> send(String form) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(tokenEndpoint())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
