package no.kommune.esb.hendelser.flyt;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.jms.ConnectionFactory;
import no.kommune.esb.SftpMedFullDisk;
import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.hendelser.Meldingsmappinger;
import no.kommune.esb.oppslag.Identnoekkel;
import no.kommune.esb.platform.sftp.SftpSkriving;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mock.env.MockEnvironment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

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
    static MigrertDatabase database;
    static SftpMedFullDisk sftp;
    static DefaultCamelContext camel;

    @BeforeAll
    static void start() throws Exception {
        database = MigrertDatabase.start(mappe);
        sftp = new SftpMedFullDisk(mappe);
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterAll
    static void stopp() throws Exception {
        camel.stop();
        sftp.close();
        database.close();
    }

    @Test
    void should_leave_no_half_written_file_in_the_schools_folder_once_the_retry_after_a_full_disk_has_written_the_file() throws Exception {
        Path fagsystemer = Files.createDirectories(mappe.resolve("fagsystemer"));
        Files.copy(Path.of("config/fagsystemer/skole.yaml"), fagsystemer.resolve("skole.yaml"));
        FagsystemRegistry registry = FagsystemRegistry.last(fagsystemer, Path.of("mappings"));
        String dokument = Files.readString(Path.of("mappings/skole/examples/felles-foreldreansvar-delt-bosted/input.json"));
        @SuppressWarnings("unchecked")
        ObjectProvider<Meldingsmappinger> meldinger = mock(ObjectProvider.class);
        HendelseLeverer leverer = new HendelseLeverer(database.jdbc, database.tx, registry, meldinger, camel.createProducerTemplate(),
                new ObjectMapper(), new SimpleMeterRegistry(), new MockEnvironment(), mock(ConnectionFactory.class),
                new SftpSkriving("127.0.0.1", sftp.port(), SftpMedFullDisk.BRUKER, SftpMedFullDisk.PASSORD, "no", "", "", Duration.ofSeconds(10), Duration.ofSeconds(30)), 500, 4, null,
                new Identnoekkel("en-noekkel-paa-minst-16-tegn"), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMinutes(1));
        try {
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
        } finally {
            leverer.stopp();
        }
    }
}
