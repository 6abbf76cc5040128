package no.kommune.esb.platform.sftp;

import com.jcraft.jsch.Proxy;
import no.kommune.esb.platform.Tidsvakt;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.apache.camel.component.file.remote.RemoteFileConfiguration;
import org.apache.camel.component.file.remote.SftpOperations;
import org.apache.camel.component.file.remote.SftpRemoteFile;

import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import no.kommune.esb.platform.logg.FastOrdlyd;

/**
 * Camel's SFTP operations with a time limit on each of them, for the route files' {@code sftp:} endpoints ({@link
 * SftpKomponent}): a listing, a download, a write, a rename, a delete, a look-up, a folder made, the login. JSch has no
 * limit of its own on one SFTP request, and a server whose SSH layer still answers the keep-alives while its SFTP
 * subsystem is stuck (a hung disk) is never silent, so {@code soTimeout} never ends such a request: it held the poll
 * (and the route) or the write without end. Now the calling thread is interrupted once the operation has made no
 * progress for twice {@code platform.sftp.tidsgrense.svar} ({@link Tidsvakt}, again each quarter of that until it
 * ends), as {@code SftpSkriving} and {@code JschSftpTilgang} end theirs; the session is then dropped (a later request
 * on it would read the stalled one's late answer as its own) and the operation fails with {@link Tidsavbrudd}. The
 * next poll or write logs in anew.
 * <p>
 * Progress: a write's every read of the file it sends (when the endpoint has no {@code charset}; with one Camel reads
 * the whole body before it sends, and the limit counts from the start). A download cannot be watched byte by byte
 * (Camel reads the file inside one call), so it gets the limit plus one second per {@link #MINSTE_FART} bytes of the
 * file's size from the listing: a file is read in full, or not at all (Camel hands nothing half-read on), and stays
 * where it is for the next poll.
 */
public class BegrensetSftpOperasjoner extends SftpOperations {

    /** The slowest download (bytes per second) not taken for a stuck server: about 1 Mbit/s. */
    static final long MINSTE_FART = 128 * 1024;

    private final ScheduledExecutorService vaktmester;
    private final Duration stans;
    /** Whether this thread is inside a limited operation already (one may call another: listFiles() calls listFiles(".")). */
    private final ThreadLocal<Boolean> innenfor = ThreadLocal.withInitial(() -> false);
    /** The endpoint's {@code charset}: with one, Camel reads the whole body into a string before it writes. */
    private String charset;

    public BegrensetSftpOperasjoner(Proxy proxy, ScheduledExecutorService vaktmester, Duration stans) {
        super(proxy);
        this.vaktmester = vaktmester;
        this.stans = stans;
    }

    /** An SFTP operation that made no progress within the limit: it was interrupted, and the session dropped. */
    public static final class Tidsavbrudd extends GenericFileOperationFailedException implements FastOrdlyd {
        public Tidsavbrudd(String operasjon, Duration grense) {
            // no path and no JSch cause: a fagsystem names its files, and a name may hold an identity number
            super("SFTP " + operasjon + " ended: the server did not answer within " + grense.toMillis()
                    + " ms (its SFTP subsystem is stuck); the session is dropped");
        }
    }

    private interface Framdrift {
        void medVakt(Tidsvakt vakt);
    }

    private <T> T begrenset(String operasjon, Duration grense, Framdrift framdrift, Supplier<T> kall) {
        if (innenfor.get()) {
            return kall.get();
        }
        innenfor.set(true);
        Tidsvakt vakt = Tidsvakt.start(vaktmester, grense);
        try {
            if (framdrift != null) {
                framdrift.medVakt(vakt);
            }
            T svar = kall.get();
            if (vakt.utloept()) {
                // Camel or JSch swallowed the interrupt and went on (a directory check taken as missing, say): the
                // stalled request is still open on the channel, and its late answer would be taken for the next one's
                throw avbrutt(operasjon, grense, vakt);
            }
            return svar;
        } catch (RuntimeException e) {
            if (vakt.utloept()) {
                throw avbrutt(operasjon, grense, vakt);
            }
            throw e;
        } finally {
            vakt.close();
            innenfor.set(false);
        }
    }

