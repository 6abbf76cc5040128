package no.kommune.esb.forsendelse.mottak;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.EndToEndTest;
import no.kommune.esb.SftpInnlogging;
import no.kommune.esb.TestPdf;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.uttrekk.format.Testidenter;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The SFTP drop folder end to end, with a real SFTP client logged in as the fagsystem (user skole, confined to
 * /skole): PDFs and then a manifest in /forsendelse/inn, the answer in /forsendelse/svar, the files moved to
 * .behandlet/<name>/ or .avvist/<name>/ with a reason file. Every test uses its own names and eksternReferanse.
 */
@ExtendWith(OutputCaptureExtension.class)
public class InnleveringSftpEndToEndTest extends EndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();
    /** The drop folder as a fagsystem sees it (its home is its own folder). */
    public static final String INN = SftpInnlogging.FORSENDELSE_INN;

    @Value("${platform.sftp.port}")
    int sftpPort;
    @Value("${server.port}")
    int port;
    @Value("${platform.sftp.root}")
    String sftpRot;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CamelContext camel;
    /** skole's SFTP login, shared by the tests of the class (a login costs a key exchange); the login tests make their own. */
    private static SftpInnlogging skolesInnlogging;

    @AfterAll
    static void loggUt() throws IOException {
        if (skolesInnlogging != null) {
            skolesInnlogging.close();
            skolesInnlogging = null;
        }
    }

    private SftpInnlogging skole() throws IOException {
        if (skolesInnlogging == null) {
            skolesInnlogging = logInn("skole", "lokal-skole");
        }
        return skolesInnlogging;
    }

    @Test
    void should_store_a_letter_from_a_manifest_and_its_pdfs_and_answer_with_an_id_the_fagsystem_can_follow() throws Exception {
        String ref = referanse();
        SftpInnlogging skole = skole();
        skole.lastOpp(ref + "-vedtak.pdf", ForsendelseApiEndToEndTest.PDF1);
        skole.lastOpp(ref + "-vedlegg.pdf", ForsendelseApiEndToEndTest.PDF2);
        skole.lastOpp(ref + ".json", manifest(ref, "skole").toString().getBytes(StandardCharsets.UTF_8));

        JsonNode svar = skole.ventPaaSvar(ref);

        UUID id = UUID.fromString(svar.path("id").asText());
        assertThat(svar.path("ny").asBoolean()).isTrue();
        HttpResponse<String> status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/forsendelser/" + id))
                .header("Authorization", "Bearer " + token("skole")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(status.statusCode()).isEqualTo(200);
        JsonNode brev = JSON.readTree(status.body());
        assertThat(brev.path("kanalInn").asText()).isEqualTo("SFTP");
        assertThat(brev.path("eksternReferanse").asText()).isEqualTo(ref);
        assertThat(jdbc.queryForObject("select innhold from brev_dokument where brev_id = ? and nr = 2", byte[].class, id))
                .isEqualTo(ForsendelseApiEndToEndTest.PDF2);
        assertThat(skole.navn(INN + ".behandlet/" + ref)).containsExactlyInAnyOrder(ref + ".json", ref + "-vedtak.pdf", ref + "-vedlegg.pdf");
        assertThat(skole.navn(INN)).noneMatch(n -> n.startsWith(ref));
    }

    // a crash left <name>.json in .behandles/, and the fagsystem, with no answer, sent a manifest of the same name again:
    // the claim's rename met the left one, failed at every poll, and housekeeping never moved the left one back over
    // the new one, so neither was ever handled (until session 29)
    @Test
    void should_take_a_manifest_whose_name_a_crash_left_in_behandles_and_leave_the_left_one_for_housekeeping() throws Exception {
        String navn = referanse();
        String forlatt = referanse();
        String ny = referanse();
        Path behandles = Files.createDirectories(Path.of(sftpRot, "skole", "forsendelse", "inn", SftpInnlevering.BEHANDLES));
        Path venstre = behandles.resolve(navn + ".json");
        Files.write(venstre, manifest(forlatt, "skole").toString().getBytes(StandardCharsets.UTF_8));
        try {
            SftpInnlogging skole = skole();
            skole.lastOpp(ny + "-vedtak.pdf", ForsendelseApiEndToEndTest.PDF1);
            skole.lastOpp(ny + "-vedlegg.pdf", ForsendelseApiEndToEndTest.PDF2);
            skole.lastOpp(navn + ".json", manifest(ny, "skole").toString().getBytes(StandardCharsets.UTF_8));

            JsonNode svar = skole.ventPaaSvar(navn);

            assertThat(jdbc.queryForObject("select ekstern_referanse from brev where id = ?", String.class,
                    UUID.fromString(svar.path("id").asText()))).isEqualTo(ny);
            assertThat(skole.navn(INN + ".behandlet/" + navn)).containsExactlyInAnyOrder(navn + ".json", ny + "-vedtak.pdf", ny + "-vedlegg.pdf");
            assertThat(skole.navn(INN)).noneMatch(n -> n.startsWith(navn));
            assertThat(skole.navn(INN + ".behandles")).filteredOn(n -> n.contains(navn)).containsExactly(navn + ".json");
            assertThat(Files.readString(venstre)).contains(forlatt);
        } finally {
            Files.deleteIfExists(venstre);
        }
    }

    @Test
    void should_still_take_a_manifest_with_its_documents_inline_as_base64() throws Exception {
        String ref = referanse();
        ObjectNode manifest = ForsendelseApiEndToEndTest.metadata(ref);
        ((ObjectNode) manifest.get("dokumenter").get(0)).put("innhold", Base64.getEncoder().encodeToString(ForsendelseApiEndToEndTest.PDF1));
        ((ObjectNode) manifest.get("dokumenter").get(1)).put("innhold", Base64.getEncoder().encodeToString(ForsendelseApiEndToEndTest.PDF2));
        SftpInnlogging skole = skole();
        skole.lastOpp(ref + ".json", manifest.toString().getBytes(StandardCharsets.UTF_8));

        UUID id = UUID.fromString(skole.ventPaaSvar(ref).path("id").asText());

        assertThat(jdbc.queryForObject("select kanal_inn from brev where id = ?", String.class, id)).isEqualTo("SFTP");
    }

    @Test
    void should_answer_the_same_manifest_twice_with_the_first_letters_id_and_store_one_letter() throws Exception {
        String ref = referanse();
        byte[] manifest = manifest(ref, "skole").toString().getBytes(StandardCharsets.UTF_8);
        SftpInnlogging skole = skole();
        skole.lastOpp(ref + "-vedtak.pdf", ForsendelseApiEndToEndTest.PDF1);
        skole.lastOpp(ref + "-vedlegg.pdf", ForsendelseApiEndToEndTest.PDF2);
        skole.lastOpp(ref + ".json", manifest);
        JsonNode foerste = skole.ventPaaSvar(ref);
        skole.sftp().remove("/forsendelse/svar/" + ref + ".svar.json");

        // a fagsystem that lost the answer sends everything again
        skole.lastOpp(ref + "-vedtak.pdf", ForsendelseApiEndToEndTest.PDF1);
        skole.lastOpp(ref + "-vedlegg.pdf", ForsendelseApiEndToEndTest.PDF2);
        skole.lastOpp(ref + ".json", manifest);
        JsonNode andre = skole.ventPaaSvar(ref);

        assertThat(andre.path("id").asText()).isEqualTo(foerste.path("id").asText());
        assertThat(andre.path("ny").asBoolean()).isFalse();
        assertThat(jdbc.queryForObject("select count(*) from brev where avsender_system = 'skole' and ekstern_referanse = ?", Integer.class, ref))
                .isEqualTo(1);
        assertThat(skole.navn(INN + ".behandlet/" + ref + "-2")).contains(ref + ".json", ref + "-vedtak.pdf");
    }

    static Stream<Arguments> avvisninger() {
        return Stream.of(
                avvisning("an invalid recipient", m -> m.put("mottaker", ForsendelseApiEndToEndTest.FNR_FEIL_KONTROLL), true, "/mottaker", "020132*****"),
                avvisning("a PDF the manifest names but that was not uploaded", m -> { }, false, "/dokumenter/1/fil", "finnes ikke i mappen"),
                avvisning("a document that is not a PDF", m -> ((ObjectNode) m.get("dokumenter").get(1)).put("fil", "%s-side.html"), true,
                        "/dokumenter/1", "ikke en PDF"),
                avvisning("an encrypted PDF", m -> ((ObjectNode) m.get("dokumenter").get(1)).put("fil", "%s-kryptert.pdf"), true,
                        "/dokumenter/1", "kryptert"),
                avvisning("the same file named twice", m -> ((ObjectNode) m.get("dokumenter").get(1)).put("fil", "%s-vedtak.pdf"), true,
                        "/dokumenter/1/fil", "samme fil som dokument 1"),
                avvisning("a letter in another fagsystem's name", m -> m.put("avsenderSystem", "barnevern"), true,
                        "/avsenderSystem", "eier mappen"),
                // PostgreSQL refuses a NUL: before, the manifest went back to the drop folder and failed at every poll
                avvisning("a NUL in the title", m -> m.put("tittel", "Vedtak\u0000"), true, "/tittel", "kontrolltegn (U+0000"),
                avvisning("control characters in the title", m -> m.put("tittel", "Vedtak\u001B[2J"), true, "/tittel", "kontrolltegn (U+001B"));
    }

    @Test
    void should_move_a_manifest_with_a_nul_in_its_reference_to_the_error_folder_instead_of_trying_it_at_every_poll() throws Exception {
        String ref = referanse();
        SftpInnlogging skole = skole();
        skole.lastOpp(ref + "-vedtak.pdf", ForsendelseApiEndToEndTest.PDF1);
        skole.lastOpp(ref + "-vedlegg.pdf", ForsendelseApiEndToEndTest.PDF2);
        skole.lastOpp(ref + ".json", manifest(ref, "skole").put("eksternReferanse", ref + "\u0000").toString().getBytes(StandardCharsets.UTF_8));

        JsonNode svar = skole.ventPaaSvar(ref);

        assertThat(svar.path("status").asInt()).isEqualTo(400);
        JsonNode grunn = JSON.readTree(skole.les(INN + ".avvist/" + ref + "/" + ref + ".grunn.json"));
        assertThat(grunn.path("errors").findValuesAsText("pointer")).contains("/eksternReferanse");
        assertThat(skole.navn(INN)).noneMatch(n -> n.startsWith(ref));
        assertThat(skole.navn(INN + ".behandles")).noneMatch(n -> n.contains(ref));
    }

    @Test
    void should_refuse_a_manifest_that_reuses_a_reference_for_other_content_with_409_in_the_reason_file() throws Exception {
        String ref = referanse();
        SftpInnlogging skole = skole();
        skole.lastOpp(ref + "-vedtak.pdf", ForsendelseApiEndToEndTest.PDF1);
        skole.lastOpp(ref + "-vedlegg.pdf", ForsendelseApiEndToEndTest.PDF2);
        skole.lastOpp(ref + ".json", manifest(ref, "skole").toString().getBytes(StandardCharsets.UTF_8));
        String id = skole.ventPaaSvar(ref).path("id").asText();
        skole.sftp().remove("/forsendelse/svar/" + ref + ".svar.json");

        // another letter under the same reference, its PDFs uploaded with it
        skole.lastOpp(ref + "-vedtak.pdf", no.kommune.esb.TestPdf.gyldig("et annet vedtak"));
        skole.lastOpp(ref + "-vedlegg.pdf", ForsendelseApiEndToEndTest.PDF2);
        skole.lastOpp(ref + ".json", manifest(ref, "skole").toString().getBytes(StandardCharsets.UTF_8));
        JsonNode svar = skole.ventPaaSvar(ref);

        assertThat(svar.path("status").asInt()).isEqualTo(409);
        JsonNode grunn = JSON.readTree(skole.les(INN + ".avvist/" + ref + "/" + ref + ".grunn.json"));
        assertThat(grunn.path("type").asText()).isEqualTo("urn:kommune-esb:problem:ekstern-referanse-brukt");
        assertThat(grunn.path("detail").asText()).contains(id);
        assertThat(skole.navn(INN + ".avvist/" + ref)).contains(ref + ".json", ref + "-vedtak.pdf", ref + "-vedlegg.pdf");
        assertThat(skole.navn(INN)).noneMatch(n -> n.startsWith(ref));
        assertThat(jdbc.queryForObject("select innhold from brev_dokument where brev_id = ?::uuid and nr = 1", byte[].class, id))
                .isEqualTo(ForsendelseApiEndToEndTest.PDF1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("avvisninger")
    void should_move_a_refused_manifest_and_its_pdfs_to_the_error_folder_with_the_reason_beside_them_and_keep_a_dead_letter(
            String tilfelle, Consumer<ObjectNode> endring, boolean begge, String peker, String grunnInneholder) throws Exception {
        String ref = referanse();
        ObjectNode manifest = manifest(ref, "skole");
        endring.accept(manifest);
        manifest.get("dokumenter").forEach(d -> ((ObjectNode) d).put("fil", d.path("fil").asText().formatted(ref)));
        SftpInnlogging skole = skole();
        skole.lastOpp(ref + "-vedtak.pdf", ForsendelseApiEndToEndTest.PDF1);
        if (begge) {
            skole.lastOpp(ref + "-vedlegg.pdf", ForsendelseApiEndToEndTest.PDF2);
        }
        if (manifest.toString().contains(ref + "-side.html")) {
            skole.lastOpp(ref + "-side.html", "<html>".getBytes(StandardCharsets.US_ASCII));
        }
        if (manifest.toString().contains(ref + "-kryptert.pdf")) {
            skole.lastOpp(ref + "-kryptert.pdf", TestPdf.kryptert());
        }
        skole.lastOpp(ref + ".json", manifest.toString().getBytes(StandardCharsets.UTF_8));

        JsonNode svar = skole.ventPaaSvar(ref);

        assertThat(svar.path("status").asInt()).isEqualTo(400);
        String avvist = INN + ".avvist/" + ref + "/";
        String grunnTekst = new String(skole.les(avvist + ref + ".grunn.json"), StandardCharsets.UTF_8);
        JsonNode grunn = JSON.readTree(grunnTekst);
        assertThat(grunn.path("errors").findValuesAsText("pointer")).contains(peker);
        assertThat(grunnTekst).contains(grunnInneholder).doesNotContain(ForsendelseApiEndToEndTest.FNR_FEIL_KONTROLL);
        assertThat(skole.navn(avvist)).contains(ref + ".json", ref + "-vedtak.pdf", ref + ".grunn.json");
        assertThat(skole.navn(INN)).doesNotContain(ref + ".json", ref + "-vedtak.pdf");
        Map<String, Object> dead = jdbc.queryForMap("select kilde, grunn from dead_letter where referanse like ?", "%/" + ref);
        assertThat(dead).containsEntry("kilde", InnleveringMottak.KILDE_SFTP);
        assertThat(jdbc.queryForObject("select count(*) from brev where ekstern_referanse = ?", Integer.class, ref)).isZero();
    }

    @Test
    void should_refuse_a_manifest_that_stays_empty_with_a_reason_file_and_an_answer() throws Exception {
        String ref = referanse();
        SftpInnlogging skole = skole();
        skole.lastOpp(ref + ".json", new byte[0]);

        JsonNode svar = skole.ventPaaSvar(ref);

        assertThat(svar.path("status").asInt()).isEqualTo(400);
        assertThat(svar.path("errors").get(0).path("detail").asText()).contains("manifestet er tomt");
        assertThat(skole.navn(INN + ".avvist/" + ref)).containsExactlyInAnyOrder(ref + ".json", ref + ".grunn.json");
    }

    @Test
    void should_handle_waiting_manifests_oldest_first_and_leave_a_shared_pdf_to_the_one_still_waiting() throws Exception {
        String ref = referanse();
        // by name "-a" comes first; by upload time "-b" does, and it is refused
        String tidlig = ref + "-b";
        String sen = ref + "-a";
        ObjectNode avvist = manifest(tidlig, "skole").put("mottaker", ForsendelseApiEndToEndTest.FNR_FEIL_KONTROLL);
        ObjectNode godtatt = manifest(sen, "skole");
        ((ObjectNode) avvist.get("dokumenter").get(0)).put("fil", ref + "-felles.pdf");
        ((ObjectNode) godtatt.get("dokumenter").get(0)).put("fil", ref + "-felles.pdf");
        camel.getRouteController().suspendRoute("forsendelse-mottak-sftp");
        SftpInnlogging skole = skole();
        try {
            skole.lastOpp(ref + "-felles.pdf", ForsendelseApiEndToEndTest.PDF1);
            skole.lastOpp(tidlig + "-vedlegg.pdf", ForsendelseApiEndToEndTest.PDF2);
            skole.lastOpp(sen + "-vedlegg.pdf", ForsendelseApiEndToEndTest.PDF2);
            skole.lastOpp(tidlig + ".json", avvist.toString().getBytes(StandardCharsets.UTF_8));
            skole.lastOpp(sen + ".json", godtatt.toString().getBytes(StandardCharsets.UTF_8));
            skole.settEndret(INN + tidlig + ".json", Instant.now().minus(Duration.ofMinutes(10)));
            skole.settEndret(INN + sen + ".json", Instant.now().minus(Duration.ofMinutes(5)));
        } finally {
            camel.getRouteController().resumeRoute("forsendelse-mottak-sftp");
        }

        JsonNode svarTidlig = skole.ventPaaSvar(tidlig);
        JsonNode svarSen = skole.ventPaaSvar(sen);

        assertThat(svarTidlig.path("status").asInt()).isEqualTo(400);
        assertThat(svarSen.path("ny").asBoolean()).as(svarSen.toString()).isTrue();
        // the refused manifest left the shared PDF for the waiting one, which took it along
        assertThat(skole.navn(INN + ".avvist/" + tidlig)).contains(tidlig + "-vedlegg.pdf").doesNotContain(ref + "-felles.pdf");
        assertThat(skole.navn(INN + ".behandlet/" + sen)).contains(ref + "-felles.pdf", sen + "-vedlegg.pdf");
    }

    @Test
    void should_confine_a_fagsystem_to_its_own_folder() throws Exception {
        try (SftpInnlogging barnevern = logInn("barnevern", "lokal-barnevern")) {
            barnevern.lastOppDirekte("/hemmelig.txt", "bare for barnevern".getBytes(StandardCharsets.UTF_8));
        }
        SftpInnlogging skole = skole();
        assertThat(skole.navn("/")).doesNotContain("barnevern", "skole", "platform", ".hostkey.ser");
        assertThat(skole.navn("/..")).containsExactlyInAnyOrderElementsOf(skole.navn("/"));
        for (String sti : List.of("/../barnevern/hemmelig.txt", "/barnevern/hemmelig.txt", "../barnevern/hemmelig.txt")) {
            assertThatThrownBy(() -> skole.les(sti)).as(sti).isInstanceOf(IOException.class);
        }
        try {
            skole.lastOppDirekte("/../barnevern/inntrenger.txt", "x".getBytes(StandardCharsets.UTF_8));
        } catch (IOException nektet) {
            // refused outright, or (above) written inside skole's own folder: either way not in barnevern's
        }
        try (SftpInnlogging barnevern = logInn("barnevern", "lokal-barnevern")) {
            assertThat(barnevern.navn("/")).contains("hemmelig.txt").doesNotContain("inntrenger.txt");
        }
    }

    @Test
    void should_log_a_manifest_whose_name_holds_an_identity_number_masked_when_its_exchange_rolls_back(
            CapturedOutput output) throws Exception {
        // a fagsystem names its own files. Before, Camel's rollback warning named the manifest whole at every failed
        // attempt ("Rollback file strategy: … for file: RemoteFile[skole/forsendelse/inn/brev-<number>.json]")
        String fnr = Testidenter.syntetisk(LocalDate.of(1985, 5, 5), 40).value();
        String navn = "brev-" + fnr;
        String ref = referanse();
        // the manifest cannot be claimed: .behandles is a file, so no folder can be made there
        Path behandles = Path.of(sftpRot, "skole", "forsendelse", "inn", SftpInnlevering.BEHANDLES);
        Path flyttet = behandles.resolveSibling(SftpInnlevering.BEHANDLES + "-" + UUID.randomUUID());
        Files.move(Files.createDirectories(behandles), flyttet);
        Files.writeString(behandles, "ikke en mappe");
        NotifyBuilder feilet = new NotifyBuilder(camel).fromRoute("forsendelse-mottak-sftp")
                .filter(e -> e.getIn().getHeader(Exchange.FILE_NAME, "", String.class).contains(navn)).whenFailed(1).create();
        SftpInnlogging skole = skole();
        try {
            skole.lastOpp(ref + "-vedtak.pdf", ForsendelseApiEndToEndTest.PDF1);
            skole.lastOpp(ref + "-vedlegg.pdf", ForsendelseApiEndToEndTest.PDF2);
            skole.lastOpp(navn + ".json", manifest(ref, "skole").toString().getBytes(StandardCharsets.UTF_8));
            assertThat(feilet.matches(60, TimeUnit.SECONDS)).as("an attempt rolled back").isTrue();
        } finally {
            Files.delete(behandles);
            Files.move(flyttet, behandles);
        }
        assertThat(skole.ventPaaSvar(navn).path("ny").asBoolean()).as("taken at a later poll").isTrue();

        assertThat(output.getAll()).doesNotContain(fnr)
                .contains("SFTP manifest skole/forsendelse/inn/brev-" + Identitetsnummer.mask(fnr) + ".json not handled");
    }

    @Test
    void should_refuse_a_wrong_password_and_log_the_user_name_only() {
        Logger logger = (Logger) LoggerFactory.getLogger("no.kommune.esb.platform.embedded.EmbeddedSftpServer");
        ListAppender<ILoggingEvent> logg = new ListAppender<>();
        logg.start();
        logger.addAppender(logg);
        try {
            assertThatThrownBy(() -> logInn("skole", "feil-passord-123").close()).isInstanceOf(IOException.class);

            await().atMost(Duration.ofSeconds(10)).until(() -> List.copyOf(logg.list).stream()
                    .anyMatch(e -> e.getFormattedMessage().contains("'skole'")));
            assertThat(List.copyOf(logg.list)).allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain("feil-passord-123"));
        } finally {
            logger.detachAppender(logg);
        }
    }

    static Arguments avvisning(String tilfelle, Consumer<ObjectNode> endring, boolean begge, String peker, String grunn) {
        return Arguments.of(tilfelle, endring, begge, peker, grunn);
    }

    public static String referanse() {
        return "sftp-" + UUID.randomUUID();
    }

    /** The REST metadata with each document naming its PDF in the folder: <ref>-vedtak.pdf and <ref>-vedlegg.pdf. */
    public static ObjectNode manifest(String ref, String avsender) {
        ObjectNode m = ForsendelseApiEndToEndTest.metadata(ref).put("avsenderSystem", avsender);
        ((ObjectNode) m.get("dokumenter").get(0)).remove("filnavn");
        ((ObjectNode) m.get("dokumenter").get(0)).put("fil", ref + "-vedtak.pdf");
        ((ObjectNode) m.get("dokumenter").get(1)).remove("filnavn");
        ((ObjectNode) m.get("dokumenter").get(1)).put("fil", ref + "-vedlegg.pdf");
        return m;
    }

    SftpInnlogging logInn(String bruker, String passord) throws IOException {
        return SftpInnlogging.logInn(sftpPort, bruker, passord);
    }
}
