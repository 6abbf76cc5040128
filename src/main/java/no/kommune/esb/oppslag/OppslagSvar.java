package no.kommune.esb.oppslag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.oppslag.Oppslagstilgang.Avslag;
import no.kommune.esb.platform.web.Problemsvar;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.time.Duration;

/**
 * Writes the look-up and innsyn answers onto the exchange: status, content type, body; a problem document (RFC 9457,
 * the platform's types) for refusals, with Retry-After in whole seconds when given. Request headers are removed
 * first, so nothing the caller sent (or the number in the path) is echoed as a response header.
 */
final class OppslagSvar {

    private static final ObjectMapper PROBLEM = new ObjectMapper();

    private OppslagSvar() {
    }

    /** The answer as UTF-8 bytes straight from the document: no text copy in between. */
    static void json(Exchange exchange, int status, Object body, ObjectMapper json) {
        try {
            skriv(exchange, status, "application/json", json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write answer", e);
        }
    }

    static void tekst(Exchange exchange, String contentType, String body) {
        skriv(exchange, 200, contentType, body);
    }

    static void problem(Exchange exchange, Avslag avslag, Duration retryAfter) {
        try {
            Message m = skriv(exchange, avslag.status(), Problemsvar.CONTENT_TYPE, PROBLEM.writeValueAsString(
                    Problemsvar.dokument(avslag.status(), avslag.type(), avslag.tittel(), avslag.detalj())));
            if (retryAfter != null) {
                m.setHeader("Retry-After", Math.max(1, (retryAfter.toMillis() + 999) / 1000));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write problem", e);
        }
    }

    private static Message skriv(Exchange exchange, int status, String contentType, Object body) {
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        m.setHeader(Exchange.CONTENT_TYPE, contentType);
        m.setBody(body);
        return m;
    }
}
