package no.kommune.esb.simulator.folkeregisteret;

import no.kommune.esb.simulator.auth.SimulatorAuthException;
import no.kommune.esb.simulator.fault.SimulatedFault;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Error bodies as freg.yaml's FolkeregisterFeilmelding ({@code feilkode, feilmelding, httpStatus,
 * alvorlighetsgrad}); the {@code kode}/{@code melding} pair from hendelsesliste.md is added because the two
 * sources disagree. 429 carries Retry-After in milliseconds, as Folkeregisteret documents.
 */
@RestControllerAdvice(assignableTypes = {FolkeregisteretController.class, FolkeregisteretAdminController.class})
class FolkeregisteretErrors {

    @ExceptionHandler(FregException.class)
    ResponseEntity<Map<String, Object>> freg(FregException e) {
        // too many extract jobs: suggest a retry after a second, in milliseconds like every Folkeregisteret 429
        return body(e.status(), e.kode(), e.getMessage(), e.status() == 429 ? "1000" : null);
    }

    @ExceptionHandler(SimulatorAuthException.class)
    ResponseEntity<Map<String, Object>> auth(SimulatorAuthException e) {
        return body(e.status(), e.status() == 401 ? "FREG-401" : "FREG-403", e.status() == 401 ? "Autentisering feiler: " + e.getMessage()
                : "Ugyldig tilgang: " + e.getMessage(), null);
    }

    @ExceptionHandler(SimulatedFault.class)
    ResponseEntity<Map<String, Object>> fault(SimulatedFault e) {
        String retryAfter = e.status() == 429 ? String.valueOf(Math.max(1, e.retryAfterMs())) : null;
        String message = e.status() == 429 ? "For mange kall er gjort på kort tid" : "Feil i tjenesten. Vennligst prøv igjen seinere.";
        return body(e.status(), "FREG-" + e.status(), message, retryAfter);
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class})
    ResponseEntity<Map<String, Object>> badRequest(Exception e) {
        return body(400, "FREG-400", "Ugyldig parameter", null);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, Object>> illegalArgument(IllegalArgumentException e) {
        return body(400, "FREG-400", e.getMessage(), null);
    }

    @ExceptionHandler(IllegalStateException.class)
    ResponseEntity<Map<String, Object>> conflict(IllegalStateException e) {
        return body(409, "FREG-409", e.getMessage(), null);
    }

    private static ResponseEntity<Map<String, Object>> body(int status, String feilkode, String message, String retryAfterMs) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("feilkode", feilkode);
        body.put("feilmelding", message);
        body.put("httpStatus", status);
        body.put("alvorlighetsgrad", status >= 500 ? "FEIL" : "ADVARSEL");
        body.put("kode", feilkode);
        body.put("melding", message);
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
        if (retryAfterMs != null) {
            builder.header(HttpHeaders.RETRY_AFTER, retryAfterMs);
        }
        return builder.body(body);
    }
}