    /** The session is dropped (the next operation logs in anew), and the operation fails. */
    private Tidsavbrudd avbrutt(String operasjon, Duration grense, Tidsvakt vakt) {
        vakt.close();
        try {
            forceDisconnect();
        } catch (RuntimeException ignorert) {
            // dropped as far as it could be
        }
        return new Tidsavbrudd(operasjon, grense);
    }

    private <T> T begrenset(String operasjon, Supplier<T> kall) {
        return begrenset(operasjon, stans, null, kall);
    }

    private void begrenset(String operasjon, Runnable kall) {
        begrenset(operasjon, stans, null, () -> {
            kall.run();
            return null;
        });
    }

    @Override
    public boolean connect(RemoteFileConfiguration configuration, Exchange exchange) {
        // the TCP connect, the key exchange and the login, and the SFTP channel's opening, each within connectTimeout
        // (JSch's own limit), then the SFTP subsystem's first answer within the limit
        Duration grense = stans.plusMillis(2L * Math.max(0, configuration.getConnectTimeout()));
        return begrenset("login", grense, null, () -> super.connect(configuration, exchange));
    }

    @Override
    public SftpRemoteFile[] listFiles() {
        return begrenset("ls", () -> super.listFiles());
    }

    @Override
    public SftpRemoteFile[] listFiles(String path) {
        return begrenset("ls", () -> super.listFiles(path));
    }

    @Override
    public boolean retrieveFile(String name, Exchange exchange, long size) {
        Duration grense = stans.plusMillis(Math.max(0, size) * 1000 / MINSTE_FART);
        return begrenset("read", grense, null, () -> super.retrieveFile(name, exchange, size));
    }

    @Override
    public void releaseRetrievedFileResources(Exchange exchange) {
        begrenset("close", () -> super.releaseRetrievedFileResources(exchange));
    }

    @Override
    public boolean storeFile(String name, Exchange exchange, long size) {
        Message melding = exchange.getIn();
        Object kropp = melding.getBody();
        try {
            return begrenset("write", stans, vakt -> maal(exchange, vakt), () -> super.storeFile(name, exchange, size));
        } finally {
            melding.setBody(kropp);
        }
    }

    /** The body as a stream whose every read counts as progress (Camel sends it as such when the endpoint has no charset). */
    private void maal(Exchange exchange, Tidsvakt vakt) {
        Message melding = exchange.getIn();
        if (melding.getBody() == null || charset != null) {
            return;
        }
        try {
            melding.setBody(vakt.maalt(melding.getMandatoryBody(InputStream.class)));
        } catch (InvalidPayloadException e) {
            // left as it is: Camel's own conversion fails the write with its own words
        }
    }

    @Override
    public boolean storeFileDirectly(String name, String payload) {
        return begrenset("write", () -> super.storeFileDirectly(name, payload));
    }

    @Override
    public boolean existsFile(String name) {
        return begrenset("stat", () -> super.existsFile(name));
    }

    @Override
    public boolean deleteFile(String name) {
        return begrenset("rm", () -> super.deleteFile(name));
    }

    @Override
    public boolean renameFile(String from, String to) {
        return begrenset("rename", () -> super.renameFile(from, to));
    }

    @Override
    public boolean buildDirectory(String directory, boolean absolute) {
        return begrenset("mkdir", () -> super.buildDirectory(directory, absolute));
    }

    @Override
    public String getCurrentDirectory() {
        return begrenset("pwd", () -> super.getCurrentDirectory());
    }

    @Override
    public void changeCurrentDirectory(String path) {
        begrenset("cd", () -> super.changeCurrentDirectory(path));
    }

    @Override
    public void changeToParentDirectory() {
        begrenset("cd", () -> super.changeToParentDirectory());
    }

    @Override
    public void setEndpoint(GenericFileEndpoint<SftpRemoteFile> endpoint) {
        super.setEndpoint(endpoint);
        this.charset = endpoint.getCharset();
    }
}
