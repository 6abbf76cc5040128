package no.kommune.esb.simulator.svarut;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import no.kommune.esb.simulator.auth.SimulatorAuthException;
import no.kommune.esb.simulator.fault.SimulatedFault;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MultipartException;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Answers the simulated SvarUt's failures in SvarUt's error body
 * ({@code ErrorMessage}: timestamp, status, error, errorId, path, message, errorCode).
 */
@RestControllerAdvice(assignableTypes = {SvarUtSimulatorController.class, SvarUtSimulatorAdminController.class})
class SvarUtSimulatorErrors {

    @ExceptionHandler(SvarUtSimFeil.class)
    ResponseEntity<Map<String, Object>> feil(SvarUtSimFeil e, HttpServletRequest request) {
        return svar(e.status(), e.kode(), e.getMessage(), request, 0);
    }

    @ExceptionHandler(SimulatedFault.class)
    ResponseEntity<Map<String, Object>> fault(SimulatedFault e, HttpServletRequest request) {
        String code = e.status() == 429 ? "FOR_MANGE_FORESPORSLER" : e.status() == 503 ? "TJENESTE_UTILGJENGELIG" : "INTERN_FEIL";
        return svar(e.status(), code, e.getMessage(), request, e.retryAfterMs());
    }

    @ExceptionHandler(SimulatorAuthException.class)
    ResponseEntity<Map<String, Object>> auth(SimulatorAuthException e, HttpServletRequest request) {
        return svar(e.status(), e.status() == 401 ? "UAUTENTISERT" : "INGEN_TILGANG", e.getMessage(), request, 0);
    }

    @ExceptionHandler({MultipartException.class, ServletException.class, IOException.class})
    ResponseEntity<Map<String, Object>> ulesbar(Exception e, HttpServletRequest request) {
        return svar(400, "UGYLDIG_FORESPORSEL", "Forespørselen kunne ikke leses: " + e.getClass().getSimpleName(), request, 0);
    }

    static ResponseEntity<Map<String, Object>> svar(int status, String errorCode, String message, HttpServletRequest request, long retryAfterMs) {
        HttpStatus http = HttpStatus.resolve(status);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("timestamp", Instant.now().toEpochMilli());
        body.put("status", status);
        body.put("error", http == null ? "Error" : http.getReasonPhrase());
        body.put("errorId", UUID.randomUUID().toString());
        body.put("path", request.getRequestURI());
        body.put("message", message);
        body.put("errorCode", errorCode);
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
        if (retryAfterMs > 0) {
            builder.header("Retry-After", Long.toString((retryAfterMs + 999) / 1000));
        }
        return builder.body(body);
    }
}
