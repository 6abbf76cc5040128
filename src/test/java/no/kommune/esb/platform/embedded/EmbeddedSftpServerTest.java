package no.kommune.esb.platform.embedded;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.Session;
import no.kommune.esb.platform.sftp.JschKexKontroll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedSftpServerTest {

    static final Path ROOT = Path.of("/data/sftp");

    @ParameterizedTest(name = "home ''{1}'' of {0} -> {2}")
    @CsvSource(nullValues = "null", textBlock = """
            platform, /,       /data/sftp
            skole,    /skole,  /data/sftp/skole
            skole,    skole,   /data/sftp/skole
            skole,    null,    /data/sftp/skole
            diag,     /a/b,    /data/sftp/a/b
            """)
    void should_put_every_home_folder_under_the_sftp_root(String user, String home, String expected) {
        assertThat(new EmbeddedSftpServer.User(user, "x", null, home).homeIn(ROOT)).isEqualTo(Path.of(expected));
    }

    @Test
    void should_refuse_a_home_outside_the_sftp_root() {
        assertThatThrownBy(() -> new EmbeddedSftpServer.User("skole", "x", null, "/../etc").homeIn(ROOT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_keep_the_password_out_of_a_users_text() {
        assertThat(new EmbeddedSftpServer.User("skole", "lokal-skole", null, "/skole").toString()).doesNotContain("lokal-skole");
    }

    @Test
    void should_log_a_typed_user_name_without_line_breaks_and_cut_short() {
        assertThat(EmbeddedSftpServer.printable("skole\nFAKE LOG LINE")).isEqualTo("skole?FAKE LOG LINE");
        assertThat(EmbeddedSftpServer.printable("x".repeat(100))).hasSize(41);
    }

    @Test
    void should_let_jsch_log_in_and_list_a_home_when_it_checks_only_the_key_exchanges_it_proposes(@TempDir Path dir) throws Exception {
        JschKexKontroll.begrens();
        try (EmbeddedSftpServer server = EmbeddedSftpServer.start(dir, 0, List.of(new EmbeddedSftpServer.User("skole", "lokal-skole", null, "/skole")))) {
            Files.writeString(dir.resolve("skole/hei.txt"), "hei");
            Session session = new JSch().getSession("skole", "127.0.0.1", server.port());
            session.setPassword("lokal-skole");
            session.setConfig("StrictHostKeyChecking", "no");
            session.connect(30_000);
            try {
                ChannelSftp sftp = (ChannelSftp) session.openChannel("sftp");
                sftp.connect(30_000);
                assertThat(sftp.ls("/").stream().map(e -> e.getFilename()).toList()).contains("hei.txt");
                sftp.disconnect();
            } finally {
                session.disconnect();
            }
        }
    }
}
