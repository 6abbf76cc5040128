package no.kommune.esb.simulator.maskinporten;

import no.kommune.esb.simulator.auth.SimulatorTokenAuthority;
import no.kommune.esb.simulator.fault.FaultInjector;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /sim/maskinporten/token} (form {@code grant_type}, {@code assertion}),
 * {@code GET /sim/maskinporten/.well-known/oauth-authorization-server} (RFC 8414 metadata),
 * {@code GET /sim/maskinporten/jwk} (the signing key of the tokens),
 * {@code GET /sim/maskinporten/admin/stats} (token requests per client) and
 * {@code POST /sim/maskinporten/admin/revoke?client_id=…} (every token issued to the client so far is refused from now on).
 */
@RestController
@RequestMapping("/sim/maskinporten")
public class MaskinportenSimulatorController {

    static final String SERVICE = "maskinporten";

    private final SimulatedMaskinporten maskinporten;
    private final SimulatorTokenAuthority authority;
    private final FaultInjector faults;

    public MaskinportenSimulatorController(SimulatedMaskinporten maskinporten, SimulatorTokenAuthority authority, FaultInjector faults) {
        this.maskinporten = maskinporten;
        this.authority = authority;
        this.faults = faults;
    }

    @PostMapping(path = "/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> token(@RequestParam(name = "grant_type", required = false) String grantType,
                                     @RequestParam(name = "assertion", required = false) String assertion) {
        faults.before(SERVICE, "token");
        SimulatedMaskinporten.TokenAnswer answer = maskinporten.token(grantType, assertion);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", answer.accessToken());
        body.put("token_type", "Bearer");
        body.put("expires_in", answer.expiresIn());
        body.put("scope", answer.scope());
        return body;
    }

    @GetMapping(path = "/.well-known/oauth-authorization-server", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> wellKnown() {
        String base = ServletUriComponentsBuilder.fromCurrentContextPath().path("/sim/maskinporten").toUriString();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("issuer", maskinporten.issuer());
        body.put("token_endpoint", base + "/token");
        body.put("jwks_uri", base + "/jwk");
        body.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt"));
        body.put("grant_types_supported", List.of("urn:ietf:params:oauth:grant-type:jwt-bearer"));
        body.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS256", "RS384", "RS512"));
        return body;
    }

    @GetMapping(path = "/jwk", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> jwks() {
        return Map.of("keys", List.of(authority.publicKey().toJSONObject()));
    }

    /**
     * Revokes every token issued to {@code client_id} so far: the simulators answer it with 401, and the platform
     * fetches a new one. A test of an outage at the token step revokes after setting the fault, so the next register
     * call meets the outage, whatever the tokens' lifetime.
     */
    @PostMapping("/admin/revoke")
    public ResponseEntity<Void> revoke(@RequestParam(name = "client_id") String clientId) {
        authority.revoke(clientId);
        return ResponseEntity.noContent().build();
    }

    @GetMapping(path = "/admin/stats", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Long> stats() {
        return maskinporten.stats();
    }
}
