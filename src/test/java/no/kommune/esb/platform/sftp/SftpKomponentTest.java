package no.kommune.esb.platform.sftp;

import no.kommune.esb.SftpTestTjener;
import no.kommune.esb.VedSidenAv;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.file.GenericFileOperations;
import org.apache.camel.component.file.remote.SftpRemoteFile;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.util.ObjectHelper;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.DirectoryHandle;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The route files' {@code sftp:} endpoints ({@link SftpKomponent}, the bean {@code sftp}) against a server whose SFTP
 * subsystem stalls one request (a hung disk) while its SSH layer still answers the keep-alives, so the connection is
 * never silent and {@code soTimeout} never ends it (Apache MINA with a listener that blocks that request). A poll whose
 * listing or download stalls is ended within twice {@code platform.sftp.tidsgrense.svar} (2 s here), the file stays
 * where it was, and the next poll reads it whole, once, and moves it; a write that stalls fails, leaves nothing under
 * the final name, and the next write puts the whole file there. Before, Camel's SFTP endpoint waited without end: the
 * poll (and the route) or the write was held for good. The 60-s bounds only keep the old code from holding the build.
 */
@VedSidenAv
class SftpKomponentTest {

    static final String BRUKER = SftpTestTjener.BRUKER;
    static final String PASSORD = SftpTestTjener.PASSORD;
    static final String INNHOLD = "# formaal: test\nsekvensnummer;navn\n1;Ola\n";

    @TempDir
    static Path mappe;
    static Path rot;
    static SshServer server;
    /** Requests of each kind the server is still to stall, and those it stalled. */
    static final AtomicInteger stansLister = new AtomicInteger();
    static final AtomicInteger stansLes = new AtomicInteger();
    static final AtomicInteger stansSkriv = new AtomicInteger();
    static final AtomicInteger stanset = new AtomicInteger();
    /** Downloads the server is still to fail at once (a read error, as a dropped connection ends one). */
    static final AtomicInteger feilLes = new AtomicInteger();
    /** Lets the stalled requests go when the test class ends. */
    static final CountDownLatch slipp = new CountDownLatch(1);
    /** Keep-alives the server's SSH layer has answered. */
    static final AtomicInteger keepAlives = new AtomicInteger();

    DefaultCamelContext camel;

    @BeforeAll
    static void start() throws Exception {
        rot = Files.createDirectories(mappe.resolve("sftp"));
        server = SftpTestTjener.startMedKeepAlives(mappe, rot, new SftpEventListener() {
            @Override
            public void readingEntries(ServerSession session, String remoteHandle, DirectoryHandle localHandle) throws IOException {
                stans(stansLister);
            }

            @Override
            public void reading(ServerSession session, String remoteHandle, FileHandle localHandle, long offset, byte[] data,
                                int dataOffset, int dataLen) throws IOException {
                if (feilLes.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw new IOException("the disk could not be read");
                }
                stans(stansLes);
            }

            @Override
            public void writing(ServerSession session, String remoteHandle, FileHandle localHandle, long offset, byte[] data,
                                int dataOffset, int dataLen) throws IOException {
                stans(stansSkriv);
            }
        }, keepAlives);
    }

