package no.kommune.esb.hendelser;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.mapping.Eksempelmapper;
import no.kommune.esb.mapping.Mapping;
import no.kommune.esb.mapping.MappingException;
import no.kommune.esb.mapping.Posisjon;
import no.kommune.esb.mapping.Utdatasammenligning;
import no.kommune.esb.model.Gradering;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The golden examples a registration's mapping must have ({@code mappings/README.md}): at least one case
 * {@code examples/<case>/} next to the mapping file, each with {@code input.json} that the mapping maps without
 * error and {@code expected.<ext>}; and a case for each protected-address situation the registration can receive.
 * A case is protected by what its input holds, not by its name: {@code "adresseTilbakeholdt": true} is a withheld
 * address (every registration that sees addresses needs one), an address whose {@code gradering} is FORTROLIG or
 * KLIENTADRESSE is a protected address shown (needed when {@code beskyttedeAdresser: true}). An input holding an
 * address the registration could never receive (strengt fortrolig, or fortrolig without beskyttedeAdresser) is
 * refused, so the examples show what the platform really sends. The output must match {@code expected.<ext>}
 * ({@link Utdatasammenligning}), so a mapping edit that changes what a fagsystem receives is refused until its examples say so.
 */
public final class Eksempler {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one case's input shows of address protection. */
    private record Beskyttelse(boolean tilbakeholdt, boolean vistBeskyttet) {
    }

    private Eksempler() {
    }

    /**
     * @param registrering        the registration file, where missing cases are reported
     * @param mappingFile         where the registration names its mapping file
     * @param beskyttedeAdresser  where the registration sets {@code beskyttedeAdresser}
     */
    static List<Problem> sjekk(Fagsystem fagsystem, Mapping mapping, Path registrering, Posisjon mappingFile,
                               Posisjon beskyttedeAdresser) {
        return sjekk(fagsystem.mapping().file(), fagsystem, mapping, registrering, mappingFile, beskyttedeAdresser);
    }

    /**
     * The golden examples of a mapping another configuration names for a fagsystem (a proactive trigger's message,
     * docs/proaktiv.md): in {@code examples/} next to {@code mappingFil}, with the cases {@code fagsystem}'s
     * registration requires, since the message holds what that registration lets through; a missing case is reported
     * at {@code fil}:{@code mappingPos}.
     */
    public static List<Problem> sjekk(Path mappingFil, Fagsystem fagsystem, Mapping mapping, Path fil, Posisjon mappingPos) {
        return sjekk(mappingFil, fagsystem, mapping, fil, mappingPos, mappingPos);
    }

    private static List<Problem> sjekk(Path mappingFil, Fagsystem fagsystem, Mapping mapping, Path registrering, Posisjon mappingFile,
                                       Posisjon beskyttedeAdresser) {
        Path examples = mappingFil.getParent().resolve("examples");
        String expectedName = "expected." + mapping.format().extension();
        List<Path> cases = Eksempelmapper.tilfeller(examples);
        if (cases.isEmpty()) {
            return List.of(new Problem(registrering, mappingFile.linje(), mappingFile.kolonne(), "mapping " + mapping.source()
                    + " has no golden examples: add " + examples + "/<case>/input.json and " + expectedName + " (mappings/README.md)"));
        }
        List<Problem> problems = new ArrayList<>();
        boolean tilbakeholdt = false;
        boolean vistBeskyttet = false;
        for (Path caseDir : cases) {
            Path input = caseDir.resolve("input.json");
            if (!Files.isRegularFile(caseDir.resolve(expectedName))) {
                problems.add(new Problem(caseDir, "example has no " + expectedName));
            }
            if (!Files.isRegularFile(input)) {
                problems.add(new Problem(caseDir, "example has no input.json"));
                continue;
            }
            Beskyttelse b = beskyttelse(input, fagsystem.data().beskyttedeAdresser(), problems);
            if (b == null) {
                continue;
            }
            tilbakeholdt |= b.tilbakeholdt();
            vistBeskyttet |= b.vistBeskyttet();
            kjoer(mapping, input, caseDir.resolve(expectedName), problems);
        }
        if (mottarAdresser(fagsystem) && !tilbakeholdt) {
            problems.add(new Problem(registrering, mappingFile.linje(), mappingFile.kolonne(), "mapping " + mapping.source()
                    + " has no example with a withheld protected address: the registration sees addresses, so add a case whose"
                    + " input has no address and \"adresseTilbakeholdt\": true (mappings/README.md)"));
        }
        if (fagsystem.data().beskyttedeAdresser() && !vistBeskyttet) {
            problems.add(new Problem(registrering, beskyttedeAdresser.linje(), beskyttedeAdresser.kolonne(), "mapping "
                    + mapping.source() + " has no example with a fortrolig address: beskyttedeAdresser is true, so add a case"
                    + " whose input has an address with \"gradering\": \"FORTROLIG\" or \"KLIENTADRESSE\" (mappings/README.md)"));
        }
        return problems;
    }

