package no.kommune.esb.uttrekk.vask;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VaskPropertiesTest {

    @ParameterizedTest(name = "krav-frist {0}, krav-fornyelse {1}")
    @CsvSource(nullValues = "-", textBlock = """
            # krav-frist | krav-fornyelse | renewed every (or refused)
            PT15M,         -,               PT5M
            PT4S,          PT1.3S,          PT1.3S
            PT4S,          PT2S,            PT2S
            PT4S,          PT2.001S,        refused
            PT4S,          PT0S,            refused
            PT4S,          PT-1S,           refused
            """)
    void should_renew_a_wash_claim_at_least_twice_within_its_frist_or_refuse_to_start(String frist, String fornyelse, String forventet) {
        Duration kravFrist = Duration.parse(frist);
        Duration kravFornyelse = fornyelse == null ? null : Duration.parse(fornyelse);
        if (forventet.equals("refused")) {
            assertThatThrownBy(() -> new VaskProperties(null, null, kravFrist, null, null, kravFornyelse, null, null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vask.krav-fornyelse");
        } else {
            assertThat(new VaskProperties(null, null, kravFrist, null, null, kravFornyelse, null, null).kravFornyelse()).isEqualTo(Duration.parse(forventet));
        }
    }

    @ParameterizedTest(name = "krav-maks-forsoek {0} → {1}")
    @CsvSource(nullValues = "-", textBlock = """
            -,   24
            1,   1
            6,   6
            0,   refused
            -1,  refused
            """)
    void should_give_a_wash_file_up_after_24_failed_attempts_unless_told_otherwise_and_refuse_fewer_than_one(Integer maks, String forventet) {
        if (forventet.equals("refused")) {
            assertThatThrownBy(() -> new VaskProperties(null, null, null, null, null, null, maks, null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vask.krav-maks-forsoek");
        } else {
            assertThat(new VaskProperties(null, null, null, null, null, null, maks, null).kravMaksForsoek()).isEqualTo(Integer.parseInt(forventet));
        }
    }
}
