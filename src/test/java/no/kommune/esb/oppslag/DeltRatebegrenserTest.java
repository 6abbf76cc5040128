package no.kommune.esb.oppslag;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static no.kommune.esb.oppslag.Grenser.tatt;
import static org.assertj.core.api.Assertions.assertThat;

/** The shared rate limit's locking, with a database stand-in whose read of the shared count waits until the test lets it go. */
class DeltRatebegrenserTest {

    private final CountDownLatch lesingBegynt = new CountDownLatch(1);
    private final CountDownLatch slippLesing = new CountDownLatch(1);

    /** Answers 3 calls already let through by the other instances, once the test lets it. */
    private final JdbcTemplate tregDatabase = new JdbcTemplate() {
        @Override
        @SuppressWarnings("unchecked")
        public <T> T query(String sql, ResultSetExtractor<T> rse, Object... args) {
            lesingBegynt.countDown();
            try {
                slippLesing.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return (T) Long.valueOf(3);
        }
    };

    /** burst 10 at 5/s: one window of 2 s on a clock that stands still. */
    private final DeltRatebegrenser grense = new DeltRatebegrenser(kaller -> Optional.empty(), tregDatabase, 5, 10, () -> 1_000_000_000L);

    @Test
    void should_let_a_callers_other_calls_through_while_the_first_call_of_the_window_reads_the_shared_count() throws Exception {
        CompletableFuture<Optional<Duration>> foerste = CompletableFuture.supplyAsync(() -> grense.ta("skole"));
        lesingBegynt.await();

        // the read is still held: a call that waited for it would never return (the guard only ends a hang)
        Optional<Duration> andre = CompletableFuture.supplyAsync(() -> grense.ta("skole")).get(30, TimeUnit.SECONDS);

        assertThat(andre).isEmpty();
        slippLesing.countDown();
        assertThat(foerste.get(30, TimeUnit.SECONDS)).isEmpty();
        assertThat(tatt(grense, "skole", 10)).as("10 less the other instances' 3 and this instance's 2").isEqualTo(5);
    }

    @Test
    void should_refuse_with_the_wait_until_the_next_window_when_the_shared_quota_is_used() {
        slippLesing.countDown();

        assertThat(tatt(grense, "skole", 8)).isEqualTo(7);

        assertThat(grense.ta("skole")).contains(Duration.ofMillis(2_000 - 1_000_000_000L % 2_000));
    }
}
