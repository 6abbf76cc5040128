package no.kommune.esb.oppslag;

import no.kommune.esb.EndToEndTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static no.kommune.esb.oppslag.Grenser.tatt;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared rate limit with two limiter instances on the shared context's PostgreSQL, as two platform instances would
 * have: each counts locally and learns the other's calls at its sync. Each test uses a caller of its own; the clock is
 * set by hand and the syncs are called by the test, so nothing depends on timing.
 */
class DeltRatebegrenserEndToEndTest extends EndToEndTest {

    /** burst 10 at 5/s: windows of 2 s with at most 10 calls per caller across the instances. */
    private static final double PER_SEKUND = 5;
    private static final int BURST = 10;

    @Autowired
    JdbcTemplate jdbc;

    private final AtomicLong klokke = new AtomicLong(1_000_000_000_000L);
    private final Oppslagsgrense ubegrensetLokalt = kaller -> Optional.empty();
    private final String kaller = "e2e-" + UUID.randomUUID();
    private DeltRatebegrenser a;
    private DeltRatebegrenser b;

    @BeforeEach
    void toInstanser() {
        a = instans();
        b = instans();
    }

    @Test
    void should_refuse_a_call_on_one_instance_when_the_other_used_the_shared_quota() {
        assertThat(tatt(a, kaller, 6)).isEqualTo(6);
        synkroniser(a, b);

        assertThat(tatt(b, kaller, 10)).as("what is left of the 10 after a's 6").isEqualTo(4);
        assertThat(b.ta(kaller)).hasValueSatisfying(vent -> assertThat(vent).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(2)));
        assertThat(delt()).isEqualTo(6);
    }

    @Test
    void should_let_an_instance_learn_the_other_instances_calls_at_its_next_sync_with_calls_to_report() {
        tatt(a, kaller, 5);
        tatt(b, kaller, 5);

        synkroniser(a, b);
        assertThat(b.ta(kaller)).as("b learnt a's 5 at its sync").isPresent();
        // a reported its 5 before b's were in; with nothing to report since, it learns b's only at its next turn with
        // calls: the one call it lets through meanwhile is the documented price of one sync interval
        assertThat(tatt(a, kaller, 1)).isEqualTo(1);
        synkroniser(a);

        assertThat(a.ta(kaller)).isPresent();
        assertThat(delt()).isEqualTo(11);
    }

    @Test
    void should_count_only_locally_between_syncs() {
        tatt(a, kaller, 3);

        assertThat(jdbc.queryForObject("select count(*) from oppslag_grense where kaller = ?", Integer.class, kaller)).isZero();
        synkroniser(a);
        assertThat(delt()).isEqualTo(3);
    }

    @Test
    void should_not_write_the_shared_row_when_nothing_was_used_since_the_last_sync() {
        tatt(a, kaller, 3);
        synkroniser(a);
        String versjon = radversjon();

        synkroniser(a, a);

        assertThat(radversjon()).as("no upsert, so the row keeps its version").isEqualTo(versjon);
        tatt(a, kaller, 1);
        synkroniser(a);
        assertThat(radversjon()).isNotEqualTo(versjon);
        assertThat(delt()).isEqualTo(4);
    }

    @Test
    void should_give_a_caller_a_full_quota_again_in_the_next_window() {
        tatt(a, kaller, 10);
        synkroniser(a, b);
        assertThat(b.ta(kaller)).isPresent();

        klokke.addAndGet(2_000);

        assertThat(tatt(b, kaller, 10)).isEqualTo(10);
    }

    private DeltRatebegrenser instans() {
        return new DeltRatebegrenser(ubegrensetLokalt, jdbc, PER_SEKUND, BURST, klokke::get);
    }

    private static void synkroniser(DeltRatebegrenser... instanser) {
        for (DeltRatebegrenser i : instanser) {
            i.synkroniser();
        }
    }

    /** The caller's shared count across windows. */
    private long delt() {
        return jdbc.queryForObject("select coalesce(sum(antall), 0) from oppslag_grense where kaller = ?", Long.class, kaller);
    }

    /** The shared row's version: an upsert writes a new one, even when it adds 0. */
    private String radversjon() {
        return jdbc.queryForObject("select xmin::text from oppslag_grense where kaller = ?", String.class, kaller);
    }
}
