package no.kommune.esb.hendelser.flyt;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Leveringsstatistikk} against the migrated database: a fan-out batch of fewer rows than
 * {@link Leveringsstatistikk#ANALYSER_FRA} leaves {@code levering}'s statistics as they are, a larger one analyses the
 * table (its statistics then count the waiting rows). Until session 34 nothing did after a batch, and the delivery's
 * claim was planned by whatever autovacuum had last seen (docs/benchmarks.md, session 34).
 */
class LeveringsstatistikkTest {

    static MigrertDatabase database;

    @BeforeAll
    static void start() {
        database = MigrertDatabase.start();
    }

    @AfterAll
    static void stopp() {
        database.close();
    }

    @Test
    void should_analyse_the_delivery_table_after_a_batch_of_many_rows_and_leave_it_after_a_small_one() {
        // ten waiting rows: below autovacuum's own threshold (50), so only the class under test analyses
        for (int i = 1; i <= 10; i++) {
            database.jdbc.update("insert into levering (sekvensnummer, fagsystem, status, dokument, neste_forsoek, naere) values (?, 'skole', 'VENTER', '{}', now(), '{}')", i);
        }
        Leveringsstatistikk statistikk = new Leveringsstatistikk(database.jdbc);

        assertThat(statistikk.etterFordeling(Leveringsstatistikk.ANALYSER_FRA - 1)).isFalse();
        assertThat(statuserIStatistikken()).as("a small batch: levering not analysed").isNull();

        assertThat(statistikk.etterFordeling(Leveringsstatistikk.ANALYSER_FRA)).isTrue();
        assertThat(statuserIStatistikken()).as("the statuses the planner now knows of").isEqualTo("{VENTER}");
        assertThat(database.jdbc.queryForObject("select reltuples from pg_class where relname = 'levering'", Float.class)).isEqualTo(10f);
    }

    /** The most common values of {@code levering.status} in the planner's statistics; null before any analyse. */
    private String statuserIStatistikken() {
        return database.jdbc.query("select most_common_vals::text from pg_stats where tablename = 'levering' and attname = 'status'",
                rs -> rs.next() ? rs.getString(1) : null);
    }
}
