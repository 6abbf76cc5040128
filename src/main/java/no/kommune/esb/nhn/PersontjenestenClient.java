package no.kommune.esb.nhn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
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
import java.util.Comparator;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Client for NHN Persontjenesten API v2 (openapi "Persontjenesten API - ET", version 2): {@code get-by-nin},
 * {@code bulk-by-nin} (at most 100 nins a call; larger requests are split), and the event feed. Every call carries
 * {@code api-version: 2} and a HelseID bearer token; errors come as ProblemDetails and map to RegisterException kinds.
 * Every attribute comes from the entry the register marks current ({@code isValid: true}, {@link #gjeldende}), never
 * the first of a list; with none, the attribute is unknown. A person's grading is the strictest of
 * {@code addressProtection.protectionLevel} and the residence's own {@code addressConfidentiality}, an unknown value
 * read as strictly confidential (DOMAIN.md rule 5: fails closed, {@link #beskyttelse}).
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
        if (ikkeFunnet(r)) {
            return Optional.empty();
        }
        ensureOk(r, "get-by-nin");
        return Optional.of(person(read(r, "get-by-nin"), nin));
    }

    /**
     * Many persons, keyed by the number asked; split into calls of at most {@value #BULK_MAX}. Persons not found are
     * absent. A number the bulk answer does not name is asked again alone ({@code get-by-nin}, whose contract says
     * "Historic NINs are supported"; {@code bulk-by-nin}'s says nothing of them): a person asked by a D-nummer her
     * fødselsnummer replaced is either left out of the bulk answer or answered under the number in use only (without
     * {@code includeHistory} the answer lists no ended number), and so cannot be told apart there. She is then found
     * under the number asked, her {@link Person#id()} the number in use. One call more per such number, and per number
     * the register does not know at all. Until session 32 such a person was absent, as if the register did not know her.
     */
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
            for (Identitetsnummer n : chunk) {
                if (!out.containsKey(n)) {
                    person(n).ifPresent(p -> out.put(n, p));
                }
            }
        }
        return out;
    }

    /** Events from {@code sekvensnummer} (inclusive), optionally only the given types. */
    public Hendelser hendelser(long sekvensnummer, Collection<String> typer) {
        StringBuilder q = new StringBuilder("?sequenceNumber=" + sekvensnummer);
        typer.forEach(t -> q.append("&eventTypes=").append(URLEncoder.encode(t, StandardCharsets.UTF_8)));
        HttpResponse<String> r = get("/event" + q, "event");
        if (ikkeFunnet(r)) {
            return new Hendelser(List.of(), 0, 0);
        }
        ensureOk(r, "event");
        JsonNode root = read(r, "event");
        List<Hendelse> list = new ArrayList<>();
        for (JsonNode e : root.path("results")) {
            list.add(new Hendelse(sekvensnummer(e, "event"), e.path("personId").asText(null), e.path("eventType").asText(null)));
        }
        return new Hendelser(list, root.path("startIndex").asInt(), root.path("endIndex").asInt());
    }

    /** The newest event's sequence number, or 0 when the feed is empty. */
    public long sisteSekvensnummer() {
        HttpResponse<String> r = get("/event/latest", "event-latest");
        if (ikkeFunnet(r)) {
            return 0;
        }
        ensureOk(r, "event-latest");
        return sekvensnummer(read(r, "event-latest"), "event-latest");
    }

    /**
     * The service's own "not found": a 404 with the ProblemDetails JSON the contract gives it. A 404 without JSON (a
     * gateway's or a wrong base URL's page) is no answer about the person or the feed: {@link #ensureOk} fails it, so it
     * is never read as "no such person" or "no events".
     */
    private static boolean ikkeFunnet(HttpResponse<String> r) {
        return r.statusCode() == 404 && r.headers().firstValue("Content-Type").orElse("").contains("json");
    }

    /**
     * An event's {@code sequenceNumber} (a string in the contract, whose own example holds {@code "sequenceNumber"}):
     * anything but a positive whole number is BAD_RESPONSE, never a NumberFormatException nor a position 0.
     */
    private long sekvensnummer(JsonNode e, String what) {
        String v = e.path("sequenceNumber").asText("");
        if (!v.matches("[1-9]\\d{0,17}")) {
            throw new RegisterException(http.service(), RegisterException.Kind.BAD_RESPONSE, 200, what + " answered an event without a readable sequenceNumber");
        }
        return Long.parseLong(v);
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
     * The field's entries: an array's objects, or a single object as one entry ({@code death} is one object in the
     * contract).
     */
    private static List<JsonNode> oppfoeringer(JsonNode p, String field) {
        JsonNode node = p.path(field);
        List<JsonNode> ut = new ArrayList<>();
        if (node.isObject()) {
            ut.add(node);
        }
        for (JsonNode e : node.isArray() ? node : MissingNode.getInstance()) {
            if (e.isObject()) {
                ut.add(e);
            }
        }
        return ut;
    }

    /** Marked current by the register: {@code isValid} true (the contract's FREG ErGjeldende, nullable). */
    private static boolean merketGjeldende(JsonNode e) {
        return e.path("isValid").isBoolean() && e.path("isValid").booleanValue();
    }

    /** Marked ended by the register: {@code isValid} false. An entry with no such mark is neither current nor ended. */
    private static boolean merketAvsluttet(JsonNode e) {
        return e.path("isValid").isBoolean() && !e.path("isValid").booleanValue();
    }

    /**
     * The one current entry of a field, never the first of a list: among the entries marked {@code isValid: true}, the
     * one with the latest {@code validFrom}, on a tie the latest {@code registeredAt} (a correction). When entries still
     * tie and say different things ({@code verdi}), the register contradicts itself and there is none. An entry not
     * marked current is not taken, whatever its dates (the contract's own example marks entries current with a
     * {@code validTo} in the past, so the mark decides, the dates only order). Empty when none is: the caller reads the
     * attribute as unknown (status UKJENT, no name, no residence), never as a guess.
     */
    static Optional<JsonNode> gjeldende(JsonNode p, String field, Function<JsonNode, Object> verdi) {
        List<JsonNode> merket = oppfoeringer(p, field).stream().filter(PersontjenestenClient::merketGjeldende).toList();
        if (merket.isEmpty()) {
            return Optional.empty();
        }
        Comparator<JsonNode> nyest = Comparator.comparing((JsonNode e) -> tidspunkt(e, "validFrom"), Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(e -> tidspunkt(e, "registeredAt"), Comparator.nullsFirst(Comparator.naturalOrder()));
        JsonNode best = merket.stream().max(nyest).orElseThrow();
        Set<Object> verdier = merket.stream().filter(e -> nyest.compare(e, best) == 0).map(verdi).collect(Collectors.toSet());
        return verdier.size() == 1 ? Optional.of(best) : Optional.empty();
    }

    /**
     * The residence entry the register marks current ({@code isValid} true, FREG's erGjeldende), chosen as
     * {@link #gjeldende} does, or a missing node when none is: an entry marked not current, or not marked at all (the
     * contract makes {@code isValid} nullable), is not taken for the residence; nor is one of two current entries that
     * tie and differ. Then the person has no bostedsadresse and the caller treats the residence as unknown (DOMAIN.md
     * rule 4: manual handling, never a guess).
     */
    static JsonNode gjeldendeBosted(JsonNode p) {
        return gjeldende(p, "residentialAddress", e -> List.of(e.path("streetAddress"), e.path("cadastralAddress"), e.path("unknownResidence"),
                e.path("addressConfidentiality"))).orElse(MissingNode.getInstance());
    }

    /**
     * The person's overall protection (DOMAIN.md rule 5), failing closed. No {@code addressProtection} entry at all is
     * unclassified (the register lists none for an unprotected person, as Folkeregisteret's documents show). Otherwise
     * the strictest level of the entries not marked ended: a current entry and one not marked either way both count,
     * and a level that is absent, blank or not in the contract is strictly confidential. When the answer lists
     * protection entries but every one is marked ended, the protection now is not known (the client asks without
     * {@code includeHistory}, so the register should list the current entry only): strictly confidential.
     */
    static Gradering beskyttelse(JsonNode p) {
        List<JsonNode> alle = oppfoeringer(p, "addressProtection");
        if (alle.isEmpty()) {
            return Gradering.UGRADERT;
        }
        List<JsonNode> ikkeAvsluttet = alle.stream().filter(e -> !merketAvsluttet(e)).toList();
        if (ikkeAvsluttet.isEmpty()) {
            return Gradering.STRENGT_FORTROLIG;
        }
        Gradering strengest = Gradering.UGRADERT;
        for (JsonNode e : ikkeAvsluttet) {
            JsonNode nivaa = e.path("protectionLevel");
            strengest = strengest(strengest, nivaa.isTextual() ? gradering(nivaa.asText()) : Gradering.STRENGT_FORTROLIG);
        }
        return strengest;
    }

    /**
     * The person's status from the current entry; none, a contradiction or a value the contract does not list is
     * UKJENT, never read as resident (DOMAIN.md rules 4 and 6).
     */
    static Personstatus status(JsonNode p) {
        return switch (gjeldende(p, "status", e -> e.path("status").asText("")).map(e -> e.path("status").asText("")).orElse("")) {
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
    }

    /**
     * The date of death: the contract's {@code death} is one object; it counts unless the register marks it ended
     * ({@code isValid: false}, a death registration withdrawn). Not marked either way, it counts (rule 6: a deceased
     * person gets no letter, so a death that may be current is not ignored).
     */
    static LocalDate doedsdato(JsonNode p) {
        LocalDate dato = null;
        for (JsonNode e : oppfoeringer(p, "death")) {
            String d = merketAvsluttet(e) ? null : text(e, "deceasedDate");
            if (d != null && (dato == null || dato(d).isBefore(dato))) {
                dato = dato(d);
            }
        }
        return dato;
    }

    static Person person(JsonNode p, Identitetsnummer asked) {
        Identitetsnummer id = asked;
        Set<String> iBruk = oppfoeringer(p, "norwegianIdentificationNumber").stream()
                .filter(n -> "InUse".equals(n.path("status").asText()) && merketGjeldende(n) && Identitetsnummer.isValid(n.path("identificationNumber").asText()))
                .map(n -> n.path("identificationNumber").asText()).collect(Collectors.toSet());
        if (iBruk.size() == 1) {
            id = Identitetsnummer.of(iBruk.iterator().next());
        }
        Navn navn = gjeldende(p, "name", e -> java.util.Arrays.asList(text(e, "givenName"), text(e, "middleName"), text(e, "familyName")))
                .map(n -> new Navn(text(n, "givenName"), text(n, "middleName"), text(n, "familyName"))).orElse(null);
        JsonNode bosted = gjeldendeBosted(p);
        // the person's overall protection and the residence's own grading (a client address is marked only there), the strictest
        JsonNode bostedsgradering = bosted.path("addressConfidentiality");
        Gradering gradering = strengest(beskyttelse(p), bostedsgradering.isMissingNode() || bostedsgradering.isNull() ? Gradering.UGRADERT
                : bostedsgradering.isTextual() ? gradering(bostedsgradering.asText()) : Gradering.STRENGT_FORTROLIG);
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
        if (ukjent && adresse == null && gradering != Gradering.STRENGT_FORTROLIG) {
            // the register's unknown residence names the kommune it is registered in (FREG: ukjentBosted.bostedskommune)
            kommune = text(bosted.path("unknownResidence"), "municipalityNumber");
        }
        String birth = gjeldende(p, "birth", e -> String.valueOf(dato(text(e, "birthDate")))).map(e -> text(e, "birthDate")).orElse(null);
        return new Person(id, status(p), navn, dato(birth), doedsdato(p), gradering, adresse, null, null, ukjent, kommune, null,
                List.of(), List.of(), List.of(), List.of());
    }

    /** A contract date-time whose time and zone "are unknown and must be ignored": its date part. */
    private static LocalDate dato(String value) {
        return value == null || value.length() < 10 ? null : LocalDate.parse(value.substring(0, 10));
    }

    private static java.time.Instant tidspunkt(JsonNode e, String field) {
        String v = text(e, field);
        try {
            return v == null ? null : java.time.OffsetDateTime.parse(v).toInstant();
        } catch (java.time.format.DateTimeParseException ex) {
            return null;
        }
    }

    /**
     * A grading as the contract spells it ({@code AddressConfidentiality}); absent is unclassified, and a value the
     * contract does not list, blank included (the contract's own examples carry {@code ""}), is read as strictly
     * confidential (fails closed, as {@code FolkeregisterMapper} does).
     */
    static Gradering gradering(String value) {
        if (value == null) {
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
