package no.kommune.esb.forsendelse.mottak;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which {@code side} and {@code antall} of GET /api/manuell and /api/dead-letters are taken (null: a 400 problem). */
class ForsendelseApiSideTest {

    @ParameterizedTest(name = "{0}: ''{1}''")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "absent: the default                 | null        | 1000",
            "the first                           | 1           | 1",
            "the most                            | 1000        | 1000",
            "leading zeros                       | 0007        | 7",
            "over the most                       | 1001        | null",
            "zero                                | 0           | null",
            "negative                            | -1          | null",
            "a plus sign                         | +5          | null",
            "a decimal                           | 1.5         | null",
            "a word                              | alle        | null",
            "empty                               | ''          | null",
            "beyond a long                       | 99999999999999999999 | null",
    })
    void should_take_a_whole_number_within_the_bounds_and_nothing_else(String tilfelle, String verdi, Integer forventet) {
        assertThat(ForsendelseApi.heltall(verdi, 1, ForsendelseApi.MAKS_PER_SIDE, ForsendelseApi.MAKS_PER_SIDE)).isEqualTo(forventet);
    }
}
