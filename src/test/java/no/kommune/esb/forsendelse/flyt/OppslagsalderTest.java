package no.kommune.esb.forsendelse.flyt;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OppslagsalderTest {

    private static final Instant NAA = Instant.parse("2026-12-04T21:00:00Z");

    // limit | KRR looked up this long before now (empty: no KRR look-up in the batch) | look up and decide again?
    @ParameterizedTest(name = "limit {0}, look-up {1} old -> again {2}")
    @CsvSource(delimiter = '|', value = {
            "PT30S | PT0S      | false",
            "PT30S | PT4S      | false",
            "PT30S | PT30S     | false",
            "PT30S | PT30.001S | true",
            "PT30S | PT62S     | true",
            "PT30S | PT10M     | true",
            "PT30S |           | false",
            "PT30S | -PT5S     | false",
            "PT1S  | PT2S      | true",
    })
    void should_look_krr_up_again_only_when_the_batch_look_up_is_older_than_the_limit(Duration grense, Duration alder, boolean igjen) {
        Oppslagsalder regel = new Oppslagsalder(grense, Clock.fixed(NAA, ZoneOffset.UTC));

        assertThat(regel.forGammelt(alder == null ? null : NAA.minus(alder))).isEqualTo(igjen);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT0S", "-PT1S"})
    void should_refuse_a_limit_that_is_not_positive_when_configured(Duration grense) {
        assertThatThrownBy(() -> new Oppslagsalder(grense, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("forsendelse.behandling.krr-maks-alder");
    }
}
