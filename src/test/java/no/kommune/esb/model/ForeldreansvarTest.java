package no.kommune.esb.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.folkeregister.FolkeregisterMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which foreldreansvar entries on a person's document are about that person as the child (DOMAIN.md rule 7). */
class ForeldreansvarTest {

    private static final Path EXAMPLES = Path.of("../shared/contracts/folkeregisteret/examples");

    // example | the entries about the person, as "ansvar:ansvarlig"
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // a mother: both current entries name her as ansvarlig for a child, none is about her
            "17868597437 | -",
            // a child: the current entry is about her (the two felles entries are history, not mapped)
            "02851798067 | MOR:23878597885",
            // a child with unknown residence: about her
            "20821098387 | MOR:07818194638",
    })
    void should_keep_only_the_entries_about_the_person_from_a_real_register_answer(String eksempel, String forventet) throws Exception {
        Path fil = EXAMPLES.resolve(eksempel).resolve("npr.json");
        Assumptions.assumeTrue(Files.exists(fil), "SKIPPED: ../shared/contracts absent");
        Person p = new FolkeregisterMapper().toPerson(new ObjectMapper().readTree(fil.toFile()));

        List<String> om = p.foreldreansvarForPersonen().stream().map(f -> f.ansvar() + ":" + f.ansvarlig().value()).toList();

        assertThat(om).containsExactlyElementsOf(forventet.equals("-") ? List.of() : Arrays.asList(forventet.split(" ")));
    }
}
