package no.kommune.esb.oppslag;

import no.kommune.esb.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

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

    @Test
    void should_refuse_a_call_on_one_instance_when_the_other_used_the_shared_quota() {
        String kaller = "e2e-" + UUID.randomUUID();
        DeltRatebegrenser a = instans();
        DeltRatebegrenser b = instans();

        assertThat(tatt(a, kaller, 6)).isEqualTo(6);
        a.synkroniser();
        b.synkroniser();

        assertThat(tatt(b, kaller, 10)).as("what is left of the 10 after a's 6").isEqualTo(4);
        assertThat(b.ta(kaller)).hasValueSatisfying(vent -> assertThat(vent).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(2)));
        assertThat(jdbc.queryForObject("select sum(antall) from oppslag_grense where kaller = ?", Long.class, kaller)).isEqualTo(6);
    }

    @Test
    void should_let_each_instance_learn_the_other_instances_calls_at_its_sync() {
        String kaller = "e2e-" + UUID.randomUUID();
        DeltRatebegrenser a = instans();
        DeltRatebegrenser b = instans();
        tatt(a, kaller, 5);
        tatt(b, kaller, 5);

        a.synkroniser();
        b.synkroniser();
        a.synkroniser();

        assertThat(a.ta(kaller)).as("a knows of b's 5 after its second sync").isPresent();
        assertThat(b.ta(kaller)).isPresent();
        assertThat(jdbc.queryForObject("select sum(antall) from oppslag_grense where kaller = ?", Long.class, kaller)).isEqualTo(10);
    }

    @Test
    void should_count_only_locally_between_syncs() {
        String kaller = "e2e-" + UUID.randomUUID();
        DeltRatebegrenser a = instans();

        tatt(a, kaller, 3);

        assertThat(jdbc.queryForObject("select count(*) from oppslag_grense where kaller = ?", Integer.class, kaller)).isZero();
        a.synkroniser();
        assertThat(jdbc.queryForObject("select antall from oppslag_grense where kaller = ?", Long.class, kaller)).isEqualTo(3);
    }

    @Test
    void should_give_a_caller_a_full_quota_again_in_the_next_window() {
        String kaller = "e2e-" + UUID.randomUUID();
        DeltRatebegrenser a = instans();
        DeltRatebegrenser b = instans();
        tatt(a, kaller, 10);
        a.synkroniser();
        b.synkroniser();
        assertThat(b.ta(kaller)).isPresent();

        klokke.addAndGet(2_000);

        assertThat(tatt(b, kaller, 10)).isEqualTo(10);
    }

    private DeltRatebegrenser instans() {
        return new DeltRatebegrenser(ubegrensetLokalt, jdbc, PER_SEKUND, BURST, klokke::get);
    }

    /** How many of {@code forsoek} calls the limiter let through. */
    private static int tatt(Oppslagsgrense grense, String kaller, int forsoek) {
        int tatt = 0;
        for (int i = 0; i < forsoek; i++) {
            if (grense.ta(kaller).isEmpty()) {
                tatt++;
            }
        }
        return tatt;
    }
}
