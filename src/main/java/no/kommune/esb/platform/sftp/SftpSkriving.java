package no.kommune.esb.platform.sftp;

import no.kommune.esb.platform.Tidsvakt;
import no.kommune.esb.platform.Traader;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.file.remote.RemoteFileConfiguration;
import org.apache.camel.component.file.remote.RemoteFileEndpoint;
import org.apache.camel.component.file.remote.RemoteFileOperations;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import no.kommune.esb.platform.logg.FastOrdlyd;

/**
 * The Camel endpoint that writes one file into a fagsystem's SFTP folder, for the flows that write files with a
 * producer (the event batch files, the extracts): the same login and host-key check as the platform's SFTP routes
 * (password and/or key, {@code known_hosts}, never the user's own known-hosts file), the folder made if missing, the
 * file written under {@code <name>.part} and renamed when whole, and **a name already taken fails the write** instead
 * of replacing the file there: a file the fagsystem has not fetched yet may hold what the platform has already marked
 * delivered, and the caller decides what a taken name means. A write that fails part-way leaves its temporary file;
 * the next write under the same temporary name replaces it ({@link #til(String, String)}).
 * <p>
 * <b>Time limits</b>: the login (TCP connect, key exchange, authentication, the SFTP channel) must be done within
 * {@code platform.sftp.tidsgrense.tilkobling} (10 s), and a server that sends nothing for {@code
 * platform.sftp.tidsgrense.svar} (30 s) is asked once with a keep-alive and dropped when it still sends nothing within
 * as long again: a hung server (one that took the connection and then went silent) fails the write within about twice
 * that, and the file waits for its retry. Before, Camel's defaults held it 5 minutes twice ({@code soTimeout} 300 s) on
 * every attempt, and the event deliveries with it ({@code SftpSkrivingTest}).
 * <p>
 * A server whose SSH layer still answers the keep-alives while its SFTP subsystem is stuck (a hung disk) is not silent,
 * and JSch has no limit of its own on one SFTP request: the write goes through {@link #skriv}, which interrupts the
 * writing thread once the write has taken nothing more of the file for twice {@code platform.sftp.tidsgrense.svar}
 * (and again until it ends): the write fails with {@link Tidsavbrudd}, Camel drops the connection of the failed write,
 * and the file waits for its retry. Before, such a write waited without end, and the delivery behind it
 * ({@code SftpSkrivingTest.should_end_a_write_the_sftp_subsystem_stalls_while_the_ssh_layer_answers_keep_alives}).
 */
@Component
public class SftpSkriving {

    private final String tjener;
    private final String valg;
    /** {@link #valg} with a file already at the name replaced ({@link #tilFastNavn}). */
    private final String valgErstatt;
    /** How long a write may take nothing more of the file before it is ended. */
    private final Duration stans;
    private final ScheduledExecutorService vaktmester = Executors.newSingleThreadScheduledExecutor(Traader.daemon("sftp-skriving-vakt"));

    public SftpSkriving(@Value("${platform.sftp.host}") String host, @Value("${platform.sftp.port}") int port,
                        @Value("${platform.sftp.user}") String user, @Value("${platform.sftp.password:}") String password,
                        @Value("${platform.sftp.strict-host-key-checking:yes}") String strict,
                        @Value("${platform.sftp.known-hosts-file:}") String knownHostsFile,
                        @Value("${platform.sftp.private-key-file:}") String privateKeyFile,
                        @Value("${platform.sftp.tidsgrense.tilkobling:PT10S}") Duration tilkobling,
                        @Value("${platform.sftp.tidsgrense.svar:PT30S}") Duration svar) {
        this.tjener = "sftp://" + host + ":" + port + "/";
        this.stans = svar.multipliedBy(2);
        String felles = "?username=" + enc(user)
                + (password.isBlank() ? "" : "&password=RAW(" + password + ")")
                + (privateKeyFile.isBlank() ? "" : "&privateKeyFile=" + enc(privateKeyFile))
                + (knownHostsFile.isBlank() ? "" : "&knownHostsFile=" + enc(knownHostsFile))
                + "&strictHostKeyChecking=" + strict + "&useUserKnownHostsFile=false&autoCreate=true"
                // JSch: connectTimeout bounds the session's and the channel's connect; soTimeout is the socket's read
                // timeout, after which one keep-alive is sent (serverAliveCountMax 1) and the session dropped
                + "&connectTimeout=" + tilkobling.toMillis() + "&soTimeout=" + svar.toMillis();
        this.valg = felles + "&fileExist=Fail";
        this.valgErstatt = felles + "&fileExist=Override";
    }

    /**
     * The endpoint URI that writes into {@code folder} under the fixed name {@code fileName} (no expression), through
     * {@code tempFileName}, <b>replacing</b> a file already at {@code fileName}: for a name that is the caller's own and
     * holds nothing anyone has fetched (a file staged there to be renamed later, {@link #flytt}).
     */
    public String tilFastNavn(String folder, String tempFileName, String fileName) {
        return tjener + folder + valgErstatt + "&tempFileName=" + tempFileName + "&fileName=" + fileName;
    }

    /**
     * The endpoint URI that writes into {@code folder} (relative to the SFTP user's home) under {@code <name>.part};
     * more options may follow with {@code &}.
     */
    public String til(String folder) {
        return til(folder, "${file:name}" + DELFIL);
    }

    /** What {@link #til(String)} adds to a file's name while it is written: {@code <name>.part}. */
    public static final String DELFIL = ".part";

