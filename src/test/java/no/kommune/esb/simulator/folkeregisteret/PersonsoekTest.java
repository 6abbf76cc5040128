package no.kommune.esb.simulator.folkeregisteret;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class PersonsoekTest {

    @ParameterizedTest(name = "{0} ~ {1}")
    @CsvSource({"Kristian, Christian", "Jon, John", "Aase, Åse", "Mette, Mete", "Thomas, Tomas"})
    void should_give_names_that_sound_alike_the_same_sound_key(String a, String b) {
        assertThat(Personsoek.lyd(a)).isEqualTo(Personsoek.lyd(b));
    }

    @ParameterizedTest(name = "{0} !~ {1}")
    @CsvSource({"Kari, Karin", "Ola, Ole"})
    void should_keep_different_names_apart(String a, String b) {
        assertThat(Personsoek.lyd(a)).isNotEqualTo(Personsoek.lyd(b));
    }
}
