package no.kommune.esb.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import no.kommune.esb.EndToEndTest;
import no.kommune.esb.platform.security.UtenHandlerMappingIntrospectorCache;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.context.AbstractSecurityWebApplicationInitializer;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
class ApiSecurityEndToEndTest extends EndToEndTest {

    @Value("${server.port}")
    int port;
    @Value("${platform.security.issuer}")
    String issuer;
    @Value("${platform.security.audience}")
    String audience;
    @Autowired
    no.kommune.esb.simulator.idp.SimulatedIdp idp;
    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApplicationContext context;

    @Test
    void should_match_requests_by_path_pattern_without_a_handler_look_up_per_request() {
        // UtenHandlerMappingIntrospectorCache: Spring MVC's cache filter and its composite are gone from the chain
        Object kjede = context.getBean(AbstractSecurityWebApplicationInitializer.DEFAULT_FILTER_NAME);
        assertThat(kjede.getClass().getName()).isNotEqualTo(UtenHandlerMappingIntrospectorCache.SAMMENSATT);
        assertThat(kjede).isInstanceOf(FilterChainProxy.class);
        // SecurityConfiguration.requestMatcherBuilder: path patterns, no MVC matcher that would ask the handler mappings
        List<String> matchere = ((FilterChainProxy) kjede).getFilterChains().stream()
                .map(c -> ((DefaultSecurityFilterChain) c).getRequestMatcher().toString()).toList();
        assertThat(matchere).isNotEmpty().noneMatch(m -> m.contains("Mvc"));
        assertThat(matchere).anyMatch(m -> m.contains("PathPattern") && m.contains("/sim/**"));
    }

    @Test
    void should_refuse_calls_without_a_token_but_keep_health_and_metrics_open_for_operations() throws Exception {
        assertThat(get("/api/forsendelser/" + UUID.randomUUID(), null).statusCode()).isEqualTo(401);
        assertThat(get("/api/manuell", null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/health", null).statusCode()).isIn(200, 503);
        assertThat(get("/actuator/prometheus", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/metrics", null).statusCode()).isEqualTo(401);
    }

    @Test
    void should_show_health_components_and_details_only_to_the_integration_team() throws Exception {
        // the test profile sets show-details/show-components as application.yaml (production) does: when-authorized
        HttpResponse<String> anonym = get("/actuator/health", null);
        HttpResponse<String> fagsystem = get("/actuator/health", token("skole"));
        HttpResponse<String> admin = get("/actuator/health", adminToken());

        for (HttpResponse<String> bare : List.of(anonym, fagsystem)) {
            assertThat(bare.statusCode()).isIn(200, 503);
            assertThat(fieldNames(bare.body())).containsExactly("status");
        }
        assertThat(get("/actuator/health/sftp", null).body()).doesNotContain("details");
        assertThat(admin.statusCode()).isIn(200, 503);
        assertThat(new ObjectMapper().readTree(admin.body()).path("components").path("sftp").path("details").isObject()).isTrue();
    }

    private static List<String> fieldNames(String json) throws Exception {
        List<String> names = new java.util.ArrayList<>();
        new ObjectMapper().readTree(json).fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void should_refuse_a_token_signed_by_anyone_but_the_identity_provider() throws Exception {
        RSAKey forger = new RSAKeyGenerator(2048).keyID("forged").generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("forged").build(), new JWTClaimsSet.Builder()
                .issuer(issuer).claim("client_id", "integrasjon").claim("scope", "esb:admin")
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(60))).build());
        jwt.sign(new RSASSASigner(forger));

        assertThat(get("/api/manuell", jwt.serialize()).statusCode()).isEqualTo(401);
    }

    @Test
    void should_refuse_a_token_the_identity_provider_issued_for_another_api() throws Exception {
        // signed with the identity provider's own key and from its issuer: only the audience differs
        RSAKey idpNoekkel = idp.signingKey();
        java.util.function.Function<List<String>, String> medAudience = aud -> {
            try {
                SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(idpNoekkel.getKeyID()).build(),
                        new JWTClaimsSet.Builder().issuer(issuer).audience(aud).claim("client_id", "integrasjon").claim("scope", "esb:admin")
                                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(60))).build());
                jwt.sign(new RSASSASigner(idpNoekkel));
                return jwt.serialize();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };

        assertThat(get("/api/manuell", medAudience.apply(List.of("annet-api"))).statusCode()).isEqualTo(401);
        assertThat(get("/api/manuell", medAudience.apply(null)).statusCode()).as("no aud at all").isEqualTo(401);
        assertThat(get("/api/manuell", medAudience.apply(List.of("annet-api", audience))).statusCode()).as("aud naming this API among others").isEqualTo(200);
    }

