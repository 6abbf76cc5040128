package no.kommune.esb.platform.sftp;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

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
 */
@Component
public class SftpSkriving {

    private final String tjener;
    private final String valg;

    public SftpSkriving(@Value("${platform.sftp.host}") String host, @Value("${platform.sftp.port}") int port,
                        @Value("${platform.sftp.user}") String user, @Value("${platform.sftp.password:}") String password,
                        @Value("${platform.sftp.strict-host-key-checking:yes}") String strict,
                        @Value("${platform.sftp.known-hosts-file:}") String knownHostsFile,
                        @Value("${platform.sftp.private-key-file:}") String privateKeyFile,
                        @Value("${platform.sftp.tidsgrense.tilkobling:PT10S}") Duration tilkobling,
                        @Value("${platform.sftp.tidsgrense.svar:PT30S}") Duration svar) {
        this.tjener = "sftp://" + host + ":" + port + "/";
        this.valg = "?username=" + enc(user)
                + (password.isBlank() ? "" : "&password=RAW(" + password + ")")
                + (privateKeyFile.isBlank() ? "" : "&privateKeyFile=" + enc(privateKeyFile))
                + (knownHostsFile.isBlank() ? "" : "&knownHostsFile=" + enc(knownHostsFile))
                + "&strictHostKeyChecking=" + strict + "&useUserKnownHostsFile=false&autoCreate=true&fileExist=Fail"
                // JSch: connectTimeout bounds the session's and the channel's connect; soTimeout is the socket's read
                // timeout, after which one keep-alive is sent (serverAliveCountMax 1) and the session dropped
                + "&connectTimeout=" + tilkobling.toMillis() + "&soTimeout=" + svar.toMillis();
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
     * before it writes, so a writer whose every attempt has a new final name (the event batch files: a number each)
     * gives them all one temporary name, and a half-written file of a failed attempt is gone at the next.
     */
    public String til(String folder, String tempFileName) {
        return tjener + folder + valg + "&tempFileName=" + tempFileName;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
