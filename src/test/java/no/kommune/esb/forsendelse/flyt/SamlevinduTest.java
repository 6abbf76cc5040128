package no.kommune.esb.forsendelse.flyt;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class SamlevinduTest {

    // batch size | gather up to | ready letters | oldest has waited | retry or takeover due | start a batch?
    @ParameterizedTest(name = "batch {0}, gather {1}: {2} ready, oldest {3}, other work {4} -> {5}")
    @CsvSource(delimiter = '|', value = {
            "1000 | PT3S | 0    | PT0S   | false | false",
            "1000 | PT3S | 0    | PT0S   | true  | true",
            "1000 | PT3S | 10   | PT1S   | false | false",
            "1000 | PT3S | 10   | PT3S   | false | true",
            "1000 | PT3S | 10   | PT2M   | false | true",
            "1000 | PT3S | 1000 | PT0S   | false | true",
            "1000 | PT3S | 999  | PT2.9S | false | false",
            "1000 | PT3S | 10   | PT0S   | true  | true",
            "1000 | PT0S | 1    | PT0S   | false | true",
            "1000 | PT0S | 0    | PT0S   | false | false",
    })
    void should_start_a_batch_when_full_or_when_the_oldest_letter_has_waited_long_enough(int batch, Duration samle, int klare,
                                                                                        Duration eldste, boolean annet, boolean forventet) {
        assertThat(new Samlevindu(batch, samle).skalStarte(new Samlevindu.Venter(klare, eldste, annet))).isEqualTo(forventet);
    }
}
