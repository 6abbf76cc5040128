package no.kommune.esb.forsendelse.flyt;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PubliseringsventTest {

    private final Publiseringsvent vent = new Publiseringsvent(Duration.ofSeconds(5), Duration.ofMinutes(5));

    @ParameterizedTest(name = "after failure {0}: wait {1}")
    @CsvSource({
            "1,   PT5S",
            "2,   PT10S",
            "3,   PT20S",
            "6,   PT2M40S",
            "7,   PT5M",
            "8,   PT5M",
            "40,  PT5M",
            "1000, PT5M",
    })
    void should_double_the_wait_per_failure_up_to_the_longest_wait_when_a_message_keeps_failing(int feiledeForsoek, Duration forventet) {
        assertThat(vent.etter(feiledeForsoek)).isEqualTo(forventet);
    }

    @ParameterizedTest(name = "foerste {0}, maks {1}")
    @CsvSource({
            "PT0S,  PT5M",
            "-PT1S, PT5M",
            "PT10M, PT5M",
    })
    void should_refuse_a_first_wait_that_is_not_positive_or_longer_than_the_longest_when_configured(Duration foerste, Duration maks) {
        assertThatThrownBy(() -> new Publiseringsvent(foerste, maks)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("forsendelse.status.publisering");
    }

    @ParameterizedTest
    @CsvSource({"0", "-1"})
    void should_refuse_a_wait_before_any_failure_when_asked(int feiledeForsoek) {
        assertThatThrownBy(() -> vent.etter(feiledeForsoek)).isInstanceOf(IllegalArgumentException.class);
    }
}
