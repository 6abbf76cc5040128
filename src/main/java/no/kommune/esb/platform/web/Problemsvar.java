package no.kommune.esb.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import no.kommune.esb.model.Identitetsnummer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A problem document (RFC 9457) with the platform's type names ({@value #TYPE_BASE}{@code <kind>}). */
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
        p.put("detail", detail == null ? null : kortet(Identitetsnummer.maskIn(detail)));
        return p;
    }

    /** The longest {@code detail} written: a refusal quoting a caller's long input is cut there, with "…". */
    public static final int MAKS_DETAIL = 1000;

    private static String kortet(String detail) {
        return detail.length() > MAKS_DETAIL ? detail.substring(0, MAKS_DETAIL) + "…" : detail;
    }

    /** Writes the status and the problem document; headers already set (WWW-Authenticate) stay. */
    public static void skriv(HttpServletResponse response, int status, String type, String title, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType(CONTENT_TYPE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getOutputStream().write(JSON.writeValueAsBytes(dokument(status, type, title, detail)));
    }
}
