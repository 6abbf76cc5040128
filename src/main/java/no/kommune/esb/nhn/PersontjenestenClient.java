package no.kommune.esb.nhn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.maskinporten.AccessTokenProvider;
import no.kommune.esb.model.Adresse;
import no.kommune.esb.model.Gradering;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Navn;
import no.kommune.esb.model.Person;
import no.kommune.esb.model.Personstatus;
import no.kommune.esb.register.RegisterException;
import no.kommune.esb.register.RegisterHttp;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Client for NHN Persontjenesten API v2 (openapi "Persontjenesten API - ET", version 2): {@code get-by-nin},
 * {@code bulk-by-nin} (at most 100 nins a call; larger requests are split), and the event feed. Every call carries
 * {@code api-version: 2} and a HelseID bearer token; errors come as ProblemDetails and map to RegisterException kinds.
 * A person's grading is the strictest of {@code addressProtection.protectionLevel} and the residence's own
 * {@code addressConfidentiality}, an unknown value read as strictly confidential (DOMAIN.md rule 5: fails closed).
 */
public class PersontjenestenClient {

    /** The API allows at most this many nins per bulk call (maxItems in the contract). */
    public static final int BULK_MAX = 100;
    /** Information parts the canonical {@link Person} is built from. */
    public static final Set<String> STANDARD_PARTS = Set.of("NorwegianIdentificationNumber", "Name", "Birth", "Death", "Status",
            "AddressProtection", "ResidentialAddress", "Gender");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegisterHttp http;
    private final String baseUrl;
    private final String basis;
    private final AccessTokenProvider tokens;
    private final Set<String> scopes;

    /**
     * @param baseUrl    the API root (the paths {@code /api/...} are appended)
     * @param legalBasis true for {@code /api/legal-basis/...} (lookups with a legal basis), false for {@code /api/no-legal-basis/...}
     */
    public PersontjenestenClient(RegisterHttp http, String baseUrl, boolean legalBasis, AccessTokenProvider tokens, Set<String> scopes) {
        this.http = http;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.basis = legalBasis ? "legal-basis" : "no-legal-basis";
        this.tokens = tokens;
        this.scopes = Set.copyOf(scopes);
    }

    /** One event of the feed: {@code personId} is Persontjenesten's own id (not a nin). */
    public record Hendelse(long sekvensnummer, String personId, String hendelsestype) {
    }

    /** A page of the event feed with the range it covers. */
    public record Hendelser(List<Hendelse> hendelser, int startIndex, int endIndex) {
    }

    /** The person, or empty when Persontjenesten answers 404. */
    public Optional<Person> person(Identitetsnummer nin) {
        HttpResponse<String> r = post("/person/get-by-nin", STANDARD_PARTS, "nin=" + nin.value(), "get-by-nin");
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        ensureOk(r, "get-by-nin");
        return Optional.of(person(read(r, "get-by-nin"), nin));
    }

    /** Many persons; split into calls of at most {@value #BULK_MAX}. Persons not found are absent. */
    public Map<Identitetsnummer, Person> personer(Collection<Identitetsnummer> nins) {
        List<Identitetsnummer> all = List.copyOf(nins);
        Map<Identitetsnummer, Person> out = new LinkedHashMap<>();
        for (int from = 0; from < all.size(); from += BULK_MAX) {
            List<Identitetsnummer> chunk = all.subList(from, Math.min(all.size(), from + BULK_MAX));
            String form = chunk.stream().map(n -> "nins=" + n.value()).collect(Collectors.joining("&"));
            HttpResponse<String> r = post("/person/bulk-by-nin", STANDARD_PARTS, form, "bulk-by-nin");
            ensureOk(r, "bulk-by-nin");
            Set<String> asked = chunk.stream().map(Identitetsnummer::value).collect(Collectors.toSet());
            for (JsonNode p : read(r, "bulk-by-nin")) {
                nin(p, asked).ifPresent(n -> out.put(n, person(p, n)));
            }
        }
        return out;
    }

