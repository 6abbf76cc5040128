package no.kommune.esb.hendelser;

import no.kommune.esb.folkeregister.Hendelsestype;
import no.kommune.esb.mapping.Mapping;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The loaded, valid fagsystem registrations with their compiled mappings. Each set is immutable; a reload
 * ({@link #erstatt}) swaps the whole set in one step, so every call sees either the old set or the new one, never
 * a mix of registrations and mappings from both.
 */
public final class FagsystemRegistry {

    /** One complete, valid set of registrations and their mappings. */
    private record Sett(Map<String, Fagsystem> fagsystemer, Map<String, Mapping> mappinger) {

        static Sett av(FagsystemLoader.Resultat resultat) {
            return new Sett(resultat.fagsystemer().stream().collect(Collectors.toUnmodifiableMap(Fagsystem::id, Function.identity())),
                    Map.copyOf(resultat.mappinger()));
        }
    }

    private final AtomicReference<Sett> sett;

    private FagsystemRegistry(FagsystemLoader.Resultat resultat) {
        this.sett = new AtomicReference<>(Sett.av(resultat));
    }

    /**
     * Loads every registration and compiles every mapping.
     *
     * @throws UgyldigKonfigurasjonException listing every problem (file + reason) when anything is wrong
     */
    public static FagsystemRegistry last(Path fagsystemerDir, Path mappingsDir) {
        FagsystemLoader.Resultat resultat = FagsystemLoader.last(fagsystemerDir, mappingsDir);
        if (!resultat.ok()) {
            throw new UgyldigKonfigurasjonException(resultat.problemer());
        }
        return new FagsystemRegistry(resultat);
    }

    /**
     * Replaces the running set with a freshly loaded one in one step (a reload after an edit, see
     * {@code platform.konfig}); only a load without problems may go live.
     *
     * @throws IllegalArgumentException when {@code resultat} has problems
     */
    public void erstatt(FagsystemLoader.Resultat resultat) {
        if (!resultat.ok()) {
            throw new IllegalArgumentException("an invalid set of registrations never goes live: " + resultat.problemer());
        }
        Sett ny = Sett.av(resultat);
        Sett gammel = sett.getAndSet(ny);
        Set<String> endret = new TreeSet<>();
        ny.fagsystemer().forEach((id, f) -> {
            Fagsystem foer = gammel.fagsystemer().get(id);
            // a registration added back after a reload removed it: its rows still waiting were made under the one before
            // (the reload that removed it told nobody), so they are made again under this one as after any change
            if (foer == null || !sammeMinimering(foer, f)) {
                endret.add(id);
            }
        });
        if (!endret.isEmpty()) {
            for (Consumer<Set<String>> lytter : lyttere) {
                try {
                    lytter.accept(Set.copyOf(endret));
                } catch (RuntimeException e) {
                    log.error("A listener to changed registrations {} failed ({}): deliveries already waiting for them keep the documents"
                            + " made under the old registration", endret, e.getClass().getSimpleName());
                }
            }
        }
    }

    /** Whether two versions of a registration let the same data through: events, population, fields, related persons. */
    static boolean sammeMinimering(Fagsystem a, Fagsystem b) {
        return a.hendelsestyper().equals(b.hendelsestyper()) && a.populasjon().equals(b.populasjon())
                && a.data().equals(b.data()) && a.relaterte().equals(b.relaterte());
    }

    /**
     * Whether what was made under this registration (a fan-out batch's documents, read from the registry when the batch
     * began) may wait as it was made: it is still the live registration, or the live one lets the same data through
     * ({@link #sammeMinimering}). False once a reload narrowed, widened or removed it: the caller then stores its rows to
     * be made again under the live one ({@code MINIMERES}), never as waiting; an instance read from the registry is
     * compared, so a mapping-only or schedule edit costs nothing.
     */
    public boolean gjeldende(Fagsystem brukt) {
        Fagsystem naa = sett.get().fagsystemer().get(brukt.id());
        return naa == brukt || (naa != null && sammeMinimering(naa, brukt));
    }

    /**
     * Told, after a reload went live, the ids of the fagsystems whose registration now lets other data through
     * ({@link #sammeMinimering}), or that the set before it did not hold (added, or added back after a removal: rows
     * made under an earlier registration may still wait): the event fan-out re-makes their waiting deliveries under it.
     */
    public void vedEndretMinimering(Consumer<Set<String>> lytter) {
        lyttere.add(lytter);
    }

    private final List<Consumer<Set<String>>> lyttere = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(FagsystemRegistry.class);

    /** All registrations, ordered by id. */
    public List<Fagsystem> alle() {
        return sett.get().fagsystemer().values().stream().sorted((a, b) -> a.id().compareTo(b.id())).toList();
    }

    public Optional<Fagsystem> finn(String id) {
        return Optional.ofNullable(sett.get().fagsystemer().get(id));
    }

    /** The fagsystems that receive events of {@code type}, ordered by id. */
    public List<Fagsystem> abonnenter(Hendelsestype type) {
        return alle().stream().filter(f -> f.abonnererPaa(type)).toList();
    }

    /** The compiled mapping of a registered fagsystem. */
    public Mapping mapping(String id) {
        Mapping mapping = sett.get().mappinger().get(id);
        if (mapping == null) {
            throw new IllegalArgumentException("no fagsystem registered with id '" + id + "'");
        }
        return mapping;
    }
}
