package no.kommune.esb.hendelser.flyt;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.jms.ConnectionFactory;
import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.hendelser.Meldingsmappinger;
import no.kommune.esb.oppslag.Identnoekkel;
import no.kommune.esb.platform.sftp.SftpSkriving;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mock.env.MockEnvironment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

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
    static SshServer sftp;
    static Path rot;
    static final AtomicBoolean diskenErFull = new AtomicBoolean();
    static DefaultCamelContext camel;

    @BeforeAll
    static void start() throws Exception {
        database = MigrertDatabase.start(mappe);
        rot = Files.createDirectories(mappe.resolve("sftp"));
        sftp = SshServer.setUpDefaultServer();
        sftp.setHost("127.0.0.1");
        sftp.setPort(0);
        sftp.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(mappe.resolve("hostkey.ser")));
        sftp.setFileSystemFactory(new VirtualFileSystemFactory(rot));
        sftp.setPasswordAuthenticator((bruker, passord, okt) -> "platform".equals(bruker) && "hemmelig".equals(passord));
        SftpSubsystemFactory sftpFabrikk = new SftpSubsystemFactory();
        sftpFabrikk.addSftpEventListener(new SftpEventListener() {
            @Override
            public void writing(ServerSession session, String remoteHandle, FileHandle localHandle, long offset, byte[] data,
                                int dataOffset, int dataLen) throws IOException {
                if (diskenErFull.get()) {
                    // half of this chunk reaches the disk, then it is full
                    Files.write(localHandle.getFile(), java.util.Arrays.copyOfRange(data, dataOffset, dataOffset + dataLen / 2));
                    throw new IOException("No space left on device");
                }
            }
        });
        sftp.setSubsystemFactories(List.of(sftpFabrikk));
        sftp.start();
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterAll
    static void stopp() throws Exception {
        camel.stop();
        sftp.stop(true);
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
                new SftpSkriving("127.0.0.1", sftp.getPort(), "platform", "hemmelig", "no", "", ""), 500, 4, null,
                new Identnoekkel("en-noekkel-paa-minst-16-tegn"), Duration.ofSeconds(30), Duration.ofSeconds(30));
        try {
            for (long seq = 7_001; seq <= 7_002; seq++) {
                database.jdbc.update("insert into hendelse (sekvensnummer, identifikator, hendelsetype, status) values (?, ?, 'endringIBostedsadresse', 'FORDELT')",
                        seq, "elev-" + seq);
                database.jdbc.update("insert into levering (sekvensnummer, fagsystem, status, dokument, neste_forsoek) values (?, 'skole', 'VENTER', ?, now())",
                        seq, dokument);
            }

            diskenErFull.set(true);
            assertThat(leverer.leverBatch("skole")).as("files written while the disk is full").isZero();
            assertThat(filer()).as("the failed write left its half file").anySatisfy(f -> assertThat(f).endsWith(".part"));
            assertThat(database.jdbc.queryForList("select status from levering where fagsystem = 'skole'", String.class))
                    .containsOnly("VENTER");

            diskenErFull.set(false);
            database.jdbc.update("update levering set neste_forsoek = now() where fagsystem = 'skole'");
            assertThat(leverer.leverBatch("skole")).isEqualTo(1);

            assertThat(filer()).as("the school's folder").singleElement().satisfies(f -> assertThat(f).startsWith("folkeregister-").endsWith(".csv"));
            assertThat(database.jdbc.queryForList("select status from levering where fagsystem = 'skole'", String.class))
                    .containsOnly("LEVERT");
        } finally {
            leverer.stopp();
        }
    }

    /** The names in the school's folder, hidden ones too. */
    private static List<String> filer() throws IOException {
        try (Stream<Path> s = Files.list(rot.resolve("skole/inn"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
