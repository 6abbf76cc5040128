package no.kommune.esb.hendelser.flyt;

import no.kommune.esb.SftpMedFullDisk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The school's batch file ({@link HendelseLeverer#leverBatch(String)}) written to an SFTP server whose disk fills up
 * while the file is written: the write fails part-way, its rows wait for their retry, and the half file it left is gone
 * once the retry's file (under a new number) is written. Before, every attempt wrote under {@code <its own name>.part},
 * and each failed one left its half file of personal data in the school's folder for good. Real SFTP (Apache MINA, with
 * a listener that refuses writes while "the disk is full"), real Camel, the embedded PostgreSQL.
 */
class BatchfilSkrivingTest {

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
    void should_leave_no_half_written_file_in_the_schools_folder_once_the_retry_after_a_full_disk_has_written_the_file() throws Exception {
        HendelseLeverer leverer = skole.leverer;
        String dokument = skole.dokument;
        for (long seq = 7_001; seq <= 7_002; seq++) {
            database.jdbc.update("insert into hendelse (sekvensnummer, identifikator, hendelsetype, status) values (?, ?, 'endringIBostedsadresse', 'FORDELT')",
                    seq, "elev-" + seq);
            database.jdbc.update("insert into levering (sekvensnummer, fagsystem, status, dokument, neste_forsoek) values (?, 'skole', 'VENTER', ?, now())",
                    seq, dokument);
        }

        sftp.diskenErFull(true);
        assertThat(leverer.leverBatch("skole")).as("files written while the disk is full").isZero();
        assertThat(sftp.filer("skole/inn")).as("the failed write left its half file").anySatisfy(f -> assertThat(f).endsWith(".part"));
        assertThat(database.jdbc.queryForList("select status from levering where fagsystem = 'skole'", String.class))
                .containsOnly("VENTER");

        sftp.diskenErFull(false);
        database.jdbc.update("update levering set neste_forsoek = now() where fagsystem = 'skole'");
        assertThat(leverer.leverBatch("skole")).isEqualTo(1);

        assertThat(sftp.filer("skole/inn")).as("the school's folder").singleElement().satisfies(f -> assertThat(f).startsWith("folkeregister-").endsWith(".csv"));
        assertThat(database.jdbc.queryForList("select status from levering where fagsystem = 'skole'", String.class))
                .containsOnly("LEVERT");
    }
}
