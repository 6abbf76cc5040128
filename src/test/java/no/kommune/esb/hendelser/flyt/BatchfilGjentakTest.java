package no.kommune.esb.hendelser.flyt;

import no.kommune.esb.SftpMedFullDisk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The school's batch file when every due row is held back behind an earlier event of its person that is not fanned out
 * yet (another instance's fan-out batch still open, {@link HendelseLeverer#BAK_UNDERVEIS}): the run writes no file and
 * keeps the file due ({@code batchkjoering.neste_gjentak}), so the next tick after the event is fanned out writes the
 * row. Before, the run cleared the retry and the row waited for the next scheduled file (05:00 the next day). Real SFTP
 * (Apache MINA), real Camel, the embedded PostgreSQL.
 */
class BatchfilGjentakTest {

    @TempDir
    static Path mappe;
    static Skolebatch skole;
    static MigrertDatabase database;
    static SftpMedFullDisk sftp;

    @BeforeAll
    static void start() throws Exception {
        skole = Skolebatch.start(mappe);
        database = skole.database;
        sftp = skole.sftp;
    }

    @AfterAll
    static void stopp() throws Exception {
        skole.close();
    }

    @Test
    void should_keep_the_file_due_when_its_rows_wait_for_an_earlier_event_not_yet_fanned_out_and_write_them_once_it_is() throws Exception {
        HendelseLeverer leverer = skole.leverer;
        String dokument = skole.dokument;
        // the person's earlier event is still being fanned out (NY); the later one's row for the school is due
        database.jdbc.update("insert into hendelse (sekvensnummer, identifikator, hendelsetype, status) values (8001, 'elev-8', 'endringIBostedsadresse', 'NY')");
        database.jdbc.update("insert into hendelse (sekvensnummer, identifikator, hendelsetype, status) values (8002, 'elev-8', 'endringIBostedsadresse', 'FORDELT')");
        database.jdbc.update("insert into levering (sekvensnummer, fagsystem, status, dokument, neste_forsoek) values (8002, 'skole', 'VENTER', ?, now())",
                dokument);

        assertThat(leverer.leverBatch("skole")).as("files written while the row is held").isZero();
        assertThat(database.jdbc.queryForObject("select status from levering where sekvensnummer = 8002", String.class)).isEqualTo("VENTER");
        assertThat(database.jdbc.queryForObject("select neste_gjentak is not null and neste_gjentak <= now() from batchkjoering where fagsystem = 'skole'",
                Boolean.class)).as("the file is due again").isTrue();

        // the earlier event is fanned out (no row for the school): the next tick writes the file, not the next schedule
        database.jdbc.update("update hendelse set status = 'FORDELT' where sekvensnummer = 8001");
        assertThat(leverer.leverBatcher()).as("files the next tick writes").isEqualTo(1);
        assertThat(database.jdbc.queryForObject("select status from levering where sekvensnummer = 8002", String.class)).isEqualTo("LEVERT");
        assertThat(sftp.filer("skole/inn")).singleElement().satisfies(f -> assertThat(f).startsWith("folkeregister-").endsWith(".csv"));
        assertThat(database.jdbc.queryForObject("select neste_gjentak from batchkjoering where fagsystem = 'skole'", java.sql.Timestamp.class))
                .as("nothing left to write again").isNull();
    }
}
