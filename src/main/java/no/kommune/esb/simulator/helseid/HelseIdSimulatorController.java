package no.kommune.esb.simulator.helseid;

import no.kommune.esb.simulator.fault.FaultInjector;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /sim/helseid/connect/token} (form {@code grant_type}, {@code client_id}, {@code client_assertion_type},
 * {@code client_assertion}, {@code scope}) and {@code GET /sim/helseid/admin/stats} (token requests per client).
 */
@RestController
@RequestMapping("/sim/helseid")
public class HelseIdSimulatorController {

    static final String SERVICE = "helseid";

    private final SimulatedHelseId helseId;
    private final FaultInjector faults;

    public HelseIdSimulatorController(SimulatedHelseId helseId, FaultInjector faults) {
        this.helseId = helseId;
        this.faults = faults;
    }

    @PostMapping(path = "/connect/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> token(@RequestParam(name = "grant_type", required = false) String grantType,
                                     @RequestParam(name = "client_id", required = false) String clientId,
                                     @RequestParam(name = "client_assertion_type", required = false) String clientAssertionType,
                                     @RequestParam(name = "client_assertion", required = false) String clientAssertion,
                                     @RequestParam(name = "scope", required = false) String scope) {
        faults.before(SERVICE, "token");
        String endpoint = ServletUriComponentsBuilder.fromCurrentRequestUri().replaceQuery(null).toUriString();
        SimulatedHelseId.TokenAnswer answer = helseId.token(
                new ClientAssertionValidator.TokenRequest(grantType, clientId, clientAssertionType, clientAssertion, scope), endpoint);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", answer.accessToken());
        body.put("token_type", "Bearer");
        body.put("expires_in", answer.expiresIn());
        body.put("scope", answer.scope());
        return body;
    }

    @GetMapping(path = "/admin/stats", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Long> stats() {
        return helseId.stats();
    }
}
