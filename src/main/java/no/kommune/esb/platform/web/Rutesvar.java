package no.kommune.esb.platform.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.time.Duration;

/**
 * The HTTP answer a REST bean writes onto its Camel exchange: status and content type on a message whose request
 * headers are removed first, so nothing the caller sent (a header, a query parameter, an identity number in the path)
 * is echoed as a response header; and the platform's problem document for a refusal, with Retry-After in whole
 * seconds when given. The API beans that set their own status (letters, look-ups, innsyn, extracts, wash) answer
 * through here, so that rule is kept in one place.
 */
public final class Rutesvar {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Rutesvar() {
    }

    /** The exchange's message emptied of request headers, with the status and content type set; the caller sets the body. */
    public static Message svar(Exchange exchange, int status, String contentType) {
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        m.setHeader(Exchange.CONTENT_TYPE, contentType);
        return m;
    }

    /** A problem document ({@link Problemsvar}) as UTF-8 bytes; {@code retryAfter} null when the caller need not wait. */
    public static void problem(Exchange exchange, int status, String type, String tittel, String detalj, Duration retryAfter) {
        Message m = svar(exchange, status, Problemsvar.CONTENT_TYPE);
        try {
            m.setBody(JSON.writeValueAsBytes(Problemsvar.dokument(status, type, tittel, detalj)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write problem", e);
        }
        if (retryAfter != null) {
            // rounded up: an answer of 0 would invite the retry before the wait is over
            m.setHeader("Retry-After", Math.max(1, (retryAfter.toMillis() + 999) / 1000));
        }
    }
}
