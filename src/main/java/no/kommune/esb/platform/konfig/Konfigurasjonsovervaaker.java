package no.kommune.esb.platform.konfig;

import io.micrometer.core.instrument.MeterRegistry;
import no.kommune.esb.hendelser.Fagsystem;
import no.kommune.esb.hendelser.FagsystemLoader;
import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.hendelser.Problem;
import no.kommune.esb.hendelser.RuteValidator;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Puts edited config files live without a restart, after checking them with the validators {@code bin/validate-config}
 * runs. Each round ({@link #sjekk()}) compares the files' checksums with the version last acted on, once a folder reads
 * the same as in the previous round: a file caught half-saved, or gone for a moment while an editor replaces it, is
 * never acted on.
 * <ul>
 *   <li>a changed route file is loaded with Camel's YAML DSL loader and, when valid, handed to Camel's own route loader,
 *       which stops the running route of the same id gracefully (in-flight exchanges finish) and starts the new one;
 *       a file that fails to start puts the earlier version back;</li>
 *   <li>a changed registration or mapping (or golden example) reloads all registrations and mappings exactly as
 *       start-up does — every mapping compiled, every golden example run — and swaps them as one set only when all
 *       are valid.</li>
 * </ul>
 * An invalid edit leaves the running version in place, logs a WARN per problem ({@code file:line:column: reason}, never
 * file content), counts it, and shows it in {@link Konfigurasjonsstatus}.
 */
public class Konfigurasjonsovervaaker {

    /** The watched folders. */
    public record Mapper(Path ruter, Path fagsystemer, Path mappinger) {
    }

    static final String METRIKK = "esb.konfig.lasting";
    static final String RUTER = "ruter";
    static final String FAGSYSTEMER = "fagsystemer";

    private static final Logger log = LoggerFactory.getLogger(Konfigurasjonsovervaaker.class);

    private final Mapper mapper;
    private final CamelContext camel;
    private final FagsystemRegistry registry;
    private final Konfigurasjonsstatus status;
    private final MeterRegistry metrics;
    private final Environment environment;
    private final Clock clock;
    /** Further folders reloaded as a whole by their feature (e.g. the proactive triggers), with their files last round. */
    private final List<Konfigsett> sett;
    private final Map<String, Filsett> settfiler = new HashMap<>();

    /** The route and registration files as last acted on (loaded, refused or removed). */
    private Filsett ruter = Filsett.TOMT;
    private Filsett fagsystemfiler = Filsett.TOMT;
    /**
     * Each folder's files as the previous round read them ({@link #stabil}; the routes' {@link #RUTER}, the
     * registrations' {@link #FAGSYSTEMER}, a {@link Konfigsett}'s by its type): a folder is acted on only when a round
     * reads it the same again.
     */
    private final Map<String, Filsett> forrigeRunde = new HashMap<>();
    /** The text of each route file's live version, put back when a new version fails to start. */
    private final Map<Path, String> liveRuter = new HashMap<>();

    public Konfigurasjonsovervaaker(Mapper mapper, CamelContext camel, FagsystemRegistry registry, Konfigurasjonsstatus status,
                                    MeterRegistry metrics, Environment environment, Clock clock) {
        this(mapper, camel, registry, status, metrics, environment, clock, List.of());
    }

    public Konfigurasjonsovervaaker(Mapper mapper, CamelContext camel, FagsystemRegistry registry, Konfigurasjonsstatus status,
                                    MeterRegistry metrics, Environment environment, Clock clock, List<Konfigsett> sett) {
        this.sett = List.copyOf(sett);
        this.mapper = mapper;
        this.camel = camel;
        this.registry = registry;
        this.status = status;
        this.metrics = metrics;
        this.environment = environment;
        this.clock = clock;
    }

    /** The config that names registrations and must hold against a reloaded set ({@link Registreringsavhengig}). */
    private List<Registreringsavhengig> avhengige = List.of();

    /** Sets the config checked against every reloaded set of registrations before it goes live. */
    public void setAvhengige(List<Registreringsavhengig> avhengige) {
        this.avhengige = List.copyOf(avhengige);
    }

    /**
     * The checksum of every live file, keyed by its folder's kind and its path in that folder ({@code ruter/…},
     * {@code fagsystemer/…}, {@code mappinger/…}, or a {@link Konfigsett}'s type), so instances that keep the folders at
     * different places compare alike ({@link Konfignoder}). A refused edit counts with the version that runs.
     */
    public Map<String, String> fingeravtrykk() {
        Map<String, String> ut = new java.util.TreeMap<>();
        for (Konfigfil f : status.filer()) {
            if (f.sjekksum() != null) {
                noekkel(f.sti()).ifPresent(n -> ut.put(n, f.sjekksum()));
            }
        }
        return ut;
    }

    /**
     * A watched file as people see it (the console): its folder's kind and its path in that folder, as
     * {@link #fingeravtrykk()} keys it ({@code ruter/hendelser/hendelser-feed.camel.yaml}), so no page shows where this
     * machine keeps the folders; a path outside the folders stays as it is.
     */
    public String vist(String sti) {
        return noekkel(sti).orElse(sti);
    }

    /**
     * A refusal's reason as people see it: each watched folder in it (as configured, or as an absolute path) named by
     * its kind instead, as {@link #vist(String)} names the file.
     */
    public String vistTekst(String tekst) {
        String ut = tekst;
        for (Map.Entry<String, Path> m : mapper().entrySet()) {
            Path mappe = m.getValue();
            for (String form : List.of(mappe.toAbsolutePath().normalize().toString(), mappe.normalize().toString())) {
                if (form.isEmpty() || form.equals(".")) {
                    continue;
                }
                // only a whole path: not the end of a longer one, nor the start of a longer folder name
                ut = ut.replaceAll("(?<![\\w./-])" + java.util.regex.Pattern.quote(form) + "(?=[/\\\\])",
                        java.util.regex.Matcher.quoteReplacement(m.getKey()));
            }
        }
        return ut;
    }

    /** The watched folders by kind, in the order a file is looked up in them. */
    private Map<String, Path> mapper() {
        Map<String, Path> mapper = new java.util.LinkedHashMap<>();
        mapper.put(Konfignoder.FAGSYSTEMER, this.mapper.fagsystemer());
        mapper.put(Konfignoder.MAPPINGER, this.mapper.mappinger());
        mapper.put(RUTER, this.mapper.ruter());
        sett.forEach(k -> mapper.put(k.type(), k.mappe()));
        return mapper;
    }

    private Optional<String> noekkel(String sti) {
        Path fil = Path.of(sti).toAbsolutePath().normalize();
        for (Map.Entry<String, Path> m : mapper().entrySet()) {
            Path mappe = m.getValue().toAbsolutePath().normalize();
            if (fil.startsWith(mappe)) {
                return Optional.of(m.getKey() + "/" + mappe.relativize(fil).toString().replace('\\', '/'));
            }
        }
        return Optional.empty();
    }

    /** Takes the files as start-up loaded them as the live versions. */
    public synchronized void start() {
        Instant naa = clock.instant();
        ruter = lesRuter();
        forrigeRunde.put(RUTER, ruter);
        for (Path fil : ruter.sjekksummer().keySet()) {
            lesTekst(fil).ifPresent(tekst -> {
                liveRuter.put(fil, tekst);
                status.live(sti(fil), Filsett.sjekksum(tekst.getBytes(StandardCharsets.UTF_8)), naa);
            });
        }
        fagsystemfiler = lesFagsystemfiler();
        forrigeRunde.put(FAGSYSTEMER, fagsystemfiler);
        fagsystemfiler.sjekksummer().forEach((fil, sum) -> status.live(sti(fil), sum, naa));
        for (Konfigsett k : sett) {
            Filsett filer = lesSett(k);
            settfiler.put(k.type(), filer);
            forrigeRunde.put(sett(k), filer);
            filer.sjekksummer().forEach((fil, sum) -> status.live(sti(fil), sum, naa));
        }
    }

    /**
     * One round: finds what changed since the version last acted on and reloads it (or refuses it). A folder is acted on
     * only when this round reads it as the previous round did (an edit that has stayed the same for one interval):
     * editors save in steps (truncate and write, or delete and rename a new file in), and a round that caught one mid-way
     * would put a half file live, or remove a route or registration the next save brings back.
     */
    public synchronized void sjekk() {
        sjekkRuter();
        sjekkFagsystemer();
        sett.forEach(this::sjekkSett);
    }

    /**
     * Whether {@code mappe} reads as the previous round read it (an edit that has stayed the same for one interval),
     * remembering this round's read for the next: editors save in steps, and a round that caught one mid-way would put
     * a half file live or remove what the next save brings back.
     */
    private boolean stabil(String mappe, Filsett naa) {
        Filsett foer = forrigeRunde.put(mappe, naa);
        return naa.equals(foer == null ? Filsett.TOMT : foer);
    }

    private static String sett(Konfigsett k) {
        return "sett:" + k.type();
    }

    /** A changed file of a {@link Konfigsett}: the whole folder loaded again and swapped, or refused with its problems. */
    private void sjekkSett(Konfigsett k) {
        Filsett naa = lesSett(k);
        if (!stabil(sett(k), naa)) {
            return;
        }
        Filsett.Endring endring = naa.endringFra(settfiler.getOrDefault(k.type(), Filsett.TOMT));
        settfiler.put(k.type(), naa);
        if (endring.tom()) {
            return;
        }
        List<Problem> problemer = k.lastOgBytt();
        if (!problemer.isEmpty()) {
            settAvvist(k.type(), naa, endring, problemer);
            return;
        }
        settLive(naa);
        endring.slettede().forEach(fil -> status.fjernet(sti(fil)));
        metrics.counter(METRIKK, "type", k.type(), "resultat", "lastet").increment();
        log.info("{} files reloaded after {} file(s) changed", k.type(), endring.nyeOgEndrede().size() + endring.slettede().size());
    }

    /**
     * A set loaded as a whole was refused: each changed or deleted file, and each file refused before that is still
     * there, shows its own problems (or all of them, when none names it); the running set stays.
     */
    private void settAvvist(String type, Filsett naa, Filsett.Endring endring, List<Problem> problemer) {
        List<String> alle = problemer.stream().map(Problem::toString).toList();
        Set<Path> beroert = new java.util.TreeSet<>(endring.nyeOgEndrede());
        beroert.addAll(endring.slettede());
        status.filer().stream().filter(f -> Konfigfil.UGYLDIG.equals(f.status())).map(f -> Path.of(f.sti()))
                .filter(p -> naa.sjekksum(p) != null).forEach(beroert::add);
        for (Path fil : beroert) {
            avvist(type, fil, problemerI(fil, problemer).orElse(alle));
        }
    }

    /** A set loaded as a whole went live: each file is LIVE, keeping its time when only a neighbour changed. */
    private void settLive(Filsett naa) {
        Instant tid = clock.instant();
        naa.sjekksummer().forEach((fil, sum) -> {
            Konfigfil foer = status.fil(sti(fil));
            if (foer == null || !sum.equals(foer.sjekksum()) || !Konfigfil.LIVE.equals(foer.status())) {
                status.live(sti(fil), sum, foer != null && sum.equals(foer.sjekksum()) ? foer.lastet() : tid);
            }
        });
    }

    private static Filsett lesSett(Konfigsett k) {
        return Filsett.les(k.mappe(), false, f -> {
            String navn = f.getFileName().toString();
            return navn.endsWith(".yaml") || navn.endsWith(".yml");
        });
    }

    private void sjekkRuter() {
        Filsett naa = lesRuter();
        if (!stabil(RUTER, naa)) {
            return;
        }
        Filsett.Endring endring = naa.endringFra(ruter);
        Map<Path, String> handtert = new HashMap<>(ruter.sjekksummer());
        for (Path fil : endring.nyeOgEndrede()) {
            if (lastRute(fil, naa.sjekksum(fil))) {
                handtert.put(fil, naa.sjekksum(fil));
            }
        }
        for (Path fil : endring.slettede()) {
            fjernRute(fil);
            handtert.remove(fil);
        }
        ruter = new Filsett(handtert);
    }

    /**
     * Loads (or refuses) the route file whose content this round read with {@code sjekksum}; false when the file is gone
     * or changed since, so a later round takes it once it stays the same.
     */
    private boolean lastRute(Path fil, String sjekksum) {
        byte[] innhold;
        try {
            innhold = Files.readAllBytes(fil);
        } catch (IOException e) {
            return false;
        }
        if (!sjekksum.equals(Filsett.sjekksum(innhold))) {
            return false;
        }
        Optional<String> utf8 = utf8(innhold);
        if (utf8.isEmpty()) {
            // e.g. saved as Windows-1252 with an æ, ø or å: used to be passed over without a word while the old version ran
            avvist(RUTER, fil, List.of(sti(fil) + ":" + feilUtf8(innhold) + ": not UTF-8 text; save the file as UTF-8"));
            return true;
        }
        String tekst = utf8.get();
        String live = liveRuter.get(fil);
        if (tekst.equals(live)) {
            // back to the version that runs (after a refused edit): nothing to reload
            Konfigfil foer = status.fil(sti(fil));
            status.live(sti(fil), sjekksum, foer != null && foer.lastet() != null ? foer.lastet() : clock.instant());
            return true;
        }
        Optional<Problem> problem = RuteValidator.sjekk(fil, tekst);
        if (problem.isPresent()) {
            avvist(RUTER, fil, List.of(problem.get().toString()));
            return true;
        }
        // routes made from a template at start-up (the JMS intake per sender system) are not made again by a reload, so
        // an edited template would show live while they keep the old one
        List<String> maler = live == null ? List.of() : malIder(fil, live, tekst);
        if (!maler.isEmpty()) {
            avvist(RUTER, fil, List.of(sti(fil) + ": defines route template(s) " + maler + ", which a reload does not put live "
                    + "(the routes made from them at start-up keep the version they started with); the edit goes live with a restart"));
            return true;
        }
        // a route id another live file defines: loading would take that file's route over, and deleting either file
        // later would remove the route both name (and a restart refuses two routes of one id)
        List<String> andres = andreFilersRuter(fil, RuteValidator.ruteIder(fil, tekst));
        if (!andres.isEmpty()) {
            avvist(RUTER, fil, List.of(sti(fil) + ": route id(s) " + andres + " already defined by another route file; give each route an id of its own"));
            return true;
        }
        try {
            Set<String> ider = oppdater(fil, tekst);
            liveRuter.put(fil, tekst);
            status.live(sti(fil), Filsett.sjekksum(tekst.getBytes(StandardCharsets.UTF_8)), clock.instant());
            metrics.counter(METRIKK, "type", RUTER, "resultat", "lastet").increment();
            log.info("Route file {} reloaded: {} live", vist(sti(fil)), ider);
        } catch (Exception e) {
            gjenopprett(fil);
            avvist(RUTER, fil, List.of(sti(fil) + ": does not start, the earlier version runs: " + rotaarsak(e)));
        }
        return true;
    }

    /** The route templates the live version or the edited text of a route file defines. */
    private static List<String> malIder(Path fil, String live, String tekst) {
        Set<String> maler = new java.util.TreeSet<>(RuteValidator.malIder(fil, live));
        maler.addAll(RuteValidator.malIder(fil, tekst));
        return List.copyOf(maler);
    }

    /** Hands the text to Camel's route loader; routes this file no longer defines are stopped and removed. */
    private Set<String> oppdater(Path fil, String tekst) throws Exception {
        Resource resource = ResourceHelper.fromString("file:" + fil, tekst);
        Set<String> ider = PluginHelper.getRoutesLoader(camel).updateRoutes(Set.of(resource));
        for (String id : ruteIderFra(fil)) {
            if (!ider.contains(id)) {
                fjern(id);
            }
        }
        return ider;
    }

    /** After a failed start: the live version again, or (a new file) none of it. */
    private void gjenopprett(Path fil) {
        String live = liveRuter.get(fil);
        try {
            if (live != null) {
                oppdater(fil, live);
            } else {
                for (String id : ruteIderFra(fil)) {
                    fjern(id);
                }
            }
        } catch (Exception e) {
            log.error("Route file {}: the earlier version could not be put back: {}", vist(sti(fil)), vistTekst(String.valueOf(rotaarsak(e))));
        }
    }

    private void fjernRute(Path fil) {
        String live = liveRuter.get(fil);
        List<String> maler = live == null ? List.of() : RuteValidator.malIder(fil, live);
        if (!maler.isEmpty()) {
            // the routes made from the template keep running, and the next start-up could not make them
            avvist(RUTER, fil, List.of(sti(fil) + ": deleted, but it defines route template(s) " + maler
                    + " that routes are made from at start-up; the template keeps running, put the file back"));
            return;
        }
        try {
            List<String> ider = ruteIderFra(fil);
            for (String id : ider) {
                fjern(id);
            }
            liveRuter.remove(fil);
            status.fjernet(sti(fil));
            metrics.counter(METRIKK, "type", RUTER, "resultat", "fjernet").increment();
            log.info("Route file {} deleted: routes {} stopped and removed", vist(sti(fil)), ider);
        } catch (Exception e) {
            avvist(RUTER, fil, List.of(sti(fil) + ": deleted, but its routes could not be stopped: " + rotaarsak(e)));
        }
    }

    private void fjern(String ruteId) throws Exception {
        // a graceful stop: the route takes no new exchange and the ones in flight finish
        camel.getRouteController().stopRoute(ruteId);
        camel.removeRoute(ruteId);
    }

    /** The ids among {@code ider} that a running route loaded from another file than {@code fil} has. */
    private List<String> andreFilersRuter(Path fil, List<String> ider) {
        Path maal = fil.toAbsolutePath().normalize();
        List<String> andres = new ArrayList<>();
        for (String id : ider) {
            Route r = camel.getRoute(id);
            Resource kilde = r == null ? null : r.getSourceResource();
            if (kilde != null && kilde.getLocation() != null && kilde.getLocation().startsWith("file:")
                    && !Path.of(kilde.getLocation().substring("file:".length())).toAbsolutePath().normalize().equals(maal)) {
                andres.add(id);
            }
        }
        return andres;
    }

    private List<String> ruteIderFra(Path fil) {
        Path maal = fil.toAbsolutePath().normalize();
        List<String> ider = new ArrayList<>();
        for (Route r : camel.getRoutes()) {
            Resource kilde = r.getSourceResource();
            if (kilde != null && kilde.getLocation() != null && kilde.getLocation().startsWith("file:")
                    && Path.of(kilde.getLocation().substring("file:".length())).toAbsolutePath().normalize().equals(maal)) {
                ider.add(r.getRouteId());
            }
        }
        return ider;
    }

    private void sjekkFagsystemer() {
        Filsett naa = lesFagsystemfiler();
        if (!stabil(FAGSYSTEMER, naa)) {
            return;
        }
        Filsett.Endring endring = naa.endringFra(fagsystemfiler);
        if (endring.tom()) {
            return;
        }
        FagsystemLoader.Resultat resultat = FagsystemLoader.last(mapper.fagsystemer(), mapper.mappinger());
        Filsett lastet = lesFagsystemfiler();
        if (!lastet.equals(naa)) {
            // edited while it was loaded: what was loaded may not be what the checksums say; the next rounds take it
            forrigeRunde.put(FAGSYSTEMER, lastet);
            return;
        }
        fagsystemfiler = naa;
        List<Problem> problemer = new ArrayList<>(resultat.problemer());
        problemer.addAll(webhookProblemer(resultat));
        if (problemer.isEmpty()) {
            // the triggers and extract orders that name the registrations must hold against the new ones too
            for (Registreringsavhengig a : avhengige) {
                problemer.addAll(a.sjekkMot(resultat));
            }
        }
        if (!problemer.isEmpty()) {
            settAvvist(FAGSYSTEMER, naa, endring, problemer);
            return;
        }
        registry.erstatt(resultat);
        settLive(naa);
        status.filer().stream().map(Konfigfil::sti).filter(this::erFagsystemfil).filter(s -> naa.sjekksum(Path.of(s)) == null)
                .forEach(status::fjernet);
        metrics.counter(METRIKK, "type", FAGSYSTEMER, "resultat", "lastet").increment();
        log.info("Fagsystem registrations and mappings reloaded after {} file(s) changed: {} live", endring.nyeOgEndrede().size()
                + endring.slettede().size(), resultat.fagsystemer().stream().map(Fagsystem::id).sorted().toList());
    }

    /** A webhook URL must resolve in this environment before the registration goes live (start-up checks the same). */
    private List<Problem> webhookProblemer(FagsystemLoader.Resultat resultat) {
        List<Problem> problemer = new ArrayList<>();
        for (Fagsystem f : resultat.fagsystemer()) {
            if (f.levering() instanceof Fagsystem.Http h) {
                try {
                    URI uri = URI.create(environment.resolveRequiredPlaceholders(h.url()));
                    if (uri.getHost() == null || uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
                        problemer.add(new Problem(f.kilde(), "levering.http.url " + h.url() + " does not resolve to an absolute http(s) URL here"));
                    }
                } catch (IllegalArgumentException e) {
                    problemer.add(new Problem(f.kilde(), "levering.http.url " + h.url() + " does not resolve here: " + e.getMessage()));
                }
            }
        }
        return problemer;
    }

    private boolean erFagsystemfil(String sti) {
        Path p = Path.of(sti).toAbsolutePath().normalize();
        return p.startsWith(mapper.fagsystemer().toAbsolutePath().normalize()) || p.startsWith(mapper.mappinger().toAbsolutePath().normalize());
    }

    private static Optional<List<String>> problemerI(Path fil, List<Problem> problemer) {
        Path maal = fil.toAbsolutePath().normalize();
        List<String> egne = problemer.stream().filter(p -> p.file().toAbsolutePath().normalize().equals(maal)).map(Problem::toString).toList();
        return egne.isEmpty() ? Optional.empty() : Optional.of(egne);
    }

    private void avvist(String type, Path fil, List<String> feil) {
        Konfigfil foer = status.fil(sti(fil));
        status.ugyldig(sti(fil), feil);
        if (foer == null || !feil.equals(foer.feil())) {
            metrics.counter(METRIKK, "type", type, "resultat", "avvist").increment();
            // named as the console and GET /api/konfig name it: not where this machine keeps the folders
            feil.forEach(f -> log.warn("Config edit refused, the running version stays: {}", vistTekst(f)));
        }
    }

    private Filsett lesRuter() {
        return Filsett.les(mapper.ruter(), true, f -> f.getFileName().toString().endsWith(RuteValidator.ENDING));
    }

    private Filsett lesFagsystemfiler() {
        Filsett registreringer = Filsett.les(mapper.fagsystemer(), false, f -> {
            String navn = f.getFileName().toString();
            return navn.endsWith(".yaml") || navn.endsWith(".yml");
        });
        return registreringer.pluss(Filsett.les(mapper.mappinger(), true, f -> !f.getFileName().toString().equals("README.md")));
    }

    /** The text of {@code innhold} when it is valid UTF-8. */
    private static Optional<String> utf8(byte[] innhold) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(innhold)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** {@code line:column} of the first byte of {@code innhold} that is not UTF-8 (the column counted in bytes). */
    static String feilUtf8(byte[] innhold) {
        ByteBuffer inn = ByteBuffer.wrap(innhold);
        CoderResult r = StandardCharsets.UTF_8.newDecoder().decode(inn, CharBuffer.allocate(innhold.length + 1), true);
        int pos = r.isError() ? inn.position() : innhold.length;
        int linje = 1;
        int linjestart = 0;
        for (int i = 0; i < pos; i++) {
            if (innhold[i] == '\n') {
                linje++;
                linjestart = i + 1;
            }
        }
        return linje + ":" + (pos - linjestart + 1);
    }

    private static Optional<String> lesTekst(Path fil) {
        try {
            return Optional.of(Files.readString(fil, StandardCharsets.UTF_8));
        } catch (IOException e) {
            // gone or unreadable between listing and reading: the next round sees it again
            return Optional.empty();
        }
    }

    private static String sti(Path fil) {
        return fil.toString();
    }

    private static String rotaarsak(Throwable e) {
        Throwable rot = e;
        while (rot.getCause() != null) {
            rot = rot.getCause();
        }
        return rot.getMessage();
    }
}
