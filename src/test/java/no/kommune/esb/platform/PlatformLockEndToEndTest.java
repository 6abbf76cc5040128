package no.kommune.esb.platform;

import no.kommune.esb.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The singleton jobs (feed reader, SvarUt status poller) run on one instance at a time through a PostgreSQL
 * advisory lock. Two callers on separate connections stand in for two platform instances.
 */
class PlatformLockEndToEndTest extends EndToEndTest {

    @Autowired
    PlatformLock lock;

    @Test
    void should_run_a_singleton_job_on_one_instance_at_a_time_and_let_another_take_over_when_it_is_done() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Optional<String>> first = CompletableFuture.supplyAsync(() -> lock.runExclusively("test-singleton", () -> {
            holding.countDown();
            await(release);
            return "first";
        }));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

        // "another instance" while the first holds the lock: skipped, not blocked
        assertThat(lock.runExclusively("test-singleton", () -> "second")).isEmpty();
        // a different job is not affected
        assertThat(lock.runExclusively("test-other", () -> "other")).contains("other");

        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).contains("first");
        // the first is done (or dead): the next attempt anywhere takes the job
        assertThat(lock.runExclusively("test-singleton", () -> "second")).contains("second");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