    /**
     * The endpoint URI that writes into {@code folder} under the temporary name {@code tempFileName} (a Camel file
     * expression, in the same folder) and renames it when whole. Camel deletes a file left under that temporary name
     * before it writes, so a writer whose every attempt has a new final name gives them all one temporary name, and a
     * half-written file of a failed attempt is gone at the next.
     */
    public String til(String folder, String tempFileName) {
        return tjener + folder + valg + "&tempFileName=" + tempFileName;
    }

    /** Whether anything is at {@code navn} in {@code folder}, looked up with the same login ({@link #flytt}'s). */
    public boolean finnes(ProducerTemplate producer, String folder, String navn) {
        return medOperasjoner(producer, folder, operasjoner -> operasjoner.existsFile(folder + "/" + navn));
    }

    /**
     * Deletes whichever of {@code navn} (names in {@code folder}) are there, with one login; returns how many it deleted.
     * For the caller's own temporary names only (a staged file nobody reads), never a file a fagsystem may fetch.
     */
    public int slett(ProducerTemplate producer, String folder, String... navn) {
        return medOperasjoner(producer, folder, operasjoner -> {
            int slettet = 0;
            for (String n : navn) {
                if (operasjoner.existsFile(folder + "/" + n)) {
                    if (!operasjoner.deleteFile(folder + "/" + n)) {
                        throw new IllegalStateException("SFTP delete was refused");
                    }
                    slettet++;
                }
            }
            return slettet;
        });
    }

    /** What {@link #flytt} did. */
    public enum Flytting {
        /** Renamed. */
        FLYTTET,
        /** Nothing was at {@code fra} (renamed before). */
        INGEN_FIL,
        /** Something is at {@code til} already: left as it is, nothing renamed. */
        NAVNET_ER_TATT
    }

    /**
     * Renames {@code fra} to {@code til} (names in {@code folder}) with the same login, through the context's {@code
     * sftp} component (the platform's: each request within its time limit, {@link SftpKomponent}). A file already at
     * {@code til} is never replaced, as no write of this class replaces one ({@code fileExist=Fail}): looked up first,
     * as the rename itself replaces where the server offers posix-rename (OpenSSH, Apache MINA), so {@code til} must be
     * a name none of the platform's own writers uses at the same time.
     */
    public Flytting flytt(ProducerTemplate producer, String folder, String fra, String til) {
        return medOperasjoner(producer, folder, operasjoner -> {
            if (!operasjoner.existsFile(folder + "/" + fra)) {
                return Flytting.INGEN_FIL;
            }
            if (operasjoner.existsFile(folder + "/" + til)) {
                return Flytting.NAVNET_ER_TATT;
            }
            if (!operasjoner.renameFile(folder + "/" + fra, folder + "/" + til)) {
                throw new IllegalStateException("SFTP rename was refused");
            }
            return Flytting.FLYTTET;
        });
    }

    /** One logged-in session of the folder's endpoint (its operations: the platform's time limits), closed after. */
    private <T> T medOperasjoner(ProducerTemplate producer, String folder, Function<RemoteFileOperations<?>, T> arbeid) {
        RemoteFileEndpoint<?> endepunkt = producer.getCamelContext().getEndpoint(tjener + folder + valg, RemoteFileEndpoint.class);
        RemoteFileOperations<?> operasjoner;
        try {
            operasjoner = endepunkt.createRemoteFileOperations();
        } catch (Exception e) {
            throw new IllegalStateException("SFTP operations could not be made for the rename", e);
        }
        try {
            operasjoner.connect((RemoteFileConfiguration) endepunkt.getConfiguration(), null);
            return arbeid.apply(operasjoner);
        } finally {
            try {
                operasjoner.disconnect();
            } catch (RuntimeException ignorert) {
                // the rename's outcome stands; the session is gone either way
            }
        }
    }

    /**
     * Writes {@code innhold} to the endpoint {@code uri} (one of {@link #til}) with {@code headers}, on the calling
     * thread, and ends the write with {@link Tidsavbrudd} once it has taken nothing more of {@code innhold} for twice
     * {@code platform.sftp.tidsgrense.svar}: the thread is interrupted (again each quarter of that until the write
     * ends; JSch swallows an interrupt that falls while it waits for the server's window), the stuck SFTP request ends
     * with an error, and Camel drops the connection of the failed write. The clock runs from the start, so a stalled
     * look-up or folder creation before the first byte is ended too, and after the last byte, for the last answers and
     * the rename. Any other failure is thrown as Camel throws it.
     */
    public void skriv(ProducerTemplate producer, String uri, InputStream innhold, Map<String, Object> headers) {
        Tidsvakt vakt = Tidsvakt.start(vaktmester, stans);
        try {
            producer.sendBodyAndHeaders(uri, vakt.maalt(innhold), headers);
        } catch (RuntimeException e) {
            // the endpoint's own limit on the request (SftpKomponent) may end it a moment before this one does
            if (vakt.utloept() || org.apache.camel.util.ObjectHelper.getException(BegrensetSftpOperasjoner.Tidsavbrudd.class, e) != null) {
                throw new Tidsavbrudd(stans, e);
            }
            throw e;
        } finally {
            vakt.close();
        }
    }

    /** An SFTP write that took nothing more of its file within the limit; it was interrupted and failed. */
    public static final class Tidsavbrudd extends RuntimeException implements FastOrdlyd {
        Tidsavbrudd(Duration stans, Exception aarsak) {
            super("SFTP write ended: it took nothing more of the file for " + stans.toMillis() + " ms (the server does not finish it)", aarsak);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
