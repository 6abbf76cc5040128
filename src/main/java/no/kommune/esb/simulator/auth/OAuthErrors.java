package no.kommune.esb.simulator.auth;

import no.kommune.esb.simulator.fault.SimulatedFault;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.util.LinkedHashMap;
import java.util.Map;

/** OAuth2 error answers ({@code {error, error_description}}, RFC 6749 5.2) shared by the simulated token endpoints. */
public final class OAuthErrors {

    private OAuthErrors() {
    }

    public static ResponseEntity<Map<String, String>> body(int status, String error, String description, String retryAfter) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
        if (retryAfter != null) {
            builder.header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        return builder.body(body);
    }

    /** An injected fault as a token endpoint answers it; Retry-After in whole seconds, rounded up (HTTP standard unit). */
    public static ResponseEntity<Map<String, String>> fault(SimulatedFault e) {
        String error = e.status() == 429 || e.status() == 503 ? "temporarily_unavailable" : "server_error";
        String retryAfter = e.retryAfterMs() > 0 ? Long.toString((e.retryAfterMs() + 999) / 1000) : null;
        return body(e.status(), error, e.getMessage(), retryAfter);
    }
}
