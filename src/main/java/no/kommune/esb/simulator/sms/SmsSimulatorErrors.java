package no.kommune.esb.simulator.sms;

import no.kommune.esb.simulator.fault.SimulatedFault;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.LinkedHashMap;
import java.util.Map;

/** The simulated gateway's errors: {@code {"error": CODE, "message": text}}; 429 with Retry-After in seconds. */
@RestControllerAdvice(assignableTypes = {SmsSimulatorController.class, SmsSimulatorAdminController.class})
class SmsSimulatorErrors {

    @ExceptionHandler(SmsSimFeil.class)
    ResponseEntity<Map<String, Object>> feil(SmsSimFeil e) {
        return svar(e.status(), e.kode(), e.getMessage(), 0);
    }

    @ExceptionHandler(SimulatedFault.class)
    ResponseEntity<Map<String, Object>> fault(SimulatedFault e) {
        String kode = e.status() == 429 ? "TOO_MANY_REQUESTS" : e.status() == 503 ? "SERVICE_UNAVAILABLE" : "INTERNAL_ERROR";
        return svar(e.status(), kode, e.getMessage(), e.retryAfterMs());
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, HttpMediaTypeNotSupportedException.class})
    ResponseEntity<Map<String, Object>> ulesbar(Exception e) {
        return svar(400, "MALFORMED_REQUEST", "the request is not a JSON object", 0);
    }

    private static ResponseEntity<Map<String, Object>> svar(int status, String kode, String melding, long retryAfterMs) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", kode);
        body.put("message", melding);
        ResponseEntity.BodyBuilder b = ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
        if (status == 429) {
            b.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (retryAfterMs + 999) / 1000)));
        }
        return b.body(body);
    }
}
