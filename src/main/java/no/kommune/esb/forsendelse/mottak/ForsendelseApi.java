package no.kommune.esb.forsendelse.mottak;

import no.kommune.esb.platform.security.Kaller;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.platform.Maskering;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The letter API's read and caseworker operations, called by name from routes/forsendelse/forsendelse-api.camel.yaml:
 * status and timeline of a letter, lookup by the fagsystem's reference, the manual-handling queue and dead letters.
 * Answers JSON or problem+json; no stack trace, and no personal data beyond what the caller sent (the recipient
 * is masked, recipient letters are shown without their recipient and decision evidence).
 */
@Component("forsendelseApi")
public class ForsendelseApi {

    private static final Logger log = LoggerFactory.getLogger(ForsendelseApi.class);

    private final ForsendelseRepository repository;
    private final List<DeadLetterRedriver> redrivere;
    private final DeadLetterAvslutter avslutter;
    private final ObjectMapper json;

    public ForsendelseApi(ForsendelseRepository repository, List<DeadLetterRedriver> redrivere, DeadLetterAvslutter avslutter, ObjectMapper json) {
        this.repository = repository;
        this.redrivere = List.copyOf(redrivere);
        this.avslutter = avslutter;
        this.json = json;
    }

    /** {@code GET /api/forsendelser/{id}}. */
    public void status(Exchange exchange) {
        svar(exchange, "status", () -> {
            Optional<UUID> id = uuid(exchange.getIn().getHeader("id", String.class));
            Optional<ForsendelseRepository.BrevStatus> brev = id.flatMap(repository::hent).filter(b -> eget(exchange, b));
            if (brev.isEmpty()) {
                ikkeFunnet(exchange, "ingen forsendelse med denne id-en");
            } else {
                ForsendelseApiSvar.json(exchange, 200, null, visning(brev.get()), json);
            }
        });
    }

    /** {@code GET /api/forsendelser?avsenderSystem=…&eksternReferanse=…}: the letter the fagsystem knows by its own reference. */
    public void sok(Exchange exchange) {
        svar(exchange, "sok", () -> {
            String avsender = exchange.getIn().getHeader("avsenderSystem", String.class);
            String referanse = exchange.getIn().getHeader("eksternReferanse", String.class);
            if (blank(avsender) || blank(referanse)) {
                ForsendelseApiSvar.problem(exchange, 400, "ugyldig-sok", "Ugyldig søk",
                        "både avsenderSystem og eksternReferanse må oppgis", List.of(), json);
                return;
            }
            // no letter can have such a key, and PostgreSQL refuses a NUL in the query
            if (Teksttegn.ugyldig(avsender, Teksttegn.Felt.NOEKKEL) != null || Teksttegn.ugyldig(referanse, Teksttegn.Felt.NOEKKEL) != null) {
                ForsendelseApiSvar.problem(exchange, 400, "ugyldig-sok", "Ugyldig søk",
                        "avsenderSystem og eksternReferanse kan ikke ha kontrolltegn eller usynlige tegn", List.of(), json);
                return;
            }
            // another fagsystem's letter answers as unknown: its existence is not disclosed
            Optional<ForsendelseRepository.BrevStatus> brev = repository.finn(avsender, referanse).flatMap(repository::hent)
                    .filter(b -> eget(exchange, b));
            if (brev.isEmpty()) {
                ikkeFunnet(exchange, "ingen forsendelse med denne avsenderSystem og eksternReferanse");
            } else {
                ForsendelseApiSvar.json(exchange, 200, InnleveringMottak.STI + brev.get().id(), visning(brev.get()), json);
            }
        });
    }

