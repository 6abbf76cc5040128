package no.kommune.esb.simulator.sms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import no.kommune.esb.simulator.fault.FaultInjector;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.Map;

/**
 * The SMS gateway's API: {@code POST /sim/sms/v1/messages} takes a message, {@code GET /sim/sms/v1/messages/{id}}
 * answers its delivery report. Every call needs {@code Authorization: Bearer <simulator.sms.api-key>}.
 */
@RestController
@RequestMapping("/sim/sms/v1/messages")
public class SmsSimulatorController {

    static final String SERVICE = "sms";
    /** E.164 with or without "+", as the providers accept. */
    private static final String NUMMER = "\\+?[1-9][0-9]{7,14}";
    /** Ten concatenated SMS; providers refuse longer texts. */
    private static final int MAKS_TEGN = 1530;

    private final SmsGatewaySimulator gateway;
    private final FaultInjector faults;
    private final String apiKey;
    private final ObjectMapper json = new ObjectMapper();

    public SmsSimulatorController(SmsGatewaySimulator gateway, FaultInjector faults,
                                  @Value("${simulator.sms.api-key:lokal-sms-nokkel}") String apiKey) {
        this.gateway = gateway;
        this.faults = faults;
        this.apiKey = apiKey;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public void send(@RequestBody JsonNode body, HttpServletRequest request, HttpServletResponse response) throws IOException {
        faults.before(SERVICE, "send");
        autoriser(request);
        String noekkel = request.getHeader("Idempotency-Key");
        if (noekkel == null || noekkel.isBlank()) {
            throw new SmsSimFeil(400, "MISSING_IDEMPOTENCY_KEY", "Idempotency-Key header is required");
        }
        String til = body.path("to").asText("");
        if (!til.matches(NUMMER)) {
            throw new SmsSimFeil(400, "INVALID_NUMBER", "to is not a phone number in E.164 form");
        }
        String tekst = body.path("text").asText("");
        if (tekst.isBlank() || tekst.length() > MAKS_TEGN) {
            throw new SmsSimFeil(400, "INVALID_TEXT", "text must have 1.." + MAKS_TEGN + " characters");
        }
        String fra = body.path("from").asText("");
        if (fra.isBlank() || (fra.matches(".*[^0-9+].*") && fra.length() > 11)) {
            throw new SmsSimFeil(400, "INVALID_SENDER", "from must be a number or at most 11 characters");
        }
        SmsGatewaySimulator.Resultat r = gateway.ta(noekkel, body.path("reference").asText(null), fra, til, tekst);
        byte[] svar = json.writeValueAsBytes(Map.of("id", r.melding().id(), "status", gateway.status(r.melding())));
        // taken (and "sent"); a lost-answer fault cuts the answer here
        faults.writeCommittedAnswer(SERVICE, "send", response, r.ny() ? 201 : 200, svar);
    }

    @GetMapping("/{id}")
    public Map<String, String> status(@PathVariable String id, HttpServletRequest request) {
        faults.before(SERVICE, "status");
        autoriser(request);
        SmsGatewaySimulator.Melding m = gateway.finn(id).orElseThrow(() -> new SmsSimFeil(404, "NOT_FOUND", "no message with that id"));
        return Map.of("id", m.id(), "status", gateway.status(m));
    }

    private void autoriser(HttpServletRequest request) {
        String auth = request.getHeader("Authorization");
        if (auth == null || !auth.equals("Bearer " + apiKey)) {
            throw new SmsSimFeil(401, "UNAUTHORIZED", "missing or wrong API key");
        }
    }
}
