package no.kommune.esb.simulator.svarut;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated SvarUt's memory: every forsendelse received (thread-safe, in arrival order) with its
 * documents and status history. Statuses advance by one step every {@code simulator.svarut.status-step}
 * along a path chosen from the recipient (see {@link #plan}), read lazily against the simulator clock;
 * a status set on demand stops the automatic progression for that forsendelse.
 * <p>
 * Memory stays bounded per forsendelse, so a local platform that runs for days (or a benchmark that sends tens of
 * thousands) does not fill its heap with the simulator: the forsendelse JSON is held as its compact bytes and read
 * again when asked for, and the document bytes are kept only for the newest {@code simulator.svarut.behold-innhold}
 * forsendelser (default 10,000; older ones keep name, type, size and SHA-256, as the admin listing shows).
 */
@Component
public class SvarUtSimulator {

    /** The v2 contract's statuses. */
    public enum Status {
        MOTTATT, AKSEPTERT, AVVIST, VARSLET, LEST, SENDT_PRINT, PRINTET, MANUELT_HANDTERT, SENDT_DIGITALT, SENDT_SDP,
        LEVERT_SDP, KLAR_FOR_MOTTAK, IKKE_LEVERT
    }

    private static final Map<Status, String> TEKST = Map.ofEntries(
            Map.entry(Status.MOTTATT, "Forsendelse mottatt"),
            Map.entry(Status.AKSEPTERT, "Akseptert for ekspedering"),
            Map.entry(Status.AVVIST, "Forsendelse avvist"),
            Map.entry(Status.VARSLET, "Mottaker varslet"),
            Map.entry(Status.LEST, "Forsendelse lest av mottaker"),
            Map.entry(Status.SENDT_PRINT, "Sendt til print"),
            Map.entry(Status.PRINTET, "Printet og sendt med post"),
            Map.entry(Status.MANUELT_HANDTERT, "Manuelt håndtert"),
            Map.entry(Status.SENDT_DIGITALT, "Sendt digitalt"),
            Map.entry(Status.SENDT_SDP, "Sendt til digital postkasse"),
            Map.entry(Status.LEVERT_SDP, "Levert til digital postkasse"),
            Map.entry(Status.KLAR_FOR_MOTTAK, "Klar for mottak"),
            Map.entry(Status.IKKE_LEVERT, "Ikke levert"));

    /** One entry in a forsendelse's history. */
    public record Hendelse(Instant tidspunkt, Status status, String tekst) {
    }

    /** A received document: metadata, digest, and the bytes when small (≤ {@value #BEHOLD_MAKS} bytes). */
    public record LagretDokument(String filnavn, String mimeType, String partNavn, long storrelse, String sha256, byte[] innhold) {
        public static final int BEHOLD_MAKS = 1024 * 1024;
    }

    /** A received forsendelse. Thread-safe. */
    public static final class LagretForsendelse {
        private final UUID id;
        private final String kontoId;
        private final byte[] forsendelse;
        private final String eksternReferanse;
        private volatile List<LagretDokument> dokumenter;
        private final List<Status> plan;
        private final List<Hendelse> hendelser = new ArrayList<>();
        private boolean manuell;

        LagretForsendelse(UUID id, String kontoId, JsonNode forsendelse, List<LagretDokument> dokumenter, Instant mottatt) {
            this.id = id;
            this.kontoId = kontoId;
            this.forsendelse = tilBytes(forsendelse);
            JsonNode ref = forsendelse.get("eksternReferanse");
            this.eksternReferanse = ref == null || ref.isNull() ? null : ref.asText();
            this.dokumenter = List.copyOf(dokumenter);
            this.plan = plan(forsendelse);
            this.hendelser.add(new Hendelse(mottatt, Status.MOTTATT, TEKST.get(Status.MOTTATT)));
        }

        public UUID id() {
            return id;
        }

        public String kontoId() {
            return kontoId;
        }

        /** The forsendelse JSON as received (read again from its bytes; a new tree each time). */
        public JsonNode forsendelse() {
            try {
                return JSON.readTree(forsendelse);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public String eksternReferanse() {
            return eksternReferanse;
        }

        /** Lets the document bytes go; name, type, size and digest stay. */
        void glemInnhold() {
            if (dokumenter.stream().anyMatch(d -> d.innhold() != null)) {
                dokumenter = dokumenter.stream()
                        .map(d -> new LagretDokument(d.filnavn(), d.mimeType(), d.partNavn(), d.storrelse(), d.sha256(), null))
                        .toList();
            }
        }

        private static byte[] tilBytes(JsonNode json) {
            try {
                return JSON.writeValueAsBytes(json);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public List<LagretDokument> dokumenter() {
            return dokumenter;
        }

        public Instant mottatt() {
            return hendelser().get(0).tidspunkt();
        }

        /** Applies every automatic step due by {@code naa}: one per {@code steg} after the previous one. */
        synchronized void fremdrift(Instant naa, Duration steg) {
            if (manuell || steg.isZero() || steg.isNegative()) {
                return;
            }
            Hendelse siste = hendelser.get(hendelser.size() - 1);
            int i = plan.indexOf(siste.status());
            while (i >= 0 && i + 1 < plan.size() && !siste.tidspunkt().plus(steg).isAfter(naa)) {
                Status neste = plan.get(++i);
                siste = new Hendelse(siste.tidspunkt().plus(steg), neste, TEKST.get(neste));
                hendelser.add(siste);
            }
        }

        synchronized void settStatus(Status status, Instant naa) {
            manuell = true;
            hendelser.add(new Hendelse(naa, status, TEKST.get(status)));
        }

        public synchronized Hendelse siste() {
            return hendelser.get(hendelser.size() - 1);
        }

        public synchronized List<Hendelse> hendelser() {
            return List.copyOf(hendelser);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<UUID, LagretForsendelse> forsendelser = new ConcurrentHashMap<>();
    /** Arrival order; appended and read under its own lock (a copy-on-write list made every send copy all before it). */
    private final List<LagretForsendelse> iRekkefolge = new ArrayList<>();
    private final Clock clock;
    private final Duration steg;
    private final int beholdInnhold;

    public SvarUtSimulator(Clock simulatorClock, @Value("${simulator.svarut.status-step:PT10S}") Duration steg,
                           @Value("${simulator.svarut.behold-innhold:10000}") int beholdInnhold) {
        this.clock = simulatorClock;
        this.steg = steg;
        this.beholdInnhold = Math.max(0, beholdInnhold);
    }

    /**
     * The automatic status path: a person's digitalId (11 digits) goes to the digital postbox
     * (SENDT_SDP → LEVERT_SDP), an organisation number (9 digits) to Altinn (SENDT_DIGITALT → LEST), no
     * digitalId to print (SENDT_PRINT → PRINTET); all start MOTTATT → AKSEPTERT.
     */
    static List<Status> plan(JsonNode forsendelse) {
        String digitalId = forsendelse.path("mottaker").path("digitalId").asText("");
        if (digitalId.matches("\\d{11}")) {
            return List.of(Status.MOTTATT, Status.AKSEPTERT, Status.SENDT_SDP, Status.LEVERT_SDP);
        }
        if (digitalId.matches("\\d{9}")) {
            return List.of(Status.MOTTATT, Status.AKSEPTERT, Status.SENDT_DIGITALT, Status.LEST);
        }
        return List.of(Status.MOTTATT, Status.AKSEPTERT, Status.SENDT_PRINT, Status.PRINTET);
    }

    public LagretForsendelse lagre(String kontoId, JsonNode forsendelse, List<LagretDokument> dokumenter) {
        LagretForsendelse f = new LagretForsendelse(UUID.randomUUID(), kontoId, forsendelse, dokumenter, clock.instant());
        forsendelser.put(f.id(), f);
        LagretForsendelse eldre;
        synchronized (iRekkefolge) {
            iRekkefolge.add(f);
            int i = iRekkefolge.size() - 1 - beholdInnhold;
            eldre = i >= 0 ? iRekkefolge.get(i) : null;
        }
        if (eldre != null) {
            eldre.glemInnhold();
        }
        return f;
    }

    public int antall() {
        synchronized (iRekkefolge) {
            return iRekkefolge.size();
        }
    }

    /** Every forsendelse received, oldest first. */
    public List<LagretForsendelse> alle() {
        List<LagretForsendelse> alle = iRekkefolge();
        alle.forEach(f -> f.fremdrift(clock.instant(), steg));
        return alle;
    }

    public Optional<LagretForsendelse> finn(UUID id) {
        LagretForsendelse f = forsendelser.get(id);
        if (f != null) {
            f.fremdrift(clock.instant(), steg);
        }
        return Optional.ofNullable(f);
    }

    public List<UUID> finnForEksternReferanse(String kontoId, String eksternReferanse) {
        return finnForEksternReferanse(kontoId, eksternReferanse, java.time.Duration.ZERO);
    }

    /** As {@link #finnForEksternReferanse(String, String)}, leaving out those received less than {@code synligEtter} ago. */
    public List<UUID> finnForEksternReferanse(String kontoId, String eksternReferanse, java.time.Duration synligEtter) {
        Instant grense = clock.instant().minus(synligEtter);
        return iRekkefolge().stream()
                .filter(f -> f.kontoId().equals(kontoId) && eksternReferanse.equals(f.eksternReferanse()))
                .filter(f -> !f.mottatt().isAfter(grense))
                .map(LagretForsendelse::id)
                .toList();
    }

    /** Sets a status now, as if SvarUt had moved the letter; stops automatic progression. False when unknown. */
    public boolean settStatus(UUID id, Status status) {
        LagretForsendelse f = forsendelser.get(id);
        if (f == null) {
            return false;
        }
        f.fremdrift(clock.instant(), steg);
        f.settStatus(status, clock.instant());
        return true;
    }

    /** A snapshot of the arrival order. */
    private List<LagretForsendelse> iRekkefolge() {
        synchronized (iRekkefolge) {
            return List.copyOf(iRekkefolge);
        }
    }

    public void nullstill() {
        forsendelser.clear();
        synchronized (iRekkefolge) {
            iRekkefolge.clear();
        }
    }
}
