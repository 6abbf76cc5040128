package no.kommune.esb.platform.sftp;

import no.kommune.esb.SftpTestTjener;
import no.kommune.esb.VedSidenAv;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The platform's SFTP write endpoint ({@link SftpSkriving}: the event batch files, the extracts) against a server that
 * hangs in the middle of a write: it has taken the connection, the login and the file's opening, then its SFTP subsystem
 * stalls on the write and the server reads and sends nothing more (Apache MINA with a listener that suspends the
 * session's reads and blocks). The write fails once the server has been silent for the limits
 * ({@code platform.sftp.tidsgrense.svar}, 1 s here: one keep-alive, then the session is dropped), so the file waits for
 * its retry. Before, Camel's SFTP defaults (a 300-s socket timeout, twice) held the write ten minutes on every attempt,
 * and the delivery route with it. The 60-s bound below only keeps the old code from holding the build that long.
 * <p>
 * And against a server whose SFTP subsystem stalls the write (a hung disk) while its SSH layer still answers the
 * keep-alives: the connection is never silent, so only the platform's own limit on the write ({@link SftpSkriving#skriv})
 * ends it. Before, that write waited without end.
 */
@VedSidenAv
class SftpSkrivingTest {

    static final String BRUKER = SftpTestTjener.BRUKER;
    static final String PASSORD = SftpTestTjener.PASSORD;

    @TempDir
    static Path mappe;
    static SshServer server;
    static DefaultCamelContext camel;
    /** Writes the server has stalled. */
    static final AtomicInteger stanset = new AtomicInteger();
    /** Lets the stalled writes go when the test ends. */
    static final CountDownLatch slipp = new CountDownLatch(1);
    /** Whether a stalled write also stops the session's reads (a hung server), or only the SFTP subsystem (a hung disk). */
    static volatile boolean heleTjenerenHenger = true;
    /** Keep-alives the server's SSH layer has answered. */
    static final AtomicInteger keepAlives = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = SftpTestTjener.startMedKeepAlives(mappe, Files.createDirectories(mappe.resolve("sftp")), new SftpEventListener() {
            @Override
            public void writing(ServerSession session, String remoteHandle, FileHandle localHandle, long offset, byte[] data,
                                int dataOffset, int dataLen) throws IOException {
                // hung: nothing more is read from the connection (no keep-alive answered) and the write never ends
                stanset.incrementAndGet();
                if (heleTjenerenHenger) {
                    session.getIoSession().suspendRead();
                }
                try {
                    slipp.await(5, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException();
                }
                throw new IOException("the test is over");
            }
        }, keepAlives);
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterAll
    static void stopp() throws Exception {
        slipp.countDown();
        camel.stop();
        server.stop(true);
    }

    @Test
    void should_fail_a_write_to_a_server_that_hangs_mid_write_once_it_has_been_silent_for_the_time_limit() {
        heleTjenerenHenger = true;
        stanset.set(0);
        SftpSkriving skriving = new SftpSkriving("127.0.0.1", server.getPort(), BRUKER, PASSORD, "no", "", "",
                Duration.ofSeconds(5), Duration.ofSeconds(1));
        ProducerTemplate producer = camel.createProducerTemplate();

        assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                assertThatThrownBy(() -> producer.sendBody(skriving.til("skole/inn") + "&fileName=elever.csv", "sekvensnummer;navn\n1;Ola\n"))
                        .isInstanceOf(CamelExecutionException.class));

        assertThat(stanset).as("writes the server stalled").hasValue(1);
    }

    @Test
    void should_end_a_write_the_sftp_subsystem_stalls_while_the_ssh_layer_answers_keep_alives() {
        heleTjenerenHenger = false;
        stanset.set(0);
        keepAlives.set(0);
        // svar 3 s (a limit of 6 s on the stalled write, counted from before the login): with 1 s, and again with 2 s,
        // a login on a loaded machine took the whole limit, and the write failed before it reached the stall (seen at
        // load 23, and at load ~30 with several test JVMs beside it)
        SftpSkriving skriving = new SftpSkriving("127.0.0.1", server.getPort(), BRUKER, PASSORD, "no", "", "",
                Duration.ofSeconds(5), Duration.ofSeconds(3));
        ProducerTemplate producer = camel.createProducerTemplate();

        assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                assertThatThrownBy(() -> skriving.skriv(producer, skriving.til("skole/disk"),
                        new ByteArrayInputStream("sekvensnummer;navn\n1;Ola\n".getBytes(StandardCharsets.UTF_8)),
                        Map.of("CamelFileName", "elever.csv")))
                        .isInstanceOf(SftpSkriving.Tidsavbrudd.class));

        assertThat(stanset).as("writes the server stalled").hasValue(1);
        assertThat(keepAlives.get()).as("keep-alives the SSH layer answered during the stall").isPositive();
        assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is cleared").isFalse();
    }
}