    /**
     * {@code POST /api/forsendelser/{id}/redrive}: a fagsystem (or the integration team) sends its own letter's
     * recipient letters that sending gave up on through again. 200 with how many; 409 when none waits; another
     * fagsystem's letter answers 404 as unknown (and is logged).
     */
    public void redriveBrev(Exchange exchange) {
        svar(exchange, "redriveBrev", () -> {
            Optional<ForsendelseRepository.BrevStatus> brev = uuid(exchange.getIn().getHeader("id", String.class))
                    .flatMap(repository::hent).filter(b -> eget(exchange, b));
            if (brev.isEmpty()) {
                ikkeFunnet(exchange, "ingen forsendelse med denne id-en");
                return;
            }
            int redrevet = 0;
            for (ForsendelseRepository.DeadLetter dead : repository.sendDeadLetters(brev.get().id())) {
                if (redrivere.stream().filter(r -> r.kilde().equals(dead.kilde())).findFirst().map(r -> r.redrive(dead)).orElse(false)) {
                    redrevet++;
                }
            }
            if (redrevet == 0) {
                ForsendelseApiSvar.problem(exchange, 409, "ingenting-aa-redrive", "Ingenting å sende på nytt",
                        "ingen mottakerbrev i denne forsendelsen venter i dead-letter-lageret", List.of(), json);
                return;
            }
            log.info("Letter {}: {} dead recipient letter(s) redriven by {}", brev.get().id(), redrevet, kaller(exchange));
            ForsendelseApiSvar.json(exchange, 200, null, Map.of("id", brev.get().id().toString(), "redrevet", redrevet), json);
        });
    }

    /** Most rows one page of {@code GET /api/manuell} or {@code GET /api/dead-letters} holds, and how many it holds without {@code antall}. */
    static final int MAKS_PER_SIDE = 1000;

    /**
     * A page of a list: after the row {@code etter} names (keyset; null = from the start), or, for links made before
     * session 35, its number from 1 ({@code nr}, by offset); and how many rows a page holds.
     */
    record Side(int nr, int antall, Sidemerke etter) {
        long hopp() {
            return (nr - 1L) * antall;
        }

        boolean medMerke() {
            return etter != null || nr == 1;
        }
    }

    /**
     * {@code ?etter=<mark>&antall=M} of a list (or the old {@code ?side=N}): the first page of {@value #MAKS_PER_SIDE}
     * rows when absent; {@code etter} a mark a page's {@code Link} gave ({@link Sidemerke}), {@code side} a whole number
     * from 1 (not with {@code etter}), {@code antall} one from 1 to {@value #MAKS_PER_SIDE}, anything else a 400 problem
     * (empty then).
     */
    private Optional<Side> side(Exchange exchange) {
        String side = exchange.getIn().getHeader("side", String.class);
        String etter = exchange.getIn().getHeader("etter", String.class);
        Integer nr = heltall(side, 1, Integer.MAX_VALUE, 1);
        Integer antall = heltall(exchange.getIn().getHeader("antall", String.class), 1, MAKS_PER_SIDE, MAKS_PER_SIDE);
        Optional<Sidemerke> merke = Sidemerke.les(etter);
        if (nr == null || antall == null || (etter != null && (merke.isEmpty() || side != null))) {
            ForsendelseApiSvar.problem(exchange, 400, "ugyldig-forespoersel", "Ugyldig forespørsel",
                    "etter må være et merke fra en sides Link-header (ikke sammen med side), side et helt tall fra 1, og antall et helt tall fra 1 til "
                            + MAKS_PER_SIDE, List.of(), json);
            return Optional.empty();
        }
        return Optional.of(new Side(nr, antall, merke.orElse(null)));
    }

