package no.kommune.esb.hendelser.flyt;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * PostgreSQL's statistics of {@code levering} made fresh after a fan-out batch that made many rows
 * (docs/hendelser.md "Statistics after a large batch"). The delivery's claim checks each claimed row for an earlier row
 * of its person that still waits ({@link HendelseLeverer#IKKE_BAK_VENTENDE}); planned with statistics from a moment when
 * (nearly) no row waited, PostgreSQL read every waiting row for each claimed row instead of the person's few: 1–2.5 s a
 * claim with 15,000 rows waiting (the event benchmark's slow rounds, sessions 33–34, caught with {@code auto_explain}).
 * Autovacuum analyses the table only now and then, so whether a round met fresh statistics was chance. An
 * {@code ANALYZE} (a sample of the table; it takes no lock that holds the flow's reads and writes) after such a batch
 * commits gives the next claims the batch's waiting rows to plan by.
 */
final class Leveringsstatistikk {

    private static final Logger log = LoggerFactory.getLogger(Leveringsstatistikk.class);
    /** Rows a batch made from which the table is analysed after it: a few hundred events' worth, never a quiet day's. */
    static final int ANALYSER_FRA = 1000;

    private final JdbcTemplate jdbc;

    Leveringsstatistikk(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * After a committed fan-out batch that made {@code rader} delivery rows: analyses {@code levering} when they are
     * {@link #ANALYSER_FRA} or more; returns whether it did. A failure is logged and the round goes on (the statistics
     * stay as autovacuum left them).
     */
    boolean etterFordeling(int rader) {
        if (rader < ANALYSER_FRA) {
            return false;
        }
        try {
            jdbc.execute("analyze levering");
            return true;
        } catch (DataAccessException e) {
            log.warn("Statistics of the delivery table not refreshed after a fan-out batch of {} rows ({})", rader, e.getClass().getSimpleName());
            return false;
        }
    }
}
