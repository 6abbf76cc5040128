package no.kommune.esb.simulator.krr;

import no.kommune.esb.simulator.auth.SimulatorAuthException;
import no.kommune.esb.simulator.fault.SimulatedFault;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * KRR publishes no error schema; errors use the Spring-style body {@code {timestamp, status, error, message,
 * path}} the service's Spring stack answers with. 429 carries Retry-After in seconds (HTTP's unit, rounded up).
 */
@RestControllerAdvice(assignableTypes = {KrrController.class, KrrAdminController.class})
class KrrErrors {

    @ExceptionHandler(KrrException.class)
    ResponseEntity<Map<String, Object>> krr(KrrException e) {
        return body(e.status(), e.getMessage(), null);
    }

    @ExceptionHandler(SimulatorAuthException.class)
    ResponseEntity<Map<String, Object>> auth(SimulatorAuthException e) {
        return body(e.status(), e.getMessage(), null);
    }

    @ExceptionHandler(SimulatedFault.class)
    ResponseEntity<Map<String, Object>> fault(SimulatedFault e) {
        String retryAfter = e.status() == 429 ? String.valueOf(Math.max(1, (e.retryAfterMs() + 999) / 1000)) : null;
        return body(e.status(), e.getMessage(), retryAfter);
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, IllegalArgumentException.class})
    ResponseEntity<Map<String, Object>> badRequest(Exception e) {
        return body(400, "malformed request", null);
    }

    private static ResponseEntity<Map<String, Object>> body(int status, String message, String retryAfterSeconds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("timestamp", Instant.now().toString());
        body.put("status", status);
        HttpStatus known = HttpStatus.resolve(status);
        body.put("error", known == null ? "Error" : known.getReasonPhrase());
        body.put("message", message);
        body.put("path", "/rest/v1/personer");
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
        if (retryAfterSeconds != null) {
            builder.header(HttpHeaders.RETRY_AFTER, retryAfterSeconds);
        }
        return builder.body(body);
    }
}
