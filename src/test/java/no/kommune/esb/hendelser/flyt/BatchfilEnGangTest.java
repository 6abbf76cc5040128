package no.kommune.esb.hendelser.flyt;

import no.kommune.esb.SftpMedFullDisk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The school's batch file ({@link HendelseLeverer#leverBatch(String)}) exactly once as the school sees it, when the
 * transaction that marks its rows delivered fails at its commit, and when the instance dies between that commit and the
 * file's rename. Real SFTP (Apache MINA), real Camel, the embedded PostgreSQL; the deliverer's transaction manager
 * fails where the test says.
 * <p>
 * Before session 32 the file was written under its own name inside the transaction: a failed commit left the school a
 * file to import while its rows still waited, and the next file held them again (every event of it delivered twice).
 */
class BatchfilEnGangTest {

    static final String MAPPE = "skole/inn";

    @TempDir
    static Path mappe;
    static Skolebatch skole;
    static MigrertDatabase database;
    static SftpMedFullDisk sftp;
    static Transaksjoner transaksjoner;

    /** The deliverer's transactions: the next commit fails, or the n-th begin from now (an instance that died). */
    static final class Transaksjoner extends DataSourceTransactionManager {
        final AtomicInteger commitFeiler = new AtomicInteger();
        final AtomicInteger beginFoerFeil = new AtomicInteger(-1);

        Transaksjoner(DataSource database) {
            super(database);
            // a commit PostgreSQL refuses leaves nothing of the transaction; without this Spring would give the
            // connection back with the transaction open, and resetting auto-commit would commit it after all
            setRollbackOnCommitFailure(true);
        }

        @Override
        protected void doBegin(Object transaksjon, TransactionDefinition definisjon) {
            if (beginFoerFeil.getAndDecrement() == 0) {
                throw new CannotCreateTransactionException("the instance died here (test)");
            }
            super.doBegin(transaksjon, definisjon);
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
            if (commitFeiler.getAndSet(0) > 0) {
                throw new TransactionSystemException("the commit failed (test)");
            }
            super.doCommit(status);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        skole = Skolebatch.start(mappe, database -> new TransactionTemplate(transaksjoner = new Transaksjoner(database)));
        database = skole.database;
        sftp = skole.sftp;
    }

    @BeforeEach
    void ingenFeil() {
        transaksjoner.commitFeiler.set(0);
        transaksjoner.beginFoerFeil.set(-1);
    }

    @AfterAll
    static void stopp() throws Exception {
        skole.close();
    }

    /** The files the school imports: every file in its folder but the hidden ones (the platform's temporary files). */
    static List<String> skolensFiler() throws IOException {
        return sftp.filer(MAPPE).stream().filter(f -> !f.startsWith(".")).toList();
    }

    static void venter(long fra, long til) {
        for (long seq = fra; seq <= til; seq++) {
            database.jdbc.update("insert into hendelse (sekvensnummer, identifikator, hendelsetype, status) values (?, ?, 'endringIBostedsadresse', 'FORDELT')",
                    seq, "elev-" + seq);
            database.jdbc.update("insert into levering (sekvensnummer, fagsystem, status, dokument, neste_forsoek) values (?, 'skole', 'VENTER', ?, now())",
                    seq, skole.dokument);
        }
    }

    static List<String> status(long fra, long til) {
        return database.jdbc.queryForList("select status from levering where fagsystem = 'skole' and sekvensnummer between ? and ?",
                String.class, fra, til);
    }

    @Test
    void should_leave_no_file_for_the_school_when_the_commit_fails_so_the_next_file_holds_the_rows_once() throws Exception {
        List<String> foer = new ArrayList<>(skolensFiler());
        venter(8_001, 8_002);

        transaksjoner.commitFeiler.set(1);
        try {
            skole.leverer.leverBatch("skole");
        } catch (RuntimeException e) {
            // the old code let the failed commit reach the caller; what counts is what the school's folder holds
        }

        assertThat(skolensFiler()).as("no file the school would import: its rows are not delivered").isEqualTo(foer);
        assertThat(status(8_001, 8_002)).containsOnly("VENTER");

        assertThat(skole.leverer.leverBatch("skole")).isEqualTo(1);

        List<String> nye = new ArrayList<>(skolensFiler());
        nye.removeAll(foer);
        // old code: two files, the first from the run whose commit failed, both holding events 8001 and 8002
        assertThat(nye).as("the school's new files").singleElement().satisfies(f -> assertThat(f).startsWith("folkeregister-").endsWith(".csv"));
        assertThat(status(8_001, 8_002)).containsOnly("LEVERT");
        assertThat(sftp.filer(MAPPE)).doesNotContain(HendelseLeverer.BATCHFIL_KLAR);
    }

