package no.kommune.esb.uttrekk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import no.kommune.esb.hendelser.Fagsystem;
import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.hendelser.Relasjon;
import no.kommune.esb.hendelser.Problem;
import no.kommune.esb.mapping.Posisjon;
import no.kommune.esb.mapping.YamlPosisjoner;
import no.kommune.esb.uttrekk.format.CsvUttrekksformat;
import no.kommune.esb.uttrekk.format.Uttrekksformat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The order files of {@code config/uttrekk/} and the output formats, checked against each other and against the
 * fagsystem registrations: an order whose fagsystem, criteria, related persons, format, mapping or schedule does not fit
 * stops the start with every problem listed as {@code file:line:column: reason}, the same problems
 * {@code bin/validate-config} prints ({@link #sjekk}). Immutable.
 */
public final class Uttrekksregister {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, Uttrekksbestilling> bestillinger;
    private final Map<String, Uttrekksformat> formater;
    private final Function<String, Optional<Fagsystem>> fagsystemer;

    private Uttrekksregister(Map<String, Uttrekksbestilling> bestillinger, Map<String, Uttrekksformat> formater,
                             Function<String, Optional<Fagsystem>> fagsystemer) {
        this.bestillinger = Map.copyOf(bestillinger);
        this.formater = Map.copyOf(formater);
        this.fagsystemer = fagsystemer;
    }

    /** What a check found: the valid orders by name and every problem. */
    public record Resultat(Map<String, Uttrekksbestilling> bestillinger, List<Problem> problemer) {
        public Resultat {
            bestillinger = Map.copyOf(bestillinger);
            problemer = List.copyOf(problemer);
        }
    }

    /** Reads every {@code *.yaml} in {@code mappe} (a missing folder holds none); throws listing every problem. */
    public static Uttrekksregister last(Path mappe, Collection<Uttrekksformat> formater, FagsystemRegistry fagsystemer) {
        Resultat r = sjekk(mappe, formater, fagsystemer::finn);
        if (!r.problemer().isEmpty()) {
            throw new IllegalStateException("invalid extract orders:\n  "
                    + String.join("\n  ", r.problemer().stream().map(Problem::toString).toList()));
        }
        return new Uttrekksregister(r.bestillinger(), etterNavn(formater), fagsystemer::finn);
    }

    /**
     * Checks every order file in {@code mappe} against the registrations and formats, each problem at the line of the key
     * it is about (start-up and {@code bin/validate-config}).
     */
    public static Resultat sjekk(Path mappe, Collection<Uttrekksformat> formater, Function<String, Optional<Fagsystem>> fagsystemer) {
        Uttrekksregister tomt = new Uttrekksregister(Map.of(), etterNavn(formater), fagsystemer);
        Map<String, Uttrekksbestilling> lest = new TreeMap<>();
        List<Problem> problemer = new ArrayList<>();
        if (!Files.isDirectory(mappe)) {
            return new Resultat(lest, problemer);
        }
        List<Path> filer;
        try (Stream<Path> liste = Files.list(mappe)) {
            filer = liste.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            problemer.add(new Problem(mappe, "cannot list folder: " + e.getMessage()));
            return new Resultat(lest, problemer);
        }
        for (Path fil : filer) {
            String navn = fil.getFileName().toString().replaceFirst("\\.yaml$", "");
            YamlPosisjoner at;
            JsonNode d;
            try {
                String tekst = Files.readString(fil, StandardCharsets.UTF_8);
                at = YamlPosisjoner.les(tekst);
                d = YAML.readTree(tekst);
            } catch (YamlPosisjoner.UgyldigYaml e) {
                problemer.add(new Problem(fil, e.posisjon().linje(), e.posisjon().kolonne(), e.grunn()));
                continue;
            } catch (IOException e) {
                problemer.add(new Problem(fil, "cannot read: " + e.getMessage()));
                continue;
            }
            try {
                Uttrekksbestilling b = Uttrekksbestilling.les(d, navn);
                if (!b.navn().equals(navn)) {
                    throw new Uttrekksbestilling.UgyldigBestillingException("navn", "navn must be the file's name, " + navn);
                }
                tomt.valider(b);
                lest.put(navn, b);
            } catch (Uttrekksbestilling.UgyldigBestillingException e) {
                Posisjon p = e.ukjentNoekkel() ? at.avNoekkel(e.sti()) : at.av(e.sti());
                problemer.add(new Problem(fil, p.linje(), p.kolonne(), e.getMessage()));
            }
        }
        return new Resultat(lest, problemer);
    }

    private static Map<String, Uttrekksformat> etterNavn(Collection<Uttrekksformat> formater) {
        return formater.stream().collect(Collectors.toMap(Uttrekksformat::navn, Function.identity(), (a, b) -> {
            throw new IllegalStateException("two output formats are named " + a.navn());
        }));
    }

    /**
     * Checks an order against the registrations and formats: the fagsystem exists, the related persons are among those
     * its registration may see, the delivery goes to the fagsystem's own folder or topic, the format exists and accepts
     * the settings.
     *
     * @throws Uttrekksbestilling.UgyldigBestillingException with the key and the reason
     */
    public void valider(Uttrekksbestilling b) {
        Fagsystem f = fagsystemer.apply(b.fagsystem()).orElseThrow(() -> new Uttrekksbestilling.UgyldigBestillingException("fagsystem",
                "fagsystem '" + b.fagsystem() + "' is not registered (config/fagsystemer/" + b.fagsystem() + ".yaml)"));
        for (Relasjon r : b.relaterte()) {
            if (!f.relaterte().roller().contains(r)) {
                throw new Uttrekksbestilling.UgyldigBestillingException("relaterte",
                        "relaterte: " + r + " is not in " + f.id() + "'s relatertePersoner.roller " + new TreeSet<>(f.relaterte().roller()));
            }
        }
        // the file goes only where this fagsystem reads: its own SFTP folder (its user is confined to /<id>) or its own
        // topics, never to another fagsystem that may see less (a school extract with identity numbers on the fee system's topic)
        if (b.levering() instanceof Uttrekksbestilling.Sftp sftp && !(sftp.folder().equals(f.id()) || sftp.folder().startsWith(f.id() + "/"))) {
            throw new Uttrekksbestilling.UgyldigBestillingException("levering.sftp.folder",
                    "levering.sftp.folder must be " + f.id() + "'s own folder '" + f.id() + "/…'");
        }
        if (b.levering() instanceof Uttrekksbestilling.Kafka kafka && !kafka.topic().startsWith("fagsystem." + f.id() + ".")) {
            throw new Uttrekksbestilling.UgyldigBestillingException("levering.kafka.topic",
                    "levering.kafka.topic must be one of " + f.id() + "'s own topics 'fagsystem." + f.id() + ".…'");
        }
        Uttrekksformat format = formater.get(b.format());
        if (format == null) {
            throw new Uttrekksbestilling.UgyldigBestillingException("format",
                    "format '" + b.format() + "' is unknown; known: " + new TreeMap<>(formater).keySet());
        }
        if (format instanceof CsvUttrekksformat csv) {
            try {
                csv.layout(new Uttrekksformat.Valg(b.tittel(), null, b.innstillinger()));
            } catch (RuntimeException e) {
                throw new Uttrekksbestilling.UgyldigBestillingException(b.innstillinger().containsKey(CsvUttrekksformat.MAPPING)
                        ? "innstillinger." + CsvUttrekksformat.MAPPING : "format", "innstillinger.mapping: " + e.getMessage());
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
        return fagsystemer.apply(id).orElseThrow(() -> new IllegalArgumentException("fagsystem '" + id + "' is not registered"));
    }
}
