package no.kommune.esb.platform.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import no.kommune.esb.platform.Feilaarsak;
import org.apache.camel.TypeConversionException;
import org.springframework.stereotype.Component;

import java.util.regex.Pattern;

/**
 * The problem documents of the shared REST error handling ({@code routes/platform/api-error-handling.camel.yaml}):
 * bad input → 400, with the platform's own words as detail (an {@link UgyldigForespoersel}: which parameter, what is
 * wrong) or, for any other {@link IllegalArgumentException}, whose message may quote stored data about a person, fixed
 * words with the route and an error id that names a WARN line without the message ({@link Feilaarsak#registrer}); unknown
 * resource → 404 with the exception's message as detail; anything else → the one 500 of
 * every API ({@link Problemsvar#internFeil}, the exchange's id as error id, and the ERROR line that names it). The document is written by
 * Jackson, so a message holding a quote or a caller's input cannot break or extend the JSON; a message that names a
 * Java type (Camel's type conversion of a query parameter says "java.lang.Long … NumberFormatException") is replaced
 * by a plain sentence, so no class name reaches a caller.
 */
@Component("apiFeilsvar")
public class ApiFeilsvar {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What only a Java exception's message contains. */
    private static final Pattern JAVA = Pattern.compile("\\bjava\\.|\\bjavax\\.|\\bjakarta\\.|\\borg\\.apache\\.|Exception|\\bat [a-z]+\\.");

    /** The detail of a query parameter Camel could not convert. */
    static final String FEIL_TYPE = "en parameter har feil type (et tall, en dato eller true/false var ventet)";

    /**
     * 400 {@code ugyldig-forespoersel}: a parameter of the wrong type, an {@link UgyldigForespoersel} by its message, any
     * other {@link IllegalArgumentException} as "ugyldige data (&lt;route&gt;, feil-id &lt;id&gt;)". Until session 33 any
     * such message was the detail, so a rule's or a library's words quoting a stored person reached the caller.
     */
    public String ugyldig(Exchange exchange) {
        Throwable feil = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String detalj = feil instanceof TypeConversionException || feil != null && feil.getCause() instanceof NumberFormatException ? FEIL_TYPE
                : feil instanceof UgyldigForespoersel ? detalj(feil, "ugyldig forespørsel")
                : Feilaarsak.registrer(feil == null ? new IllegalArgumentException() : feil,
                        exchange.getFromRouteId() == null ? "API-et" : exchange.getFromRouteId());
        return skriv(exchange, 400, "ugyldig-forespoersel", "Bad request", detalj);
    }

    /** 404 {@code ikke-funnet}. */
    public String ikkeFunnet(Exchange exchange) {
        return skriv(exchange, 404, "ikke-funnet", "Not found", detalj(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class), "finnes ikke"));
    }

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ApiFeilsvar.class);

    /** 500 {@code intern-feil} with the exchange's id as error id, after the ERROR line that names it. */
    public String internFeil(Exchange exchange) {
        Throwable feil = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Problemsvar.loggInternFeil(log, "API request " + exchange.getFromRouteId(), exchange.getExchangeId(), feil);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 500);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, Problemsvar.CONTENT_TYPE);
        try {
            return JSON.writeValueAsString(Problemsvar.internFeil(500, exchange.getExchangeId(), null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String detalj(Throwable feil, String ellers) {
        String melding = feil == null ? null : feil.getMessage();
        return melding == null || melding.isBlank() || JAVA.matcher(melding).find() ? ellers : melding;
    }

    private static String skriv(Exchange exchange, int status, String type, String tittel, String detalj) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, Problemsvar.CONTENT_TYPE);
        try {
            return JSON.writeValueAsString(Problemsvar.dokument(status, type, tittel, detalj));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