    /** {@code verdi} as a whole number within {@code fra..til}, {@code standard} when absent, null when it is anything else. */
    static Integer heltall(String verdi, int fra, int til, int standard) {
        if (verdi == null) {
            return standard;
        }
        if (verdi.isEmpty() || verdi.length() > 10 || !verdi.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        long n = Long.parseLong(verdi);
        return n < fra || n > til ? null : (int) n;
    }

    /**
     * One page of a list as a JSON array (the shape a caller without paging has always read: page 1 is its first rows), and,
     * when there are more, a {@code Link} header to the next page ({@code rel="next"}): the rows after this page's last
     * ({@code etter}, its {@link Sidemerke}), also after an old {@code ?side=N} page. {@code rader} holds one row more
     * than a page when there are more.
     */
    private <T> void side(Exchange exchange, String sti, Side side, List<T> rader, java.util.function.Function<T, Sidemerke> merke) {
        boolean flere = rader.size() > side.antall();
        List<T> denne = flere ? rader.subList(0, side.antall()) : rader;
        ForsendelseApiSvar.json(exchange, 200, null, denne, json);
        if (flere) {
            exchange.getMessage().setHeader("Link", "<" + sti + (sti.contains("?") ? "&" : "?") + "etter="
                    + merke.apply(denne.get(denne.size() - 1)).tekst() + "&antall=" + side.antall() + ">; rel=\"next\"");
        }
    }

    /**
     * {@code GET /api/manuell[?etter=<mark>&antall=M]}: recipient letters waiting for a caseworker, with the reason, oldest
     * first, {@value #MAKS_PER_SIDE} a page at most ({@link #side(Exchange)}); before session 31 the whole queue in one
     * answer, before session 35 pages by offset.
     */
    public void manuelle(Exchange exchange) {
        svar(exchange, "manuelle", () -> side(exchange).ifPresent(side ->
                side(exchange, "/api/manuell", side, side.medMerke()
                        ? repository.manuelle(side.antall() + 1, side.etter(), false)
                        : repository.manuelle(side.antall() + 1, side.hopp()), ForsendelseRepository::merke)));
    }

    /** Longest name of who resolved a case: a name or a user id, stored in the letter's timeline and the audit trail. */
    static final int MAKS_LOEST_AV = 200;

    /**
     * {@code POST /api/manuell/{mottakerbrevId}/loest} with {@code {"loestAv": "...", "kommentar": "..."}}: 400 for a
     * missing name, one over {@value #MAKS_LOEST_AV} characters or with a control character, or a comment a closing reason could not be ({@link ForsendelseRepository#ugyldigKommentar}:
     * over 500 characters, a control character), which is never echoed; 404 unknown; 409 not waiting. The name is
     * the caller's word (a client-credentials token names the client, not the person at it), so it is stored with the
     * client that said it, {@code "<loestAv> (via <client>)"}: the audit trail never shows a name alone that no token vouched for.
     */
    public void loesManuell(Exchange exchange) {
        svar(exchange, "loesManuell", () -> {
            Optional<UUID> id = uuid(exchange.getIn().getHeader("mottakerbrevId", String.class));
            JsonNode body = les(exchange.getIn().getBody(String.class));
            String loestAv = body == null ? null : body.path("loestAv").asText(null);
            if (blank(loestAv)) {
                ugyldigLoesning(exchange, "/loestAv", "loestAv mangler");
                return;
            }
            // the name and the comment are stored as written: a NUL would fail the insert (a 500), a long text fill the timeline
            if (loestAv.length() > MAKS_LOEST_AV) {
                ugyldigLoesning(exchange, "/loestAv", "loestAv er lengre enn " + MAKS_LOEST_AV + " tegn (" + loestAv.length() + ")");
                return;
            }
            String ugyldigNavn = Teksttegn.ugyldig(loestAv, Teksttegn.Felt.TEKST);
            if (ugyldigNavn != null) {
                ugyldigLoesning(exchange, "/loestAv", "loestAv kan ikke ha " + ugyldigNavn);
                return;
            }
            String kommentar = body.path("kommentar").asText(null);
            String ugyldig = ForsendelseRepository.ugyldigKommentar(kommentar);
            if (ugyldig != null) {
                ugyldigLoesning(exchange, "/kommentar", ugyldig);
                return;
            }
            if (id.isEmpty()) {
                ikkeFunnet(exchange, "ingen mottakerbrev med denne id-en");
                return;
            }
            switch (repository.loesManuell(id.get(), loestAv + " (via " + Kaller.fra(exchange).navnEllerStrek() + ")", kommentar)) {
                case LOEST -> ForsendelseApiSvar.json(exchange, 200, null,
                        Map.of("mottakerbrevId", id.get().toString(), "status", "MANUELT_LOEST"), json);
                case IKKE_FUNNET -> ikkeFunnet(exchange, "ingen mottakerbrev med denne id-en");
                case IKKE_MANUELL -> ForsendelseApiSvar.problem(exchange, 409, "ikke-manuell", "Ikke til manuell behandling",
                        "mottakerbrevet venter ikke på manuell behandling", List.of(), json);
            }
        });
    }

    private void ugyldigLoesning(Exchange exchange, String felt, String hvorfor) {
        ForsendelseApiSvar.problem(exchange, 400, "ugyldig-loesning", "Ugyldig løsning", hvorfor, List.of(new InnleveringFeil(felt, hvorfor)), json);
    }

    /**
     * {@code GET /api/dead-letters[?status=aapne|avsluttet|redrevet|alle][&etter=<mark>&antall=M]}: the open ones (neither redriven
     * nor closed) by default; {@code ?alle=true} is {@code status=alle}. Another status is 400. Newest first, {@value
     * #MAKS_PER_SIDE} a page at most ({@link #side(Exchange)}; before session 31 the whole table in one answer, before session
     * 35 pages by offset). Reasons,
     * closing reasons and references masked ({@link #visning(ForsendelseRepository.DeadLetter)}).
     */
    public void deadLetters(Exchange exchange) {
        svar(exchange, "deadLetters", () -> {
            String status = exchange.getIn().getHeader("status", String.class);
            Optional<ForsendelseRepository.Utvalg> utvalg = status == null
                    ? Optional.of("true".equalsIgnoreCase(exchange.getIn().getHeader("alle", String.class))
                        ? ForsendelseRepository.Utvalg.ALLE : ForsendelseRepository.Utvalg.AAPNE)
                    : ForsendelseRepository.Utvalg.fra(status);
            if (utvalg.isEmpty()) {
                ForsendelseApiSvar.problem(exchange, 400, "ugyldig-forespoersel", "Ugyldig forespørsel",
                        "status må være aapne, avsluttet, redrevet eller alle", List.of(), json);
                return;
            }
            Optional<Side> side = side(exchange);
            if (side.isEmpty()) {
                return;
            }
            List<ForsendelseRepository.DeadLetter> rader = side.get().medMerke()
                    ? repository.deadLetters(utvalg.get(), side.get().antall() + 1, side.get().etter(), false)
                    : repository.deadLetters(utvalg.get(), side.get().antall() + 1, side.get().hopp());
            side(exchange, "/api/dead-letters?status=" + utvalg.get().parameter(), side.get(),
                    rader.stream().map(ForsendelseApi::visning).toList(), ForsendelseRepository::merke);
        });
    }

    /**
     * {@code POST /api/dead-letters/{id}/redrive[?tross-nyere=true]}: hands the dead letter to the {@link DeadLetterRedriver}
     * for its kilde; a refusal is 409 with the redriver's problem type and reason. {@code tross-nyere} takes true or false
     * only (anything else 400, as a misread yes would send).
     */
    public void redrive(Exchange exchange) {
        svar(exchange, "redrive", () -> {
            Optional<ForsendelseRepository.DeadLetter> dead = uuid(exchange.getIn().getHeader("id", String.class)).flatMap(repository::deadLetter);
            if (dead.isEmpty()) {
                ikkeFunnet(exchange, "ingen dead letter med denne id-en");
                return;
            }
            Optional<DeadLetterAvslutning.Avslag> avgjort = DeadLetterAvslutning.kanRedrives(dead.get());
            if (avgjort.isPresent()) {
                ForsendelseApiSvar.problem(exchange, 409, avgjort.get().type(), avgjort.get().tittel(), avgjort.get().detalj(), List.of(), json);
                return;
            }
            Optional<DeadLetterRedriver> redriver = redrivere.stream().filter(r -> r.kilde().equals(dead.get().kilde())).findFirst();
            if (redriver.isEmpty()) {
                ForsendelseApiSvar.problem(exchange, 409, "kan-ikke-redrives", "Kan ikke sendes på nytt",
                        "ingen redriver for kilde '" + dead.get().kilde() + "'", List.of(), json);
                return;
            }
            String trossNyere = exchange.getIn().getHeader("tross-nyere", String.class);
            if (trossNyere != null && !"true".equalsIgnoreCase(trossNyere) && !"false".equalsIgnoreCase(trossNyere)) {
                ForsendelseApiSvar.problem(exchange, 400, "ugyldig-forespoersel", "Ugyldig forespørsel",
                        "tross-nyere må være true eller false", List.of(), json);
                return;
            }
            DeadLetterRedriver.Utfall utfall = redriver.get().redriv(dead.get(), Boolean.parseBoolean(trossNyere));
            if (!utfall.redrevet()) {
                ForsendelseApiSvar.problem(exchange, 409, utfall.type(), "Kan ikke sendes på nytt", utfall.detalj(), List.of(), json);
                return;
            }
            log.info("Dead letter {} (kilde {}) redriven by {}", dead.get().id(), dead.get().kilde(), kaller(exchange));
            ForsendelseApiSvar.json(exchange, 200, null, Map.of("id", dead.get().id().toString(), "redrevet", true), json);
        });
    }

    /**
     * {@code POST /api/dead-letters/{id}/avslutt} with {@code {"begrunnelse": "..."}}: closes an open dead letter without
     * sending it ({@link DeadLetterAvslutter}), by the caller the token or certificate names. 200 with the dead letter as it
     * is now; 400 without a usable reason; 404 unknown; 409 when it was closed or redriven before (the problem shape of a
     * redrive's refusals). The reason is stored and shown masked, never logged or echoed in a problem.
     */
    public void avslutt(Exchange exchange) {
        svar(exchange, "avslutt", () -> {
            Optional<UUID> id = uuid(exchange.getIn().getHeader("id", String.class));
            if (id.isEmpty() || repository.deadLetter(id.get()).isEmpty()) {
                ikkeFunnet(exchange, "ingen dead letter med denne id-en");
                return;
            }
            JsonNode body = les(exchange.getIn().getBody(String.class));
            JsonNode felt = body == null ? null : body.get("begrunnelse");
            String begrunnelse = felt != null && felt.isTextual() ? felt.asText() : null;
            String ugyldig = DeadLetterAvslutning.ugyldigBegrunnelse(begrunnelse);
            if (ugyldig != null) {
                ForsendelseApiSvar.problem(exchange, 400, "ugyldig-avslutning", "Ugyldig avslutning", ugyldig,
                        List.of(new InnleveringFeil("/begrunnelse", ugyldig)), json);
                return;
            }
            ForsendelseRepository.Avslutning a = avslutter.avslutt(id.get(), kaller(exchange), begrunnelse, "api");
            if (!a.funnet()) {
                ikkeFunnet(exchange, "ingen dead letter med denne id-en");
            } else if (a.avslag() != null) {
                ForsendelseApiSvar.problem(exchange, 409, a.avslag().type(), a.avslag().tittel(), a.avslag().detalj(), List.of(), json);
            } else {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("id", a.deadLetter().id().toString());
                v.put("kilde", a.deadLetter().kilde());
                v.put("avsluttet", tekst(a.deadLetter().avsluttet()));
                v.put("avsluttetAv", a.deadLetter().avsluttetAv());
                v.put("begrunnelse", a.deadLetter().begrunnelse());
                if (a.mottakerbrev() != null) {
                    v.put("mottakerbrevId", a.mottakerbrev().toString());
                    v.put("mottakerbrevStatus", "AVSLUTTET");
                }
                ForsendelseApiSvar.json(exchange, 200, null, v, json);
            }
        });
    }

    /**
     * A dead letter as listed: its {@code referanse} masked ({@link Maskering}, as the console's list shows it), since a
     * letter the JMS or SFTP intake refused is named by {@code <avsenderSystem>/<eksternReferanse>}, the fagsystem's free
     * text. The other kinds' references (a recipient letter's id, {@code <sekvensnummer>/<fagsystem>[/<melding>]}) hold no
     * run of 11 digits and read as before; a client finds the dead letter by its {@code id}, which is never masked.
     */
    static ForsendelseRepository.DeadLetter visning(ForsendelseRepository.DeadLetter d) {
        return new ForsendelseRepository.DeadLetter(d.id(), d.kilde(), Maskering.tekst(d.referanse()), d.grunn(), d.payloadBytes(),
                d.opprettet(), d.redrevet(), d.avsluttet(), d.avsluttetAv(), d.begrunnelse(), d.aarsak());
    }

    /** The JSON shape of a letter's status: the caller's own fields, the recipient masked, no document contents. */
    static Map<String, Object> visning(ForsendelseRepository.BrevStatus b) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", b.id().toString());
        v.put("status", b.status());
        v.put("avsenderSystem", b.avsenderSystem());
        v.put("eksternReferanse", b.eksternReferanse());
        v.put("tittel", b.tittel());
        v.put("brevtype", b.brevtype());
        v.put("gjelderBarn", b.gjelderBarn());
        v.put("mottaker", "PERSON".equals(b.mottakerType()) ? Identitetsnummer.mask(b.mottaker()) : b.mottaker());
        v.put("mottakerType", b.mottakerType());
        v.put("kanalInn", b.kanalInn());
        v.put("mottatt", tekst(b.mottatt()));
        v.put("endret", tekst(b.endret()));
        v.put("dokumenter", b.dokumenter());
        v.put("mottakerbrev", b.mottakerbrev());
        v.put("tidslinje", b.tidslinje());
        return v;
    }

