package no.kommune.esb.platform;

import no.kommune.esb.MigrertMal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The advisory lock keys ({@link Laasnoekkel}): stable, one key space per kind of lock, and no shared key between the
 * platform's locks; and {@link PlatformLock} against a real PostgreSQL with two names whose {@code String.hashCode()}
 * is the same.
 */
class LaasnoekkelTest {

    /** Every lock the platform takes, by kind and name (PlatformLock's callers, the event flow's transaction locks). */
    static final List<Object[]> LAASER = List.of(
            new Object[] {Laasnoekkel.Slag.JOBB, "hendelser-resync"},
            new Object[] {Laasnoekkel.Slag.JOBB, "hendelser-feed"},
            new Object[] {Laasnoekkel.Slag.JOBB, "uttrekk-plan"},
            new Object[] {Laasnoekkel.Slag.JOBB, "forsendelse-status"},
            new Object[] {Laasnoekkel.Slag.JOBB, "forsendelse-oppbevaring"},
            new Object[] {Laasnoekkel.Slag.JOBB, "proaktiv"},
            new Object[] {Laasnoekkel.Slag.JOBB, "proaktiv-datoregel"},
            new Object[] {Laasnoekkel.Slag.HENDELSER, "hendelser-registrering"},
            new Object[] {Laasnoekkel.Slag.HENDELSER, "hendelser-personidentitet"},
            new Object[] {Laasnoekkel.Slag.HENDELSER, "hendelser-skjerming"});

    /** A database of this class's own on the test JVM's shared server (advisory locks are the database's). */
    static MigrertMal.Kopi postgres;

    @BeforeAll
    static void start() {
        postgres = MigrertMal.nyDatabase();
    }

    @AfterAll
    static void stopp() {
        postgres.close();
    }

    @Test
    void should_give_every_lock_of_the_platform_a_key_of_its_own() {
        Set<Long> noekler = new HashSet<>();
        for (Object[] laas : LAASER) {
            assertThat(noekler.add(Laasnoekkel.av((Laasnoekkel.Slag) laas[0], (String) laas[1]))).as("%s", laas[1]).isTrue();
        }
    }

    @Test
    void should_keep_each_kind_of_lock_in_a_key_space_of_its_own() {
        for (int i = 0; i < 10_000; i++) {
            String navn = UUID.randomUUID().toString();
            assertThat(Laasnoekkel.av(Laasnoekkel.Slag.UTTREKKSKJOERING, navn) >>> 48).isEqualTo(2);
        }
        for (Object[] laas : LAASER) {
            long noekkel = Laasnoekkel.av((Laasnoekkel.Slag) laas[0], (String) laas[1]);
            assertThat(noekkel >>> 48).as("%s", laas[1]).isEqualTo(laas[0] == Laasnoekkel.Slag.JOBB ? 1 : 3);
            // the same name as another kind: another key
            assertThat(Laasnoekkel.av(Laasnoekkel.Slag.UTTREKKSKJOERING, (String) laas[1])).isNotEqualTo(noekkel);
        }
    }

    /** Stable across versions and instances: instances of one version must agree on every key (a change here is a change of every lock). */
    @ParameterizedTest
    @CsvSource({
            "JOBB, hendelser-feed",
            "HENDELSER, hendelser-skjerming",
            "UTTREKKSKJOERING, 0b7f3a52-1c0e-4a6e-9d59-1f2f3b1f0c11"
    })
    void should_give_the_same_key_for_the_same_kind_and_name_every_time(Laasnoekkel.Slag slag, String navn) {
        assertThat(Laasnoekkel.av(slag, navn)).isEqualTo(Laasnoekkel.av(slag, new String(navn.toCharArray())));
    }

    /**
     * "Aa" and "BB" have the same {@code String.hashCode()}: until session 32 a job holding the one skipped the other
     * on every instance (they shared one advisory lock key), as any two lock names with equal hash codes did.
     */
    @Test
    void should_not_let_a_job_holding_its_lock_keep_an_unrelated_job_whose_name_has_the_same_hash_code_from_running() throws Exception {
        assertThat("jobb-Aa".hashCode()).isEqualTo("jobb-BB".hashCode());
        PlatformLock laas = new PlatformLock(postgres.dataSource());
        CountDownLatch holder = new CountDownLatch(1);
        CountDownLatch slipp = new CountDownLatch(1);
        CompletableFuture<Optional<String>> foerste = CompletableFuture.supplyAsync(() -> laas.runExclusively("jobb-Aa", () -> {
            holder.countDown();
            vent(slipp);
            return "Aa";
        }));
        try {
            assertThat(holder.await(30, TimeUnit.SECONDS)).isTrue();

            // another instance: the same job is skipped, the unrelated one runs
            assertThat(laas.runExclusively("jobb-Aa", () -> "Aa igjen")).isEmpty();
            assertThat(laas.runExclusively("jobb-BB", () -> "BB")).contains("BB");
        } finally {
            slipp.countDown();
        }
        assertThat(foerste.get(30, TimeUnit.SECONDS)).contains("Aa");
    }

    private static void vent(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
