package no.kommune.esb.forsendelse.mottak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.activation.DataHandler;
import jakarta.activation.FileDataSource;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.attachment.AttachmentMessage;
import org.apache.camel.attachment.DefaultAttachmentMessage;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.unit.DataSize;
import org.springframework.stereotype.Component;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Letter intake, called by the REST and JMS intake routes and by {@link SftpInnlevering}: reads metadata and documents
 * from the channel, validates them ({@link InnleveringValidator}), stores the letter once
 * ({@link ForsendelseRepository#lagre}) and answers with its id. Invalid letters are refused whole; nothing is stored
 * for them (JMS, SFTP: a dead letter with the reason). A REST batch ({@link #mottaBunke}) judges each letter the same
 * way and stores the valid ones together ({@link ForsendelseRepository#lagreAlle}).
 */
@Component("forsendelseMottak")
public class InnleveringMottak {

    /** Multipart part holding the metadata JSON. */
    public static final String METADATA_DEL = "metadata";
    /** Dead-letter kilde for refused JMS letters. */
    public static final String KILDE_JMS = "forsendelse-mottak-jms";
    /** Dead-letter kilde for refused files from the SFTP drop folder. */
    public static final String KILDE_SFTP = "forsendelse-mottak-sftp";
    static final String STI = "/api/forsendelser/";

    private static final Logger log = LoggerFactory.getLogger(InnleveringMottak.class);

    private final InnleveringValidator validator;
    private final ForsendelseRepository repository;
    private final ObjectMapper json;
    private final MeterRegistry metrics;

    private final java.util.Set<String> avsendersystemer;
    private final InnleveringProperties.Bunke bunke;
    private final DataSize maksJms;

    public InnleveringMottak(InnleveringProperties properties, ForsendelseRepository repository, ObjectMapper json, MeterRegistry metrics) {
        this.validator = new InnleveringValidator(properties.avsendersystemer(), properties.maksDokumentstorrelse().toBytes());
        this.avsendersystemer = java.util.Set.copyOf(properties.avsendersystemer());
        this.bunke = properties.bunke();
        this.maksJms = properties.jms().maksStorrelse();
        this.repository = repository;
        // a JMS message holds its documents inline, so its reader takes strings as long as an SFTP manifest's
        this.json = Inlinegrense.leser(json, properties.maksDokumentstorrelse().toBytes());
        this.metrics = metrics;
    }


    /** Outcome of one hand-in. */
    public sealed interface Utfall permits Mottatt, Avvist, Konflikt, FeilAvsender {
    }

    /** A letter in the name of another sender system than the caller (403 on REST). */
    public record FeilAvsender() implements Utfall {
        static final String TYPE = "feil-avsender";
        static final String TITTEL = "Feil avsender";
        static final InnleveringFeil FEIL = new InnleveringFeil("/avsenderSystem", "avsenderSystem må være fagsystemet som er logget inn");
    }

    /** Stored (ny) or already stored before under the same key (not ny): the id is the first letter's. */
    public record Mottatt(UUID id, boolean ny) implements Utfall {
    }

    public record Avvist(List<InnleveringFeil> feil) implements Utfall {
    }

    /** The same (avsenderSystem, eksternReferanse) was stored before as letter {@code id} with other content: refused (409). */
    public record Konflikt(UUID id) implements Utfall {
        static final String TYPE = "ekstern-referanse-brukt";
        static final String TITTEL = "eksternReferanse er brukt før";

        InnleveringFeil feil() {
            return new InnleveringFeil("/eksternReferanse", "eksternReferanse er brukt før, for forsendelse " + id
                    + " med annet innhold; en ny forsendelse trenger en ny eksternReferanse");
        }
    }

    /** Validates and stores; the channel-independent core of the intake. */
    public Utfall motta(String metadata, List<InnleveringVedlegg> vedlegg, String kanal) {
        return motta(les(metadata), vedlegg, kanal);
    }

    /** {@link #motta(String, List, String)} for metadata already parsed (null when absent or not JSON). */
    public Utfall motta(JsonNode metadata, List<InnleveringVedlegg> vedlegg, String kanal) {
        InnleveringResultat resultat = validator.valider(metadata, vedlegg);
        if (!resultat.ok()) {
            telt(kanal, "avvist");
            return new Avvist(resultat.feil());
        }
        return utfall(repository.lagre(resultat.innlevering(), kanal), resultat.innlevering(), kanal);
    }

    private Utfall utfall(ForsendelseRepository.Lagret lagret, Innlevering brev, String kanal) {
        if (lagret.annetInnhold()) {
            return konflikt(lagret.id(), brev.avsenderSystem(), kanal);
        }
        log.info("Letter {} {} from {} via {}", lagret.id(), lagret.ny() ? "accepted" : "already received", brev.avsenderSystem(), kanal);
        telt(kanal, lagret.ny() ? "ny" : "gjentatt");
        return new Mottatt(lagret.id(), lagret.ny());
    }

    /**
     * A batch of letters, each in the JMS inline form (metadata with {@code dokumenter[].innhold} as base64): each is
     * checked alone exactly as a single hand-in ({@link InnleveringValidator}, the sender must be {@code kaller}), and the
     * valid ones are stored together in one transaction ({@link ForsendelseRepository#lagreAlle}). One outcome per
     * letter, in order; a refused letter refuses only itself. {@code kaller} null: every known sender may be named.
     */
    public List<Utfall> mottaAlle(List<JsonNode> forsendelser, Predicate<String> kaller, String kanal) {
        Utfall[] utfall = new Utfall[forsendelser.size()];
        List<Innlevering> gyldige = new ArrayList<>();
        List<Integer> plass = new ArrayList<>();
        for (int i = 0; i < forsendelser.size(); i++) {
            JsonNode node = forsendelser.get(i);
            List<InnleveringFeil> kanalFeil = new ArrayList<>();
            List<InnleveringVedlegg> vedlegg = inlineVedlegg(node, kanalFeil);
            String avsender = node != null && node.path("avsenderSystem").isTextual() ? node.get("avsenderSystem").asText() : null;
            if (avsender != null && avsendersystemer.contains(avsender) && !kaller.test(avsender)) {
                telt(kanal, "avvist");
                utfall[i] = new FeilAvsender();
                continue;
            }
            InnleveringResultat resultat = validator.valider(node, vedlegg);
            if (!kanalFeil.isEmpty() || !resultat.ok()) {
                List<InnleveringFeil> alle = new ArrayList<>(kanalFeil);
                alle.addAll(resultat.feil());
                telt(kanal, "avvist");
                utfall[i] = new Avvist(alle);
                continue;
            }
            gyldige.add(resultat.innlevering());
            plass.add(i);
        }
        List<ForsendelseRepository.Lagret> lagret = repository.lagreAlle(gyldige, kanal);
        for (int j = 0; j < gyldige.size(); j++) {
            utfall[plass.get(j)] = utfall(lagret.get(j), gyldige.get(j), kanal);
        }
        return List.of(utfall);
    }

    /**
     * A hand-in under a reference already stored as letter {@code id}, whose documents are not at hand (an SFTP manifest
     * sent again after its PDFs moved): the same letter when its metadata matches, otherwise a {@link Konflikt}.
     */
    public Utfall gjentatt(UUID id, JsonNode metadata, String kanal) {
        if (!repository.sammeInnhold(id, Innholdsavtrykk.metadata(metadata), null)) {
            return konflikt(id, metadata.path("avsenderSystem").asText(), kanal);
        }
        log.info("Letter {} already received from {} via {}", id, metadata.path("avsenderSystem").asText(), kanal);
        telt(kanal, "gjentatt");
        return new Mottatt(id, false);
    }

    private Konflikt konflikt(UUID id, String avsender, String kanal) {
        log.warn("Letter from {} via {} refused: its eksternReferanse was used before for letter {} with other content", avsender, kanal, id);
        telt(kanal, "konflikt");
        return new Konflikt(id);
    }

    /** {@code esb.forsendelse.mottatt{kanal, utfall}}: hand-ins by channel and outcome (ny, gjentatt, avvist, konflikt). */
    private void telt(String kanal, String utfall) {
        metrics.counter("esb.forsendelse.mottatt", "kanal", kanal, "utfall", utfall).increment();
    }

    /**
     * {@code POST /api/forsendelser} (multipart/form-data): part {@code metadata} with the JSON, one part per
     * document whose file name is the document's {@code filnavn}. Answers 202 (new) or 200 (same letter again)
     * with {@code {"id"}} and Location, 400 problem+json when invalid, 415 when not multipart.
     */
    public void mottaRest(Exchange exchange) {
        try {
            HttpServletRequest request = request(exchange);
            String contentType = request == null ? null : request.getContentType();
            if (contentType == null || !contentType.toLowerCase().startsWith("multipart/form-data")) {
                ForsendelseApiSvar.problem(exchange, 415, "feil-innholdstype", "Feil innholdstype",
                        "forventer multipart/form-data med delen 'metadata' og ett vedlegg per dokument", List.of(), json);
                return;
            }
            String metadata = null;
            List<InnleveringVedlegg> vedlegg = new ArrayList<>();
            for (Part part : request.getParts()) {
                if (METADATA_DEL.equals(part.getName())) {
                    metadata = new String(innhold(part), StandardCharsets.UTF_8);
                } else if (part.getSubmittedFileName() != null) {
                    vedlegg.add(new InnleveringVedlegg(part.getSubmittedFileName(), innhold(part)));
                }
            }
            String avsender = metadata == null ? null : avsenderSystem(metadata);
            // an unknown sender system is refused by the validator (400); a known one must be the caller itself
            if (avsender != null && avsendersystemer.contains(avsender) && !ForsendelseApi.tilhoererKaller(exchange, avsender)) {
                log.warn("Letter intake refused: the caller submitted a letter for another sender system");
                ForsendelseApiSvar.problem(exchange, 403, "feil-avsender", "Feil avsender",
                        "avsenderSystem må være fagsystemet som er logget inn", List.of(), json);
                return;
            }
            svarHttp(exchange, motta(metadata, vedlegg, "REST"));
        } catch (Throwable e) {
            // classes and throw sites only: messages of JDBC or servlet exceptions may quote values from the request
            ForsendelseApiSvar.internFeil(exchange, log, "Letter intake over REST", e, "forsendelsen kunne ikke tas imot nå; prøv igjen senere", json);
        } finally {
            slettVedleggskopier(exchange);
        }
    }

    /**
     * {@code POST /api/forsendelser/bunker} (application/json): {@code {"forsendelser": [ … ]}}, each letter in the JMS
     * inline form. Answers 200 with one result per letter ({@code status} 202/200 with {@code id}, or 400/403/409 with
     * its {@code problem}); the whole batch is refused only when it cannot be read (400), is over a limit (413) or is not
     * JSON (415). Docs: docs/forsendelse-intake.md "Handing in a batch".
     */
    public void mottaBunke(Exchange exchange) {
        try {
            HttpServletRequest request = request(exchange);
            String contentType = request == null ? null : request.getContentType();
            if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                ForsendelseApiSvar.problem(exchange, 415, "feil-innholdstype", "Feil innholdstype",
                        "forventer application/json: {\"forsendelser\": [...]} med dokumentene som base64", List.of(), json);
                return;
            }
            long maksBytes = bunke.maksStorrelse().toBytes();
            byte[] body = request.getContentLengthLong() > maksBytes ? null : lesHoeyst(exchange, maksBytes);
            if (body == null) {
                log.warn("Batch intake refused (413): the body is over {} bytes", maksBytes);
                ForsendelseApiSvar.problem(exchange, 413, "for-stor", "For stor forespørsel",
                        "en bunke kan være høyst " + bunke.maksStorrelse().toMegabytes() + " MB; del den i flere", List.of(), json);
                return;
            }
            JsonNode dokument = les(body);
            JsonNode liste = dokument == null ? null : dokument.get("forsendelser");
            if (liste == null || !liste.isArray() || liste.isEmpty()) {
                ForsendelseApiSvar.problem(exchange, 400, "ugyldig-bunke", "Ugyldig bunke",
                        "forventer et JSON-objekt med en ikke-tom liste 'forsendelser'", List.of(new InnleveringFeil("/forsendelser",
                                "forsendelser mangler, er tom eller er ikke en liste")), json);
                return;
            }
            if (liste.size() > bunke.maksForsendelser()) {
                log.warn("Batch intake refused (413): {} letters, at most {}", liste.size(), bunke.maksForsendelser());
                ForsendelseApiSvar.problem(exchange, 413, "for-stor", "For stor forespørsel",
                        "en bunke kan ha høyst " + bunke.maksForsendelser() + " forsendelser, har " + liste.size() + "; del den i flere",
                        List.of(), json);
                return;
            }
            List<JsonNode> forsendelser = new ArrayList<>();
            liste.forEach(forsendelser::add);
            List<Utfall> utfall = mottaAlle(forsendelser, avsender -> ForsendelseApi.tilhoererKaller(exchange, avsender), "REST");
            long feilAvsender = utfall.stream().filter(FeilAvsender.class::isInstance).count();
            if (feilAvsender > 0) {
                log.warn("Batch intake: {} letter(s) refused, the caller submitted them for another sender system", feilAvsender);
            }
            ForsendelseApiSvar.json(exchange, 200, null, bunkesvar(forsendelser, utfall), json);
        } catch (Throwable e) {
            // classes and throw sites only: messages of JDBC or servlet exceptions may quote values from the request
            ForsendelseApiSvar.internFeil(exchange, log, "Batch intake over REST", e,
                    "bunken kunne ikke tas imot nå; ingen forsendelse i den er lagret; prøv igjen senere", json);
        }
    }

    /** The body, or null when it is longer than {@code maksBytes} (read no further than one byte past the limit). */
    private static byte[] lesHoeyst(Exchange exchange, long maksBytes) throws java.io.IOException {
        InputStream in = exchange.getIn().getBody(InputStream.class);
        if (in == null) {
            return new byte[0];
        }
        try (in) {
            byte[] lest = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maksBytes + 1));
            return lest.length > maksBytes ? null : lest;
        }
    }

    /** One entry per letter: its position, reference, HTTP-like status and id or problem (pointers under /forsendelser/i). */
    private ObjectNode bunkesvar(List<JsonNode> forsendelser, List<Utfall> utfall) {
        ObjectNode svar = json.createObjectNode();
        ArrayNode liste = json.createArrayNode();
        int mottatt = 0;
        for (int i = 0; i < utfall.size(); i++) {
            ObjectNode r = liste.addObject().put("indeks", i);
            JsonNode ref = forsendelser.get(i).get("eksternReferanse");
            if (ref != null && ref.isTextual() && ref.asText().length() <= InnleveringValidator.MAKS_REFERANSE) {
                r.put("eksternReferanse", Teksttegn.synlig(ref.asText()));
            }
            String peker = "/forsendelser/" + i;
            Utfall u = utfall.get(i);
            if (u instanceof Mottatt m) {
                mottatt++;
                r.put("status", m.ny() ? 202 : 200).put("id", m.id().toString()).put("location", STI + m.id());
            } else if (u instanceof Konflikt k) {
                r.put("status", 409).set("problem", ForsendelseApiSvar.problemNode(409, Konflikt.TYPE, Konflikt.TITTEL, k.feil().detail(),
                        under(peker, List.of(k.feil())), json));
            } else if (u instanceof FeilAvsender) {
                r.put("status", 403).set("problem", ForsendelseApiSvar.problemNode(403, FeilAvsender.TYPE, FeilAvsender.TITTEL,
                        FeilAvsender.FEIL.detail(), under(peker, List.of(FeilAvsender.FEIL)), json));
            } else {
                List<InnleveringFeil> feil = ((Avvist) u).feil();
                r.put("status", 400).set("problem", ForsendelseApiSvar.problemNode(400, "ugyldig-forsendelse", "Ugyldig forsendelse",
                        feil.size() + " feil i forsendelsen", under(peker, feil), json));
            }
        }
        svar.put("antall", utfall.size()).put("mottatt", mottatt).put("avvist", utfall.size() - mottatt);
        svar.set("forsendelser", liste);
        return svar;
    }

    private static List<InnleveringFeil> under(String peker, List<InnleveringFeil> feil) {
        return feil.stream().map(f -> new InnleveringFeil(peker + f.pointer(), f.detail(), f.type())).toList();
    }

    private String avsenderSystem(String metadata) {
        try {
            com.fasterxml.jackson.databind.JsonNode n = json.readTree(metadata).path("avsenderSystem");
            return n.isTextual() ? n.asText() : null;
        } catch (Exception e) {
            // unreadable metadata is reported by the validator with its reason
            return null;
        }
    }

    /**
     * platform-http on Spring Boot copies every uploaded file into the servlet temp folder as a Camel attachment
     * and never deletes it; the letter is read from the request parts instead, so the copies (personal data) are
     * deleted here.
     */
    static void slettVedleggskopier(Exchange exchange) {
        AttachmentMessage vedlegg = new DefaultAttachmentMessage(exchange.getIn());
        if (!vedlegg.hasAttachments()) {
            return;
        }
        for (String navn : List.copyOf(vedlegg.getAttachmentNames())) {
            DataHandler handler = vedlegg.getAttachment(navn);
            vedlegg.removeAttachment(navn);
            if (handler != null && handler.getDataSource() instanceof FileDataSource fil) {
                try {
                    Files.deleteIfExists(fil.getFile().toPath());
                } catch (java.io.IOException e) {
                    log.warn("Could not delete an uploaded file's temporary copy: {}", e.getClass().getName());
                }
            }
        }
    }

    /**
     * JMS intake (the sender's own queue {@code fagsystem.<avsender>.forsendelse.inn}, which only its broker user
     * may send to): the same metadata JSON with each document's content inline as base64 in
     * {@code dokumenter[].innhold}; {@code avsenderSystem} must be the queue's owner. Returns the answer body
     * ({@code {"id", "ny"}} or a problem document). A refused letter is stored as a dead letter with its reason.
     */
    public String mottaJms(Object body, String avsender, String korrelasjon) {
        long lengde = body instanceof byte[] b ? b.length : body instanceof String t ? t.length() : 0;
        if (lengde > maksJms.toBytes()) {
            // refused unread: reading, decoding and keeping it would hold it several times over on the heap
            telt("JMS", "avvist");
            String detail = "meldingen er " + megabyte(lengde) + ", en forsendelse på JMS kan være høyst " + maksJms.toMegabytes()
                    + " MB; lever store dokumenter med REST (multipart) eller SFTP";
            String referanse = avsender + "/jms:" + (korrelasjon == null ? "?" : Teksttegn.synlig(
                    korrelasjon.length() > 200 ? korrelasjon.substring(0, 200) : korrelasjon));
            UUID dead = repository.lagreDeadLetter(KILDE_JMS, referanse, "for stor: " + detail + " (innholdet er ikke tatt vare på)", null);
            log.warn("Letter over JMS refused unread (413): {} bytes, at most {}; dead letter {}", lengde, maksJms.toBytes(), dead);
            return ForsendelseApiSvar.problemTekst(413, "for-stor", "For stor forsendelse", detail, List.of(), json);
        }
        String tekst = body == null ? null : body instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : body.toString();
        return mottaInline(tekst, "JMS", KILDE_JMS, avsender);
    }

    private static String megabyte(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    /** The validator's errors alone, for a channel that found errors of its own and reports all of them at once. */
    public List<InnleveringFeil> valider(JsonNode metadata, List<InnleveringVedlegg> vedlegg) {
        return validator.valider(metadata, vedlegg).feil();
    }

    private String mottaInline(String body, String kanal, String kilde, String paakrevdAvsender) {
        JsonNode node = les(body);
        List<InnleveringFeil> kanalFeil = new ArrayList<>();
        List<InnleveringVedlegg> vedlegg = inlineVedlegg(node, kanalFeil);
        if (paakrevdAvsender != null && node != null && !paakrevdAvsender.equals(node.path("avsenderSystem").asText(null))) {
            log.warn("Letter over {} refused: avsenderSystem is not {}, whose queue it came through", kanal, paakrevdAvsender);
            kanalFeil.add(new InnleveringFeil("/avsenderSystem", "avsenderSystem må være fagsystemet som leverer: eieren av køen ("
                    + paakrevdAvsender + ")"));
        }
        Utfall utfall;
        if (kanalFeil.isEmpty()) {
            utfall = motta(body, vedlegg, kanal);
        } else {
            List<InnleveringFeil> alle = new ArrayList<>(kanalFeil);
            alle.addAll(validator.valider(node, vedlegg).feil());
            telt(kanal, "avvist");
            utfall = new Avvist(alle);
        }
        if (utfall instanceof Mottatt m) {
            return svarTekst(m);
        }
        return avvis(utfall, node, body == null ? null : body.getBytes(StandardCharsets.UTF_8), kanal, kilde);
    }

    /** The inline documents ({@code dokumenter[].innhold}, base64) of a letter; a missing or broken one is an error in {@code kanalFeil}. */
    private static List<InnleveringVedlegg> inlineVedlegg(JsonNode node, List<InnleveringFeil> kanalFeil) {
        List<InnleveringVedlegg> vedlegg = new ArrayList<>();
        if (node != null && node.path("dokumenter").isArray()) {
            JsonNode dokumenter = node.get("dokumenter");
            for (int i = 0; i < dokumenter.size(); i++) {
                JsonNode d = dokumenter.get(i);
                if (!d.path("innhold").isTextual()) {
                    kanalFeil.add(new InnleveringFeil("/dokumenter/" + i + "/innhold", "dokument " + (i + 1) + ": innhold (base64) mangler"));
                    continue;
                }
                try {
                    vedlegg.add(new InnleveringVedlegg(d.path("filnavn").asText(null), Base64.getMimeDecoder().decode(d.get("innhold").asText())));
                } catch (IllegalArgumentException e) {
                    kanalFeil.add(new InnleveringFeil("/dokumenter/" + i + "/innhold", "dokument " + (i + 1) + ": innhold er ikke gyldig base64"));
                }
            }
        }
        return vedlegg;
    }

    /** The answer to an accepted letter on the JMS and SFTP channels: {@code {"id", "ny"}}. */
    public String svarTekst(Mottatt mottatt) {
        return json.createObjectNode().put("id", mottatt.id().toString()).put("ny", mottatt.ny()).toString();
    }

    /**
     * Refuses a letter ({@link Avvist} or {@link Konflikt}) on a channel without a caller waiting (JMS, SFTP): keeps it
     * as a dead letter of {@code kilde} with the reasons and the hand-in as payload, and returns the problem document
     * to answer with.
     */
    public String avvis(Utfall utfall, JsonNode metadata, byte[] payload, String kanal, String kilde) {
        boolean konflikt = utfall instanceof Konflikt;
        List<InnleveringFeil> feil = utfall instanceof Konflikt k ? List.of(k.feil()) : ((Avvist) utfall).feil();
        // the reference may hold the very characters that were refused (a NUL cannot be stored in text)
        String referanse = metadata == null ? null : Teksttegn.synlig(
                metadata.path("avsenderSystem").asText("?") + "/" + metadata.path("eksternReferanse").asText("?"));
        String grunn = (konflikt ? "eksternReferanse brukt før: " : "ugyldig forsendelse: ")
                + feil.stream().map(InnleveringFeil::detail).collect(Collectors.joining("; "));
        UUID dead = repository.lagreDeadLetter(kilde, referanse, Teksttegn.synlig(grunn), payload);
        log.warn("Letter over {} refused with {} error(s); dead letter {}", kanal, feil.size(), dead);
        return konflikt ? ForsendelseApiSvar.problemTekst(409, Konflikt.TYPE, Konflikt.TITTEL, feil.get(0).detail(), feil, json)
                : ForsendelseApiSvar.problemTekst(400, "ugyldig-forsendelse", "Ugyldig forsendelse", feil.size() + " feil i forsendelsen", feil, json);
    }

    private void svarHttp(Exchange exchange, Utfall utfall) {
        if (utfall instanceof Mottatt m) {
            ForsendelseApiSvar.json(exchange, m.ny() ? 202 : 200, STI + m.id(), Map.of("id", m.id().toString()), json);
        } else if (utfall instanceof Konflikt k) {
            ForsendelseApiSvar.problem(exchange, 409, Konflikt.TYPE, Konflikt.TITTEL, k.feil().detail(), List.of(k.feil()), json);
        } else {
            List<InnleveringFeil> feil = ((Avvist) utfall).feil();
            ForsendelseApiSvar.problem(exchange, 400, "ugyldig-forsendelse", "Ugyldig forsendelse",
                    feil.size() == 1 ? feil.get(0).detail() : feil.size() + " feil i forsendelsen: "
                            + feil.stream().map(InnleveringFeil::detail).collect(Collectors.joining("; ")), feil, json);
        }
    }

    private static HttpServletRequest request(Exchange exchange) {
        // platform-http on Spring Boot keeps the servlet request (already multipart-resolved by Spring MVC) on its message
        if (exchange.getIn() instanceof PlatformHttpMessage m) {
            return m.getRequest();
        }
        return null;
    }

    private static byte[] innhold(Part part) throws java.io.IOException {
        try (InputStream in = part.getInputStream()) {
            return in.readAllBytes();
        }
    }

    /** A batch body parsed straight from its bytes: a copy as text would double a 50 MB batch in memory. */
    private JsonNode les(byte[] body) {
        try {
            return body.length == 0 ? null : json.readTree(body);
        } catch (Exception e) {
            return null;
        }
    }

    private JsonNode les(String tekst) {
        if (tekst == null || tekst.isBlank()) {
            return null;
        }
        try {
            return json.readTree(tekst);
        } catch (Exception e) {
            return null;
        }
    }
}