    /**
     * Runs one operation; whatever it throws (an Error or a checked exception passed on undeclared through a Camel call
     * too, not only a RuntimeException) is the one 500 of every API with its error id, and an ERROR line without the
     * message (a JDBC exception's may quote stored values). These verbs go {@code to: bean:} with no route error handling:
     * before session 32 an Error left the bean, and platform-http answered it {@code 500 text/plain "Exception"} while
     * Camel's default error handler logged it with its message and stack trace.
     */
    private void svar(Exchange exchange, String operasjon, Runnable handling) {
        try {
            handling.run();
        } catch (Throwable e) {
            ForsendelseApiSvar.internFeil(exchange, log, "Letter API " + operasjon, e, null, json);
        }
    }

    /** The integration team sees every letter; a fagsystem only its own (caller from the token, FagsystemFilter). */
    public static boolean tilhoererKaller(Exchange exchange, String avsenderSystem) {
        Kaller kaller = Kaller.fra(exchange);
        return kaller.admin() || (kaller.fagsystem() != null && kaller.fagsystem().equals(avsenderSystem));
    }

    /** The caller's own letter (or any, for the team); another fagsystem's letter is logged and treated as unknown. */
    private static boolean eget(Exchange exchange, ForsendelseRepository.BrevStatus brev) {
        if (tilhoererKaller(exchange, brev.avsenderSystem())) {
            return true;
        }
        log.warn("Letter API refused: {} asked for letter {} of another sender system", kaller(exchange), brev.id());
        return false;
    }

    private static String kaller(Exchange exchange) {
        return Kaller.fra(exchange).navnEllerStrek();
    }

    private void ikkeFunnet(Exchange exchange, String detalj) {
        ForsendelseApiSvar.problem(exchange, 404, "ikke-funnet", "Ikke funnet", detalj, List.of(), json);
    }

    private JsonNode les(String tekst) {
        try {
            return tekst == null || tekst.isBlank() ? null : json.readTree(tekst);
        } catch (Exception e) {
            return null;
        }
    }

    private static Optional<UUID> uuid(String s) {
        try {
            return s == null ? Optional.empty() : Optional.of(UUID.fromString(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String tekst(java.time.Instant t) {
        return t == null ? null : t.toString();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
