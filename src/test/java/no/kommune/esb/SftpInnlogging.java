package no.kommune.esb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import static org.awaitility.Awaitility.await;

/**
 * A login on the embedded SFTP server, as a fagsystem's own user (confined to its folder) or as the platform's: the
 * end-to-end tests' one SFTP client. {@link #logInn} keeps the login open for several steps; {@link #engangs} logs in
 * for one step and out again, for a test that only looks at the server now and then.
 */
public record SftpInnlogging(SshClient client, ClientSession session, SftpClient sftp) implements AutoCloseable {

    /** The letter intake's drop folder as a fagsystem sees it (its home is its own folder). */
    public static final String FORSENDELSE_INN = "/forsendelse/inn/";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A step on an open login. */
    public interface Steg<T> {
        T med(SftpInnlogging innlogging) throws Exception;
    }

    /** Logs in to the embedded SFTP server on {@code sftpPort} as {@code bruker}, waiting up to 60 s to connect and to authenticate. */
    public static SftpInnlogging logInn(int sftpPort, String bruker, String passord) throws IOException {
        return logInn(sftpPort, bruker, passord, Duration.ofSeconds(60));
    }

    /**
     * One step on a login of its own, waiting up to 60 s to connect and to authenticate (as {@link #logInn}); logged out
     * afterwards. It waited 10 s until session 34: in a whole-suite run at load ~20 (7 December 2026, 20:26 UTC) three of
     * HendelserEndToEndTest's batch-file tests failed when the embedded server's answer to the login took longer.
     */
    public static <T> T engangs(int sftpPort, String bruker, String passord, Steg<T> steg) throws Exception {
        try (SftpInnlogging innlogging = logInn(sftpPort, bruker, passord, Duration.ofSeconds(60))) {
            return steg.med(innlogging);
        }
    }

    private static SftpInnlogging logInn(int sftpPort, String bruker, String passord, Duration frist) throws IOException {
        SshClient client = SshClient.setUpDefaultClient();
        client.start();
        try {
            ClientSession session = client.connect(bruker, "127.0.0.1", sftpPort).verify(frist.toSeconds(), TimeUnit.SECONDS).getSession();
            session.addPasswordIdentity(passord);
            session.auth().verify(frist.toSeconds(), TimeUnit.SECONDS);
            return new SftpInnlogging(client, session, SftpClientFactory.instance().createSftpClient(session));
        } catch (IOException | RuntimeException e) {
            client.stop();
            throw e instanceof IOException io ? io : new IOException(e);
        }
    }

    /** Makes the folder {@code sti} and each folder above it that is missing; one that is there already is left as it is. */
    public void lagMappe(String sti) {
        StringBuilder del = new StringBuilder();
        for (String ledd : sti.split("/")) {
            if (ledd.isEmpty()) {
                continue;
            }
            del.append('/').append(ledd);
            try {
                sftp.mkdir(del.toString());
            } catch (IOException finnesAllerede) {
                // made earlier
            }
        }
    }

    /** Into the letter intake's drop folder under a temporary name, renamed when complete, so the platform never reads half a file. */
    public void lastOpp(String navn, byte[] innhold) throws IOException {
        lagMappe("/forsendelse/inn");
        lastOppOgGiNavn(FORSENDELSE_INN + navn + ".part", FORSENDELSE_INN + navn, innhold);
    }

    /** Written whole under {@code midlertidig}, then renamed to {@code sti}, as a fagsystem puts a file where the platform polls. */
    public void lastOppOgGiNavn(String midlertidig, String sti, byte[] innhold) throws IOException {
        lastOppDirekte(midlertidig, innhold);
        sftp.rename(midlertidig, sti);
    }

    /** Sets a file's modification time, as an upload at that time would have left it. */
    public void settEndret(String sti, Instant tid) throws IOException {
        FileTime t = FileTime.from(tid);
        sftp.setStat(sti, new SftpClient.Attributes().accessTime(t).modifyTime(t));
    }

    public void lastOppDirekte(String sti, byte[] innhold) throws IOException {
        try (OutputStream out = sftp.write(sti)) {
            out.write(innhold);
        }
    }

    public byte[] les(String sti) throws IOException {
        try (InputStream in = sftp.read(sti)) {
            return in.readAllBytes();
        }
    }

    public String lesTekst(String sti) throws IOException {
        return new String(les(sti), StandardCharsets.UTF_8);
    }

    /** The names in the folder, without {@code .} and {@code ..}. */
    public List<String> navn(String mappe) throws IOException {
        List<String> navn = new ArrayList<>();
        StreamSupport.stream(sftp.readDir(mappe).spliterator(), false).map(SftpClient.DirEntry::getFilename)
                .filter(n -> !n.equals(".") && !n.equals("..")).forEach(navn::add);
        return navn;
    }

    public void slett(String sti) throws IOException {
        sftp.remove(sti);
    }

    /** The letter intake's answer to the manifest {@code ref}, once it is written. */
    public JsonNode ventPaaSvar(String ref) throws IOException {
        // a look is one SFTP read on the open login: cheap, so the answer is seen soon after it is written
        byte[] svar = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> les("/forsendelse/svar/" + ref + ".svar.json"), b -> b.length > 0);
        return JSON.readTree(svar);
    }

    @Override
    public void close() throws IOException {
        try {
            sftp.close();
            session.close();
        } finally {
            client.stop();
        }
    }
}