    @Test
    void should_log_a_refused_request_without_the_identity_number_in_its_path(org.springframework.boot.test.system.CapturedOutput output) throws Exception {
        assertThat(get("/api/fagsystemer/lonn/portefolje/02013299997", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/manuell", token("skole")).statusCode()).isEqualTo(403);

        assertThat(output.getAll()).contains("API request refused (401").contains("/portefolje/020132*****")
                .contains("API request refused (403").contains("by skole").doesNotContain("02013299997");
    }

    @Test
    void should_keep_the_integration_teams_operations_from_fagsystems() throws Exception {
        assertThat(get("/api/manuell", token("skole")).statusCode()).isEqualTo(403);
        assertThat(get("/api/dead-letters", token("skole")).statusCode()).isEqualTo(403);
        assertThat(get("/api/manuell", adminToken()).statusCode()).isEqualTo(200);
    }

    @Test
    void should_let_a_fagsystem_read_only_its_own_letters() throws Exception {
        UUID id = barnevernsBrev("sikkerhet-");

        assertThat(get("/api/forsendelser/" + id, token("barnevern")).statusCode()).isEqualTo(200);
        assertThat(get("/api/forsendelser/" + id, adminToken()).statusCode()).isEqualTo(200);
        // another fagsystem is told nothing, not even that the letter exists
        assertThat(get("/api/forsendelser/" + id, token("skole")).statusCode()).isEqualTo(404);
        assertThat(get("/api/forsendelser?avsenderSystem=barnevern&eksternReferanse=sikkerhet-" + id, token("skole")).statusCode()).isEqualTo(404);
    }

    /**
     * The caller's identity reaches the routes as the headers X-Esb-Fagsystem / X-Esb-Admin, set from the token; Camel
     * also copies query and form parameters into headers, so a caller naming them in the URL or a form body must get
     * nothing the token does not give it.
     */
    @Test
    void should_give_a_caller_who_names_the_identity_headers_as_parameters_nothing_its_token_does_not() throws Exception {
        UUID id = barnevernsBrev("parameter-");

        for (String sti : List.of("/api/forsendelser/" + id + "?X-Esb-Admin=true", "/api/forsendelser/" + id + "?x-esb-admin=true",
                "/api/forsendelser/" + id + "?X-Esb-Fagsystem=barnevern", "/api/forsendelser/" + id + "?X-Esb-Admin=true&X-Esb-Fagsystem=barnevern")) {
            HttpResponse<String> r = get(sti, token("skole"));
            assertThat(r.statusCode()).as(sti + ": " + r.body()).isIn(400, 404);
            assertThat(r.body()).doesNotContain("parameter-" + id);
        }
        HttpResponse<String> skjema = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/forsendelser/" + id))
                .header("Authorization", "Bearer " + token("skole")).header("Content-Type", "application/x-www-form-urlencoded")
                .method("GET", HttpRequest.BodyPublishers.ofString("X-Esb-Admin=true&X-Esb-Fagsystem=barnevern")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(skjema.statusCode()).as(skjema.body()).isEqualTo(415);
        assertThat(skjema.body()).doesNotContain("parameter-" + id);

        String grense = "g" + UUID.randomUUID();
        String metadata = "{\"avsenderSystem\":\"barnevern\",\"eksternReferanse\":\"parameterfremmed-" + UUID.randomUUID() + "\",\"tittel\":\"T\","
                + "\"mottaker\":\"974760673\",\"brevtype\":\"FORMELL\",\"dokumenter\":[{\"filnavn\":\"a.pdf\"}]}";
        String body = "--" + grense + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json\r\n\r\n" + metadata
                + "\r\n--" + grense + "\r\nContent-Disposition: form-data; name=\"X-Esb-Admin\"\r\n\r\ntrue"
                + "\r\n--" + grense + "\r\nContent-Disposition: form-data; name=\"d1\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n%%EOF\r\n--"
                + grense + "--\r\n";
        HttpResponse<String> inn = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/forsendelser?X-Esb-Admin=true"))
                .header("Authorization", "Bearer " + token("skole")).header("Content-Type", "multipart/form-data; boundary=" + grense)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(inn.statusCode()).as(inn.body()).isIn(400, 403);
        assertThat(jdbc.queryForObject("select count(*) from brev where ekstern_referanse like 'parameterfremmed-%'", Integer.class)).isZero();

        // Camel parses a POST form body itself, for any type that starts like a form's and over the container's size
        // limit too: the API takes no form data at all
        for (String type : List.of("application/x-www-form-urlencoded", "application/x-www-form-urlencoded-x",
                "Application/X-WWW-Form-Urlencoded; charset=UTF-8")) {
            HttpResponse<String> redrive = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/forsendelser/" + id + "/redrive"))
                    .header("Authorization", "Bearer " + token("skole")).header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofString("X-Esb-Admin=true&X-Esb-Fagsystem=barnevern")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(redrive.statusCode()).as(type + ": " + redrive.body()).isEqualTo(415);
            HttpResponse<String> vask = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                            + "/api/vask?formaal=barnevernssak&fagsystem=barnevern"))
                    .header("Authorization", "Bearer " + token("skole")).header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofString("# x=1&X-Esb-Admin=true&y=\n01017012345\n")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(vask.statusCode()).as(type + ": " + vask.body()).isEqualTo(415);
            assertThat(vask.body()).contains("ustoettet-innholdstype");
        }
    }

    @Test
    void should_refuse_a_letter_submitted_in_another_fagsystems_name() throws Exception {
        String grense = "g" + UUID.randomUUID();
        String metadata = "{\"avsenderSystem\":\"barnevern\",\"eksternReferanse\":\"fremmed-" + UUID.randomUUID() + "\",\"tittel\":\"T\","
                + "\"mottaker\":\"974760673\",\"brevtype\":\"FORMELL\",\"dokumenter\":[{\"filnavn\":\"a.pdf\"}]}";
        String body = "--" + grense + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json\r\n\r\n" + metadata
                + "\r\n--" + grense + "\r\nContent-Disposition: form-data; name=\"d1\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n%%EOF\r\n--"
                + grense + "--\r\n";
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/forsendelser"))
                .header("Authorization", "Bearer " + token("skole")).header("Content-Type", "multipart/form-data; boundary=" + grense)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("avsenderSystem");
        assertThat(jdbc.queryForObject("select count(*) from brev where ekstern_referanse like 'fremmed-%'", Integer.class)).isZero();
    }

    @Test
    void should_answer_a_refused_call_with_a_problem_document() throws Exception {
        HttpResponse<String> utenToken = get("/api/manuell", null);
        HttpResponse<String> utenScope = get("/api/manuell", token("skole"));
        HttpResponse<String> stengtSti = get("/ingen-slik-sti", token("skole"));

        assertProblem(utenToken, 401, "urn:kommune-esb:problem:ikke-autentisert");
        assertThat(utenToken.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertProblem(utenScope, 403, "urn:kommune-esb:problem:ingen-tilgang");
        assertProblem(stengtSti, 403, "urn:kommune-esb:problem:ingen-tilgang");
    }

    @Test
    void should_refuse_a_header_value_with_a_control_character_as_the_default_firewall_does() throws Exception {
        // U+0085 (NEL, a C1 control character) is one ISO-8859-1 byte Tomcat lets through; the firewall must not
        assertThat(raaGet("/actuator/health", "X-Proeve: a\u0085b")).startsWith("HTTP/1.1 400");
        assertThat(raaGet("/actuator/health", "X-Proeve: a\tb, Øst")).matches("HTTP/1.1 (200|503)(?s).*");
    }

    /** A GET written byte by byte (the JDK client refuses such headers), headers in ISO-8859-1; the status line and the rest. */
    private String raaGet(String path, String header) throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream ut = socket.getOutputStream();
            ut.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + header + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            ut.flush();
            InputStream inn = socket.getInputStream();
            return new String(inn.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static void assertProblem(HttpResponse<String> svar, int status, String type) throws Exception {
        assertThat(svar.statusCode()).isEqualTo(status);
        assertThat(svar.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        com.fasterxml.jackson.databind.JsonNode problem = new com.fasterxml.jackson.databind.ObjectMapper().readTree(svar.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("type").asText()).isEqualTo(type);
        assertThat(problem.path("detail").asText()).isNotBlank();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A letter of barnevern's, already stopped (the flow leaves it alone), with the reference {@code prefiks + id}. */
    private UUID barnevernsBrev(String prefiks) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                insert into brev (id, avsender_system, ekstern_referanse, tittel, brevtype, gjelder_barn, mottaker, mottaker_type, kanal_inn, status)
                values (?, 'barnevern', ?, 'Melding', 'FORMELL', false, '974760673', 'ORGANISASJON', 'REST', 'STOPPET')""", id, prefiks + id);
        return id;
    }
}
