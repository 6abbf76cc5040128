package no.kommune.esb.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.platform.Feilaarsak;
import org.slf4j.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A problem document (RFC 9457, which replaced RFC 7807) with the platform's type names ({@value #TYPE_BASE}{@code <kind>}):
 * the one error shape of every API, whoever writes it (the shared REST error handling {@link ApiFeilsvar}, the letter
 * API's beans, the look-ups, the container's error page {@link ProblemErrorController}). A 500 is always {@link #internFeil}.
 */
public final class Problemsvar {

    /** Prefix of every problem type the platform answers with; the same as the letter API's. */
    public static final String TYPE_BASE = "urn:kommune-esb:problem:";
    public static final String CONTENT_TYPE = "application/problem+json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Problemsvar() {
    }

    /**
     * {@code type}, {@code title}, {@code status}, {@code detail}, in that order; an identity number the detail quotes
     * (a caller's input: an order name, a fagsystem in the path) masked as in the log ({@link Identitetsnummer#maskIn}).
     */
    public static Map<String, Object> dokument(int status, String type, String title, String detail) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", TYPE_BASE + type);
        p.put("title", title);
        p.put("status", status);
        p.put("detail", detalj(detail));
        return p;
    }

    /** A detail as a problem document carries it: identity numbers masked, cut after {@value #MAKS_DETAIL} characters. */
    public static String detalj(String detail) {
        return detail == null ? null : kortet(Identitetsnummer.maskIn(detail));
    }

    /** The longest {@code detail} written: a refusal quoting a caller's long input is cut there, with "…". */
    public static final int MAKS_DETAIL = 1000;

    private static String kortet(String detail) {
        return detail.length() > MAKS_DETAIL ? detail.substring(0, MAKS_DETAIL) + "…" : detail;
    }

    /** The problem type of an unexpected failure. */
    public static final String INTERN_FEIL = "intern-feil";
    /** Its title. */
    public static final String INTERN_FEIL_TITTEL = "Intern feil";
    /** Its detail when the caller has nothing more particular to say. */
    public static final String PROEV_IGJEN = "forespørselen kunne ikke behandles nå; prøv igjen senere";

    /**
     * The one answer to a failure nobody expected, in every API: {@code 500 intern-feil}, "Intern feil", the detail
     * ({@link #PROEV_IGJEN} when null) ending with {@code "; feil-id <id>"}, the id of the ERROR line {@link #loggInternFeil}
     * wrote; never the exception, its class or its message. Before session 32 the shared handling said "Internal error",
     * "Error id …", the letter API "Intern feil", "…; feil-id …", and the container's page and the look-ups no id at all.
     */
    public static Map<String, Object> internFeil(int status, String feilId, String detalj) {
        return dokument(status, INTERN_FEIL, INTERN_FEIL_TITTEL, (detalj == null ? PROEV_IGJEN : detalj) + "; feil-id " + feilId);
    }

    /**
     * The ERROR line an answer of {@link #internFeil} names by {@code feilId}: what failed, and the exceptions' classes and
     * where each was thrown ({@link Feilaarsak#spor}); no message (a JDBC or a rule's message may quote a person) and no
     * stack trace.
     */
    public static void loggInternFeil(Logger log, String hva, String feilId, Throwable e) {
        log.error("{} failed (feil-id {}): {}", hva, feilId, e == null ? "-" : Feilaarsak.spor(e));
    }

    /** Writes the status and the problem document; headers already set (WWW-Authenticate) stay. */
    public static void skriv(HttpServletResponse response, int status, String type, String title, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType(CONTENT_TYPE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getOutputStream().write(JSON.writeValueAsBytes(dokument(status, type, title, detail)));
    }
}
