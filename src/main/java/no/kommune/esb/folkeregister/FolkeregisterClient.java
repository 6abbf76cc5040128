package no.kommune.esb.folkeregister;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.maskinporten.AccessTokenProvider;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;
import no.kommune.esb.register.RegisterException;
import no.kommune.esb.register.RegisterHttp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Client for Folkeregisteret, rettighetspakke "offentlig med hjemmel" (freg.yaml v1.5): person lookup, bulk
 * lookup, the event feed, the last sequence number and extracts. Every call carries a Maskinporten bearer token
 * for {@link FolkeregisterProperties#scope()} and asks for JSON. Failures are {@link RegisterException}s
 * (5xx, timeout, 429 retryable; 429's Retry-After is read in milliseconds) whose messages never hold an
 * identity number. Thread-safe; no Spring.
 */
public class FolkeregisterClient {

    private static final Logger log = LoggerFactory.getLogger(FolkeregisterClient.class);

    /** Service name in {@link RegisterException#service()}. */
    public static final String SERVICE = "folkeregisteret";

    private static final Pattern SAFE_CODE = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,39}");

    /** Waits between polls of an extract; a seam so tests need not sleep. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final FolkeregisterProperties props;
    private final AccessTokenProvider tokens;
    private final RegisterHttp http;
    private final FolkeregisterMapper mapper = new FolkeregisterMapper();
    private final ObjectMapper json = new ObjectMapper();
    private final Sleeper sleeper;
    private final String base;
    private final AtomicLong calls = new AtomicLong();

    public FolkeregisterClient(FolkeregisterProperties props, AccessTokenProvider tokens) {
        this(props, tokens, d -> Thread.sleep(d.toMillis()));
    }

    FolkeregisterClient(FolkeregisterProperties props, AccessTokenProvider tokens, Sleeper sleeper) {
        if (props == null || props.baseUrl() == null) {
            throw new IllegalArgumentException("registers.folkeregisteret.base-url is required");
        }
        if (tokens == null) {
            throw new IllegalArgumentException("an AccessTokenProvider is required for Folkeregisteret");
        }
        this.props = props;
        this.tokens = tokens;
        this.sleeper = sleeper;
        this.http = new RegisterHttp(SERVICE, props.connectTimeout(), props.requestTimeout());
        String b = props.baseUrl().toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }

    /** HTTP calls this client has made since it was created (every attempt, whatever the answer). */
    public long calls() {
        return calls.get();
    }

    // ---- lookups

    /**
     * {@code GET personer/{id}?part=…}; an empty {@code parts} means person-basis.
     *
     * @return the person, or empty when the register answers 404 (unknown person)
     */
    public Optional<Person> person(Identitetsnummer id, Set<Part> parts) {
        return personDokument(id, parts).map(doc -> toPerson(doc, id));
    }

    /** {@code GET personer/{id}?part=…}: the register's document, or empty on 404 (unknown person). */
    private Optional<JsonNode> personDokument(Identitetsnummer id, Set<Part> parts) {
        HttpResponse<String> response = send(get(uri("personer/" + encode(id.value()), partQuery(parts))), true);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        requireOk(response, "person lookup failed");
        return Optional.of(parse(response, "person lookup"));
    }

    /**
     * {@code GET personer/{id}?part=…&part=historikk}: the person and their earlier residences and names.
     *
     * @return empty when the register answers 404 (unknown person)
     */
    public Optional<PersonMedHistorikk> personMedHistorikk(Identitetsnummer id, Set<Part> parts) {
        return personDokument(id, medHistorikk(parts)).map(doc -> medHistorikk(doc, id));
    }

    private static Set<Part> medHistorikk(Set<Part> parts) {
        Set<Part> medHistorikk = new java.util.TreeSet<>(parts);
        medHistorikk.add(Part.HISTORIKK);
        return medHistorikk;
    }

    /** The person and their history from one document; a document the mapper cannot read is a bad response. */
    private PersonMedHistorikk medHistorikk(JsonNode doc, Identitetsnummer id) {
        try {
            return new PersonMedHistorikk(toPerson(doc, id), mapper.historikk(doc));
        } catch (IllegalArgumentException e) {
            throw new RegisterException(SERVICE, RegisterException.Kind.BAD_RESPONSE, 200, e.getMessage(), null, null);
        }
    }

    /**
     * {@code GET personer/soek?…} (søk med treffliste): the ids matching the criteria (names as in freg.yaml:
     * navn, foedselsdato, adressenavn, husnummer, postnummer, kommunenummer, soekFonetisk, inkluderDoede, maksTreff).
     *
     * @throws ForMangeTreffException when the register refuses the search for too many hits (over 10,000)
     */
    public List<Identitetsnummer> soek(Map<String, String> kriterier) {
        HttpResponse<String> response = send(get(uri("personer/soek", query(kriterier))), true);
        if (response.statusCode() == 400 && errorCode(response.body()).contains(FOR_MANGE_TREFF)) {
            throw new ForMangeTreffException(SERVICE);
        }
        requireOk(response, "person search failed");
        List<Identitetsnummer> ids = new ArrayList<>();
        for (JsonNode v : parse(response, "person search").path("foedselsEllerDNummer")) {
            optionalValid(v.asText()).ifPresent(ids::add);
        }
        return ids;
    }

    /**
     * {@code GET personer/entydigsoek?…&part=…}: the one person the criteria identify.
     *
     * @return empty on 404: nobody, or more than one person, matches (the register does not say which)
     */
    public Optional<Person> entydigSoek(Map<String, String> kriterier, Set<Part> parts) {
        String q = query(kriterier);
        String p = partQuery(parts);
        HttpResponse<String> response = send(get(uri("personer/entydigsoek", p == null ? q : q + "&" + p)), true);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        requireOk(response, "unique search failed");
        return Optional.of(toPerson(parse(response, "unique search"), null));
    }

    /** The register's code for a search with too many hits, as its simulator answers it (docs/oppslag.md). */
    static final String FOR_MANGE_TREFF = "FREG-400-FOR-MANGE-TREFF";

    /** A search refused because it matches more persons than the register lists; order an extract instead. */
    public static final class ForMangeTreffException extends RegisterException {
        ForMangeTreffException(String service) {
            super(service, Kind.REJECTED, 400, "search matches too many persons");
        }
    }

    private static String query(Map<String, String> kriterier) {
        StringBuilder sb = new StringBuilder();
        kriterier.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                sb.append(sb.isEmpty() ? "" : "&").append(encode(k)).append('=').append(encode(v));
            }
        });
        return sb.toString();
    }

    private static Optional<Identitetsnummer> optionalValid(String v) {
        return Identitetsnummer.isValid(v) ? Optional.of(Identitetsnummer.of(v)) : Optional.empty();
    }

    /** A person with their history ({@link #personMedHistorikk}). */
    public record PersonMedHistorikk(Person person, no.kommune.esb.model.Personhistorikk historikk) {
    }

    /**
     * {@code GET personer/{id}?part=bostedsadresse&part=historikk}: the kommune the person lived in before the current
     * residence ({@link FolkeregisterMapper#forrigeBostedskommune}); empty when none is registered or the person is unknown.
     */
    public Optional<String> forrigeBostedskommune(Identitetsnummer id) {
        return personDokument(id, Set.of(Part.of("bostedsadresse"), Part.HISTORIKK)).flatMap(mapper::forrigeBostedskommune);
    }

    /**
     * {@code POST personer/bulkoppslag?part=bostedsadresse&part=doedsfall&part=historikk}: the kommune each of these deceased persons
     * lived in at the death ({@link FolkeregisterMapper#sisteBostedskommune}). The register ends a deceased person's
     * bostedsadresse at the death and gives ended entries only with historikk, so a look-up without it leaves
     * {@link Person#kommuneVedDoedsfall()} empty. One call per {@link FolkeregisterProperties#bulkSize()} ids; a person
     * the register does not know, or with no residence at all, is left out.
     */
    public Map<Identitetsnummer, String> kommuneVedDoedsfall(Collection<Identitetsnummer> doede) {
        Map<Identitetsnummer, Optional<String>> found = new LinkedHashMap<>();
        if (!doede.isEmpty()) {
            // with doedsfall: a residence that ended before the death (an emigration) is no residence at death
            bulk(doede, Set.of(Part.of("bostedsadresse"), Part.of("doedsfall"), Part.HISTORIKK), (doc, id) -> mapper.sisteBostedskommune(doc), found, new LinkedHashSet<>(), new LinkedHashSet<>());
        }
        Map<Identitetsnummer, String> kommuner = new LinkedHashMap<>();
        found.forEach((id, kommune) -> kommune.ifPresent(k -> kommuner.put(id, k)));
        return kommuner;
    }

    /**
     * One look-up with {@code historikk} for two needs of a fan-out batch at once: the kommune at death of {@code doede}
     * (as {@link #kommuneVedDoedsfall}) and the identity numbers, earlier ones included, of {@code identiteter} (persons
     * whose number changed: {@link Person#tidligereIdentiteter()}, given only with history). The parts are those the
     * asked needs take ({@code bostedsadresse} and {@code doedsfall} for the deceased, {@code identifikasjonsnummer} for
     * the others) and every document is read for the ids it was asked for; a person in both sets is asked once. One call
     * per {@link FolkeregisterProperties#bulkSize()} ids of both together (until session 23 the fan-out made one call for
     * each need); none when both are empty. A person the register does not know is left out of both answers.
     */
    public Historikkoppslag historikkoppslag(Collection<Identitetsnummer> doede, Collection<Identitetsnummer> identiteter) {
        Set<Identitetsnummer> doedeSett = new LinkedHashSet<>(doede);
        Set<Identitetsnummer> identitetSett = new LinkedHashSet<>(identiteter);
        Set<Part> parts = new java.util.TreeSet<>(Set.of(Part.HISTORIKK));
        if (!doedeSett.isEmpty()) {
            // with doedsfall: a residence that ended before the death (an emigration) is no residence at death
            parts.addAll(Set.of(Part.of("bostedsadresse"), Part.of("doedsfall")));
        }
        if (!identitetSett.isEmpty()) {
            parts.add(Part.of("identifikasjonsnummer"));
        }
        Set<Identitetsnummer> alle = new LinkedHashSet<>(doedeSett);
        alle.addAll(identitetSett);
        Map<Identitetsnummer, Historikklest> found = new LinkedHashMap<>();
        int kall = alle.isEmpty() ? 0 : bulk(alle, parts, (doc, id) -> new Historikklest(
                doedeSett.contains(id) ? mapper.sisteBostedskommune(doc) : Optional.empty(),
                identitetSett.contains(id) ? toPerson(doc, id) : null), found, new LinkedHashSet<>(), new LinkedHashSet<>());
        Map<Identitetsnummer, String> kommuner = new LinkedHashMap<>();
        Map<Identitetsnummer, Person> personer = new LinkedHashMap<>();
        found.forEach((id, lest) -> {
            lest.kommune().ifPresent(k -> kommuner.put(id, k));
            if (lest.person() != null) {
                personer.put(id, lest.person());
            }
        });
        return new Historikkoppslag(kommuner, personer, kall);
    }

    /** One document of {@link #historikkoppslag}: the kommune at death (a deceased asked), the person (a number asked). */
    private record Historikklest(Optional<String> kommune, Person person) {
    }

    /**
     * The answer of {@link #historikkoppslag}: the kommune at death per deceased (those with a residence), the person
     * with every identity number per id asked for its numbers, and the bulk calls it took.
     */
    public record Historikkoppslag(Map<Identitetsnummer, String> kommuneVedDoedsfall, Map<Identitetsnummer, Person> identiteter, int kall) {

        public static final Historikkoppslag INGEN = new Historikkoppslag(Map.of(), Map.of(), 0);
    }

    /**
     * {@code POST personer/bulkoppslag?part=bostedsadresse&part=historikk}: the kommune each of these emigrants
     * (status utflyttet) lived in when they left Norway ({@link FolkeregisterMapper#sisteBostedskommune}: the register
     * ends the bostedsadresse at the emigration, contract example 02851798067, and gives ended entries only with
     * historikk). One call per {@link FolkeregisterProperties#bulkSize()} ids; a person the register does not know, or
     * with no residence at all, is left out.
     */
    public Map<Identitetsnummer, String> kommuneVedUtflytting(Collection<Identitetsnummer> utflyttede) {
        Map<Identitetsnummer, Optional<String>> found = new LinkedHashMap<>();
        if (!utflyttede.isEmpty()) {
            bulk(utflyttede, Set.of(Part.of("bostedsadresse"), Part.HISTORIKK), (doc, id) -> mapper.sisteBostedskommune(doc), found, new LinkedHashSet<>(), new LinkedHashSet<>());
        }
        Map<Identitetsnummer, String> kommuner = new LinkedHashMap<>();
        found.forEach((id, kommune) -> kommune.ifPresent(k -> kommuner.put(id, k)));
        return kommuner;
    }

    /**
     * The persons of a look-up without history, the deceased among them given the kommune of their residence at death
     * by {@code kommuneVedDoedsfall} (normally {@link #kommuneVedDoedsfall(Collection)}), asked only for the deceased
     * the look-up gave no kommune for: a death is selected by where the person lived, like a resident's event.
     */
    public static Map<Identitetsnummer, Person> medKommuneVedDoedsfall(Map<Identitetsnummer, Person> personer,
                                                                      java.util.function.Function<Collection<Identitetsnummer>, Map<Identitetsnummer, String>> kommuneVedDoedsfall) {
        List<Identitetsnummer> uten = personer.entrySet().stream()
                .filter(e -> e.getValue().erDoed() && e.getValue().sisteKommunenummer() == null).map(Map.Entry::getKey).toList();
        if (uten.isEmpty()) {
            return personer;
        }
        Map<Identitetsnummer, Person> med = new LinkedHashMap<>(personer);
        kommuneVedDoedsfall.apply(uten).forEach((id, kommune) -> med.computeIfPresent(id, (i, p) -> p.medKommuneVedDoedsfall(kommune)));
        return med;
    }

    /** The bulk calls {@code ider} ids take at {@code bulkSize} a call (a caller's count of calls it made). */
    public static int bulkkall(int ider, int bulkSize) {
        return (ider + Math.max(1, bulkSize) - 1) / Math.max(1, bulkSize);
    }

    /** Ids one bulk call takes ({@link FolkeregisterProperties#bulkSize()}), for callers that fill their calls. */
    public int bulkSize() {
        return props.bulkSize();
    }

    /**
     * {@code POST personer/bulkoppslag?part=…} with {@code {"foedselsEllerDNummer":[…]}}: duplicates are asked
     * once, and more than {@link FolkeregisterProperties#bulkSize()} (at most 1000) ids are split into several
     * calls. An {@code oppslag} with {@code feilmelding}, or an id the answer leaves out, counts as not found.
     * A failing call fails the whole request (earlier calls' answers are dropped); so does an answer that is not JSON or
     * has no {@code oppslag} array (until session 29 the latter gave every asked person as not found).
     * One person's document that cannot be read (the mapper refuses it: an identity number in use that is not valid)
     * fails that person only: not found, named in {@link BulkResult#ulesbare()}, one WARN without the number; the
     * other persons of the answer are read as usual (until session 29 it failed the whole call, BAD_RESPONSE, and with
     * it the fan-out batch and every letter of a dispatch batch, again at every retry). A caller that must not take her
     * for unknown asks {@link BulkResult#alleLesbare()} for the old failure of the whole look-up.
     */
    public BulkResult bulkoppslag(Collection<Identitetsnummer> ids, Set<Part> parts) {
        Map<Identitetsnummer, Person> found = new LinkedHashMap<>();
        Set<Identitetsnummer> notFound = new LinkedHashSet<>();
        Set<Identitetsnummer> ulesbare = new LinkedHashSet<>();
        int callsMade = bulk(ids, parts, this::toPerson, found, notFound, ulesbare);
        return new BulkResult(found, notFound, callsMade, ulesbare);
    }

    /**
     * {@link #bulkoppslag} with {@code part=historikk}: each person found with their earlier residences and names, in
     * the same one call per {@link FolkeregisterProperties#bulkSize()} ids. Numbers the register does not know are left
     * out; a document that cannot be read is left out too and named in {@link Historikkbulk#ulesbare()}, so its one
     * caller, the look-up API, answers that person as not readable and the others as usual (until session 30 it failed
     * the whole look-up, {@link BulkResult#alleLesbare()}).
     */
    public Historikkbulk bulkoppslagMedHistorikk(Collection<Identitetsnummer> ids, Set<Part> parts) {
        Map<Identitetsnummer, PersonMedHistorikk> found = new LinkedHashMap<>();
        Set<Identitetsnummer> ulesbare = new LinkedHashSet<>();
        bulk(ids, medHistorikk(parts), this::medHistorikk, found, new LinkedHashSet<>(), ulesbare);
        return new Historikkbulk(found, ulesbare);
    }

    /** The answer of {@link #bulkoppslagMedHistorikk}: the persons found, and those whose document cannot be read. */
    public record Historikkbulk(Map<Identitetsnummer, PersonMedHistorikk> found, Set<Identitetsnummer> ulesbare) {
        public Historikkbulk {
            found = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(found));
            ulesbare = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(ulesbare));
        }
    }

    /**
     * The bulk calls of {@link #bulkoppslag}, each document read by {@code les}; returns how many calls it took. A
     * document {@code les} cannot read puts its id in {@code notFound} and {@code ulesbare}, not the whole call.
     */
    private <T> int bulk(Collection<Identitetsnummer> ids, Set<Part> parts, java.util.function.BiFunction<JsonNode, Identitetsnummer, T> les,
                         Map<Identitetsnummer, T> found, Set<Identitetsnummer> notFound, Set<Identitetsnummer> ulesbare) {
        List<Identitetsnummer> unique = new ArrayList<>(new LinkedHashSet<>(ids));
        int callsMade = 0;
        String query = partQuery(parts);
        for (int from = 0; from < unique.size(); from += props.bulkSize()) {
            List<Identitetsnummer> chunk = unique.subList(from, Math.min(unique.size(), from + props.bulkSize()));
            Map<String, Identitetsnummer> asked = new LinkedHashMap<>();
            ObjectNode body = json.createObjectNode();
            ArrayNode numbers = body.putArray("foedselsEllerDNummer");
            for (Identitetsnummer id : chunk) {
                asked.put(id.value(), id);
                numbers.add(id.value());
            }
            HttpResponse<String> response = send(post(uri("personer/bulkoppslag", query), body), true);
            callsMade++;
            requireOk(response, "bulk lookup failed");
            JsonNode answer = parse(response, "bulk lookup");
            if (!answer.path("oppslag").isArray()) {
                // not "nobody is known": an answer broken as a whole
                throw badResponse("bulk lookup answer has no oppslag array");
            }
            for (JsonNode oppslag : answer.path("oppslag")) {
                Identitetsnummer id = asked.get(oppslag.path("foedselsEllerDNummer").asText(""));
                if (id == null || found.containsKey(id)) {
                    continue;
                }
                JsonNode doc = oppslag.get("folkeregisterperson");
                if (oppslag.hasNonNull("feilmelding") || doc == null || !doc.isObject()) {
                    notFound.add(id);
                } else {
                    try {
                        found.put(id, les.apply(doc, id));
                        notFound.remove(id);
                        ulesbare.remove(id);
                    } catch (RegisterException | IllegalArgumentException e) {
                        // one person's document: the others of the answer are read; the messages carry no personal data
                        log.warn("Folkeregisteret's bulk answer held a person document that cannot be read ({}): that person is"
                                + " answered as not given, the others as read", e.getMessage());
                        notFound.add(id);
                        ulesbare.add(id);
                    }
                }
            }
            for (Identitetsnummer id : chunk) {
                if (!found.containsKey(id)) {
                    notFound.add(id);
                }
            }
        }
        return callsMade;
    }

    // ---- event feed

    /**
     * {@code GET hendelser/feed?seq=fromSeq} (inclusive, pages of 1000), with {@code If-None-Match: etag} when
     * an ETag is given. 304 gives a page with {@link FeedPage#notModified()}.
     *
     * @throws PositionTooOldException on 406: the position is older than the register keeps
     */
    public FeedPage hendelser(long fromSeq, String etag) {
        HttpRequest.Builder request = get(uri("hendelser/feed", "seq=" + fromSeq));
        if (etag != null && !etag.isBlank()) {
            request.header("If-None-Match", etag);
        }
        HttpResponse<String> response = send(request, true);
        String newEtag = response.headers().firstValue("ETag").orElse(null);
        if (response.statusCode() == 304) {
            return FeedPage.unchanged(newEtag != null ? newEtag : etag);
        }
        if (response.statusCode() == 406) {
            throw new PositionTooOldException(SERVICE, fromSeq);
        }
        requireOk(response, "feed read failed");
        JsonNode page = parse(response, "feed read");
        if (!page.isArray()) {
            throw badResponse("feed answer is not a JSON array");
        }
        List<FeedHendelse> events = new ArrayList<>();
        for (JsonNode entry : page) {
            JsonNode h = entry.path("hendelse");
            String number = text(h, "folkeregisteridentifikator");
            String type = text(h, "hendelsetype");
            events.add(new FeedHendelse(entry.path("sekvensnummer").asLong(),
                    Identitetsnummer.isValid(number) ? Identitetsnummer.of(number) : null,
                    type, Hendelsestype.fromRegisterName(type),
                    text(h, "hendelsesdokument"), text(h, "persondokument"), dateTime(text(h, "ajourholdstidspunkt"))));
        }
        return new FeedPage(events, newEtag, false);
    }

    /** {@code GET hendelser/siste/sekvensnummer}: the newest sequence number, a bare integer. */
    public long sisteSekvensnummer() {
        HttpResponse<String> response = send(get(uri("hendelser/siste/sekvensnummer", null)), true);
        requireOk(response, "last sequence number failed");
        String body = response.body() == null ? "" : response.body().trim();
        try {
            if (body.startsWith("{")) {
                JsonNode node = json.readTree(body).get("sekvensnummer");
                if (node != null && node.canConvertToLong()) {
                    return node.asLong();
                }
                throw badResponse("last sequence number answer has no sekvensnummer");
            }
            return Long.parseLong(body);
        } catch (NumberFormatException | JsonProcessingException e) {
            throw badResponse("last sequence number answer is not an integer");
        }
    }

    // ---- extracts

    /** {@code POST uttrekk/tilpasset}: orders a tailored extract; returns the job id. Not idempotent. */
    public String startTilpassetUttrekk(UttrekkKriterier k) {
        ObjectNode body = json.createObjectNode();
        ArrayNode statuses = body.putArray("personstatustyper");
        k.personstatustyper().forEach(statuses::add);
        if (k.bostedskommunenummer() != null || k.oppholdskommunenummer() != null) {
            ObjectNode kommune = body.putObject("kommunenummer");
            putIfPresent(kommune, "bostedskommunenummer", k.bostedskommunenummer());
            putIfPresent(kommune, "oppholdskommunenummer", k.oppholdskommunenummer());
        }
        putIfPresent(body, "foedselsaarFraOgMed", k.foedselsaarFraOgMed());
        putIfPresent(body, "foedselsaarTilOgMed", k.foedselsaarTilOgMed());
        putIfPresent(body, "doedsaarFraOgMed", k.doedsaarFraOgMed());
        putIfPresent(body, "doedsaarTilOgMed", k.doedsaarTilOgMed());
        putIfPresent(body, "kjoenn", k.kjoenn());
        putIfPresent(body, "statsborgerskap", k.statsborgerskap());
        putIfPresent(body, "sivilstandstype", k.sivilstandstype());
        HttpResponse<String> response = send(post(uri("uttrekk/tilpasset", null), body), false);
        return jobbId(response, "tailored extract order");
    }

    /** {@code GET uttrekk/komplett}: orders the complete extract up to the newest sequence number. */
    public String startKomplettUttrekk() {
        return startKomplettUttrekk(null);
    }

    /** {@code GET uttrekk/komplett?feedsekvensnr=N}: the complete extract as of sequence number N. */
    public String startKomplettUttrekk(Long feedsekvensnr) {
        HttpResponse<String> response = send(get(uri("uttrekk/komplett",
                feedsekvensnr == null ? null : "feedsekvensnr=" + feedsekvensnr)), true);
        return jobbId(response, "complete extract order");
    }

    /**
     * {@code GET uttrekk/{jobbId}/batch/{n}}, batches numbered from 0.
     *
     * @throws ExtractNotReadyException on 404: the batch is not ready yet (retryable)
     * @throws ExtractGoneException     on 410: the job or batch no longer exists (not retryable)
     */
    public UttrekkBatch batch(String jobbId, int n) {
        HttpResponse<String> response = send(get(uri("uttrekk/" + encode(jobbId) + "/batch/" + n, null)), true);
        if (response.statusCode() == 404) {
            throw new ExtractNotReadyException(SERVICE, n);
        }
        if (response.statusCode() == 410) {
            throw new ExtractGoneException(SERVICE, n);
        }
        requireOk(response, "extract batch failed");
        JsonNode data = parse(response, "extract batch");
        List<Identitetsnummer> ids = new ArrayList<>();
        int invalid = 0;
        for (JsonNode v : data.path("foedselsEllerDNummer")) {
            if (Identitetsnummer.isValid(v.asText())) {
                ids.add(Identitetsnummer.of(v.asText()));
            } else {
                invalid++;
            }
        }
        List<String> documents = new ArrayList<>();
        data.path("dokumentidentifikator").forEach(v -> documents.add(v.asText()));
        boolean end = ids.isEmpty() && documents.isEmpty() && invalid == 0;
        if (end && data.hasNonNull("feilmelding")) {
            throw new RegisterException(SERVICE, RegisterException.Kind.REJECTED, response.statusCode(),
                    "extract batch " + n + " answered with an error message");
        }
        return new UttrekkBatch(n, ids, documents, invalid, end);
    }

    /**
     * Reads batches 0, 1, … of an extract until the empty answer (which is not returned). While a batch is
     * not ready, or the register throttles, waits with a doubling backoff from
     * {@link FolkeregisterProperties#extractPollInterval()}; gives up on a batch after
     * {@link FolkeregisterProperties#extractMaxWait()} by throwing the last failure. Other failures pass through.
     */
    public Iterator<UttrekkBatch> batches(String jobbId) {
        return batches(jobbId, 0);
    }

    /** As {@link #batches(String)}, from batch {@code fra}: an extract resumed after its batches before it were handled. */
    public Iterator<UttrekkBatch> batches(String jobbId, int fra) {
        return new Iterator<>() {
            private int next = fra;
            private UttrekkBatch pending;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (pending == null && !done) {
                    UttrekkBatch b = batchWhenReady(jobbId, next);
                    if (b.end()) {
                        done = true;
                    } else {
                        pending = b;
                        next++;
                    }
                }
                return pending != null;
            }

            @Override
            public UttrekkBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                UttrekkBatch b = pending;
                pending = null;
                return b;
            }
        };
    }

    private UttrekkBatch batchWhenReady(String jobbId, int n) {
        Duration waited = Duration.ZERO;
        Duration delay = props.extractPollInterval();
        while (true) {
            try {
                return batch(jobbId, n);
            } catch (RegisterException e) {
                boolean wait = e instanceof ExtractNotReadyException || e.kind() == RegisterException.Kind.THROTTLED;
                if (!wait || waited.compareTo(props.extractMaxWait()) >= 0) {
                    throw e;
                }
                Duration pause = e.retryAfter().filter(r -> r.compareTo(Duration.ZERO) > 0).orElse(delay);
                sleep(pause);
                waited = waited.plus(pause);
                delay = min(delay.multipliedBy(2), props.extractPollMaxInterval());
            }
        }
    }

    // ---- plumbing

    private HttpRequest.Builder get(URI uri) {
        return authorized(uri).GET();
    }

    private HttpRequest.Builder post(URI uri, JsonNode body) {
        // Folkeregisteret's POSTs default to XML, so the JSON content type must be explicit
        return authorized(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
    }

    private HttpRequest.Builder authorized(URI uri) {
        return http.request(uri)
                .header("Accept", "application/json");
    }

    private HttpResponse<String> send(HttpRequest.Builder request, boolean idempotent) {
        calls.incrementAndGet();
        return http.sendMedToken(request, tokens, Set.of(props.scope()), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8), idempotent);
    }

    private URI uri(String path, String query) {
        return URI.create(base + "/" + path + (query == null || query.isEmpty() ? "" : "?" + query));
    }

    private static String partQuery(Set<Part> parts) {
        if (parts == null || parts.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (Part p : new TreeSet<>(parts)) {
            sb.append(sb.isEmpty() ? "" : "&").append("part=").append(encode(p.value()));
        }
        return sb.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private void requireOk(HttpResponse<String> response, String what) {
        if (response.statusCode() / 100 != 2) {
            throw http.classify(response, what + errorCode(response.body()), RegisterHttp::retryAfterMillis);
        }
    }

    /** The register's error code (kode, feilkode or code) when it looks like a code; never its free text. */
    private String errorCode(String body) {
        if (body == null || body.isBlank() || !body.trim().startsWith("{")) {
            return "";
        }
        try {
            JsonNode node = json.readTree(body);
            for (String field : List.of("kode", "feilkode", "code")) {
                String code = text(node, field);
                if (code != null && SAFE_CODE.matcher(code).matches()) {
                    return " [" + code + "]";
                }
            }
        } catch (JsonProcessingException e) {
            return "";
        }
        return "";
    }

    private String jobbId(HttpResponse<String> response, String what) {
        requireOk(response, what + " failed");
        String id = text(parse(response, what), "jobbId");
        if (id == null || id.isBlank()) {
            throw new RegisterException(SERVICE, RegisterException.Kind.REJECTED, response.statusCode(), what + " gave no jobbId");
        }
        return id;
    }

    private JsonNode parse(HttpResponse<String> response, String what) {
        try {
            JsonNode node = json.readTree(response.body() == null ? "" : response.body());
            if (node == null || node.isMissingNode()) {
                throw badResponse(what + " answer is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw badResponse(what + " answer is not JSON");
        }
    }

    private Person toPerson(JsonNode doc, Identitetsnummer asked) {
        try {
            return mapper.toPerson(doc, asked);
        } catch (IllegalArgumentException e) {
            // the mapper's messages carry no personal data
            throw new RegisterException(SERVICE, RegisterException.Kind.BAD_RESPONSE, 200, e.getMessage(), null, null);
        }
    }

    private static RegisterException badResponse(String message) {
        return new RegisterException(SERVICE, RegisterException.Kind.BAD_RESPONSE, 200, message);
    }

    private void sleep(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegisterException(SERVICE, RegisterException.Kind.UNAVAILABLE, 0, "interrupted while waiting for an extract", null, e);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    private static OffsetDateTime dateTime(String s) {
        if (s == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static void putIfPresent(ObjectNode node, String field, Object value) {
        if (value != null) {
            node.put(field, value.toString());
        }
    }
}
