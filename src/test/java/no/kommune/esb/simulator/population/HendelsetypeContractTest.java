package no.kommune.esb.simulator.population;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class HendelsetypeContractTest {

    static final Path FREG = Path.of("../shared/contracts/folkeregisteret/freg.yaml");

    @Test
    void should_only_emit_hendelsetyper_from_the_freg_yaml_enum() throws Exception {
        Assumptions.assumeTrue(Files.exists(FREG), "SKIPPED: ../shared/contracts absent: hendelsetype names not checked against freg.yaml");
        Set<String> allowed = hendelsestypeEnum(Files.readString(FREG));
        SyntheticPopulation pop = SyntheticPopulation.generate(11, 1000, "4601", SyntheticPopulationTest.CLOCK);

        Set<String> emitted = new HashSet<>();
        for (ChangeKind kind : ChangeKind.values()) {
            pop.change(kind, null, null).events().forEach(e -> emitted.add(e.hendelsetype()));
        }

        assertThat(allowed).hasSizeGreaterThan(30);
        assertThat(allowed).containsAll(emitted);
    }

    /** The enum under the Hendelse schema's {@code hendelsestype} property. */
    private static Set<String> hendelsestypeEnum(String yaml) {
        int start = yaml.indexOf("title: Hendelsestype");
        Matcher m = Pattern.compile("\\n\\s+- ([A-Za-z]+)").matcher(yaml.substring(start, yaml.indexOf("folkeregisteret.tilgjengeliggjoering.hendelse.v1.Identifikasjonsdokument:", start)));
        Set<String> values = new HashSet<>();
        while (m.find()) {
            values.add(m.group(1));
        }
        return values;
    }
}
