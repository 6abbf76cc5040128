package no.kommune.esb.uttrekk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import no.kommune.esb.hendelser.Fagsystem;
import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.hendelser.Relasjon;
import no.kommune.esb.uttrekk.format.Uttrekksformat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The order files of {@code config/uttrekk/} and the output formats, checked against each other and against the
 * fagsystem registrations: an order whose fagsystem, related persons, format or mapping does not fit stops the start
 * with every problem listed. Immutable.
 */
public final class Uttrekksregister {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, Uttrekksbestilling> bestillinger;
    private final Map<String, Uttrekksformat> formater;
    private final FagsystemRegistry fagsystemer;

    private Uttrekksregister(Map<String, Uttrekksbestilling> bestillinger, Map<String, Uttrekksformat> formater, FagsystemRegistry fagsystemer) {
        this.bestillinger = Map.copyOf(bestillinger);
        this.formater = Map.copyOf(formater);
        this.fagsystemer = fagsystemer;
    }

    /** Reads every {@code *.yaml} in {@code mappe} (a missing folder holds none). */
    public static Uttrekksregister last(Path mappe, Collection<Uttrekksformat> formater, FagsystemRegistry fagsystemer) {
        Map<String, Uttrekksformat> etterNavn = formater.stream().collect(Collectors.toMap(Uttrekksformat::navn, Function.identity(), (a, b) -> {
            throw new IllegalStateException("two output formats are named " + a.navn());
        }));
        Uttrekksregister tomt = new Uttrekksregister(Map.of(), etterNavn, fagsystemer);
        Map<String, Uttrekksbestilling> lest = new TreeMap<>();
        List<String> problemer = new ArrayList<>();
        if (Files.isDirectory(mappe)) {
            try (Stream<Path> filer = Files.list(mappe)) {
                for (Path fil : filer.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
                    String navn = fil.getFileName().toString().replaceFirst("\\.yaml$", "");
                    try {
                        JsonNode d = YAML.readTree(fil.toFile());
                        Uttrekksbestilling b = Uttrekksbestilling.les(d, navn);
                        if (!b.navn().equals(navn)) {
                            throw new IllegalArgumentException("navn must be the file's name, " + navn);
                        }
                        tomt.valider(b);
                        lest.put(navn, b);
                    } catch (IOException | IllegalArgumentException e) {
                        problemer.add(fil + ": " + e.getMessage());
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot list " + mappe + ": " + e.getMessage(), e);
            }
        }
        if (!problemer.isEmpty()) {
            throw new IllegalStateException("invalid extract orders:\n  " + String.join("\n  ", problemer));
        }
        return new Uttrekksregister(lest, etterNavn, fagsystemer);
    }

    /**
     * Checks an order against the registrations and formats: the fagsystem exists, the related persons are among those
     * its registration may see, the format exists and accepts the settings.
     *
     * @throws IllegalArgumentException with the reason
     */
    public void valider(Uttrekksbestilling b) {
        Fagsystem f = fagsystemer.finn(b.fagsystem())
                .orElseThrow(() -> new IllegalArgumentException("fagsystem '" + b.fagsystem() + "' is not registered"));
        for (Relasjon r : b.relaterte()) {
            if (!f.relaterte().roller().contains(r)) {
                throw new IllegalArgumentException("relaterte: " + r + " is not in " + f.id() + "'s relatertePersoner.roller");
            }
        }
        Uttrekksformat format = format(b.format());
        if (format instanceof no.kommune.esb.uttrekk.format.CsvUttrekksformat csv) {
            try {
                csv.layout(new Uttrekksformat.Valg(b.tittel(), null, b.innstillinger()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("innstillinger.mapping: " + e.getMessage(), e);
            }
        }
    }

    /** The format bean of this name. */
    public Uttrekksformat format(String navn) {
        Uttrekksformat f = formater.get(navn);
        if (f == null) {
            throw new IllegalArgumentException("format '" + navn + "' is unknown; known: " + new TreeMap<>(formater).keySet());
        }
        return f;
    }

    /** True when a format bean of this name exists. */
    public boolean harFormat(String navn) {
        return formater.containsKey(navn);
    }

    public Optional<Uttrekksbestilling> finn(String navn) {
        return Optional.ofNullable(bestillinger.get(navn));
    }

    /** Every order file, by name. */
    public List<Uttrekksbestilling> alle() {
        return new TreeMap<>(bestillinger).values().stream().toList();
    }

    public Fagsystem fagsystem(String id) {
        return fagsystemer.finn(id).orElseThrow(() -> new IllegalArgumentException("fagsystem '" + id + "' is not registered"));
    }
}
