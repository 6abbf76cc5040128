package no.kommune.esb.forsendelse.mottak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.EndToEndTest;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The SFTP drop folder: a fagsystem puts a JSON file in forsendelse/inn/<avsenderSystem>/ and reads the answer in forsendelse/svar/. */
class InnleveringSftpEndToEndTest extends EndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Value("${platform.sftp.port}")
    int sftpPort;
    @Value("${platform.sftp.user}")
    String sftpUser;
    @Value("${platform.sftp.password}")
    String sftpPassword;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void should_store_a_letter_dropped_in_the_senders_folder_and_answer_with_its_id() throws Exception {
        String ref = "sftp-" + UUID.randomUUID();
        ObjectNode brev = brev(ref, "skole");

        JsonNode svar = slippOgLesSvar("skole", ref, brev.toString());

        UUID id = UUID.fromString(svar.path("id").asText());
        assertThat(jdbc.queryForMap("select kanal_inn, avsender_system, ekstern_referanse from brev where id = ?", id))
                .containsEntry("kanal_inn", "SFTP").containsEntry("avsender_system", "skole").containsEntry("ekstern_referanse", ref);
        assertThat(jdbc.queryForObject("select innhold from brev_dokument where brev_id = ? and nr = 1", byte[].class, id))
                .isEqualTo(ForsendelseApiEndToEndTest.PDF1);
    }

    @Test
    void should_refuse_a_letter_whose_sender_is_not_the_folder_and_keep_it_as_dead_letter() throws Exception {
        String ref = "sftp-" + UUID.randomUUID();
        ObjectNode brev = brev(ref, "barnevern");

        JsonNode svar = slippOgLesSvar("skole", ref, brev.toString());

        assertThat(svar.path("status").asInt()).isEqualTo(400);
        assertThat(svar.toString()).contains("mappen");
        Map<String, Object> dead = jdbc.queryForMap("select kilde, grunn from dead_letter where referanse = ?", "barnevern/" + ref);
        assertThat(dead).containsEntry("kilde", "forsendelse-mottak-sftp");
        assertThat(jdbc.queryForObject("select count(*) from brev where ekstern_referanse = ?", Integer.class, ref)).isZero();
    }

    private static ObjectNode brev(String ref, String avsender) {
        ObjectNode m = ForsendelseApiEndToEndTest.metadata(ref).put("avsenderSystem", avsender);
        ((ObjectNode) m.get("dokumenter").get(0)).put("innhold", Base64.getEncoder().encodeToString(ForsendelseApiEndToEndTest.PDF1));
        ((ObjectNode) m.get("dokumenter").get(1)).put("innhold", Base64.getEncoder().encodeToString(ForsendelseApiEndToEndTest.PDF2));
        return m;
    }

    /** Uploads under a temporary name, renames to .json (so the platform never reads half a file), then waits for the answer. */
    private JsonNode slippOgLesSvar(String mappe, String navn, String innhold) throws Exception {
        try (SshClient client = SshClient.setUpDefaultClient()) {
            client.start();
            try (ClientSession session = client.connect(sftpUser, "127.0.0.1", sftpPort).verify(10, TimeUnit.SECONDS).getSession()) {
                session.addPasswordIdentity(sftpPassword);
                session.auth().verify(10, TimeUnit.SECONDS);
                try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
                    for (String dir : new String[]{"/forsendelse", "/forsendelse/inn", "/forsendelse/inn/" + mappe}) {
                        try {
                            sftp.mkdir(dir);
                        } catch (Exception finnesAllerede) {
                            // created by the route at start-up or by an earlier test
                        }
                    }
                    String sti = "/forsendelse/inn/" + mappe + "/" + navn;
                    try (OutputStream out = sftp.write(sti + ".part")) {
                        out.write(innhold.getBytes(StandardCharsets.UTF_8));
                    }
                    sftp.rename(sti + ".part", sti + ".json");
                    String svar = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                        try (InputStream in = sftp.read("/forsendelse/svar/" + mappe + "/" + navn + ".svar.json")) {
                            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                        }
                    }, s -> !s.isEmpty());
                    return JSON.readTree(svar);
                }
            }
        }
    }
}
