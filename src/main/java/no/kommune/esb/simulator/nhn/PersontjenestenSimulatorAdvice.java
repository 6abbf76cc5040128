package no.kommune.esb.simulator.nhn;

import no.kommune.esb.simulator.auth.SimulatorAuthException;
import no.kommune.esb.simulator.fault.SimulatedFault;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.LinkedHashMap;
import java.util.Map;

/** Persontjenesten's error shapes: ProblemDetails JSON for 400/404/5xx/429; 401 and 403 without a body, as the contract lists them. */
@RestControllerAdvice(assignableTypes = PersontjenestenSimulatorController.class)
public class PersontjenestenSimulatorAdvice {

    @ExceptionHandler(PersontjenestenProblem.class)
    public ResponseEntity<Map<String, Object>> problem(PersontjenestenProblem p) {
        return ResponseEntity.status(p.status()).contentType(MediaType.APPLICATION_JSON).body(body(p.status(), p.getMessage(), p.detail()));
    }

    @ExceptionHandler(SimulatorAuthException.class)
    public ResponseEntity<Void> auth(SimulatorAuthException e) {
        ResponseEntity.BodyBuilder b = ResponseEntity.status(e.status());
        if (e.status() == 401) {
            b.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return b.build();
    }

    @ExceptionHandler(SimulatedFault.class)
    public ResponseEntity<?> simulated(SimulatedFault f) {
        if (f.status() == 200) {
            return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body("<!DOCTYPE html><html><body>Maintenance</body></html>");
        }
        ResponseEntity.BodyBuilder b = ResponseEntity.status(f.status()).contentType(MediaType.APPLICATION_JSON);
        if (f.status() == 429) {
            b.header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, f.retryAfterMs() / 1000)));
        }
        return b.body(body(f.status(), f.getMessage(), null));
    }

    private static Map<String, Object> body(int status, String title, String detail) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "https://tools.ietf.org/html/rfc9110#section-15." + (status >= 500 ? "6." : "5.") + (status % 100 + 1));
        m.put("title", title);
        m.put("status", status);
        if (detail != null) {
            m.put("detail", detail);
        }
        return m;
    }
}
