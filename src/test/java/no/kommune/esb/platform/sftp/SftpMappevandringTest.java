package no.kommune.esb.platform.sftp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import no.kommune.esb.SftpTestTjener;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.dsl.yaml.common.YamlSupport;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.DirectoryHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The walk of the shipped SFTP drop-folder routes ({@code routes/forsendelse/forsendelse-mottak-sftp.camel.yaml},
 * {@code routes/vask/vask-sftp.camel.yaml}): each poll starts at the platform user's home, which holds every
 * fagsystem's folders, and takes files four levels down only. Until session 36 each poll also listed every other
 * folder of the first three levels, whole: a fagsystem's outgoing batch files and extracts, the letter answers, the
 * other route's drop folder. On a real server a folder of thousands of unfetched files was read in full every poll, by
 * both routes. Now the walk goes down only {@code <fagsystem>/forsendelse/inn} (or {@code vask/inn}): the routes'
 * {@code filterDirectory}. The test takes the walk's options from the route file itself, so it checks what ships.
 */
class SftpMappevandringTest {

    @TempDir
    static Path mappe;
    static Path rot;
    static SshServer server;
    /** Folders the server was asked to list (relative to the home; "" the home), by the route under test. */
    static final Set<String> listet = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void start() throws Exception {
        rot = Files.createDirectories(mappe.resolve("sftp"));
        for (String fil : List.of(
                "skole/forsendelse/inn/brev-1.json", "skole/forsendelse/inn/vask-1.csv", "skole/forsendelse/svar/brev-0.svar.json",
                "skole/vask/inn/vask-2.csv", "skole/vask/inn/brev-2.json", "skole/vask/svar/vask-0.csv",
                "skole/uttrekk/klasseliste.csv", "skole/hendelser/batch-1.json", "skole/forsendelse/inn/under/brev-3.json",
                "sak-arkiv/forsendelse/inn/brev-4.json", "sak-arkiv/vask/inn/vask-3.xml", "sak-arkiv/uttrekk/a.json",
                "lonn/hendelser/batch-2.csv", "brev-5.json", "skole/brev-6.json")) {
            Files.createDirectories(rot.resolve(fil).getParent());
            Files.writeString(rot.resolve(fil), "{}");
        }
        server = SftpTestTjener.start(mappe, rot, new SftpEventListener() {
            @Override
            public void readingEntries(ServerSession session, String remoteHandle, DirectoryHandle localHandle) {
                // the server's own view: a path of its virtual file system, "/" the home
                listet.add(localHandle.getFile().toString().replace('\\', '/').replaceAll("^/+|/+$", ""));
            }
        });
    }

    @AfterAll
    static void stopp() throws Exception {
        server.stop(true);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "|", value = {
            "routes/forsendelse/forsendelse-mottak-sftp.camel.yaml | forsendelse | skole/forsendelse/inn/brev-1.json,sak-arkiv/forsendelse/inn/brev-4.json",
            "routes/vask/vask-sftp.camel.yaml | vask | skole/vask/inn/vask-2.csv,sak-arkiv/vask/inn/vask-3.xml"})
    void should_walk_down_only_the_drop_folders_and_take_their_files(String rute, String omraade, String forventet) throws Exception {
        listet.clear();
        Set<String> funnet = new TreeSet<>();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() throws Exception {
                    from(uri(camel, rute)).routeId("vandring").process(e -> funnet.add(e.getIn().getHeader(Exchange.FILE_NAME, String.class)));
                }
            });
            camel.start();
            // a poll walks the whole tree before it hands over its first file: once both are taken, one walk is done
            await().atMost(Duration.ofSeconds(30)).until(() -> funnet.containsAll(List.of(forventet.split(","))));
        }

        assertThat(funnet).as("files taken").containsExactlyInAnyOrder(forventet.split(","));
        assertThat(listet).as("folders listed").containsExactlyInAnyOrder("", "skole", "sak-arkiv", "lonn",
                "skole/" + omraade, "skole/" + omraade + "/inn", "sak-arkiv/" + omraade, "sak-arkiv/" + omraade + "/inn");
    }

    /**
     * The route file's walk options (those without a placeholder or a bean) made into the endpoint's URI as the YAML DSL
     * makes it (its encoding of a value decides what Camel reads: an unencoded {@code +} would be a space), on this
     * test's server, polled often.
     */
    static String uri(DefaultCamelContext camel, String rute) throws Exception {
        JsonNode parametre = new ObjectMapper(new YAMLFactory()).readTree(Path.of(rute).toFile()).get(0).at("/route/from/parameters");
        Map<String, Object> vandring = new LinkedHashMap<>();
        for (String noekkel : List.of("recursive", "minDepth", "maxDepth", "antInclude", "filterDirectory")) {
            if (parametre.has(noekkel)) {
                vandring.put(noekkel, parametre.get(noekkel).asText());
            }
        }
        vandring.putAll(Map.of("username", SftpTestTjener.BRUKER, "password", SftpTestTjener.PASSORD, "strictHostKeyChecking", "no",
                "useUserKnownHostsFile", "false", "delay", "100", "noop", "true", "idempotent", "false", "download", "false"));
        return YamlSupport.createEndpointUri(camel, null, "sftp://127.0.0.1:" + server.getPort(), vandring);
    }
}
