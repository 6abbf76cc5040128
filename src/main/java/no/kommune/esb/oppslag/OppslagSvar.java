package no.kommune.esb.oppslag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.oppslag.Oppslagstilgang.Avslag;
import no.kommune.esb.platform.Registerfeilaarsak;
import no.kommune.esb.platform.web.Rutesvar;
import org.apache.camel.Exchange;

import java.time.Duration;

/**
 * Writes the look-up and innsyn answers onto the exchange through {@link Rutesvar}: status, content type, body; a
 * problem document for a refusal ({@link Avslag}), with Retry-After when given. Request headers are removed first, so
 * nothing the caller sent (or the number in the path) is echoed as a response header.
 */
final class OppslagSvar {

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
        Rutesvar.problem(exchange, avslag.status(), avslag.type(), avslag.tittel(), avslag.detalj(), retryAfter);
    }

    /**
     * A register could not answer: 503 when trying later may help (the caller sends Retry-After, {@link #ventetid}),
     * else 502; named as the failed call's register ({@link Registerfeilaarsak#navn}: a GP look-up's Fastlegeregisteret,
     * a property look-up's Matrikkelen, not always Folkeregisteret); {@code detalj} says what cannot be done now; never
     * the register's own message.
     */
    static Avslag registeravslag(no.kommune.esb.register.RegisterException e, String detalj, String fagsystem) {
        String register = Registerfeilaarsak.navn(e.service());
        return e.isRetryable()
                ? new Avslag(503, "register-utilgjengelig", register + " er ikke tilgjengelig", detalj, fagsystem)
                : new Avslag(502, "register-feil", "Feil fra " + register, register + " ga et svar plattformen ikke kan bruke", fagsystem);
    }

    /** Retry-After for a failed register call: the register's own when it gave one, else {@code standard}; none for a 502. */
    static Duration ventetid(no.kommune.esb.register.RegisterException e, Duration standard) {
        return e.isRetryable() ? e.retryAfter().filter(d -> !d.isNegative() && !d.isZero()).orElse(standard) : null;
    }

    private static void skriv(Exchange exchange, int status, String contentType, Object body) {
        Rutesvar.svar(exchange, status, contentType).setBody(body);
    }
}
