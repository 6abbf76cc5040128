package no.kommune.esb.krr;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.maskinporten.AccessTokenProvider;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.KrrKontakt;
import no.kommune.esb.register.RegisterException;
import no.kommune.esb.register.RegisterHttp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Oppslagstjenesten REST (oppslagstjenesten_rest.md, krr_attributter.md): {@code POST {base}/rest/v1/personer}
 * with {@code {"personidentifikatorer":[…]}}, at most 1000 ids per call (larger lookups are split), bearer token
 * from Maskinporten for the configured scopes.
 * <p>
 * An id the answer does not mention comes back as a {@link KrrKontakt} with status {@code IKKE_REGISTRERT}, not
 * reserved and not notifiable, so every asked id has exactly one answer, in the order asked; an answer that mentions
 * none of them ({@code "personer":[]}) fails the call (BAD_RESPONSE): the contract answers a lookup with at least one
 * person, and a silently empty answer is never read as "nobody reserved". A person without {@code status} (the
 * contract's schema lets KRR leave it out), or with a status code the contract does not list (a later version's), is
 * {@code UKJENT}: paper, never digital, for that person alone, with one warning per answer. A missing or unknown
 * {@code reservasjon} of an active person, or a {@code status} that is not a code at all, fails the call
 * (BAD_RESPONSE) rather than being guessed. Failure messages never contain an identity number or contact data.
 */
public final class KrrClient {

    static final String SERVICE = "krr";
    public static final int MAX_BATCH = 1000;

