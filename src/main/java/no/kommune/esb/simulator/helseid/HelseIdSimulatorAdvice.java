package no.kommune.esb.simulator.helseid;

import no.kommune.esb.simulator.auth.OAuthErrors;
import no.kommune.esb.simulator.fault.SimulatedFault;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.Map;

/** HelseID's OAuth2 error body {@code {error, error_description}}: 401 for invalid_client, 400 otherwise, and injected faults. */
@RestControllerAdvice(assignableTypes = HelseIdSimulatorController.class)
public class HelseIdSimulatorAdvice {

    @ExceptionHandler(HelseIdRefused.class)
    public ResponseEntity<Map<String, String>> refused(HelseIdRefused e) {
        // RFC 6749 5.2: a failed client authentication may answer 401
        return body("invalid_client".equals(e.error()) ? 401 : 400, e.error(), e.getMessage(), null);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    public ResponseEntity<Map<String, String>> wrongContentType(HttpMediaTypeNotSupportedException e) {
        return body(400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded", null);
    }

    @ExceptionHandler(SimulatedFault.class)
    public ResponseEntity<Map<String, String>> fault(SimulatedFault e) {
        return OAuthErrors.fault(e);
    }

    private static ResponseEntity<Map<String, String>> body(int status, String error, String description, String retryAfter) {
        return OAuthErrors.body(status, error, description, retryAfter);
    }
}
