package no.kommune.esb.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import no.kommune.esb.EndToEndTest;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.platform.security.MtlsConnector;
import no.kommune.esb.simulator.idp.SimulatedIdp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access matrix (docs/security.md): every endpoint the platform serves × every kind of caller, against the
 * expected answer. The endpoints come from the platform itself (its OpenAPI document, plus the few it serves outside
 * the REST DSL), so an endpoint added without a rule in {@link #REGLER} fails this test.
 */
class ApiTilgangsmatriseEndToEndTest extends EndToEndTest {

    /** Who may call an endpoint. */
    enum Regel {
        /** Load balancers and scrapers: anyone without a token (an invalid token is still refused). */
        AAPEN,
        /** Any fagsystem (esb:forsendelse) and the integration team (esb:admin). */
        FAGSYSTEM,
        /** The integration team only (esb:admin). */
        ADMIN
    }

    /** A kind of caller, and what it may do under each rule. */
    enum Innringer {
        INGEN_TOKEN(true, false, false),
        FEIL_UTSTEDER(false, false, false),
        UTLOEPT_TOKEN(false, false, false),
        FALSK_SIGNATUR(false, false, false),
        FAGSYSTEM_A_TOKEN(true, true, false),
        FAGSYSTEM_B_TOKEN(true, true, false),
        INTEGRASJON_TOKEN(true, true, true),
        FAGSYSTEM_A_SERTIFIKAT(true, true, false),
        FAGSYSTEM_B_SERTIFIKAT(true, true, false),
        INTEGRASJON_SERTIFIKAT(true, true, true);

        final boolean aapen;
        final boolean fagsystem;
        final boolean admin;

        Innringer(boolean aapen, boolean fagsystem, boolean admin) {
            this.aapen = aapen;
            this.fagsystem = fagsystem;
            this.admin = admin;
        }

        boolean slippesInn(Regel regel) {
            return switch (regel) {
                case AAPEN -> aapen;
                case FAGSYSTEM -> fagsystem;
                case ADMIN -> admin;
            };
        }

        /** The status of a refusal: not (validly) authenticated → 401, authenticated without the right → 403. */
        int avvisning() {
            return switch (this) {
                case INGEN_TOKEN, FEIL_UTSTEDER, UTLOEPT_TOKEN, FALSK_SIGNATUR -> 401;
                default -> 403;
            };
        }
    }

    /** Every endpoint "METHOD /path/{param}" and who may call it. A new endpoint needs a line here (and in docs/security.md). */
    static final Map<String, Regel> REGLER = new LinkedHashMap<>();

    static {
        REGLER.put("POST /api/forsendelser", Regel.FAGSYSTEM);
        REGLER.put("POST /api/forsendelser/bunker", Regel.FAGSYSTEM);
        REGLER.put("GET /api/forsendelser", Regel.FAGSYSTEM);
        REGLER.put("GET /api/forsendelser/{id}", Regel.FAGSYSTEM);
        REGLER.put("POST /api/forsendelser/{id}/redrive", Regel.FAGSYSTEM);
        REGLER.put("GET /api/oppslag/personer/{ident}", Regel.FAGSYSTEM);
        REGLER.put("GET /api/oppslag/personer/{ident}/familie", Regel.FAGSYSTEM);
        REGLER.put("GET /api/oppslag/soek", Regel.FAGSYSTEM);
        REGLER.put("GET /api/oppslag/entydig", Regel.FAGSYSTEM);
        REGLER.put("GET /api/oppslag/adresser", Regel.FAGSYSTEM);
        REGLER.put("POST /api/oppslag/personer", Regel.FAGSYSTEM);
        REGLER.put("POST /api/uttrekk", Regel.FAGSYSTEM);
        REGLER.put("GET /api/uttrekk/{id}", Regel.FAGSYSTEM);
        REGLER.put("GET /api/uttrekk/{id}/fil", Regel.FAGSYSTEM);
        REGLER.put("POST /api/vask", Regel.FAGSYSTEM);
        REGLER.put("GET /api/openapi.json", Regel.FAGSYSTEM);
        REGLER.put("GET /api/manuell", Regel.ADMIN);
        REGLER.put("POST /api/manuell/{mottakerbrevId}/loest", Regel.ADMIN);
        REGLER.put("GET /api/dead-letters", Regel.ADMIN);
        REGLER.put("POST /api/dead-letters/{id}/redrive", Regel.ADMIN);
        REGLER.put("POST /api/dead-letters/{id}/avslutt", Regel.ADMIN);
        REGLER.put("GET /api/innsyn/{ident}", Regel.ADMIN);
        REGLER.put("POST /api/fagsystemer/{fagsystem}/replay", Regel.ADMIN);
        REGLER.put("POST /api/fagsystemer/{fagsystem}/lever-naa", Regel.ADMIN);
        REGLER.put("PUT /api/fagsystemer/{fagsystem}/portefolje/{ident}", Regel.ADMIN);
        REGLER.put("GET /api/proaktiv", Regel.ADMIN);
        REGLER.put("POST /api/proaktiv/{utloeser}/proevekjoering", Regel.ADMIN);
        REGLER.put("GET /api/konfig", Regel.ADMIN);
        REGLER.put("GET /api/konfig/noder", Regel.ADMIN);
        REGLER.put("POST /api/diagnostics/ping", Regel.ADMIN);
        REGLER.put("GET /actuator/metrics", Regel.ADMIN);
        REGLER.put("GET /actuator/health", Regel.AAPEN);
        REGLER.put("GET /actuator/info", Regel.AAPEN);
        REGLER.put("GET /actuator/prometheus", Regel.AAPEN);
    }

    /** Served outside the REST DSL, so not in the OpenAPI document. */
    static final List<String> UTENFOR_OPENAPI = List.of("GET /api/openapi.json", "GET /actuator/health", "GET /actuator/info",
            "GET /actuator/prometheus", "GET /actuator/metrics");

    /**
     * The web console (docs/konsoll.md) takes only its own browser session from a login at the identity provider: every
     * caller here has none, so a page answers with the way to the login and a form post is refused (no session, no CSRF
     * token), whatever token or certificate comes along. A new console path needs a line here (and in docs/security.md).
     */
    static final List<String> KONSOLL = List.of("GET /konsoll", "GET /konsoll/brev", "GET /konsoll/brev/{id}", "GET /konsoll/manuell",
            "GET /konsoll/manuell/{mottakerbrevId}/loes", "POST /konsoll/manuell/{mottakerbrevId}/loes", "GET /konsoll/dead-letters",
            "GET /konsoll/dead-letters/{id}/redrive", "POST /konsoll/dead-letters/{id}/redrive", "GET /konsoll/dead-letters/{id}/avslutt",
            "POST /konsoll/dead-letters/{id}/avslutt", "GET /konsoll/hendelser",
            "POST /konsoll/hendelser/replay/proeve", "POST /konsoll/hendelser/replay", "GET /konsoll/ruter", "GET /konsoll/ruter/{rute}",
            "GET /konsoll/ruter/{rute}/stopp", "POST /konsoll/ruter/{rute}/stopp", "GET /konsoll/ruter/{rute}/start",
            "POST /konsoll/ruter/{rute}/start", "GET /konsoll/konfigurasjon", "GET /konsoll/handlinger");

    static final ObjectMapper JSON = new ObjectMapper();
    /** A syntactically valid synthetic (Tenor) number for 1 January 1900: nobody in the simulated population. */
    static final String UKJENT_IDENT = syntetiskIdent("018100");

    @Value("${server.port}")
    int port;
    @Value("${platform.security.issuer}")
    String issuer;
    @Value("${platform.security.mtls.local-ca.folder}")
    Path mtlsFolder;
    @Value("${platform.security.mtls.local-ca.password}")
    String mtlsPassword;
    @Autowired
    MtlsConnector mtls;
    @Autowired
    SimulatedIdp idp;

    @Test
    void should_have_a_rule_for_every_endpoint_the_openapi_document_lists_and_none_for_a_removed_one() throws Exception {
        List<String> endepunkter = endepunkter();

        assertThat(endepunkter.stream().filter(e -> !REGLER.containsKey(e)).toList())
                .as("endpoints without a rule in the access matrix (add one here and in docs/security.md)").isEmpty();
        assertThat(REGLER.keySet().stream().filter(r -> !endepunkter.contains(r)).toList())
                .as("rules for endpoints the platform no longer serves").isEmpty();
    }

    @Test
    void should_answer_every_endpoint_for_every_caller_as_the_matrix_says() throws Exception {
        Map<Innringer, Function<Foresporsel, HttpResponse<String>>> innringere = innringere();
        List<String> avvik = new ArrayList<>();
        for (String endepunkt : new TreeSet<>(endepunkter())) {
            Regel regel = REGLER.get(endepunkt);
            if (regel == null) {
                continue; // reported by should_have_a_rule_for_every_endpoint_the_openapi_document_lists_and_none_for_a_removed_one
            }
            for (Map.Entry<Innringer, Function<Foresporsel, HttpResponse<String>>> innringer : innringere.entrySet()) {
                HttpResponse<String> svar = innringer.getValue().apply(foresporsel(endepunkt));
                String feil = vurder(innringer.getKey(), regel, svar);
                if (feil != null) {
                    avvik.add(endepunkt + " as " + innringer.getKey() + ": " + feil);
                }
            }
        }
        assertThat(avvik).as("answers that differ from the access matrix").isEmpty();
    }

    @Test
    void should_send_every_caller_without_a_console_session_to_the_login_and_refuse_its_form_posts_whatever_token_or_certificate_it_has() throws Exception {
        Map<Innringer, Function<Foresporsel, HttpResponse<String>>> innringere = innringere();
        List<String> avvik = new ArrayList<>();
        for (String endepunkt : KONSOLL) {
            boolean side = endepunkt.startsWith("GET ");
            for (Map.Entry<Innringer, Function<Foresporsel, HttpResponse<String>>> innringer : innringere.entrySet()) {
                HttpResponse<String> svar = innringer.getValue().apply(foresporsel(endepunkt));
                boolean tilInnlogging = svar.statusCode() == 302 && svar.headers().firstValue("Location")
                        .map(l -> l.endsWith("/konsoll/oauth2/authorization/konsoll")).orElse(false);
                if (side ? !tilInnlogging : svar.statusCode() != 403) {
                    avvik.add(endepunkt + " as " + innringer.getKey() + ": " + svar.statusCode() + " " + svar.headers().firstValue("Location").orElse(""));
                }
            }
        }
        assertThat(avvik).as("console answers to callers without a console session").isEmpty();
    }

    /** Null when the answer fits the rule; otherwise what is wrong with it. */
    private static String vurder(Innringer innringer, Regel regel, HttpResponse<String> svar) {
        int status = svar.statusCode();
        if (innringer.slippesInn(regel)) {
            return status == 401 || status == 403 ? "refused with " + status + " " + svar.body() : null;
        }
        if (status != innringer.avvisning()) {
            return "expected " + innringer.avvisning() + ", got " + status + " " + svar.body();
        }
        boolean problem = svar.headers().firstValue("Content-Type").map(ct -> ct.startsWith("application/problem+json")).orElse(false);
        return problem ? null : "refused with " + status + " but not as application/problem+json";
    }

    /** Every endpoint the platform serves: the OpenAPI document's operations and those outside the REST DSL. */
    private List<String> endepunkter() throws Exception {
        HttpResponse<String> svar = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/openapi.json"))
                .header("Authorization", "Bearer " + adminToken()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(svar.statusCode()).as(svar.body()).isEqualTo(200);
        JsonNode dokument = JSON.readTree(svar.body());
        List<String> endepunkter = new ArrayList<>(UTENFOR_OPENAPI);
        dokument.path("paths").fields().forEachRemaining(sti -> sti.getValue().fieldNames().forEachRemaining(metode -> {
            if (List.of("get", "put", "post", "delete", "patch", "head", "options").contains(metode)) {
                endepunkter.add(metode.toUpperCase() + " " + (sti.getKey().startsWith("/api/") ? "" : "/api") + sti.getKey());
            }
        }));
        assertThat(endepunkter).as("the OpenAPI document lists the letter API").contains("POST /api/forsendelser");
        return endepunkter;
    }

    /**
     * A request that changes nothing: unknown ids (random UUIDs, an unknown identity number, an unknown fagsystem,
     * an unknown trigger) and an empty body, so an allowed caller gets 4xx from validation or lookup.
     */
    private static Foresporsel foresporsel(String endepunkt) {
        String metode = endepunkt.substring(0, endepunkt.indexOf(' '));
        String sti = endepunkt.substring(endepunkt.indexOf(' ') + 1)
                .replace("{id}", UUID.randomUUID().toString())
                .replace("{mottakerbrevId}", UUID.randomUUID().toString())
                .replace("{ident}", UKJENT_IDENT)
                .replace("{fagsystem}", "tilgangsmatrise-ukjent")
                .replace("{utloeser}", "tilgangsmatrise-ukjent")
                .replace("{rute}", "tilgangsmatrise-ukjent");
        return new Foresporsel(metode, sti);
    }

    /** One request, sent to either port. */
    record Foresporsel(String metode, String sti) {
        HttpRequest.Builder til(String skjema, int port) {
            return HttpRequest.newBuilder(URI.create(skjema + "://localhost:" + port + sti)).header("Content-Type", "application/json")
                    .method(metode, metode.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"));
        }
    }

    private Map<Innringer, Function<Foresporsel, HttpResponse<String>>> innringere() throws Exception {
        HttpClient vanlig = HttpClient.newHttpClient();
        RSAKey idpNoekkel = idpNoekkel();
        RSAKey falskNoekkel = falskNoekkel(idpNoekkel.getKeyID());
        Map<Innringer, Function<Foresporsel, HttpResponse<String>>> m = new LinkedHashMap<>();
        m.put(Innringer.INGEN_TOKEN, r -> send(vanlig, r.til("http", port), null));
        m.put(Innringer.FEIL_UTSTEDER, r -> send(vanlig, r.til("http", port), signert(idpNoekkel, "https://fremmed-idp.example", 300)));
        // well past the resource server's 60 s clock skew
        m.put(Innringer.UTLOEPT_TOKEN, r -> send(vanlig, r.til("http", port), signert(idpNoekkel, issuer, -600)));
        m.put(Innringer.FALSK_SIGNATUR, r -> send(vanlig, r.til("http", port), signert(falskNoekkel, issuer, 300)));
        m.put(Innringer.FAGSYSTEM_A_TOKEN, r -> send(vanlig, r.til("http", port), token("skole")));
        m.put(Innringer.FAGSYSTEM_B_TOKEN, r -> send(vanlig, r.til("http", port), token("barnevern")));
        m.put(Innringer.INTEGRASJON_TOKEN, r -> send(vanlig, r.til("http", port), adminToken()));
        for (Map.Entry<Innringer, String> sertifikat : Map.of(Innringer.FAGSYSTEM_A_SERTIFIKAT, "skole", Innringer.FAGSYSTEM_B_SERTIFIKAT, "barnevern",
                Innringer.INTEGRASJON_SERTIFIKAT, "integrasjon").entrySet()) {
            HttpClient klient = mtlsKlient(sertifikat.getValue());
            m.put(sertifikat.getKey(), r -> send(klient, r.til("https", mtls.localPort()), null));
        }
        return m;
    }

    private static HttpResponse<String> send(HttpClient klient, HttpRequest.Builder r, String token) {
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        try {
            return klient.send(r.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(r.build().uri() + ": " + e, e);
        }
    }

    /** A token for the integration team (esb:admin) signed with {@code noekkel}, from {@code utsteder}, expiring in {@code sekunder}. */
    private static String signert(RSAKey noekkel, String utsteder, long sekunder) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(noekkel.getKeyID()).build(), new JWTClaimsSet.Builder()
                    .issuer(utsteder).subject("integrasjon").claim("client_id", "integrasjon").claim("scope", "esb:admin")
                    .issueTime(Date.from(Instant.now().plusSeconds(Math.min(0, sekunder) - 60)))
                    .expirationTime(Date.from(Instant.now().plusSeconds(sekunder))).build());
            jwt.sign(new RSASSASigner(noekkel));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The simulated IdP's own signing key, so a wrong issuer or a past expiry is the only fault in a token. */
    private RSAKey idpNoekkel() {
        return idp.signingKey();
    }

    /** A key the platform does not trust, under the IdP's key id, so only the signature is wrong. */
    private static RSAKey falskNoekkel(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HTTPS client showing the local CA's client certificate for {@code id} (docs/security.md, "Local profile"). */
    private HttpClient mtlsKlient(String id) throws Exception {
        TrustManagerFactory tillit = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tillit.init(lesKeyStore(mtlsFolder.resolve("truststore.p12")));
        KeyManagerFactory noekler = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        noekler.init(lesKeyStore(mtlsFolder.resolve("klienter").resolve(id + ".p12")), mtlsPassword.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(noekler.getKeyManagers(), tillit.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).build();
    }

    private KeyStore lesKeyStore(Path fil) throws Exception {
        try (InputStream in = Files.newInputStream(fil)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, mtlsPassword.toCharArray());
            return store;
        }
    }

    /** The first individual number after {@code foedselsdato} (DDMMYY) whose control digits {@link Identitetsnummer} accepts. */
    private static String syntetiskIdent(String foedselsdato) {
        for (int individ = 0; individ < 1000; individ++) {
            for (int kontroll = 0; kontroll < 100; kontroll++) {
                String kandidat = foedselsdato + "%03d%02d".formatted(individ, kontroll);
                if (Identitetsnummer.isValid(kandidat)) {
                    return kandidat;
                }
            }
        }
        throw new IllegalStateException("no valid number for " + foedselsdato);
    }
}