    private static final Logger log = LoggerFactory.getLogger(KrrClient.class);
    /** KRR's status codes (oppslagstjeneste-metadata: AKTIV, SLETTET, IKKE_REGISTRERT); UKJENT is the platform's own word. */
    private static final Map<String, KrrKontakt.Status> KRR_STATUS = Map.of(
            "AKTIV", KrrKontakt.Status.AKTIV, "SLETTET", KrrKontakt.Status.SLETTET, "IKKE_REGISTRERT", KrrKontakt.Status.IKKE_REGISTRERT);
    /** What a status code looks like: upper-case letters, digits and underscores. */
    private static final java.util.regex.Pattern STATUSKODE = java.util.regex.Pattern.compile("[A-Z][A-Z0-9_]{0,39}");
    /** KRR writes both {@code 2023-06-29T10:14:52+02} and {@code 2023-08-05T10:45:15.768Z}. */
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME).appendOffset("+HH:mm", "Z").toFormatter();

    private final URI personerUri;
    private final AccessTokenProvider tokens;
    private final Set<String> scopes;
    private final int batchSize;
    private final RegisterHttp http;
    // lenient on trailing commas: the contract's own example answer has one
    private final ObjectMapper json = new ObjectMapper().enable(JsonParser.Feature.ALLOW_TRAILING_COMMA);

    public KrrClient(URI baseUrl, AccessTokenProvider tokens, Set<String> scopes, int batchSize, RegisterHttp http) {
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new IllegalArgumentException("KRR batch size must be 1..1000, was " + batchSize);
        }
        String base = baseUrl.toString();
        this.personerUri = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/rest/v1/personer");
        this.tokens = tokens;
        this.scopes = Set.copyOf(scopes);
        this.batchSize = batchSize;
        this.http = http;
    }

    /** Looks the persons up; one answer per distinct id, in the order given. */
    public List<KrrKontakt> personer(Collection<Identitetsnummer> ids) {
        List<Identitetsnummer> distinct = new ArrayList<>(new LinkedHashSet<>(ids));
        List<KrrKontakt> result = new ArrayList<>(distinct.size());
        for (int from = 0; from < distinct.size(); from += batchSize) {
            List<Identitetsnummer> batch = distinct.subList(from, Math.min(from + batchSize, distinct.size()));
            result.addAll(lookUp(batch));
        }
        return result;
    }

    private List<KrrKontakt> lookUp(List<Identitetsnummer> batch) {
        ObjectNode request = json.createObjectNode();
        ArrayNode array = request.putArray("personidentifikatorer");
        batch.forEach(id -> array.add(id.value()));
        HttpRequest.Builder httpRequest = http.request(personerUri)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.toString()));
        // a lookup changes nothing: safe to repeat after a lost answer
        HttpResponse<String> response = http.sendMedToken(httpRequest, tokens, scopes, HttpResponse.BodyHandlers.ofString(), true);
        if (response.statusCode() / 100 != 2) {
            throw http.classify(response, "KRR lookup of " + batch.size() + " persons refused", RegisterHttp::retryAfterSeconds);
        }
        Map<String, KrrKontakt> found = parse(response.body(), batch, response.statusCode());
        List<KrrKontakt> answers = new ArrayList<>(batch.size());
        int missing = 0;
        for (Identitetsnummer id : batch) {
            KrrKontakt kontakt = found.get(id.value());
            if (kontakt == null) {
                missing++;
                kontakt = new KrrKontakt(id, false, KrrKontakt.Status.IKKE_REGISTRERT, false, null, null, null, null, null, null);
            }
            answers.add(kontakt);
        }
        log.debug("KRR answered {} persons, {} not in the answer", batch.size(), missing);
        return answers;
    }

    private Map<String, KrrKontakt> parse(String body, List<Identitetsnummer> batch, int status) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw bad(status, "answer is not valid JSON (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        JsonNode personer = root == null ? null : root.get("personer");
        if (personer == null || !personer.isArray()) {
            throw bad(status, "answer has no array 'personer'");
        }
        if (personer.isEmpty()) {
            // HentPersonerRespons holds 1..1000 persons: none for the asked is a broken answer, not "nobody is reserved"
            throw bad(status, "answer lists none of the " + batch.size() + " persons asked for");
        }
        Map<String, Identitetsnummer> asked = new HashMap<>();
        batch.forEach(id -> asked.put(id.value(), id));
        Map<String, KrrKontakt> found = new HashMap<>();
        int[] utenKjentStatus = new int[2];
        int index = 0;
        for (JsonNode person : personer) {
            String value = text(person, "personidentifikator");
            Identitetsnummer id = value == null ? null : asked.get(value);
            if (id == null) {
                throw bad(status, "person " + index + " of the answer has a personidentifikator that was not asked for");
            }
            found.putIfAbsent(value, map(id, person, index, status, utenKjentStatus));
            index++;
        }
        if (utenKjentStatus[0] + utenKjentStatus[1] > 0) {
            // once per answer, not per person: a new code of a later KRR version would otherwise write a line per letter
            log.warn("KRR answer: {} person(s) without status and {} with a status code the contract does not list,"
                    + " handled as not AKTIV (paper, no notification)", utenKjentStatus[0], utenKjentStatus[1]);
        }
        return found;
    }

    /** One person of the answer; counts a person without status in {@code utenKjentStatus[0]}, an unlisted code in [1]. */
    private KrrKontakt map(Identitetsnummer id, JsonNode person, int index, int httpStatus, int[] utenKjentStatus) {
        String statusverdi = text(person, "status");
        KrrKontakt.Status status;
        if (statusverdi == null) {
            // the schema's status is minOccurs=0: rule 2 sends digitally only to an AKTIV person, so this one goes on paper
            utenKjentStatus[0]++;
            status = KrrKontakt.Status.UKJENT;
        } else {
            status = KRR_STATUS.get(statusverdi);
            if (status == null) {
                if (!STATUSKODE.matcher(statusverdi).matches()) {
                    // not a code at all (contact data in its place, say): a broken answer, not one person's status
                    throw bad(httpStatus, "person " + index + " has an unknown status");
                }
                // a code the contract does not list (a later KRR version's): that person alone goes on paper, as without status
                utenKjentStatus[1]++;
                status = KrrKontakt.Status.UKJENT;
            }
        }
        String reservasjon = text(person, "reservasjon");
        boolean reservert;
        if ("JA".equals(reservasjon)) {
            reservert = true;
        } else if ("NEI".equals(reservasjon)) {
            reservert = false;
        } else if (reservasjon == null && status != KrrKontakt.Status.AKTIV) {
            reservert = false;
        } else {
            throw bad(httpStatus, "person " + index + " is AKTIV without a reservasjon JA or NEI");
        }
        boolean kanVarsles = "KAN_VARSLES".equals(text(person, "varslingsstatus"));
        JsonNode kontakt = person.path("kontaktinformasjon");
        JsonNode digital = person.path("digital_post");
        KrrKontakt.DigitalPostkasse postkasse = null;
        if (text(digital, "postkasseadresse") != null || text(digital, "postkasseleverandoeradresse") != null) {
            postkasse = new KrrKontakt.DigitalPostkasse(text(digital, "postkasseadresse"), text(digital, "postkasseleverandoeradresse"));
        }
        return new KrrKontakt(id, reservert, status, kanVarsles,
                text(kontakt, "epostadresse"), timestamp(kontakt, "epostadresse_oppdatert", index),
                text(kontakt, "mobiltelefonnummer"), timestamp(kontakt, "mobiltelefonnummer_oppdatert", index),
                postkasse, text(person, "spraak"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }

    /** An unreadable timestamp becomes null (it is evidence only, not a reason to fail a dispatch). */
    private static OffsetDateTime timestamp(JsonNode node, String field, int index) {
        String value = text(node, field);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value, TIMESTAMP);
        } catch (DateTimeParseException e) {
            log.warn("KRR person {} of the answer has an unreadable {}", index, field);
            return null;
        }
    }

    private static RegisterException bad(int status, String message) {
        return new RegisterException(SERVICE, RegisterException.Kind.BAD_RESPONSE, status, message);
    }
}
