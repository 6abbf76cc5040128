package no.kommune.esb.simulator.idp;

import com.nimbusds.jose.jwk.RSAKey;
import no.kommune.esb.simulator.SimulatorConfiguration;
import no.kommune.esb.simulator.auth.SimulatorTokenAuthority;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A stand-in for the municipality's identity provider (Entra ID, Keycloak, …) that fagsystems get API tokens from:
 * OAuth2 client credentials ({@code POST /sim/idp/token}, client id and secret as HTTP Basic or form fields) →
 * an RS256 JWT with {@code client_id}, {@code scope}, {@code iss}, {@code exp}; its public key at
 * {@code GET /sim/idp/jwks}. Clients and their allowed scopes come from {@code simulator.idp.clients}.
 * A client with {@code redirect-uris} (the web console) logs people in instead: authorization code with PKCE
 * ({@link IdpInnlogging}'s login form, then {@code grant_type=authorization_code} here), the user's scopes limited to
 * the client's, and the user's name at {@code GET /sim/idp/userinfo}; users come from {@code simulator.idp.brukere}.
 */
@RestController
public class SimulatedIdp {

    /** One registered client; with {@code redirectUris} a browser-login client that gets no client-credentials token. */
    public record Client(String clientId, String secret, List<String> scopes, List<String> redirectUris) {
        public Client {
            redirectUris = redirectUris == null ? List.of() : List.copyOf(redirectUris);
        }

        boolean nettleser() {
            return !redirectUris.isEmpty();
        }
    }

    /** A person who may log in through the browser, with the scopes the IdP grants them. */
    public record Bruker(String brukernavn, String passord, String navn, List<String> scopes) {
        public Bruker {
            scopes = scopes == null ? List.of() : List.copyOf(scopes);
        }

        @Override
        public String toString() {
            return "Bruker[" + brukernavn + "]";
        }
    }

    /** {@code simulator.idp.*}; {@code audience} is the {@code aud} of every token (= platform.security.audience). */
    @ConfigurationProperties("simulator.idp")
    public record Properties(String issuer, String audience, long expiresIn, List<Client> clients, List<Bruker> brukere) {
        public Properties {
            clients = clients == null ? List.of() : List.copyOf(clients);
            brukere = brukere == null ? List.of() : List.copyOf(brukere);
            expiresIn = expiresIn <= 0 ? 300 : expiresIn;
        }
    }

    private final SimulatorTokenAuthority authority;
    private final Properties properties;
    private final Innlogginger innlogginger;

    public SimulatedIdp(Properties properties, Clock simulatorClock, @Value("${simulator.data-dir:}") String dataDir) {
        this.properties = properties;
        this.authority = new SimulatorTokenAuthority(properties.issuer(), simulatorClock, SimulatorConfiguration.signingKeyFile(dataDir, "idp"));
        this.innlogginger = new Innlogginger(simulatorClock);
    }

    /** The signing key is read or made once the platform is up, not while it starts (the first token request would wait for it). */
    @EventListener(ApplicationReadyEvent.class)
    public void prepareSigningKey() {
        authority.prepareKey();
    }

    /** The IdP's private signing key, for tests that forge a token whose only fault is its issuer, its expiry or its signature. */
    public RSAKey signingKey() {
        return authority.signingKey();
    }

    Properties properties() {
        return properties;
    }

    Innlogginger innlogginger() {
        return innlogginger;
    }

    @PostMapping(path = "/sim/idp/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public ResponseEntity<Map<String, Object>> token(@RequestHeader(value = "Authorization", required = false) String basic,
                                                     @RequestParam("grant_type") String grantType,
                                                     @RequestParam(value = "client_id", required = false) String formId,
                                                     @RequestParam(value = "client_secret", required = false) String formSecret,
                                                     @RequestParam(value = "scope", required = false) String scope,
                                                     @RequestParam(value = "code", required = false) String code,
                                                     @RequestParam(value = "redirect_uri", required = false) String redirectUri,
                                                     @RequestParam(value = "code_verifier", required = false) String codeVerifier) {
        if (!"client_credentials".equals(grantType) && !"authorization_code".equals(grantType)) {
            return error(400, "unsupported_grant_type");
        }
        String[] creds = basic(basic).orElse(new String[]{formId, formSecret});
        Optional<Client> client = properties.clients().stream().filter(c -> c.clientId().equals(creds[0])).findFirst();
        if (client.isEmpty() || creds[1] == null
                || !MessageDigest.isEqual(client.get().secret().getBytes(StandardCharsets.UTF_8), creds[1].getBytes(StandardCharsets.UTF_8))) {
            return error(401, "invalid_client");
        }
        if ("authorization_code".equals(grantType)) {
            return kode(client.get(), code, redirectUri, codeVerifier);
        }
        if (client.get().nettleser()) {
            return error(400, "unauthorized_client");
        }
        Set<String> asked = scope == null || scope.isBlank() ? new LinkedHashSet<>(client.get().scopes())
                : new LinkedHashSet<>(Arrays.asList(scope.trim().split("\\s+")));
        if (!client.get().scopes().containsAll(asked)) {
            return error(400, "invalid_scope");
        }
        String token = authority.issue(client.get().clientId(), asked, null, properties.expiresIn(), properties.audience());
        return ResponseEntity.ok(Map.of("access_token", token, "token_type", "Bearer", "expires_in", properties.expiresIn(),
                "scope", String.join(" ", asked)));
    }

    /** Exchanges a login's one-time code (PKCE checked) for a token with the user's scopes that the client may have. */
    private ResponseEntity<Map<String, Object>> kode(Client client, String code, String redirectUri, String codeVerifier) {
        Optional<Bruker> bruker = innlogginger.innloes(code, client.clientId(), redirectUri, codeVerifier);
        if (bruker.isEmpty()) {
            return error(400, "invalid_grant");
        }
        Set<String> scopes = new LinkedHashSet<>(bruker.get().scopes());
        scopes.retainAll(client.scopes());
        String token = authority.issue(client.clientId(), scopes, null, properties.expiresIn(), properties.audience());
        innlogginger.husk(token, bruker.get(), properties.expiresIn());
        return ResponseEntity.ok(Map.of("access_token", token, "token_type", "Bearer", "expires_in", properties.expiresIn(),
                "scope", String.join(" ", scopes)));
    }

    /** Who a login token belongs to (OAuth2 user info): user name and display name. */
    @GetMapping("/sim/idp/userinfo")
    public ResponseEntity<Map<String, Object>> userinfo(@RequestHeader(value = "Authorization", required = false) String bearer) {
        try {
            authority.verify(bearer);
        } catch (RuntimeException e) {
            return error(401, "invalid_token");
        }
        return innlogginger.bruker(bearer.substring(7).trim())
                .<ResponseEntity<Map<String, Object>>>map(b -> ResponseEntity.ok(Map.of("sub", b.brukernavn(), "preferred_username", b.brukernavn(), "name", b.navn())))
                .orElseGet(() -> error(401, "invalid_token"));
    }

    @GetMapping("/sim/idp/jwks")
    public Map<String, Object> jwks() {
        return Map.of("keys", List.of(authority.publicKey().toJSONObject()));
    }

    private static Optional<String[]> basic(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        return colon < 0 ? Optional.empty() : Optional.of(new String[]{decoded.substring(0, colon), decoded.substring(colon + 1)});
    }

    private static ResponseEntity<Map<String, Object>> error(int status, String error) {
        return ResponseEntity.status(status).body(Map.of("error", error));
    }
}
