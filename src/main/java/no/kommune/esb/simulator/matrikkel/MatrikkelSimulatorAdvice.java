package no.kommune.esb.simulator.matrikkel;

import no.kommune.esb.simulator.auth.SimulatorAuthException;
import no.kommune.esb.simulator.fault.SimulatedFault;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Matrikkelen's error shapes: ServiceException SOAP faults with HTTP 500; 401 with an HTML page for a wrong
 * Basic login (the container answers it, not the SOAP stack); an injected status 200 answers an HTML
 * maintenance page with HTTP 200, as a proxy in front of the service does.
 */
@RestControllerAdvice(assignableTypes = MatrikkelSimulatorController.class)
public class MatrikkelSimulatorAdvice {

    @ExceptionHandler(MatrikkelSoapFault.class)
    public ResponseEntity<String> fault(MatrikkelSoapFault f) {
        return ResponseEntity.status(500).contentType(MediaType.parseMediaType("text/xml;charset=UTF-8"))
                .body(MatrikkelSimulatorController.faultEnvelope(f));
    }

    @ExceptionHandler(SimulatorAuthException.class)
    public ResponseEntity<String> auth(SimulatorAuthException e) {
        return ResponseEntity.status(401).header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"matrikkel\"")
                .contentType(MediaType.TEXT_HTML).body("<html><body><h1>401 Unauthorized</h1></body></html>");
    }

    @ExceptionHandler(SimulatedFault.class)
    public ResponseEntity<String> simulated(SimulatedFault f) {
        if (f.status() == 200) {
            return ResponseEntity.ok().contentType(MediaType.TEXT_HTML)
                    .body("<!DOCTYPE html><html><head><title>Vedlikehold</title></head><body>Matrikkelen er midlertidig utilgjengelig</body></html>");
        }
        if (f.status() == 429) {
            return ResponseEntity.status(429).header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, f.retryAfterMs() / 1000)))
                    .contentType(MediaType.TEXT_PLAIN).body("Too many requests");
        }
        if (f.status() >= 500) {
            return ResponseEntity.status(f.status()).contentType(MediaType.parseMediaType("text/xml;charset=UTF-8"))
                    .body(MatrikkelSimulatorController.faultEnvelope(new MatrikkelSoapFault(MatrikkelSoapFault.OPERATIONAL,
                            "no.statkart.matrikkel.OperationalException", f.getMessage())));
        }
        return ResponseEntity.status(f.status()).contentType(MediaType.TEXT_PLAIN).body(f.getMessage());
    }
}