    /** Events from {@code sekvensnummer} (inclusive), optionally only the given types. */
    public Hendelser hendelser(long sekvensnummer, Collection<String> typer) {
        StringBuilder q = new StringBuilder("?sequenceNumber=" + sekvensnummer);
        typer.forEach(t -> q.append("&eventTypes=").append(URLEncoder.encode(t, StandardCharsets.UTF_8)));
        HttpResponse<String> r = get("/event" + q, "event");
        if (r.statusCode() == 404) {
            return new Hendelser(List.of(), 0, 0);
        }
        ensureOk(r, "event");
        JsonNode root = read(r, "event");
        List<Hendelse> list = new ArrayList<>();
        for (JsonNode e : root.path("results")) {
            list.add(new Hendelse(Long.parseLong(e.path("sequenceNumber").asText("0")), e.path("personId").asText(null), e.path("eventType").asText(null)));
        }
        return new Hendelser(list, root.path("startIndex").asInt(), root.path("endIndex").asInt());
    }

    /** The newest event's sequence number, or 0 when the feed is empty. */
    public long sisteSekvensnummer() {
        HttpResponse<String> r = get("/event/latest", "event-latest");
        if (r.statusCode() == 404) {
            return 0;
        }
        ensureOk(r, "event-latest");
        return Long.parseLong(read(r, "event-latest").path("sequenceNumber").asText("0"));
    }

