package no.kommune.esb.hendelser;

import no.kommune.esb.folkeregister.Hendelsestype;
import no.kommune.esb.mapping.Mapping;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
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
        sett.set(Sett.av(resultat));
    }

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