    /** A stuck disk: the request never ends (until the test class is over); the SSH layer goes on answering. */
    static void stans(AtomicInteger igjen) throws IOException {
        if (igjen.getAndUpdate(n -> Math.max(0, n - 1)) <= 0) {
            return;
        }
        stanset.incrementAndGet();
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

    @BeforeEach
    void camel() throws Exception {
        stanset.set(0);
        keepAlives.set(0);
        camel = new DefaultCamelContext();
        // platform.sftp.tidsgrense.svar 2 s: a limit of 4 s without progress (1 s could be a whole login on a loaded machine)
        camel.addComponent("sftp", new SftpKomponent(Duration.ofSeconds(2)));
        camel.start();
    }

    @AfterEach
    void stoppCamel() {
        camel.stop();
    }

    static String sftp(String mappe) {
        return "sftp://127.0.0.1:" + server.getPort() + "/" + mappe + "?username=" + BRUKER + "&password=" + PASSORD
                + "&strictHostKeyChecking=no&useUserKnownHostsFile=false&connectTimeout=5000&soTimeout=2000";
    }

    @Test
    void should_end_a_poll_whose_download_the_sftp_subsystem_stalls_and_read_the_file_whole_once_at_the_next_poll() throws Exception {
        stansLes.set(1);
        skalLeses("les/inn");
    }

    @Test
    void should_end_a_poll_whose_listing_the_sftp_subsystem_stalls_and_read_the_file_at_the_next_poll() throws Exception {
        stansLister.set(1);
        skalLeses("ls/inn");
    }

    private void skalLeses(String inn) throws Exception {
        Files.createDirectories(rot.resolve(inn));
        Files.writeString(rot.resolve(inn).resolve("vask.csv"), INNHOLD);
        List<String> lest = new CopyOnWriteArrayList<>();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(sftp(inn) + "&delay=200&initialDelay=0&autoCreate=false&move=.behandlet/${file:name}&charset=UTF-8")
                        .process(e -> lest.add(e.getIn().getBody(String.class)));
            }
        });

        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            while (lest.isEmpty() || Files.exists(rot.resolve(inn).resolve("vask.csv"))) {
                Thread.sleep(100);
            }
        });

        assertThat(stanset).as("requests the server stalled").hasValue(1);
        assertThat(keepAlives.get()).as("keep-alives the SSH layer answered during the stall").isPositive();
        assertThat(lest).as("the file, read whole, once").containsExactly(INNHOLD);
        assertThat(rot.resolve(inn).resolve(".behandlet/vask.csv")).hasContent(INNHOLD);
    }

    @Test
    void should_release_the_read_lock_of_a_file_whose_download_failed_so_a_later_poll_reads_it_whole_once() throws Exception {
        // a read lock that holds a claim until it is released, as the wash's (VaskLaas, VaskKrav). Before, Camel's consumer
        // released nothing when the download failed: the claim stayed taken and no later poll took the file
        feilLes.set(1);
        String inn = "feil/inn";
        Files.createDirectories(rot.resolve(inn));
        Files.writeString(rot.resolve(inn).resolve("vask.csv"), INNHOLD);
        Krav krav = new Krav();
        camel.getRegistry().bind("krav", krav);
        List<String> lest = new CopyOnWriteArrayList<>();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(sftp(inn) + "&delay=200&initialDelay=0&autoCreate=false&move=.behandlet/${file:name}&charset=UTF-8"
                        + "&exclusiveReadLockStrategy=#krav")
                        .process(e -> lest.add(e.getIn().getBody(String.class)));
            }
        });

        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            while (lest.isEmpty() || Files.exists(rot.resolve(inn).resolve("vask.csv"))) {
                Thread.sleep(100);
            }
        });

        assertThat(feilLes).as("the failed download happened").hasValue(0);
        assertThat(krav.tatt).as("claims taken: the failed download's, then the read's").hasValue(2);
        assertThat(krav.tilbakefoert).as("released as failed: the download's").hasValue(1);
        assertThat(lest).as("the file, read whole, once").containsExactly(INNHOLD);
        assertThat(rot.resolve(inn).resolve(".behandlet/vask.csv")).hasContent(INNHOLD);
    }

    /**
     * A claim on one file at a time: taken by the read lock, held until the lock of the exchange that took it is released
     * (as VaskLaas: a begin refused because another holds the claim is aborted, and gives nothing back).
     */
    static final class Krav implements GenericFileExclusiveReadLockStrategy<SftpRemoteFile> {
        final AtomicBoolean holdt = new AtomicBoolean();
        final AtomicInteger tatt = new AtomicInteger();
        final AtomicInteger tilbakefoert = new AtomicInteger();

        @Override
        public void prepareOnStartup(GenericFileOperations<SftpRemoteFile> operations, GenericFileEndpoint<SftpRemoteFile> endpoint) {
        }

        @Override
        public boolean acquireExclusiveReadLock(GenericFileOperations<SftpRemoteFile> operations, GenericFile<SftpRemoteFile> file,
                                                Exchange exchange) {
            if (!holdt.compareAndSet(false, true)) {
                return false;
            }
            tatt.incrementAndGet();
            exchange.setProperty("krav", true);
            return true;
        }

        @Override
        public void releaseExclusiveReadLockOnAbort(GenericFileOperations<SftpRemoteFile> operations, GenericFile<SftpRemoteFile> file,
                                                    Exchange exchange) {
            slipp(exchange);
        }

        @Override
        public void releaseExclusiveReadLockOnRollback(GenericFileOperations<SftpRemoteFile> operations, GenericFile<SftpRemoteFile> file,
                                                       Exchange exchange) {
            tilbakefoert.incrementAndGet();
            slipp(exchange);
        }

        @Override
        public void releaseExclusiveReadLockOnCommit(GenericFileOperations<SftpRemoteFile> operations, GenericFile<SftpRemoteFile> file,
                                                     Exchange exchange) {
            slipp(exchange);
        }

        private void slipp(Exchange exchange) {
            if (exchange.getProperty("krav", false, Boolean.class)) {
                holdt.set(false);
            }
        }

        @Override
        public void setTimeout(long timeout) {
        }

        @Override
        public void setCheckInterval(long checkInterval) {
        }

        @Override
        public void setReadLockLoggingLevel(LoggingLevel readLockLoggingLevel) {
        }

        @Override
        public void setMarkerFiler(boolean markerFile) {
        }

        @Override
        public void setDeleteOrphanLockFiles(boolean deleteOrphanLockFiles) {
        }
    }

    @Test
    void should_fail_a_write_the_sftp_subsystem_stalls_leave_nothing_under_its_name_and_write_it_whole_the_next_time() {
        stansSkriv.set(1);
        ProducerTemplate producer = camel.createProducerTemplate();
        String ut = sftp("skriv/ut") + "&tempFileName=${file:onlyname}.tmp&fileExist=Fail&autoCreate=true";

        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            assertThatThrownBy(() -> producer.sendBodyAndHeader(ut, INNHOLD, Exchange.FILE_NAME, "vask-svar.csv"))
                    .isInstanceOf(CamelExecutionException.class)
                    .satisfies(e -> assertThat(ObjectHelper.getException(BegrensetSftpOperasjoner.Tidsavbrudd.class, e)).isNotNull());
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is cleared").isFalse();
        });
        assertThat(stanset).as("requests the server stalled").hasValue(1);
        assertThat(keepAlives.get()).as("keep-alives the SSH layer answered during the stall").isPositive();
        assertThat(rot.resolve("skriv/ut/vask-svar.csv")).as("nothing under the final name").doesNotExist();

        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> producer.sendBodyAndHeader(ut, INNHOLD, Exchange.FILE_NAME, "vask-svar.csv"));

        assertThat(rot.resolve("skriv/ut/vask-svar.csv")).hasContent(INNHOLD);
        assertThat(rot.resolve("skriv/ut/vask-svar.csv.tmp")).doesNotExist();
    }
}
