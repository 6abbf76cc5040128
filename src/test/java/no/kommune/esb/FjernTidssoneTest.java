package no.kommune.esb;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FjernTidssoneTest {

    /** The listener ran before this class: the JVM runs in one of the far zones (unless a zone was asked for). */
    @Test
    void should_run_the_tests_in_a_far_zone_whose_date_at_the_start_was_not_oslos() {
        assertThat(LocalDate.now(FjernTidssone.fjern())).isNotEqualTo(LocalDate.now(ZoneId.of("Europe/Oslo")));
        if (System.getProperty("esb.test.tidssone", "").isBlank()) {
            assertThat(ZoneId.systemDefault()).isIn(List.of(ZoneId.of("Pacific/Honolulu"), ZoneId.of("Pacific/Kiritimati")));
        }
    }
}
