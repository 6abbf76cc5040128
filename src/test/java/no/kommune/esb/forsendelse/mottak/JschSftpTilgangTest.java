package no.kommune.esb.forsendelse.mottak;

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

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The SFTP intake's own file work ({@link JschSftpTilgang}: the intake poll, its housekeeping, an extract's check of its
 * folder) against a server that hangs in the middle of a call: it has taken the login and the file's opening, then
 * reads and sends nothing more (Apache MINA with a listener that suspends the session's reads and blocks). The call
 * fails with an {@link IOException} once the server has been silent for the limits ({@code platform.sftp.tidsgrense.svar},
 * 1 s here: one keep-alive, then the session is dropped). Before, the session had no read timeout and the call waited
 * without end; the 60-s bound below only keeps the old code from holding the build.
 */
class JschSftpTilgangTest {

    static final String BRUKER = "platform";
    static final String PASSORD = "hemmelig";

    @TempDir
    static Path mappe;
    static SshServer server;
    /** Writes the server has stalled. */
    static final AtomicInteger stanset = new AtomicInteger();
    /** Lets the stalled writes go when the test ends. */
    static final CountDownLatch slipp = new CountDownLatch(1);

    @BeforeAll
    static void start() throws Exception {
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(mappe.resolve("sftp-hostkey.ser")));
        server.setFileSystemFactory(new VirtualFileSystemFactory(Files.createDirectories(mappe.resolve("sftp"))));
        server.setPasswordAuthenticator((bruker, passord, okt) -> BRUKER.equals(bruker) && PASSORD.equals(passord));
        SftpSubsystemFactory sftp = new SftpSubsystemFactory();
        sftp.addSftpEventListener(new SftpEventListener() {
            @Override
            public void writing(ServerSession session, String remoteHandle, FileHandle localHandle, long offset, byte[] data,
                                int dataOffset, int dataLen) throws IOException {
                // hung: nothing more is read from the connection (no keep-alive answered) and the write never ends
                stanset.incrementAndGet();
                session.getIoSession().suspendRead();
                try {
                    slipp.await(5, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException();
                }
                throw new IOException("the test is over");
            }
        });
        server.setSubsystemFactories(List.of(sftp));
        server.start();
    }

    @AfterAll
    static void stopp() throws Exception {
        slipp.countDown();
        server.stop(true);
    }

    @Test
    void should_fail_a_call_to_a_server_that_hangs_mid_call_once_it_has_been_silent_for_the_time_limit() {
        JschSftpTilgang tilgang = new JschSftpTilgang("127.0.0.1", server.getPort(), BRUKER, PASSORD, "", "", "no",
                Duration.ofSeconds(5), Duration.ofSeconds(1));

        assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                assertThatThrownBy(() -> {
                    try (SftpTilgang.Okt okt = tilgang.aapne()) {
                        okt.skriv("skole/inn/brev.json", "{}".getBytes(StandardCharsets.UTF_8));
                    }
                }).isInstanceOf(IOException.class));

        assertThat(stanset).as("calls the server stalled").hasValue(1);
    }
}
