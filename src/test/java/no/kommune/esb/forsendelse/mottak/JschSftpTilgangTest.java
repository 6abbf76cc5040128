package no.kommune.esb.forsendelse.mottak;

import no.kommune.esb.SftpTestTjener;
import no.kommune.esb.VedSidenAv;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.common.SftpConstants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

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
 * <p>
 * And against a server whose SFTP subsystem stalls one request (a hung disk) while its SSH layer still answers the
 * keep-alives: the connection is never silent, so only the platform's own limit on each call (twice {@code
 * platform.sftp.tidsgrense.svar}, {@code platform.Tidsvakt}) ends it. Before, such a read, write or listing waited
 * without end.
 */
@VedSidenAv
class JschSftpTilgangTest {

    static final String BRUKER = SftpTestTjener.BRUKER;
    static final String PASSORD = SftpTestTjener.PASSORD;

    @TempDir
    static Path mappe;
    static SshServer server;
    /** Writes the server has stalled. */
    static final AtomicInteger stanset = new AtomicInteger();
    /** Lets the stalled writes go when the test ends. */
    static final CountDownLatch slipp = new CountDownLatch(1);
    /** The SFTP request type whose handling the subsystem stalls while the SSH layer goes on answering; -1: none. */
    static volatile int subsystemetStanserVed = -1;
    /** Requests the SFTP subsystem has stalled. */
    static final AtomicInteger subsystemStanset = new AtomicInteger();
    /** Keep-alives the server's SSH layer has answered. */
    static final AtomicInteger keepAlives = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = SftpTestTjener.startMedKeepAlives(mappe, Files.createDirectories(mappe.resolve("sftp")), new SftpEventListener() {
            @Override
            public void received(ServerSession session, int type, int id) throws IOException {
                // a hung disk: the subsystem's thread never ends this request, the session's reads go on
                if (type == subsystemetStanserVed) {
                    subsystemStanset.incrementAndGet();
                    vent();
                }
            }

            @Override
            public void writing(ServerSession session, String remoteHandle, FileHandle localHandle, long offset, byte[] data,
                                int dataOffset, int dataLen) throws IOException {
                // hung: nothing more is read from the connection (no keep-alive answered) and the write never ends
                if (subsystemetStanserVed != -1) {
                    return;
                }
                stanset.incrementAndGet();
                session.getIoSession().suspendRead();
                vent();
            }
        }, keepAlives);
    }

    /** Blocks the server's thread until the test is over. */
    static void vent() throws IOException {
        try {
            slipp.await(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        }
        throw new IOException("the test is over");
    }

    @AfterAll
    static void stopp() throws Exception {
        slipp.countDown();
        server.stop(true);
    }

    @Test
    void should_fail_a_call_to_a_server_that_hangs_mid_call_once_it_has_been_silent_for_the_time_limit() {
        subsystemetStanserVed = -1;
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

    /** Each call the intake, its housekeeping and an extract's check make, with the SFTP request the server stalls. */
    interface Kall {
        void mot(SftpTilgang.Okt okt) throws IOException;
    }

    static Stream<Arguments> kall() {
        return Stream.of(
                Arguments.of("get (les)", SftpConstants.SSH_FXP_READ, (Kall) okt -> okt.les("skole/inn/brev.pdf")),
                Arguments.of("get (lesStroem)", SftpConstants.SSH_FXP_READ, (Kall) okt -> {
                    try (var inn = okt.lesStroem("skole/inn/brev.pdf")) {
                        inn.readAllBytes();
                    }
                }),
                Arguments.of("put (skriv)", SftpConstants.SSH_FXP_WRITE, (Kall) okt -> okt.skriv("skole/svar/brev.svar.json", "{}".getBytes(StandardCharsets.UTF_8))),
                Arguments.of("ls (liste)", SftpConstants.SSH_FXP_READDIR, (Kall) okt -> okt.liste("skole/inn")),
                Arguments.of("stat (stoerrelse)", SftpConstants.SSH_FXP_LSTAT, (Kall) okt -> okt.stoerrelse("skole/inn/brev.pdf")),
                // JSch renames with the posix-rename@openssh.com extension where the server offers it, as MINA does
                Arguments.of("rename (flytt)", SftpConstants.SSH_FXP_EXTENDED, (Kall) okt -> okt.flytt("skole/inn/brev.pdf", "skole/inn/brev2.pdf")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kall")
    void should_end_a_call_the_sftp_subsystem_stalls_while_the_ssh_layer_answers_keep_alives(String navn, int foresporsel, Kall kall) throws Exception {
        Files.createDirectories(mappe.resolve("sftp/skole/inn"));
        Files.write(mappe.resolve("sftp/skole/inn/brev.pdf"), "%PDF-1.4 brev".getBytes(StandardCharsets.UTF_8));
        JschSftpTilgang tilgang = new JschSftpTilgang("127.0.0.1", server.getPort(), BRUKER, PASSORD, "", "", "no",
                Duration.ofSeconds(5), Duration.ofSeconds(1));
        subsystemStanset.set(0);
        keepAlives.set(0);
        try (SftpTilgang.Okt okt = tilgang.aapne()) {
            subsystemetStanserVed = foresporsel;
            assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                    assertThatThrownBy(() -> kall.mot(okt)).isInstanceOf(IOException.class).hasMessageContaining("ended"));
        } finally {
            subsystemetStanserVed = -1;
        }

        assertThat(subsystemStanset).as("requests the subsystem stalled").hasValue(1);
        assertThat(keepAlives.get()).as("keep-alives the SSH layer answered during the stall").isPositive();
        assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is cleared").isFalse();
    }
}
