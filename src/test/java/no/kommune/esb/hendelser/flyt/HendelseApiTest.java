package no.kommune.esb.hendelser.flyt;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HendelseApiTest {

    @ParameterizedTest(name = "dryRun={0} → {1}")
    @CsvSource({"true, true", "TRUE, true", "True, true", "false, false", "FALSE, false"})
    void should_read_a_dry_run_of_true_or_false_in_any_case(String verdi, boolean dryRun) {
        assertThat(HendelseApi.dryRun(verdi)).isEqualTo(dryRun);
    }

    @ParameterizedTest(name = "absent")
    @NullSource
    void should_replay_for_real_when_the_dry_run_is_absent(String verdi) {
        assertThat(HendelseApi.dryRun(verdi)).isFalse();
    }

    // a value it did not know was read as "no": a real replay of up to 10,000 events
    @ParameterizedTest(name = "dryRun=''{0}'' refused")
    @ValueSource(strings = {"", " ", "1", "0", "yes", "ja", "nei", "on", "true ", "sant"})
    void should_refuse_a_dry_run_that_is_neither_true_nor_false(String verdi) {
        assertThatThrownBy(() -> HendelseApi.dryRun(verdi)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("query parameter dryRun must be true or false");
    }
}
