package no.kommune.esb.hendelser;

import no.kommune.esb.folkeregister.Hendelsestype;
import no.kommune.esb.mapping.Mapping;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The loaded, valid fagsystem registrations with their compiled mappings. Immutable. */
public final class FagsystemRegistry {

    private final Map<String, Fagsystem> fagsystemer;
    private final Map<String, Mapping> mappinger;

    private FagsystemRegistry(List<Fagsystem> fagsystemer, Map<String, Mapping> mappinger) {
        this.fagsystemer = fagsystemer.stream()
                .collect(Collectors.toUnmodifiableMap(Fagsystem::id, Function.identity()));
        this.mappinger = Map.copyOf(mappinger);
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
        return new FagsystemRegistry(resultat.fagsystemer(), resultat.mappinger());
    }

    /** All registrations, ordered by id. */
    public List<Fagsystem> alle() {
        return fagsystemer.values().stream().sorted((a, b) -> a.id().compareTo(b.id())).toList();
    }

    public Optional<Fagsystem> finn(String id) {
        return Optional.ofNullable(fagsystemer.get(id));
    }

    /** The fagsystems that receive events of {@code type}, ordered by id. */
    public List<Fagsystem> abonnenter(Hendelsestype type) {
        return alle().stream().filter(f -> f.abonnererPaa(type)).toList();
    }

    /** The compiled mapping of a registered fagsystem. */
    public Mapping mapping(String id) {
        Mapping mapping = mappinger.get(id);
        if (mapping == null) {
            throw new IllegalArgumentException("no fagsystem registered with id '" + id + "'");
        }
        return mapping;
    }
}
