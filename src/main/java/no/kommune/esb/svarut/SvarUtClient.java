package no.kommune.esb.svarut;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.maskinporten.AccessTokenProvider;
import no.kommune.esb.platform.Norsktid;
import no.kommune.esb.register.RegisterException;
import no.kommune.esb.register.RegisterHttp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Client for KS Fiks SvarUt REST v2 (contracts: forsendelse-send/status/hendelser/eksternref-api-v2.json).
 * Every call carries {@code Authorization: Bearer <Maskinporten token for ks:fiks>}, {@code IntegrasjonId} and
 * {@code IntegrasjonPassord}. Failures become {@link RegisterException}s (5xx, 429, timeouts retryable; 4xx not).
 * SvarUt does not deduplicate, so {@link #sendExactlyOnce} looks a letter up by its eksternReferanse before
 * sending it (again). Nothing about the recipient is ever logged.
 */
public class SvarUtClient {

    /** The service name of SvarUt's failures ({@link RegisterException#service()}). */
    public static final String SERVICE = "svarut";
    /** Sends tried by {@link #sendExactlyOnce} before the last ambiguous failure is given to the caller. */
    static final int MAKS_SENDEFORSOK = 3;

    private static final Logger log = LoggerFactory.getLogger(SvarUtClient.class);
    private static final ZoneId OSLO = Norsktid.SONE;
    private static final byte[] CRLF = "\r\n".getBytes(StandardCharsets.US_ASCII);

    private final SvarUtProperties properties;
    private final AccessTokenProvider tokens;
    /** {@link #tokens} for a send: a failure to get the token is {@link TokenFeilet} (SvarUt not called). */
    private final AccessTokenProvider sendetokens;
    private final RegisterHttp http;
    private final ObjectMapper json = new ObjectMapper();
    private final String base;
    private final Set<String> scopes;
    private final Clock clock = Clock.systemUTC();

    public SvarUtClient(SvarUtProperties properties, AccessTokenProvider tokens) {
        this.properties = properties.requireComplete();
        this.tokens = tokens;
        this.sendetokens = new AccessTokenProvider() {
            @Override
            public String accessToken(Set<String> scopes) {
                try {
                    return tokens.accessToken(scopes);
                } catch (RegisterException e) {
                    // the token comes before the request: SvarUt has not been called (or, after its 401, did nothing)
                    throw new TokenFeilet(e);
                }
            }

            @Override
            public void forget(Set<String> scopes, String token) {
                tokens.forget(scopes, token);
            }
        };
        this.http = new RegisterHttp(SERVICE, properties.connectTimeout(), properties.requestTimeout());
        String url = properties.baseUrl().toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.scopes = Set.of(properties.scope());
    }

    /**
     * Sends a letter: {@code POST /v2/kontoer/{kontoId}/forsendelser}, multipart with the {@code forsendelse}
     * JSON first and then one part per document in order, each part's filename = its filnavn. Checks
     * {@link SvarUtRegler} first (REJECTED without calling SvarUt). A timeout or dropped connection after the
     * request went out is AMBIGUOUS: the letter may exist; use {@link #sendExactlyOnce} to resolve that. So is a 2xx
     * whose body cannot be read ({@link UlesbartSendesvar}): SvarUt took the request and most likely holds the letter,
     * only its id is unknown. So is a 5xx answer ({@link Feilsvar#utfallUkjent()}, {@link Sendeutfall}): nothing promises
     * that a server's or gateway's error stored nothing. A failure to get the Maskinporten token, fetched before the
     * request, is {@link TokenFeilet}: SvarUt was not called.
     *
     * @return the forsendelse id SvarUt gave the letter
     */
    public UUID send(Forsendelse forsendelse, List<Dokument> dokumenter) {
        List<String> brudd = SvarUtRegler.sjekk(forsendelse, dokumenter);
        if (!brudd.isEmpty()) {
            throw new Regelbrudd(brudd);
        }
        String boundary = "esb-" + UUID.randomUUID();
        HttpRequest.Builder request = medIntegrasjon(http.request(uri("/v2/kontoer/" + properties.kontoId() + "/forsendelser")))
                .timeout(properties.sendTimeout())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Accept", "application/json")
                .POST(multipart(boundary, forsendelse, dokumenter));
        HttpResponse<byte[]> response = http.sendMedToken(request, sendetokens, scopes, HttpResponse.BodyHandlers.ofByteArray(), false);
        UUID id;
        try {
            id = uuid(les(response, "send").path("id"), "send");
        } catch (Feilsvar e) {
            if (Sendeutfall.av(e) != Sendeutfall.UKJENT) {
                throw e;
            }
            // not "not sent": a 5xx may come after SvarUt stored the letter (a gateway's 502/504, a 500 after storing).
            // Not logged here: sendExactlyOnce logs each unknown outcome once, with the status and SvarUt's codes
            throw e.utfallUkjent();
        } catch (RegisterException e) {
            if (e.kind() != RegisterException.Kind.BAD_RESPONSE || !svarteJa(response)) {
                throw e;
            }
            // not "not sent": SvarUt said yes and its answer is what cannot be read (logged once, by sendExactlyOnce)
            throw new UlesbartSendesvar(response.statusCode(), e.getMessage());
        }
        log.info("SvarUt: forsendelse sendt, id={}, eksternReferanse={}, dokumenter={}", id, forsendelse.eksternReferanse(), dokumenter.size());
        return id;
    }

    /**
     * Asked right before each send of {@link #sendExactlyOnce} (not before a look-up): false when the caller no longer
     * holds the letter (another instance took it over), and then nothing more is sent ({@link SendingAvvist}).
     */
    @FunctionalInterface
    public interface Sendevakt {
        /** For a caller that alone can send this letter. */
        Sendevakt ALLTID = () -> true;

        boolean kanSende();
    }

    /**
     * SvarUt answered with an error (non-2xx): kind and status as {@link RegisterHttp#classify}, plus the codes of its
     * error body ({@code ErrorMessage}) that can be quoted to KS support, each only when it has the shape the contract
     * gives it (errorCode a code in capitals, errorId a UUID), so nothing else of the body can reach a failure reason.
     */
    public static final class Feilsvar extends RegisterException {
        private static final Pattern KODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
        private final String feilkode;
        private final String feilId;

        Feilsvar(RegisterException klassifisert, String errorCode, String errorId) {
            super(klassifisert);
            this.feilkode = errorCode != null && KODE.matcher(errorCode).matches() ? errorCode : null;
            this.feilId = uuidEllerNull(errorId);
        }

        /**
         * This answer to a send as an attempt with unknown outcome ({@link Sendeutfall#UKJENT}: a 5xx): AMBIGUOUS like a
         * lost answer, with the same status, codes and Retry-After, so the letter is looked up by eksternReferanse before
         * it is sent again and is never taken for "not sent" ({@link SvarUtFeilaarsak} words it so).
         */
        Feilsvar utfallUkjent() {
            return new Feilsvar(new RegisterException(SERVICE, RegisterException.Kind.AMBIGUOUS, httpStatus(), "sendingen fikk HTTP "
                    + httpStatus() + (feilkode == null ? "" : " errorCode=" + feilkode) + (feilId == null ? "" : " errorId=" + feilId)
                    + "; brevet kan være lagret", retryAfter().orElse(null), null), feilkode, feilId);
        }

        /** SvarUt's errorCode, e.g. INTERN_FEIL; empty when absent or not a plain code. */
        @Override
        public Optional<String> feilkode() {
            return Optional.ofNullable(feilkode);
        }

        /** SvarUt's errorId (a UUID), the reference KS support looks the error up by; empty when absent or not a UUID. */
        public Optional<String> feilId() {
            return Optional.ofNullable(feilId);
        }

        private static String uuidEllerNull(String s) {
            try {
                return s != null && UUID.fromString(s).toString().equalsIgnoreCase(s) ? s : null;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    /**
     * SvarUt answered a send with a 2xx whose body this client cannot read (not JSON, cut short, no forsendelse id): it
     * accepted the request and most likely holds the letter, but its id is unknown. AMBIGUOUS like a lost answer, never
     * "not sent" (BAD_RESPONSE, not retryable, made such a letter a dead letter while SvarUt posted it): the letter is
     * looked up by eksternReferanse before it is sent again ({@link #sendExactlyOnce}). A look-up's unreadable answer is
     * no such thing: it says nothing about the letter ({@link #finnEtterMuligSending(String)}).
     */
    public static final class UlesbartSendesvar extends RegisterException {
        UlesbartSendesvar(int httpStatus, String hva) {
            super(SERVICE, RegisterException.Kind.AMBIGUOUS, httpStatus, "sendingen fikk HTTP " + httpStatus + ", men svaret kan ikke leses ("
                    + hva.substring(hva.lastIndexOf(": ") + 2) + "); brevet kan være lagret");
        }
    }

    /**
     * The Maskinporten token for a send could not be had (Maskinporten answered an error, could not be reached, gave an
     * answer that cannot be read, or the thread was interrupted while asking), so the send's request was never made:
     * nothing of it reached SvarUt ({@link Sendeutfall#IKKE_SENDT}, "brevet er ikke sendt", {@link SvarUtFeilaarsak}).
     * Told apart by where it happened, not by its status: Maskinporten's 503 is no SvarUt 5xx. Also after SvarUt answered
     * the first request 401 (the token is fetched again): a 401 means SvarUt did nothing. Maskinporten's failure as it
     * was (its service, kind, status and Retry-After, so it names Maskinporten and waits as Maskinporten asks), except
     * that it is never AMBIGUOUS: a lost token answer is no lost send. The cause is Maskinporten's failure.
     */
    public static final class TokenFeilet extends RegisterException {
        TokenFeilet(RegisterException token) {
            super(token.service(), token.kind() == RegisterException.Kind.AMBIGUOUS ? RegisterException.Kind.UNAVAILABLE : token.kind(),
                    token.httpStatus(), "tokenet til sendingen til SvarUt kunne ikke hentes, SvarUt er ikke kalt (" + token.getMessage() + ")",
                    token.retryAfter().orElse(null), token);
        }

        @Override
        public Optional<String> feilkode() {
            return ((RegisterException) getCause()).feilkode();
        }
    }

    /** The letter breaks {@link SvarUtRegler}: stopped before sending (REJECTED, no HTTP status), SvarUt not called. */
    public static final class Regelbrudd extends RegisterException {
        private final List<String> brudd;

        Regelbrudd(List<String> brudd) {
            super(SERVICE, RegisterException.Kind.REJECTED, 0, "forsendelse stoppet før sending: " + String.join("; ", brudd));
            this.brudd = List.copyOf(brudd);
        }

        /** The rules broken, in the platform's words (no file names, nothing about the recipient). */
        public List<String> brudd() {
            return brudd;
        }
    }

    /**
     * The {@link Sendevakt} refused a send: this call sent nothing more to SvarUt. {@link #ingenSendt()}: the refusal came
     * before the call's first send; otherwise an earlier send of it was lost and its look-up missed it finally
     * ({@link Synlighetsregel}, the standard this call would have sent again on), so either way nothing of this call is at
     * SvarUt ({@link Sendeutfall#IKKE_SENDT}).
     */
    public static final class SendingAvvist extends RuntimeException {
        private final boolean ingenSendt;

        SendingAvvist(boolean ingenSendt) {
            super("sending stoppet: brevet holdes ikke lenger av denne sendingen", null, false, false);
            this.ingenSendt = ingenSendt;
        }

        /** True when this call sent nothing to SvarUt: the fence refused before its first send. */
        public boolean ingenSendt() {
            return ingenSendt;
        }
    }

    /**
     * The look-up by eksternReferanse {@link #sendExactlyOnce} makes before a later attempt failed (SvarUt down, a
     * timeout, a refusal, an answer that cannot be read): nothing was sent by this call. AMBIGUOUS as any failed look-up
     * after an earlier send ({@link #finnEtterMuligSending(String)}, whose failure is the cause of this one, so
     * {@link #varigOppslagsfeil} sees through it): SvarUt may hold the earlier attempt, so the letter must not be sent
     * before a look-up answers. Since no send was tried, a caller counts no send attempt for it: a SvarUt outage must not
     * run a letter's attempts out when it sent it once.
     */
    public static final class OppslagFoerSendingFeilet extends RegisterException {
        OppslagFoerSendingFeilet(RegisterException oppslag) {
            super(oppslag);
        }
    }

    /**
     * A look-up by eksternReferanse after an attempt with unknown outcome found nothing, but too soon for that to be
     * final ({@link Synlighetsregel}): SvarUt may hold the letter and not show it yet. Nothing was sent by this call; the
     * caller keeps the letter waiting until {@link #slaaOppIgjen()}, stores {@link #uavklartFra()} (the moment the settle
     * time counts from) and looks it up again then. Not a failure of SvarUt: no send attempt is spent on it.
     */
    public static final class IkkeFunnetEnnaa extends RuntimeException {
        private final transient Synlighetsregel.Vurdering vurdering;

        IkkeFunnetEnnaa(Synlighetsregel.Vurdering vurdering) {
            super("ikke funnet hos SvarUt på eksternReferanse, men et forsøk med ukjent utfall var over først " + vurdering.uavklartFra()
                    + ", og søket er ikke lovet å se et nylig lagret brev (registers.svarut.lookup-settle-time); slås opp igjen "
                    + vurdering.slaaOppIgjen() + " før ny sending", null, false, false);
            this.vurdering = vurdering;
        }

        public Instant uavklartFra() {
            return vurdering.uavklartFra();
        }

        public Instant slaaOppIgjen() {
            return vurdering.slaaOppIgjen();
        }
    }

    /**
     * Sends the letter at most once as far as SvarUt can tell. {@code tidligere} is what the caller knows of earlier
     * attempts ({@link Synlighetsregel.Tidligere}): when one may have reached SvarUt the letter is looked up by
     * eksternReferanse first, and a miss is final only by {@link Synlighetsregel} (otherwise {@link IkkeFunnetEnnaa} and
     * nothing is sent); {@link Synlighetsregel.Tidligere#INGEN} skips that look-up (a caller that records every attempt
     * before it begins, durably, knows when none can have reached SvarUt, and saves one call per letter). After an
     * AMBIGUOUS failure within this call (a lost answer, a 2xx that cannot be read, {@link UlesbartSendesvar}, or a 5xx,
     * {@link Feilsvar#utfallUkjent()}) the
     * letter is looked up after {@code ambiguous-lookup-delay}; a miss then is final only when the settle time has passed
     * since the lost send, so normally this call does not send again but gives the AMBIGUOUS failure, with a Retry-After
     * at the end of the settle time, and the caller looks it up then. {@code vakt} is asked right before each send, so a
     * caller whose letter was taken over meanwhile sends nothing more ({@link SendingAvvist}). Requires a non-blank
     * eksternReferanse unique per letter. A failure of kind AMBIGUOUS means SvarUt may hold the letter (a send's answer
     * was lost, could not be read or was a 5xx, or a look-up after an earlier send failed, for whatever reason, including an answer
     * that could not be read, {@link #finnEtterMuligSending}); any other failure means it is not there as far as this
     * call could tell.
     * <p>
     * The only way to send exactly once: there is no overload without {@code tidligere}. One that assumed
     * {@link Synlighetsregel.Tidligere#AVKLART} (only tests called it) trusted a miss at once, so a caller after a lost
     * answer could send the letter a second time before SvarUt's search showed the first (removed with this note).
     */
    public UUID sendExactlyOnce(Forsendelse forsendelse, List<Dokument> dokumenter, Synlighetsregel.Tidligere tidligere, Sendevakt vakt) {
        String ref = forsendelse.eksternReferanse();
        if (ref == null || ref.isBlank()) {
            throw new IllegalArgumentException("sendExactlyOnce needs an eksternReferanse");
        }
        UUID funnet;
        try {
            funnet = tidligere.maaSlaasOpp() ? finnEtterMuligSending(ref, tidligere) : null;
        } catch (RegisterException e) {
            // nothing sent by this call: the caller may let the letter wait without counting a send attempt
            throw new OppslagFoerSendingFeilet(e);
        }
        if (funnet != null) {
            log.info("SvarUt: forsendelse med eksternReferanse={} finnes allerede, id={}; sender ikke på nytt", ref, funnet);
            return funnet;
        }
        RegisterException siste = null;
        for (int forsok = 1; forsok <= MAKS_SENDEFORSOK; forsok++) {
            if (!vakt.kanSende()) {
                throw new SendingAvvist(forsok == 1);
            }
            try {
                return send(forsendelse, dokumenter);
            } catch (RegisterException e) {
                if (e.kind() != RegisterException.Kind.AMBIGUOUS) {
                    throw e;
                }
                siste = e;
                Instant tapt = clock.instant();
                // the one line for this attempt: its reason says what came back (a 5xx with SvarUt's errorCode/errorId, an
                // unreadable 2xx, a lost answer), never SvarUt's free text; eksternReferanse is the recipient-letter id
                log.warn("SvarUt: utfallet av sending {} av eksternReferanse={} er ukjent ({}); slår opp før ny sending", forsok, ref, e.getMessage());
                if (!vent(properties.ambiguousLookupDelay())) {
                    // interrupted (a shutdown): this send's outcome stays unknown, as it was (it was UNAVAILABLE, read as
                    // "SvarUt answered", and the next holder could send a letter SvarUt stored); no look-up, no second send
                    throw e;
                }
                try {
                    funnet = finnEtterMuligSending(ref, Synlighetsregel.Tidligere.tapt(tapt));
                } catch (IkkeFunnetEnnaa ennaa) {
                    // SvarUt may hold it and not show it yet: no second send now; the caller counts this lost attempt and
                    // looks the letter up again when the settle time is over (the Retry-After)
                    Duration igjen = Duration.between(clock.instant(), ennaa.slaaOppIgjen());
                    throw new RegisterException(SERVICE, RegisterException.Kind.AMBIGUOUS, e.httpStatus(),
                            (e instanceof UlesbartSendesvar ? "svaret på sendingen kunne ikke leses"
                                    : e instanceof Feilsvar ? "sendingen fikk HTTP " + e.httpStatus() : "svaret på sendingen gikk tapt")
                                    + ", og brevet er ikke funnet på eksternReferanse ennå; slås opp igjen "
                                    + ennaa.slaaOppIgjen() + " før ny sending", igjen.isNegative() ? Duration.ZERO : igjen, e);
                }
                if (funnet != null) {
                    log.info("SvarUt: forsendelse med eksternReferanse={} ble mottatt tross ukjent utfall, id={}", ref, funnet);
                    return funnet;
                }
            }
        }
        throw siste;
    }

    /**
     * {@link #finnEtterMuligSending(String)} with {@link Synlighetsregel}: the id SvarUt holds, or null when the miss is
     * final; {@link IkkeFunnetEnnaa} when the letter is not found but an attempt with unknown outcome ({@code tidligere})
     * is too recent for the miss to be final. The settle time counts from a lost attempt's end, or, when its end is
     * unknown, from the start of this look-up.
     */
    public UUID finnEtterMuligSending(String eksternReferanse, Synlighetsregel.Tidligere tidligere) {
        Instant oppslagBegynt = clock.instant();
        UUID funnet = finnEtterMuligSending(eksternReferanse);
        if (funnet != null) {
            return funnet;
        }
        Synlighetsregel.Vurdering vurdering = Synlighetsregel.vurderIkkeFunnet(tidligere, oppslagBegynt, properties.lookupSettleTime());
        if (!vurdering.endelig()) {
            log.info("SvarUt: eksternReferanse={} ikke funnet, men for tidlig til å være sikkert (forsøk med ukjent utfall over {}); slås opp igjen {}",
                    eksternReferanse, vurdering.uavklartFra(), vurdering.slaaOppIgjen());
            throw new IkkeFunnetEnnaa(vurdering);
        }
        return null;
    }

    /**
     * Current status of each forsendelse: {@code POST /v2/kontoer/{kontoId}/forsendelser/status-sok}, in
     * calls of at most {@code status-sok-batch-size} ids. Ids SvarUt does not know are absent from the map;
     * an entry whose status this client does not know is skipped with a warning (asked again next time).
     */
    public Map<UUID, ForsendelseStatus> statusSok(Collection<UUID> ids) {
        List<UUID> unike = new ArrayList<>(new LinkedHashSet<>(ids));
        Map<UUID, ForsendelseStatus> resultat = new LinkedHashMap<>();
        for (int fra = 0; fra < unike.size(); fra += properties.statusSokBatchSize()) {
            List<UUID> del = unike.subList(fra, Math.min(unike.size(), fra + properties.statusSokBatchSize()));
            ObjectNode body = json.createObjectNode();
            ArrayNode arr = body.putArray("forsendelseIds");
            del.forEach(id -> arr.add(id.toString()));
            HttpRequest.Builder request = medIntegrasjon(http.request(uri("/v2/kontoer/" + properties.kontoId() + "/forsendelser/status-sok")))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(BodyPublishers.ofByteArray(tilBytes(body)));
            JsonNode svar = les(http.sendMedToken(request, tokens, scopes, HttpResponse.BodyHandlers.ofByteArray(), true), "status-sok");
            JsonNode statuser = svar.path("statuser");
            if (!statuser.isArray()) {
                throw ugyldigSvar("status-sok", "statuser mangler");
            }
            for (JsonNode s : statuser) {
                UUID id = uuid(s.path("id"), "status-sok");
                String status = s.path("status").asText();
                SvarUtStatus kjent;
                try {
                    kjent = SvarUtStatus.valueOf(status);
                } catch (IllegalArgumentException e) {
                    log.warn("SvarUt: ukjent status '{}' for forsendelse {}; hoppes over", status, id);
                    continue;
                }
                resultat.put(id, new ForsendelseStatus(id, kjent, tidspunkt(s.path("sisteStatusEndring"))));
            }
        }
        return resultat;
    }

    /** The forsendelse's history, oldest first as SvarUt gives it: {@code GET /v2/forsendelser/{id}/hendelser}. */
    public List<SvarUtHendelse> hendelser(UUID forsendelseId) {
        HttpRequest.Builder request = medIntegrasjon(http.request(uri("/v2/forsendelser/" + forsendelseId + "/hendelser")))
                .header("Accept", "application/json")
                .GET();
        JsonNode svar = les(http.sendMedToken(request, tokens, scopes, HttpResponse.BodyHandlers.ofByteArray(), true), "hendelser");
        JsonNode hendelser = svar.path("hendelser");
        if (!hendelser.isArray()) {
            throw ugyldigSvar("hendelser", "hendelser mangler");
        }
        List<SvarUtHendelse> resultat = new ArrayList<>();
        for (JsonNode h : hendelser) {
            resultat.add(new SvarUtHendelse(tidspunkt(h.path("tidspunkt")), h.path("hendelse").asText(null)));
        }
        return resultat;
    }

    /** Ids of the account's forsendelser with this eksternReferanse: {@code GET /v2/kontoer/{kontoId}/forsendelser?eksternRef=}. */
    public List<UUID> finnForEksternReferanse(String eksternReferanse) {
        String query = URLEncoder.encode(eksternReferanse, StandardCharsets.UTF_8).replace("+", "%20");
        HttpRequest.Builder request = medIntegrasjon(http.request(uri("/v2/kontoer/" + properties.kontoId() + "/forsendelser?eksternRef=" + query)))
                .header("Accept", "application/json")
                .GET();
        JsonNode svar = les(http.sendMedToken(request, tokens, scopes, HttpResponse.BodyHandlers.ofByteArray(), true), "eksternref");
        JsonNode ids = svar.path("forsendelseIds");
        if (!ids.isArray()) {
            throw ugyldigSvar("eksternref", "forsendelseIds mangler");
        }
        List<UUID> resultat = new ArrayList<>();
        ids.forEach(id -> resultat.add(uuid(id, "eksternref")));
        return resultat;
    }

    /**
     * {@link #finnEn} where an earlier send may have reached SvarUt: when the look-up fails, for whatever reason, whether
     * SvarUt holds the letter is unknown, so the failure is given as AMBIGUOUS, with the look-up's own failure as its
     * cause (the caller must look it up again before it sends it or gives up on it). Also a lasting failure (401/403
     * refused credentials, a wrong account) or an answer that cannot be read: it says nothing about the earlier send, and given as it
     * was, a caller took it for "not there" and dead-lettered a letter SvarUt may post ({@link #varigOppslagsfeil} tells
     * it apart, for an alarm: it does not pass by itself).
     *
     * @return the id of the forsendelse SvarUt holds under this eksternReferanse, or null when it holds none
     */
    public UUID finnEtterMuligSending(String eksternReferanse) {
        try {
            return finnEn(eksternReferanse);
        } catch (RegisterException e) {
            if (e.kind() == RegisterException.Kind.AMBIGUOUS) {
                throw e;
            }
            throw new RegisterException(SERVICE, RegisterException.Kind.AMBIGUOUS, e.httpStatus(),
                    "oppslaget på eksternReferanse feilet (" + e.kind() + "), så en tidligere sending kan ha kommet fram",
                    e.retryAfter().orElse(null), e);
        }
    }

    /**
     * The lasting failure (an error answer that is not retryable: refused credentials, a wrong account, a refused
     * request) of the look-up behind an AMBIGUOUS failure of {@link #finnEtterMuligSending} or {@link #sendExactlyOnce},
     * if that is what it was; a configuration problem that needs a person, unlike a lost answer or a passing outage. An
     * answer that cannot be read (BAD_RESPONSE: JSON cut short, a proxy's HTML page, no forsendelseIds) is not one: one
     * garbled answer says nothing lasting, so it is a passing failure like a 5xx, waited out with the flow's backoff and
     * an alarm only when it persists ({@code platform.register-vent.alarm-etter}); it is still never "not found".
     */
    public static Optional<RegisterException> varigOppslagsfeil(RegisterException e) {
        return e.kind() == RegisterException.Kind.AMBIGUOUS && e.getCause() instanceof RegisterException oppslag && !oppslag.isRetryable()
                && oppslag.kind() != RegisterException.Kind.BAD_RESPONSE
                ? Optional.of(oppslag) : Optional.empty();
    }

    private UUID finnEn(String eksternReferanse) {
        List<UUID> ids = finnForEksternReferanse(eksternReferanse);
        if (ids.size() > 1) {
            log.warn("SvarUt: {} forsendelser har eksternReferanse={}; bruker den første", ids.size(), eksternReferanse);
        }
        return ids.isEmpty() ? null : ids.get(0);
    }

    private HttpRequest.Builder medIntegrasjon(HttpRequest.Builder builder) {
        return builder.header("IntegrasjonId", properties.integrasjonId())
                .header("IntegrasjonPassord", properties.integrasjonPassord());
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    /** The multipart body as a chain of publishers, so document bytes are streamed, not copied. */
    private BodyPublisher multipart(String boundary, Forsendelse forsendelse, List<Dokument> dokumenter) {
        List<BodyPublisher> deler = new ArrayList<>();
        deler.add(ascii("--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"forsendelse\"\r\n"
                + "Content-Type: application/json;charset=UTF-8\r\n\r\n"));
        deler.add(BodyPublishers.ofByteArray(tilBytes(forsendelseJson(forsendelse, dokumenter))));
        for (int i = 0; i < dokumenter.size(); i++) {
            Dokument d = dokumenter.get(i);
            // filnavn is checked by SvarUtRegler: no quote, backslash or control character can break this header
            deler.add(BodyPublishers.ofByteArray(("\r\n--" + boundary + "\r\n"
                    + "Content-Disposition: form-data; name=\"dokument" + (i + 1) + "\"; filename=\"" + d.filnavn() + "\"\r\n"
                    + "Content-Type: " + d.mimeType() + "\r\n\r\n").getBytes(StandardCharsets.UTF_8)));
            deler.add(innhold(d.innhold()));
        }
        deler.add(ascii("\r\n--" + boundary + "--"));
        deler.add(BodyPublishers.ofByteArray(CRLF));
        return BodyPublishers.concat(deler.toArray(BodyPublisher[]::new));
    }

    private static BodyPublisher innhold(Dokument.Innhold innhold) {
        if (innhold instanceof Dokument.Innhold.Bytes b) {
            return BodyPublishers.ofByteArray(b.data());
        }
        if (innhold instanceof Dokument.Innhold.Fil f) {
            try {
                return BodyPublishers.ofFile(f.path());
            } catch (java.io.FileNotFoundException e) {
                throw new UncheckedIOException("document file is gone: " + f.path().getFileName(), e);
            }
        }
        Dokument.Innhold.Strom s = (Dokument.Innhold.Strom) innhold;
        return BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> {
            try {
                return s.kilde().open();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open document stream", e);
            }
        }), s.storrelse());
    }

    private ObjectNode forsendelseJson(Forsendelse f, List<Dokument> dokumenter) {
        ObjectNode root = json.createObjectNode();
        root.put("tittel", f.tittel());
        putIfSet(root, "eksternReferanse", f.eksternReferanse());
        ObjectNode mottaker = root.putObject("mottaker");
        Forsendelse.Mottaker m = f.mottaker();
        mottaker.put("navn", m.navn());
        putIfSet(mottaker, "digitalId", m.digitalId());
        putIfSet(mottaker, "adresselinje1", m.adresselinje1());
        putIfSet(mottaker, "adresselinje2", m.adresselinje2());
        putIfSet(mottaker, "adresselinje3", m.adresselinje3());
        putIfSet(mottaker, "postnummer", m.postnummer());
        putIfSet(mottaker, "poststed", m.poststed());
        putIfSet(mottaker, "land", m.land());
        root.put("kunDigitalLevering", f.kunDigitalLevering());
        root.put("krevNiva4Innlogging", f.krevNiva4Innlogging());
        if (f.utskriftskonfigurasjon() != null) {
            ObjectNode u = root.putObject("utskriftskonfigurasjon");
            u.put("utskriftMedFarger", f.utskriftskonfigurasjon().utskriftMedFarger());
            u.put("tosidig", f.utskriftskonfigurasjon().tosidig());
        }
        putIfSet(root, "avgivendeSystem", f.avgivendeSystem());
        putIfSet(root, "forsendelsestype", f.forsendelsestype());
        putIfSet(root, "korrelasjonsid", f.korrelasjonsid());
        putIfSet(root, "konteringskode", f.konteringskode());
        ArrayNode docs = root.putArray("dokumenter");
        for (Dokument d : dokumenter) {
            ObjectNode doc = docs.addObject();
            doc.put("filnavn", d.filnavn());
            doc.put("mimeType", d.mimeType());
            doc.put("skalEkskluderesFraUtskrift", d.skalEkskluderesFraUtskrift());
            doc.put("inneholderPersonsensitivInformasjon", d.inneholderPersonsensitivInformasjon());
        }
        return root;
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null && !value.isBlank()) {
            node.put(field, value);
        }
    }

    /** The JSON of a 2xx answer, or a typed failure built from SvarUt's error body. */
    private JsonNode les(HttpResponse<byte[]> response, String operasjon) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            try {
                return json.readTree(response.body());
            } catch (IOException e) {
                throw ugyldigSvar(operasjon, "svaret er ikke JSON");
            }
        }
        Feildetaljer feil = feildetaljer(response.body());
        Feilsvar e = new Feilsvar(http.classify(response, operasjon + " feilet" + feil.tekst(), RegisterHttp::retryAfterSeconds),
                feil.errorCode(), feil.errorId());
        log.warn("SvarUt: {}", e.getMessage());
        throw e;
    }

    /**
     * errorCode and errorId from SvarUt's error body ({@code ErrorMessage}): enough to look the error up with KS. Its
     * free-text {@code message} is left out, of the log and of the failure reason a fagsystem can read: it may quote
     * the request, a recipient's name or postal address among it (a parent's, for a letter about a child), and no
     * masking of digits catches a street name.
     */
    private Feildetaljer feildetaljer(byte[] body) {
        if (body == null || body.length == 0) {
            return new Feildetaljer("", null, null);
        }
        try {
            JsonNode err = json.readTree(body);
            String errorCode = err.hasNonNull("errorCode") ? err.get("errorCode").asText() : null;
            String errorId = err.hasNonNull("errorId") ? err.get("errorId").asText() : null;
            return new Feildetaljer((errorCode == null ? "" : " errorCode=" + errorCode) + (errorId == null ? "" : " errorId=" + errorId),
                    errorCode, errorId);
        } catch (IOException e) {
            return new Feildetaljer(" (feilsvaret er ikke JSON)", null, null);
        }
    }

    /** What of SvarUt's error body is kept: the codes as the log and the message show them, and each on its own. */
    private record Feildetaljer(String tekst, String errorCode, String errorId) {
    }

    private static boolean svarteJa(HttpResponse<?> response) {
        return response.statusCode() >= 200 && response.statusCode() < 300;
    }

    private RegisterException ugyldigSvar(String operasjon, String hva) {
        return new RegisterException(SERVICE, RegisterException.Kind.BAD_RESPONSE, 200, operasjon + ": " + hva);
    }

    private UUID uuid(JsonNode node, String operasjon) {
        try {
            return UUID.fromString(node.asText());
        } catch (IllegalArgumentException e) {
            throw ugyldigSvar(operasjon, "ugyldig forsendelse-id");
        }
    }

    /** ISO date-time with offset; without one it is read as Norwegian local time. */
    private static OffsetDateTime tidspunkt(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        String text = node.asText();
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).atZone(OSLO).toOffsetDateTime();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private byte[] tilBytes(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static BodyPublisher ascii(String s) {
        return BodyPublishers.ofByteArray(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** Waits; false, with the interrupt flag kept, when the thread is or becomes interrupted. */
    private static boolean vent(Duration pause) {
        if (Thread.currentThread().isInterrupted()) {
            return false;
        }
        if (pause.isZero() || pause.isNegative()) {
            return true;
        }
        try {
            Thread.sleep(pause.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
