package no.kommune.esb.svarut;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class SynlighetsregelTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    // Times in seconds after T0. "over": when the lost attempt was over (TAPT only); "oppslag": when the look-up that
    // missed began; "fra"/"igjen": the moment the settle time counts from and when to look again (empty when final).
    // The old code had no such rule: every miss was final, and each "false" row sent a letter SvarUt may hold a second time.
    @ParameterizedTest(name = "{0}: {1} over {2}, look-up {3}, settle {4}s → final {5}")
    @CsvSource(delimiter = '|', value = {
            "no attempt begun                              | INGEN   |     | 0   | 300 | true  |     |",
            "each attempt answered, or a miss settled it   | AVKLART |     | 0   | 300 | true  |     |",
            "lost answer; looked up 2 s after it           | TAPT    | 0   | 2   | 300 | false | 0   | 300",
            "lost answer; one second short of the settle   | TAPT    | 0   | 299 | 300 | false | 0   | 300",
            "lost answer; looked up exactly at the settle  | TAPT    | 0   | 300 | 300 | true  |     |",
            "lost answer; looked up long after             | TAPT    | 0   | 900 | 300 | true  |     |",
            "end never recorded (crash): counts from now   | UKJENT  |     | 900 | 300 | false | 900 | 1200",
            "settle time zero trusts a miss at once: lost  | TAPT    | 0   | 0   | 0   | true  |     |",
            "settle time zero trusts a miss at once: crash | UKJENT  |     | 0   | 0   | true  |     |",
    })
    void should_take_a_miss_as_final_only_once_the_settle_time_has_passed_since_the_attempt_with_unknown_outcome(
            String tilfelle, Synlighetsregel.Art art, Integer over, int oppslag, int synligEtter, boolean endelig, Integer fra, Integer igjen) {
        Synlighetsregel.Tidligere tidligere = new Synlighetsregel.Tidligere(art, over == null ? null : T0.plusSeconds(over));

        Synlighetsregel.Vurdering v = Synlighetsregel.vurderIkkeFunnet(tidligere, T0.plusSeconds(oppslag), Duration.ofSeconds(synligEtter));

        assertThat(v.endelig()).as(tilfelle).isEqualTo(endelig);
        assertThat(v.uavklartFra()).as(tilfelle).isEqualTo(fra == null ? null : T0.plusSeconds(fra));
        assertThat(v.slaaOppIgjen()).as(tilfelle).isEqualTo(igjen == null ? null : T0.plusSeconds(igjen));
    }

    @ParameterizedTest(name = "{0} → looked up before a send: {1}")
    @CsvSource({"INGEN, false", "AVKLART, true", "UKJENT, true"})
    void should_look_a_letter_up_before_sending_whenever_an_attempt_has_begun(Synlighetsregel.Art art, boolean maaSlaasOpp) {
        assertThat(new Synlighetsregel.Tidligere(art, null).maaSlaasOpp()).isEqualTo(maaSlaasOpp);
        assertThat(Synlighetsregel.Tidligere.tapt(T0).maaSlaasOpp()).isTrue();
    }

    /** AVKLART: every attempt answered without the letter taken (refused, 429) or a final miss settled it: nothing there. */
    @ParameterizedTest(name = "{0} → may have arrived: {1}")
    @CsvSource({"INGEN, false", "AVKLART, false", "UKJENT, true"})
    void should_say_an_earlier_attempt_may_have_arrived_only_while_its_outcome_is_unknown(Synlighetsregel.Art art, boolean kanHaKommetFram) {
        assertThat(new Synlighetsregel.Tidligere(art, null).kanHaKommetFram()).isEqualTo(kanHaKommetFram);
        assertThat(Synlighetsregel.Tidligere.tapt(T0).kanHaKommetFram()).isTrue();
    }
}
