package no.kommune.esb.oppslag;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RatebegrenserTest {

    private final AtomicLong naa = new AtomicLong();
    private final Ratebegrenser grense = new Ratebegrenser(2.0, 3, naa::get);

    @Test
    void should_allow_a_burst_then_refuse_with_the_wait_until_a_token_is_back() {
        assertThat(grense.ta("skole")).isEmpty();
        assertThat(grense.ta("skole")).isEmpty();
        assertThat(grense.ta("skole")).isEmpty();

        assertThat(grense.ta("skole")).contains(Duration.ofMillis(500));
    }

    @Test
    void should_refill_at_the_rate_and_never_beyond_the_burst() {
        for (int i = 0; i < 3; i++) {
            grense.ta("skole");
        }
        naa.addAndGet(Duration.ofMillis(500).toNanos());
        assertThat(grense.ta("skole")).isEmpty();
        assertThat(grense.ta("skole")).isPresent();

        naa.addAndGet(Duration.ofMinutes(1).toNanos());
        for (int i = 0; i < 3; i++) {
            assertThat(grense.ta("skole")).isEmpty();
        }
        assertThat(grense.ta("skole")).isPresent();
    }

    @Test
    void should_keep_one_bucket_per_caller() {
        for (int i = 0; i < 3; i++) {
            grense.ta("skole");
        }

        assertThat(grense.ta("skole")).isPresent();
        assertThat(grense.ta("lonn")).isEmpty();
    }
}
