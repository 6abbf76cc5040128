package no.kommune.esb.folkeregister;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/** The typed event names are exactly the Hendelsestype enum of freg.yaml. */
class HendelsestypeContractTest {

    private static final Path FREG = Path.of("../shared/contracts/folkeregisteret/freg.yaml");

    @Test
    void should_know_every_event_type_of_the_contract_and_no_other() throws IOException {
        Assumptions.assumeTrue(Files.exists(FREG), "SKIPPED: ../shared/contracts absent: event type names not checked against freg.yaml");
        List<String> contract = enumAfter(Files.readAllLines(FREG), "title: Hendelsestype");

        assertThat(contract).isNotEmpty();
        assertThat(contract).allSatisfy(name -> assertThat(Hendelsestype.fromRegisterName(name)).as(name).isNotEqualTo(Hendelsestype.UKJENT));
        assertThat(Arrays.stream(Hendelsestype.values()).map(Hendelsestype::registerName).filter(Objects::nonNull))
                .containsExactlyInAnyOrderElementsOf(contract);
    }

    /** The "- value" lines of the first enum after the line holding {@code marker}. */
    private static List<String> enumAfter(List<String> lines, String marker) {
        List<String> values = new ArrayList<>();
        int i = 0;
        while (i < lines.size() && !lines.get(i).trim().equals(marker)) {
            i++;
        }
        while (i < lines.size() && !lines.get(i).trim().equals("enum:")) {
            i++;
        }
        for (i++; i < lines.size() && lines.get(i).trim().startsWith("- "); i++) {
            values.add(lines.get(i).trim().substring(2).trim());
        }
        return values;
    }
}
