package no.kommune.esb.simulator.maskinporten;

import no.kommune.esb.simulator.auth.OAuthErrors;
import no.kommune.esb.simulator.fault.SimulatedFault;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.HttpMediaTypeNotSupportedException;

import java.util.Map;

/** Maskinporten's error body {@code {error, error_description}} for refused grants and injected faults. */
@RestControllerAdvice(assignableTypes = MaskinportenSimulatorController.class)
public class MaskinportenSimulatorAdvice {

    @ExceptionHandler(GrantRefused.class)
    public ResponseEntity<Map<String, String>> refused(GrantRefused e) {
        return body(HttpStatus.BAD_REQUEST.value(), e.error(), e.getMessage(), null);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    public ResponseEntity<Map<String, String>> wrongContentType(HttpMediaTypeNotSupportedException e) {
        return body(HttpStatus.BAD_REQUEST.value(), "invalid_request", "Content-Type must be application/x-www-form-urlencoded", null);
    }

    @ExceptionHandler(SimulatedFault.class)
    public ResponseEntity<Map<String, String>> fault(SimulatedFault e) {
        return OAuthErrors.fault(e);
    }

    private static ResponseEntity<Map<String, String>> body(int status, String error, String description, String retryAfter) {
        return OAuthErrors.body(status, error, description, retryAfter);
    }
}