    /** True when the registration lets any address through, so protected ones can be withheld from it. */
    private static boolean mottarAdresser(Fagsystem fagsystem) {
        return fagsystem.data().tillater(Felt.ADRESSE) || fagsystem.data().tillater(Felt.DELT_BOSTED)
                || (!fagsystem.relaterte().roller().isEmpty() && fagsystem.relaterte().felter().contains(Felt.ADRESSE));
    }

    /** Reads the input's address protection as a stream of tokens, so each refused grading has its line. */
    private static Beskyttelse beskyttelse(Path input, boolean beskyttedeAdresser, List<Problem> problems) {
        boolean tilbakeholdt = false;
        boolean vistBeskyttet = false;
        try (JsonParser p = JSON.createParser(input.toFile())) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t != JsonToken.FIELD_NAME) {
                    continue;
                }
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("adresseTilbakeholdt".equals(name) && value == JsonToken.VALUE_TRUE) {
                    tilbakeholdt = true;
                } else if ("gradering".equals(name) && value == JsonToken.VALUE_STRING) {
                    Gradering g = gradering(p.getText());
                    Posisjon l = Posisjon.av(p.currentTokenLocation()).orElse(Posisjon.START);
                    if (g == null) {
                        problems.add(new Problem(input, l.linje(), l.kolonne(), "unknown gradering '" + p.getText()
                                + "' (one of " + Arrays.toString(Gradering.values()) + ")"));
                    } else if (!Dataminimering.adresseTillatt(g, null, beskyttedeAdresser)) {
                        problems.add(new Problem(input, l.linje(), l.kolonne(), "an address graded " + g
                                + " never reaches this fagsystem (" + (g == Gradering.STRENGT_FORTROLIG
                                ? "strengt fortrolig is always withheld" : "beskyttedeAdresser is false")
                                + "): the case must show it withheld, no address and \"adresseTilbakeholdt\": true"));
                    } else if (g == Gradering.FORTROLIG || g == Gradering.KLIENTADRESSE) {
                        vistBeskyttet = true;
                    }
                }
            }
        } catch (JsonProcessingException e) {
            Posisjon l = Posisjon.av(e).orElse(Posisjon.START);
            problems.add(new Problem(input, l.linje(), l.kolonne(), "not valid JSON: " + e.getOriginalMessage()));
            return null;
        } catch (IOException e) {
            problems.add(new Problem(input, "cannot read: " + e.getMessage()));
            return null;
        }
        return new Beskyttelse(tilbakeholdt, vistBeskyttet);
    }

    private static Gradering gradering(String name) {
        try {
            return Gradering.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Runs the mapping on the case: a golden example it cannot map, or maps to other than its expected output, fails. */
    private static void kjoer(Mapping mapping, Path input, Path expected, List<Problem> problems) {
        try {
            JsonNode document = JSON.readTree(input.toFile());
            String actual = mapping.map(document);
            if (Files.isRegularFile(expected)) {
                Utdatasammenligning.forskjell(mapping.format(), Files.readString(expected), actual).ifPresent(d ->
                        problems.add(new Problem(expected, 1, 1, "mapping " + mapping.source() + " gives other output than this golden example: " + d)));
            }
        } catch (MappingException e) {
            problems.add(new Problem(input, 1, 1, "mapping " + mapping.source() + " fails on this input: " + e.reason()));
        } catch (IOException e) {
            problems.add(new Problem(input, "cannot read: " + e.getMessage()));
        }
    }
}