    @Test
    void should_rename_a_committed_file_at_the_next_run_when_the_instance_died_before_renaming_it() throws Exception {
        List<String> foer = new ArrayList<>(skolensFiler());
        venter(8_101, 8_103);

        // the run's own transaction commits; the one that renames the file never begins
        transaksjoner.beginFoerFeil.set(1);
        skole.leverer.leverBatch("skole");

        assertThat(status(8_101, 8_103)).containsOnly("LEVERT");
        assertThat(skolensFiler()).as("not under its name yet").isEqualTo(foer);
        assertThat(sftp.filer(MAPPE)).contains(HendelseLeverer.BATCHFIL_KLAR);
        String ventende = database.jdbc.queryForObject("select ventende_fil from batchkjoering where fagsystem = 'skole'", String.class);
        assertThat(ventende).startsWith("folkeregister-");

        // the scheduled tick: the school's schedule is not due (05:00), the waiting file makes the run due at once
        skole.leverer.leverBatcher();

        List<String> nye = new ArrayList<>(skolensFiler());
        nye.removeAll(foer);
        assertThat(nye).containsExactly(ventende);
        assertThat(Files.readAllLines(sftp.rot().resolve(MAPPE).resolve(ventende))).hasSizeGreaterThanOrEqualTo(3);
        assertThat(sftp.filer(MAPPE)).doesNotContain(HendelseLeverer.BATCHFIL_KLAR);
        assertThat(database.jdbc.queryForObject("select ventende_fil from batchkjoering where fagsystem = 'skole'", String.class)).isNull();

        skole.leverer.leverBatcher();
        List<String> etter = new ArrayList<>(skolensFiler());
        etter.removeAll(foer);
        assertThat(etter).as("renamed once, no file written again").containsExactly(ventende);
    }

    /**
     * The commit of a run fails after its file was staged, and no new event comes for the school: the staged file (the
     * school's pupils' data) stayed on the SFTP server until a later run with rows replaced it. Now the next tick deletes
     * it, though the school's schedule is not due (05:00), and writes nothing the school would import.
     */
    @Test
    void should_delete_the_staged_file_of_a_run_whose_commit_failed_at_the_next_tick() throws Exception {
        List<String> foer = new ArrayList<>(skolensFiler());
        venter(8_201, 8_202);
        transaksjoner.commitFeiler.set(1);
        try {
            skole.leverer.leverBatch("skole");
        } catch (RuntimeException e) {
            // what counts is what the school's folder holds
        }
        assertThat(sftp.filer(MAPPE)).as("staged by the run whose commit failed").contains(HendelseLeverer.BATCHFIL_KLAR);
        // the rows go another way (not this test's), so no later run replaces the staged file
        database.jdbc.update("update levering set status = 'FEILET' where fagsystem = 'skole' and sekvensnummer between 8201 and 8202");

        skole.leverer.leverBatcher();

        assertThat(sftp.filer(MAPPE)).as("old code: the staged file stayed").doesNotContain(HendelseLeverer.BATCHFIL_KLAR);
        assertThat(skolensFiler()).as("nothing for the school to import").isEqualTo(foer);
    }

    /**
     * A run in progress (another instance, holding the school's batchkjoering row) has staged its file and not yet
     * committed: the tick leaves it alone, and deletes it only once no run holds the row and none committed it.
     */
    @Test
    void should_leave_the_staged_file_of_a_run_in_progress_alone() throws Exception {
        venter(8_301, 8_301);
        transaksjoner.commitFeiler.set(1);
        try {
            skole.leverer.leverBatch("skole");
        } catch (RuntimeException e) {
            // the failed commit marks the school's folder to be looked at
        }
        database.jdbc.update("update levering set status = 'FEILET' where fagsystem = 'skole' and sekvensnummer = 8301");
        try (java.sql.Connection annen = database.jdbc.getDataSource().getConnection()) {
            annen.setAutoCommit(false);
            try (var laas = annen.prepareStatement("select ventende_fil from batchkjoering where fagsystem = 'skole' for update")) {
                laas.executeQuery().close();
            }
            // the other instance's run: its file staged under the row it holds
            Files.writeString(sftp.rot().resolve(MAPPE).resolve(HendelseLeverer.BATCHFIL_KLAR), "elev;adresse\n");

            skole.leverer.leverBatcher();

            assertThat(sftp.filer(MAPPE)).as("a run in progress is never raced").contains(HendelseLeverer.BATCHFIL_KLAR);
            annen.rollback();
        }

        // that run ended without a commit: the next tick deletes what it left
        skole.leverer.leverBatcher();

        assertThat(sftp.filer(MAPPE)).doesNotContain(HendelseLeverer.BATCHFIL_KLAR);
    }
}
