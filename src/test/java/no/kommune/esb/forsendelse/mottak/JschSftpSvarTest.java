package no.kommune.esb.forsendelse.mottak;

import no.kommune.esb.SftpTestTjener;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.SftpModuleProperties;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The intake's answer file ({@code forsendelse/svar/<name>.svar.json}, {@link SftpTilgang.Okt#skriv}, {@link JschSftpTilgang}) written over an
 * older answer of that name, against Apache MINA: the fagsystem reading it must find the old answer or the new one,
 * never none. Before, the old file was deleted and the {@code .part} renamed into place after it: a crash or a dropped
 * connection between the two (here: the server refuses the rename) left no answer, only the {@code .part}. Now the
 * {@code .part} is renamed over the old answer with the posix-rename@openssh.com extension where the server offers it
 * (MINA and OpenSSH do; JSch uses it for a rename then), which replaces it in one step; delete-then-rename is left for a
 * server without it, whose plain SFTP rename never replaces.
 */
class JschSftpSvarTest {

    static final String BRUKER = SftpTestTjener.BRUKER;
    static final String PASSORD = SftpTestTjener.PASSORD;
    static final String SVAR = "skole/forsendelse/svar/brev.svar.json";

    @TempDir
    static Path mappe;
    static Path rot;
    static SshServer server;
    /** Whether the server refuses a rename onto the answer. */
    static volatile boolean nektFlytting;
    /** Deletions of the answer the server was asked for. */
    static final AtomicInteger slettinger = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        rot = Files.createDirectories(mappe.resolve("sftp"));
        server = SftpTestTjener.start(mappe, rot, new SftpEventListener() {
            @Override
            public void moving(ServerSession session, Path fra, Path til, Collection<CopyOption> valg) throws IOException {
                // the connection drops (or the platform dies) just before the answer is renamed into place
                if (nektFlytting && til.endsWith("brev.svar.json")) {
                    throw new IOException("refused by the test");
                }
            }

            @Override
            public void removing(ServerSession session, Path sti, boolean mappe) {
                if (sti.endsWith("brev.svar.json")) {
                    slettinger.incrementAndGet();
                }
            }
        });
    }

    @AfterAll
    static void stopp() throws Exception {
        server.stop(true);
    }

    @AfterEach
    void tilbake() {
        nektFlytting = false;
        slettinger.set(0);
        SftpModuleProperties.OPENSSH_EXTENSIONS.remove(server);
    }

    private static void skriv(String innhold) throws IOException {
        JschSftpTilgang tilgang = new JschSftpTilgang("127.0.0.1", server.getPort(), BRUKER, PASSORD, "", "", "no",
                Duration.ofSeconds(10), Duration.ofSeconds(10));
        try (SftpTilgang.Okt okt = tilgang.aapne()) {
            okt.skriv(SVAR, innhold.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String svaret() throws IOException {
        Path fil = rot.resolve(SVAR);
        return Files.exists(fil) ? Files.readString(fil) : null;
    }

    @Test
    void should_replace_an_older_answer_in_one_step_where_the_server_offers_posix_rename() throws Exception {
        skriv("{\"id\":\"gammel\"}");

        skriv("{\"id\":\"ny\"}");

        assertThat(svaret()).isEqualTo("{\"id\":\"ny\"}");
        // on the old code the older answer was deleted first: a window without an answer
        assertThat(slettinger).hasValue(0);
    }

    @Test
    void should_keep_the_older_answer_when_the_new_one_cannot_be_renamed_into_place() throws Exception {
        skriv("{\"id\":\"gammel\"}");
        nektFlytting = true;

        assertThatThrownBy(() -> skriv("{\"id\":\"ny\"}")).isInstanceOf(IOException.class);

        // on the old code: no answer at all, only brev.svar.json.part
        assertThat(svaret()).isEqualTo("{\"id\":\"gammel\"}");
    }

    @Test
    void should_delete_then_rename_on_a_server_without_posix_rename_whose_rename_never_replaces() throws Exception {
        // fsync only: no posix-rename@openssh.com, so JSch sends the plain SFTP v3 rename, which fails on an existing target
        SftpModuleProperties.OPENSSH_EXTENSIONS.set(server, "fsync@openssh.com=1");
        skriv("{\"id\":\"gammel\"}");

        skriv("{\"id\":\"ny\"}");

        assertThat(svaret()).isEqualTo("{\"id\":\"ny\"}");
        assertThat(slettinger).as("the older answer deleted first").doesNotHaveValue(0);
    }
}
