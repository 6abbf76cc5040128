package no.kommune.esb.hendelser.flyt;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import no.kommune.esb.folkeregister.FolkeregisterClient;
import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.platform.Registerstans;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.spy;

/**
 * The fan-out route's round ({@link HendelseFordeler#fordelAlle}): batch after batch until none is left, on the route's
 * thread or {@code hendelser.fordeling.samtidige} workers side by side. The batches themselves are stubbed ({@code
 * fordel}: what one batch handled); what a batch does is {@code HendelseFordelerTest}'s and the end-to-end tests'.
 */
class FordelAlleTest {

    private HendelseFordeler fordeler;

    @AfterEach
    void stopp() {
        if (fordeler != null) {
            fordeler.stopp();
        }
    }

    @Test
    void should_take_batch_after_batch_on_the_calling_thread_until_one_finds_no_events() {
        fordeler = spy(ny());
        AtomicInteger igjen = new AtomicInteger(2500);
        Set<String> traader = ConcurrentHashMap.newKeySet();
        doAnswer(i -> {
            traader.add(Thread.currentThread().getName());
            return Math.max(0, Math.min(1000, igjen.getAndAdd(-1000)));
        }).when(fordeler).fordel();

        assertThat(fordeler.fordelAlle()).isEqualTo(2500);
        assertThat(traader).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void should_take_batches_on_two_workers_side_by_side_and_count_every_event_once() throws Exception {
        fordeler = spy(ny());
        fordeler.samtidige(2);
        AtomicInteger igjen = new AtomicInteger(5000);
        Set<String> traader = ConcurrentHashMap.newKeySet();
        // each worker's first batch waits for the other's, so both are seen working at once
        CountDownLatch begge = new CountDownLatch(2);
        doAnswer(i -> {
            traader.add(Thread.currentThread().getName());
            begge.countDown();
            assertThat(begge.await(30, TimeUnit.SECONDS)).isTrue();
            return Math.max(0, Math.min(1000, igjen.getAndAdd(-1000)));
        }).when(fordeler).fordel();

        assertThat(fordeler.fordelAlle()).isEqualTo(5000);
        assertThat(traader).hasSize(2).allMatch(t -> t.startsWith("hendelser-fordeling-"));
    }

    @Test
    void should_pass_a_workers_failure_on_to_the_route() {
        fordeler = spy(ny());
        fordeler.samtidige(2);
        doAnswer(i -> {
            throw new IllegalStateException("databasen svarer ikke");
        }).when(fordeler).fordel();

        assertThatThrownBy(fordeler::fordelAlle).isInstanceOf(IllegalStateException.class).hasMessage("databasen svarer ikke");
    }

    @Test
    void should_refuse_fewer_than_one_worker() {
        assertThatThrownBy(() -> ny().samtidige(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hendelser.fordeling.samtidige");
    }

    @SuppressWarnings("unchecked")
    private static HendelseFordeler ny() {
        JdbcTemplate jdbc = mock(JdbcTemplate.class);
        return new HendelseFordeler(jdbc, mock(TransactionTemplate.class), mock(FolkeregisterClient.class), mock(FagsystemRegistry.class),
                mock(ObjectProvider.class), mock(ObjectProvider.class), new SimpleMeterRegistry(), 1000, Duration.ofSeconds(5),
                new Registerstans(new SimpleMeterRegistry(), jdbc, Duration.ofMinutes(5), 0.2, Duration.ofMinutes(15)));
    }
}
