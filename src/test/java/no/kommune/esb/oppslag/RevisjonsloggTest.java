package no.kommune.esb.oppslag;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RevisjonsloggTest {

    @ParameterizedTest(name = "[{0}] → [{1}]")
    @CsvSource(value = {"NULL|NULL", "''|NULL", "'   '|NULL", "skoleplass|skoleplass", "'  BV-1 '|BV-1"}, delimiter = '|', nullValues = "NULL")
    void should_keep_the_callers_free_text_stripped_and_blank_as_nothing_when_a_row_is_written(String inn, String ut) {
        assertThat(Revisjonslogg.fritekst(inn)).isEqualTo(ut);
    }

    @Test
    void should_cut_the_callers_free_text_at_200_characters_when_it_is_longer() {
        assertThat(Revisjonslogg.fritekst("x".repeat(201))).hasSize(200);
        assertThat(Revisjonslogg.fritekst("x".repeat(200))).hasSize(200);
    }
}
