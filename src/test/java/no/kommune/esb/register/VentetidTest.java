package no.kommune.esb.register;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Random;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VentetidTest {

    /** Draws 0.0: the spread takes nothing off. */
    private static final RandomGenerator INGEN_SPREDNING = () -> 0L;
    /** Draws the largest double below 1.0: the spread takes off (almost) all it may. */
    private static final RandomGenerator FULL_SPREDNING = () -> -1L;

    // first | longest | spread | failures in a row | draw none/full | wait
    @ParameterizedTest(name = "first {0}, longest {1}, spread {2}: after {3} failures, {4} spread -> {5}")
    @CsvSource(delimiter = '|', value = {
            "PT10S  | PT5M | 0   | 1  | none | PT10S",
            "PT10S  | PT5M | 0   | 2  | none | PT20S",
            "PT10S  | PT5M | 0   | 5  | none | PT2M40S",
            "PT10S  | PT5M | 0   | 6  | none | PT5M",
            "PT10S  | PT5M | 0   | 60 | none | PT5M",
            "PT10S  | PT5M | 0.2 | 1  | none | PT10S",
            "PT10S  | PT5M | 0.2 | 1  | full | PT8S",
            "PT10S  | PT5M | 0.2 | 6  | full | PT4M",
            "PT0.5S | PT2S | 0.2 | 3  | full | PT1.6S",
            "PT0.5S | PT2S | 0.2 | 4  | full | PT1.6S",
    })
    void should_double_the_wait_per_failure_up_to_the_longest_and_take_off_at_most_the_spread(Duration foerste, Duration maks, double spredning,
                                                                                              int feil, String trekk, Duration forventet) {
        RandomGenerator tilfeldig = trekk.equals("full") ? FULL_SPREDNING : INGEN_SPREDNING;
        assertThat(new Ventetid(foerste, maks, spredning, tilfeldig).etter(feil)).isEqualTo(forventet);
    }

    @Test
    void should_stay_between_the_spread_bounds_for_every_draw_of_a_seeded_generator() {
        Ventetid ventetid = new Ventetid(Duration.ofSeconds(10), Duration.ofMinutes(5), 0.2, new Random(18));
        for (int feil = 1; feil <= 12; feil++) {
            long uspredd = Math.min(10_000L << (feil - 1), 300_000L);
            assertThat(ventetid.etter(feil).toMillis()).isBetween((long) (uspredd * 0.8), uspredd);
        }
    }

    @Test
    void should_give_the_same_waits_for_the_same_seed() {
        Ventetid a = new Ventetid(Duration.ofSeconds(1), Duration.ofMinutes(1), 0.5, new Random(7));
        Ventetid b = new Ventetid(Duration.ofSeconds(1), Duration.ofMinutes(1), 0.5, new Random(7));
        for (int feil = 1; feil <= 8; feil++) {
            assertThat(a.etter(feil)).isEqualTo(b.etter(feil));
        }
    }

    @Test
    void should_wait_as_long_as_the_service_asks_when_it_sends_retry_after() {
        Ventetid ventetid = new Ventetid(Duration.ofSeconds(10), Duration.ofMinutes(5), 0.2, FULL_SPREDNING);
        assertThat(ventetid.etter(3, Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
        assertThat(ventetid.etter(3, null)).isEqualTo(Duration.ofSeconds(32));
    }

    /**
     * A Retry-After longer than the platform's longest wait is honoured (a maintenance window), up to an hour: a misread
     * or hostile header must not stop a flow for a day (until session 26 any Retry-After won as given).
     */
    // longest | Retry-After | wait
    @ParameterizedTest(name = "longest {0}, Retry-After {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "PT5M | PT7S     | PT7S",
            "PT5M | PT20M    | PT20M",
            "PT5M | PT1H     | PT1H",
            "PT5M | PT24H    | PT1H",
            "PT5M | P365D    | PT1H",
            "PT2H | PT3H     | PT2H",
            "PT5M | PT-5S    | PT0S",
    })
    void should_honour_a_retry_after_up_to_an_hour_or_the_longest_wait(Duration maks, Duration retryAfter, Duration forventet) {
        assertThat(new Ventetid(Duration.ofSeconds(10), maks, 0.2, FULL_SPREDNING).etter(2, retryAfter)).isEqualTo(forventet);
    }

    @Test
    void should_refuse_settings_that_give_no_growing_capped_wait() {
        assertThatThrownBy(() -> new Ventetid(Duration.ZERO, Duration.ofMinutes(5), 0.2, INGEN_SPREDNING)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ventetid(Duration.ofMinutes(10), Duration.ofMinutes(5), 0.2, INGEN_SPREDNING)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ventetid(Duration.ofSeconds(10), Duration.ofMinutes(5), 1.0, INGEN_SPREDNING)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ventetid(Duration.ofSeconds(10), Duration.ofMinutes(5), 0.2, INGEN_SPREDNING).etter(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