    private HttpResponse<String> post(String path, Set<String> parts, String form, String what) {
        String q = parts.stream().sorted().map(p -> "informationParts=" + p).collect(Collectors.joining("&", "?", ""));
        HttpRequest.Builder req = base(path + q).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8));
        return http.sendMedToken(req, tokens, scopes, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8), true);
    }

    private HttpResponse<String> get(String path, String what) {
        return http.sendMedToken(base(path).GET(), tokens, scopes, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8), true);
    }

    private HttpRequest.Builder base(String path) {
        return http.request(URI.create(baseUrl + "/api/" + basis + path))
                .header("api-version", "2")
                .header("Accept", "application/json");
    }

    private void ensureOk(HttpResponse<String> r, String what) {
        if (r.statusCode() / 100 == 2) {
            if (!r.headers().firstValue("Content-Type").orElse("").contains("json")) {
                throw new RegisterException(http.service(), RegisterException.Kind.BAD_RESPONSE, r.statusCode(), what + " answered without JSON");
            }
            return;
        }
        String title = "";
        if (r.headers().firstValue("Content-Type").orElse("").contains("json")) {
            try {
                // ProblemDetails.title is a fixed text per error; detail may echo input, so it is left out
                title = JSON.readTree(r.body()).path("title").asText("");
            } catch (IOException ignored) {
                title = "";
            }
        }
        throw http.classify(r, what + " failed" + (title.isEmpty() ? "" : ": " + title.replaceAll("\\d{11}", "***********")), RegisterHttp::retryAfterSeconds);
    }

    private JsonNode read(HttpResponse<String> r, String what) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new RegisterException(http.service(), RegisterException.Kind.BAD_RESPONSE, r.statusCode(), what + " answered broken JSON");
        }
    }

    private static Optional<Identitetsnummer> nin(JsonNode p, Set<String> asked) {
        for (JsonNode n : p.path("norwegianIdentificationNumber")) {
            String v = n.path("identificationNumber").asText("");
            if (asked.contains(v)) {
                return Optional.of(Identitetsnummer.of(v));
            }
        }
        return Optional.empty();
    }

    /**
     * The entry that is valid now: isValid true or unmarked (the API lists history only when includeHistory=true), else
     * the first. Not for the residence, which is never guessed: {@link #gjeldendeBosted}.
     */
    private static JsonNode current(JsonNode p, String field) {
        JsonNode list = p.path(field);
        if (list.isObject()) {
            return list;
        }
        for (JsonNode e : list) {
            if (e.path("isValid").asBoolean(true)) {
                return e;
            }
        }
        return list.size() > 0 ? list.get(0) : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /**
     * The residence entry the register marks current ({@code isValid} true, FREG's erGjeldende), or a missing node when
     * none is: an entry marked not current, or not marked at all (the contract makes {@code isValid} nullable), is not
     * taken for the residence. Then the person has no bostedsadresse and the caller treats the residence as unknown
     * (DOMAIN.md rule 4: manual handling, never a guess); before, the first entry was taken.
     */
    static JsonNode gjeldendeBosted(JsonNode p) {
        JsonNode list = p.path("residentialAddress");
        for (JsonNode e : list.isObject() ? List.of(list) : list) {
            if (e.path("isValid").isBoolean() && e.path("isValid").booleanValue()) {
                return e;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    static Person person(JsonNode p, Identitetsnummer asked) {
        Identitetsnummer id = asked;
        for (JsonNode n : p.path("norwegianIdentificationNumber")) {
            if ("InUse".equals(n.path("status").asText()) && n.path("isValid").asBoolean(true) && Identitetsnummer.isValid(n.path("identificationNumber").asText())) {
                id = Identitetsnummer.of(n.path("identificationNumber").asText());
            }
        }
        JsonNode name = current(p, "name");
        Navn navn = name.isMissingNode() ? null : new Navn(text(name, "givenName"), text(name, "middleName"), text(name, "familyName"));
        JsonNode bosted = gjeldendeBosted(p);
        // the person's overall protection and the residence's own grading (a client address is marked only there), the strictest
        Gradering gradering = strengest(gradering(text(current(p, "addressProtection"), "protectionLevel")),
                gradering(text(bosted, "addressConfidentiality")));
        Personstatus status = switch (current(p, "status").path("status").asText("")) {
            case "Resident" -> Personstatus.BOSATT;
            case "Emigrated" -> Personstatus.UTFLYTTET;
            case "Disappeared" -> Personstatus.FORSVUNNET;
            case "Deceased" -> Personstatus.DOED;
            case "Discontinued" -> Personstatus.OPPHOERT;
            case "RegisteredAtBirth" -> Personstatus.FOEDSELSREGISTRERT;
            case "Temporary" -> Personstatus.MIDLERTIDIG;
            case "Inactive" -> Personstatus.INAKTIV;
            case "NotResident" -> Personstatus.IKKE_BOSATT;
            case "Active" -> Personstatus.AKTIV;
            default -> Personstatus.UKJENT;
        };
        JsonNode street = bosted.path("streetAddress");
        Adresse adresse = null;
        String kommune = null;
        boolean ukjent = !bosted.path("unknownResidence").isMissingNode() && !bosted.path("unknownResidence").isNull();
        // strictly confidential addresses are not delivered by the register; nothing to map then
        if (street.isObject() && gradering != Gradering.STRENGT_FORTROLIG) {
            kommune = text(street, "municipalityNumber");
            JsonNode nr = street.path("addressNumber");
            String husnummer = text(nr, "houseNumber");
            adresse = new Adresse.Vegadresse(text(street, "coAddressName"), text(street, "addressName"),
                    husnummer == null ? null : Integer.valueOf(husnummer), text(nr, "houseLetter"), text(street, "separatelyOccupiedUnitNumber"),
                    text(street.path("city"), "postalCode"), text(street.path("city"), "cityName"), kommune, text(street, "addressCode"), gradering);
        }
        String birth = text(current(p, "birth"), "birthDate");
        String death = text(p.path("death"), "deceasedDate");
        return new Person(id, status, navn, birth == null ? null : LocalDate.parse(birth.substring(0, 10)),
                death == null ? null : LocalDate.parse(death.substring(0, 10)), gradering, adresse, null, null, ukjent, kommune, null,
                List.of(), List.of(), List.of(), List.of());
    }

    /**
     * A grading as the contract spells it ({@code AddressConfidentiality}); absent or blank is unclassified, and a value
     * the contract does not list is read as strictly confidential (fails closed, as {@code FolkeregisterMapper} does).
     */
    static Gradering gradering(String value) {
        if (value == null || value.isBlank()) {
            return Gradering.UGRADERT;
        }
        return switch (value) {
            case "Unclassified" -> Gradering.UGRADERT;
            case "ClientAddress" -> Gradering.KLIENTADRESSE;
            case "Confidential" -> Gradering.FORTROLIG;
            default -> Gradering.STRENGT_FORTROLIG;
        };
    }

    private static Gradering strengest(Gradering a, Gradering b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    private static String text(JsonNode n, String f) {
        JsonNode v = n.path(f);
        return v.isMissingNode() || v.isNull() || v.asText().isEmpty() ? null : v.asText();
    }
}
