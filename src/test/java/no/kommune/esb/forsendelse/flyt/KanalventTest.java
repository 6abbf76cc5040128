package no.kommune.esb.forsendelse.flyt;

import no.kommune.esb.register.Ventetid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class KanalventTest {

    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");
    private static final UUID M1 = UUID.randomUUID();
    private static final UUID M2 = UUID.randomUUID();

    private static Kanalvent kanalvent() {
        // no spread: the table's waits are exact
        return new Kanalvent(new Ventetid(Duration.ofSeconds(5), Duration.ofMinutes(5), 0, () -> 0L));
    }

    // failures in a row | the channel's next try after the last of them (from T0) | waits at T0 + | waits at T0 +
    @ParameterizedTest(name = "{0} failure(s): next try {1} after; waits at {2}: {3}")
    @CsvSource(delimiter = '|', value = {
            "1  | PT5S   | PT4S    | true",
            "1  | PT5S   | PT5S    | false",
            "2  | PT10S  | PT9S     | true",
            "4  | PT40S  | PT40S    | false",
            "6  | PT2M40S | PT2M39S | true",
            "7  | PT5M   | PT4M59S | true",
            "20 | PT5M   | PT5M    | false",
    })
    void should_make_a_channel_that_keeps_failing_wait_longer_each_time_up_to_the_longest_wait(int feil, Duration neste,
                                                                                             Duration senere, boolean venter) {
        Kanalvent k = kanalvent();
        Instant sist = null;
        for (int i = 0; i < feil; i++) {
            sist = k.feilet("barnevern", List.of(M1), T0);
        }

        assertThat(sist).isEqualTo(T0.plus(neste));
        assertThat(k.feil("barnevern")).isEqualTo(feil);
        assertThat(k.venter(T0.plus(senere)).contains("barnevern")).isEqualTo(venter);
        assertThat(k.venter(T0.plus(senere))).doesNotContain("sak-arkiv");
    }

    @Test
    void should_release_every_message_that_waited_for_the_channel_when_it_takes_one_and_start_its_backoff_anew() {
        Kanalvent k = kanalvent();
        k.feilet("barnevern", List.of(M1), T0);
        k.feilet("barnevern", List.of(M1, M2), T0.plusSeconds(5));

        assertThat(k.lyktes("barnevern")).containsExactlyInAnyOrder(M1, M2);
        assertThat(k.venter(T0.plusSeconds(6))).isEmpty();
        assertThat(k.feil("barnevern")).isZero();
        assertThat(k.lyktes("barnevern")).as("open already: nothing waits").isEmpty();
        assertThat(k.feilet("barnevern", List.of(M1), T0.plusSeconds(20))).as("a new outage starts at the first wait")
                .isEqualTo(T0.plusSeconds(25));
    }

    @Test
    void should_not_release_a_message_that_failed_for_itself_with_the_channel() {
        Kanalvent k = kanalvent();
        k.feilet("sak-arkiv", List.of(M1, M2), T0);

        k.egenFeil("sak-arkiv", M1);

        assertThat(k.lyktes("sak-arkiv")).containsExactly(M2);
    }
}
