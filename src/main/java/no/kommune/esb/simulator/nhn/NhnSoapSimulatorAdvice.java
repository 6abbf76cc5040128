package no.kommune.esb.simulator.nhn;

import no.kommune.esb.simulator.auth.SimulatorAuthException;
import no.kommune.esb.simulator.fault.SimulatedFault;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * FLR/AR error shapes: GenericFault SOAP 1.2 faults with HTTP 500 (WCF's status for faults); 401 with an HTML
 * page for a failed Basic login (IIS answers it); an injected 200 answers an HTML page with 200.
 */
@RestControllerAdvice(assignableTypes = NhnSoapSimulatorController.class)
public class NhnSoapSimulatorAdvice {

    @ExceptionHandler(NhnSoapFault.class)
    public ResponseEntity<String> fault(NhnSoapFault f) {
        return ResponseEntity.status(500).contentType(NhnSoapSimulatorController.SOAP12).body(NhnSoapSimulatorController.faultEnvelope(f.errorCode(), f.getMessage()));
    }

    @ExceptionHandler(SimulatorAuthException.class)
    public ResponseEntity<String> auth(SimulatorAuthException e) {
        return ResponseEntity.status(401).header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"ws-web.nhn.no\"")
                .contentType(MediaType.TEXT_HTML).body("<html><body><h1>401 - Unauthorized</h1></body></html>");
    }

    @ExceptionHandler(SimulatedFault.class)
    public ResponseEntity<String> simulated(SimulatedFault f) {
        if (f.status() == 200) {
            return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body("<!DOCTYPE html><html><body>Tjenesten er utilgjengelig</body></html>");
        }
        if (f.status() == 429) {
            return ResponseEntity.status(429).header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, f.retryAfterMs() / 1000)))
                    .contentType(MediaType.TEXT_PLAIN).body("Too many requests");
        }
        return ResponseEntity.status(f.status()).contentType(MediaType.TEXT_HTML).body("<html><body>" + f.status() + " " + f.getMessage() + "</body></html>");
    }
}
