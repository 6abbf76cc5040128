package no.kommune.esb.varsel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.register.RegisterException;
import no.kommune.esb.register.RegisterHttp;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * An SMS gateway's JSON API, in the shape the common Norwegian providers use:
 * <ul>
 *   <li>{@code POST {base}/v1/messages} with {@code {"from","to","text","reference"}}, bearer API key and an
 *       {@code Idempotency-Key} header: 201 {@code {"id","status":"ACCEPTED"}} for a new message, 200 with the same
 *       id when a message with that key was already taken (nothing is sent again); 400 for an invalid number or text,
 *       401/403 for a refused key, 429 with Retry-After (seconds), 5xx.</li>
 *   <li>{@code GET {base}/v1/messages/{id}}: {@code {"id","status"}}, the delivery report
 *       (ACCEPTED, SENT, DELIVERED, FAILED, EXPIRED).</li>
 * </ul>
 * The idempotency key is the recipient letter's id, so sending again after a lost answer never sends twice.
 * No phone number or text ever reaches a log line or an exception message.
 */
public final class SmsClient {

    static final String SERVICE = "sms";

    /** The gateway's delivery states. */
    public enum Leveringsstatus {
        /** Taken by the gateway, not yet at the operator. */
        ACCEPTED,
        /** Handed to the mobile operator. */
        SENT,
        /** The operator reports it delivered to the phone. */
        DELIVERED,
        /** The operator could not deliver it (unknown number, barred, …). */
        FAILED,
        /** Not delivered within the gateway's validity period (phone off). */
        EXPIRED;

        /** True when no further delivery report will come. */
        public boolean endelig() {
            return this == DELIVERED || this == FAILED || this == EXPIRED;
        }
    }

    /** The gateway's answer to a send: its id for the message and the first status; {@code ny} false for a replay. */
    public record Kvittering(String id, Leveringsstatus status, boolean ny) {
    }

    private final URI messagesUri;
    private final String apiKey;
    private final String avsender;
    private final RegisterHttp http;
    private final ObjectMapper json = new ObjectMapper();

    public SmsClient(SmsProperties properties, RegisterHttp http) {
        properties.requireComplete();
        String base = properties.baseUrl().toString();
        this.messagesUri = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1/messages");
        this.apiKey = properties.apiKey();
        this.avsender = properties.avsender();
        this.http = http;
    }

    public SmsClient(SmsProperties properties) {
        this(properties, new RegisterHttp(SERVICE, properties.connectTimeout(), properties.requestTimeout()));
    }

    /**
     * Sends one SMS. {@code referanse} is the idempotency key: the same key again returns the first message's
     * receipt and sends nothing. A lost answer throws AMBIGUOUS (retryable): sending again with the same key is safe.
     */
    public Kvittering send(String mobiltelefonnummer, String tekst, String referanse) {
        ObjectNode body = json.createObjectNode()
                .put("from", avsender)
                .put("to", mobiltelefonnummer)
                .put("text", tekst)
                .put("reference", referanse);
        HttpRequest request = http.request(messagesUri)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + apiKey)
                .header("Idempotency-Key", referanse)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(), false);
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw feilsvar(response, "SMS refused");
        }
        JsonNode answer = parse(response);
        return new Kvittering(tekst(answer, "id", response), status(answer, response), response.statusCode() == 201);
    }

    /** The delivery report of a message the gateway took. */
    public Leveringsstatus status(String id) {
        HttpRequest request = http.request(URI.create(messagesUri + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8)))
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + apiKey)
                .GET()
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(), true);
        if (response.statusCode() != 200) {
            throw feilsvar(response, "SMS status refused");
        }
        return status(parse(response), response);
    }

    private JsonNode parse(HttpResponse<String> response) {
        try {
            JsonNode node = json.readTree(response.body());
            if (node == null || !node.isObject()) {
                throw bad(response, "answer is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw bad(response, "answer is not valid JSON");
        }
    }

    private static String tekst(JsonNode answer, String felt, HttpResponse<String> response) {
        JsonNode v = answer.get(felt);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw bad(response, "answer has no " + felt);
        }
        return v.asText();
    }

    private static Leveringsstatus status(JsonNode answer, HttpResponse<String> response) {
        String s = tekst(answer, "status", response);
        try {
            return Leveringsstatus.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UkjentStatus(bad(response, "unknown status"));
        }
    }

    /**
     * True when the gateway answered about that one message and the answer says nothing about the gateway itself: a
     * delivery status this client does not know, or "no such message" (404 with the gateway's error code). Another
     * failure (not reachable, 5xx, a refused key, a bare 404 as from a wrong base URL) is the gateway's.
     */
    public static boolean gjelderBareMeldingen(RegisterException e) {
        return e instanceof UkjentStatus || (e instanceof Feilsvar && e.kind() == RegisterException.Kind.NOT_FOUND && e.feilkode().isPresent());
    }

    /** A readable answer whose delivery status is not one of {@link Leveringsstatus} (BAD_RESPONSE). */
    public static final class UkjentStatus extends RegisterException {
        UkjentStatus(RegisterException klassifisert) {
            super(klassifisert);
        }
    }

    /** The gateway's error answer: kind and status by {@link RegisterHttp#classify}, plus its error code when it gave one. */
    private Feilsvar feilsvar(HttpResponse<String> response, String hva) {
        String kode = feilkode(response.body());
        return new Feilsvar(http.classify(response, hva + (kode == null ? "" : ": " + kode), RegisterHttp::retryAfterSeconds), kode);
    }

    /** The gateway's error code (a fixed word like INVALID_NUMBER), never its message, which may echo the number; null when none. */
    private String feilkode(String body) {
        try {
            JsonNode node = json.readTree(body);
            JsonNode code = node == null ? null : node.get("error");
            if (code != null && code.isTextual() && code.asText().matches("[A-Z_]{1,40}")) {
                return code.asText();
            }
        } catch (JsonProcessingException | RuntimeException e) {
            // no readable error code
        }
        return null;
    }

    /** The gateway answered with an error: its error code ({@link #feilkode()}) kept on its own for the reason's words. */
    public static final class Feilsvar extends RegisterException {
        private final String feilkode;

        Feilsvar(RegisterException klassifisert, String feilkode) {
            super(klassifisert);
            this.feilkode = feilkode;
        }

        @Override
        public Optional<String> feilkode() {
            return Optional.ofNullable(feilkode);
        }
    }

    private static RegisterException bad(HttpResponse<String> response, String message) {
        return new RegisterException(SERVICE, RegisterException.Kind.BAD_RESPONSE, response.statusCode(), message);
    }
}
