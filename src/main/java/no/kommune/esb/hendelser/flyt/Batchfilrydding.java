package no.kommune.esb.hendelser.flyt;

import no.kommune.esb.hendelser.Fagsystem;
import no.kommune.esb.platform.Feilaarsak;
import no.kommune.esb.platform.sftp.SftpSkriving;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Removes a batch file a run staged in a fagsystem's folder ({@link HendelseLeverer#BATCHFIL_KLAR}, or the half file
 * of a failed write, {@link HendelseLeverer#BATCHFIL_PART}) whose transaction never committed: the instance died
 * between the write and the commit, the commit failed, or the run failed after the write. Such a file holds personal
 * data the fagsystem will never be given; until the closing notes of session 32 it stayed on the SFTP server until the
 * fagsystem's next run with rows replaced it (a daily schedule: a day; a fagsystem without new events: for good).
 * <p>
 * A staged file is an orphan exactly when no run holds the fagsystem's {@code batchkjoering} row (runs stage and commit
 * under it) and the row names no committed file waiting for its rename ({@code ventende_fil}, which the next run
 * renames): so the row is taken with {@code for update skip locked} (a run in progress is never raced; its fagsystem is
 * looked at again at the next tick) and the files are deleted under it. It is looked for, at the delivery route's next
 * tick, after a run of this instance ended without committing what it may have staged ({@link #merk}), for every SFTP
 * fagsystem at this instance's first tick (it may have died mid-run before) and once every {@link #GJENNOMGANG} (another
 * instance may have died mid-run and not come back): one SFTP login per such fagsystem, none on the other ticks.
 */
final class Batchfilrydding {

    private static final Logger log = LoggerFactory.getLogger(HendelseLeverer.class);

    /** How often every SFTP fagsystem's folder is looked at, whatever this instance knows. */
    static final Duration GJENNOMGANG = Duration.ofHours(1);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final SftpSkriving sftp;
    private final ProducerTemplate producer;
    private final Clock clock;
    /** The fagsystems whose folder may hold a staged file of a run that did not commit. */
    private final Set<String> kanHaRester = ConcurrentHashMap.newKeySet();
    private volatile Instant nesteGjennomgang = Instant.MIN;

    Batchfilrydding(JdbcTemplate jdbc, TransactionTemplate tx, SftpSkriving sftp, ProducerTemplate producer, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.sftp = sftp;
        this.producer = producer;
        this.clock = clock;
    }

    /** A run of this fagsystem ended without committing a file it may have staged: its folder is looked at the next tick. */
    void merk(String fagsystem) {
        kanHaRester.add(fagsystem);
    }

    /**
     * Deletes the orphaned staged files of these SFTP fagsystems where they may be; returns how many files it deleted. A
     * fagsystem whose row a run holds, or whose folder cannot be reached, is looked at again at the next tick.
     */
    int rydd(List<Fagsystem> sftpFagsystemer) {
        Instant naa = clock.instant();
        if (!naa.isBefore(nesteGjennomgang)) {
            sftpFagsystemer.forEach(f -> kanHaRester.add(f.id()));
            nesteGjennomgang = naa.plus(GJENNOMGANG);
        }
        int slettet = 0;
        for (Fagsystem f : sftpFagsystemer) {
            if (!kanHaRester.contains(f.id()) || !(f.levering() instanceof Fagsystem.Sftp levering)) {
                continue;
            }
            try {
                Integer n = tx.execute(s -> ryddUnderLaas(f, levering));
                if (n != null) {
                    kanHaRester.remove(f.id());
                    slettet += n;
                }
            } catch (RuntimeException e) {
                log.warn("Batch file of {}: its folder could not be looked at for a file left by a run that did not commit ({}); the next tick tries again",
                        f.id(), Feilaarsak.av(e));
            }
        }
        return slettet;
    }

    /** In the caller's transaction: the files deleted, or null when a run holds the fagsystem's row (try again later). */
    private Integer ryddUnderLaas(Fagsystem f, Fagsystem.Sftp levering) {
        jdbc.update("insert into batchkjoering (fagsystem, sist) values (?, now()) on conflict (fagsystem) do nothing", f.id());
        List<Map<String, Object>> rad = jdbc.queryForList("select ventende_fil from batchkjoering where fagsystem = ? for update skip locked", f.id());
        if (rad.isEmpty()) {
            return null;
        }
        if (rad.get(0).get("ventende_fil") != null) {
            // a committed file waiting for its rename, which the fagsystem's next run (due at once) does
            return 0;
        }
        int n = sftp.slett(producer, levering.folder(), HendelseLeverer.BATCHFIL_KLAR, HendelseLeverer.BATCHFIL_PART);
        if (n > 0) {
            log.warn("Batch file of {}: {} staged file(s) of a run that did not commit deleted from its folder (never delivered)", f.id(), n);
        }
        return n;
    }
}
