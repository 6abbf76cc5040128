package no.kommune.esb.simulator.idp;

import no.kommune.esb.simulator.auth.SimulatorTokenAuthority;
import org.springframework.boot.context.properties.ConfigurationProperties;
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
 */
@RestController
public class SimulatedIdp {

    /** One registered API client. */
    public record Client(String clientId, String secret, List<String> scopes) {
    }

    /** {@code simulator.idp.*}. */
    @ConfigurationProperties("simulator.idp")
    public record Properties(String issuer, long expiresIn, List<Client> clients) {
        public Properties {
            clients = clients == null ? List.of() : List.copyOf(clients);
            expiresIn = expiresIn <= 0 ? 300 : expiresIn;
        }
    }

    private final SimulatorTokenAuthority authority;
    private final Properties properties;

    public SimulatedIdp(Properties properties, Clock simulatorClock) {
        this.properties = properties;
        this.authority = new SimulatorTokenAuthority(properties.issuer(), simulatorClock);
    }

    @PostMapping(path = "/sim/idp/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public ResponseEntity<Map<String, Object>> token(@RequestHeader(value = "Authorization", required = false) String basic,
                                                     @RequestParam("grant_type") String grantType,
                                                     @RequestParam(value = "client_id", required = false) String formId,
                                                     @RequestParam(value = "client_secret", required = false) String formSecret,
                                                     @RequestParam(value = "scope", required = false) String scope) {
        if (!"client_credentials".equals(grantType)) {
            return error(400, "unsupported_grant_type");
        }
        String[] creds = basic(basic).orElse(new String[]{formId, formSecret});
        Optional<Client> client = properties.clients().stream().filter(c -> c.clientId().equals(creds[0])).findFirst();
        if (client.isEmpty() || creds[1] == null
                || !MessageDigest.isEqual(client.get().secret().getBytes(StandardCharsets.UTF_8), creds[1].getBytes(StandardCharsets.UTF_8))) {
            return error(401, "invalid_client");
        }
        Set<String> asked = scope == null || scope.isBlank() ? new LinkedHashSet<>(client.get().scopes())
                : new LinkedHashSet<>(Arrays.asList(scope.trim().split("\\s+")));
        if (!client.get().scopes().containsAll(asked)) {
            return error(400, "invalid_scope");
        }
        String token = authority.issue(client.get().clientId(), asked, null, properties.expiresIn());
        return ResponseEntity.ok(Map.of("access_token", token, "token_type", "Bearer", "expires_in", properties.expiresIn(),
                "scope", String.join(" ", asked)));
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
