package no.kommune.esb.forsendelse.mottak;

import no.kommune.esb.SftpTestTjener;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import no.kommune.esb.TestPdf;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * Two platform instances' SFTP letter intakes ({@link SftpInnlevering}, each with its own {@link JschSftpTilgang}) on one
 * drop folder of the in-process Apache MINA SFTP server, whose rename replaces a file at its target (JSch renames with
 * posix-rename@openssh.com, which MINA offers). Both found the same manifest in their poll and claim it at once. The
 * server holds the first claim's rename until the second instance's has arrived, lets the first through, and the
 * fagsystem hands in another manifest of the same name (a new letter) before the second rename goes on: what the
 * server does is then the order of a real race, every time.
 * <p>
 * Before session 32 both instances chose the claim name {@code .behandles/brev.json} (looked up free), and the second
 * rename moved the new manifest over the first instance's claim: the first letter was never stored nor answered (lost,
 * DOMAIN.md rule 8) and the second was handled by both instances. Now each claim has a name of its own, and every
 * manifest handed in is stored once.
 */
class SftpInnleveringToInstanserTest {

    static final String BRUKER = SftpTestTjener.BRUKER;
    static final String PASSORD = SftpTestTjener.PASSORD;
    static final ObjectMapper JSON = new ObjectMapper();
    static final String INN = "skole/forsendelse/inn";

    @TempDir
    static Path mappe;
    static Path rot;
    static SshServer server;

    /** The claims' renames of the manifest brev.json the server has seen arrive, and the step each waits for. */
    static final AtomicInteger krav = new AtomicInteger();
    static volatile CountDownLatch andreKravKommet = new CountDownLatch(1);
    static volatile CountDownLatch andreKravKanFortsette = new CountDownLatch(1);
    static volatile byte[] nyttManifest;

    @BeforeAll
    static void start() throws Exception {
        rot = Files.createDirectories(mappe.resolve("sftp"));
        server = SftpTestTjener.start(mappe, rot, new SftpEventListener() {
            @Override
            public void moving(ServerSession session, Path fra, Path til, Collection<CopyOption> valg) throws IOException {
                if (!erKrav(fra, til)) {
                    return;
                }
                if (krav.incrementAndGet() == 1) {
                    // the first instance's claim waits until the second instance has chosen its name and renames too
                    vent(andreKravKommet);
                } else {
                    andreKravKommet.countDown();
                    vent(andreKravKanFortsette);
                }
            }

            @Override
            public void moved(ServerSession session, Path fra, Path til, Collection<CopyOption> valg, Throwable feil) throws IOException {
                if (erKrav(fra, til) && krav.get() >= 2 && andreKravKanFortsette.getCount() > 0) {
                    // the first claim has moved the manifest: the fagsystem hands in another one of the same name
                    // (written under a temporary name and renamed into place, as a careful fagsystem does)
                    Path del = rot.resolve(INN).resolve("brev.json.part");
                    Files.write(del, nyttManifest);
                    Files.move(del, rot.resolve(INN).resolve("brev.json"), StandardCopyOption.ATOMIC_MOVE);
                    andreKravKanFortsette.countDown();
                }
            }
        });
    }

    @AfterAll
    static void stopp() throws Exception {
        server.stop(true);
    }

    static boolean erKrav(Path fra, Path til) {
        // as text: the server's paths belong to its own file system, which a default one may not be compared with
        return fra.toString().endsWith("forsendelse/inn/brev.json") && til.getParent() != null
                && til.getParent().toString().endsWith("/" + SftpInnlevering.BEHANDLES);
    }

    static void vent(CountDownLatch latch) throws IOException {
        try {
            // generous: on the old code and the new both instances get here; a missing step fails the test, not a hang
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IOException("the test's step did not come");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    /** One platform instance's intake: its own SFTP login, the one repository stand-in both instances store in. */
    static SftpInnlevering instans(ForsendelseRepository repository) {
        InnleveringProperties properties = new InnleveringProperties(List.of("skole"), DataSize.ofMegabytes(1));
        JschSftpTilgang tilgang = new JschSftpTilgang("127.0.0.1", server.getPort(), BRUKER, PASSORD, "", "", "no",
                Duration.ofSeconds(10), Duration.ofSeconds(30));
        return new SftpInnlevering(tilgang, new InnleveringMottak(properties, repository, JSON, new SimpleMeterRegistry()),
                repository, properties, JSON, Duration.ofHours(1));
    }

    static byte[] manifest(String eksternReferanse) {
        ObjectNode m = JSON.createObjectNode().put("avsenderSystem", "skole").put("eksternReferanse", eksternReferanse)
                .put("tittel", "Vedtak").put("mottaker", "02013299997").put("brevtype", "FORMELL");
        m.putArray("dokumenter").add(JSON.createObjectNode().put("filnavn", "vedtak.pdf").put("mimeType", "application/pdf")
                .put("innhold", Base64.getEncoder().encodeToString(TestPdf.gyldig(eksternReferanse))));
        return m.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void should_store_each_of_two_manifests_of_one_name_once_when_two_instances_claim_the_first_at_the_same_moment() throws Exception {
        String foerste = "brev-" + UUID.randomUUID();
        String andre = "brev-" + UUID.randomUUID();
        nyttManifest = manifest(andre);
        Files.createDirectories(rot.resolve(INN));
        Files.write(rot.resolve(INN).resolve("brev.json"), manifest(foerste));
        // what both instances stored, by eksternReferanse (the database's key would make a second store of one a no-op)
        Queue<String> lagret = new ConcurrentLinkedQueue<>();
        ForsendelseRepository repository = mock(ForsendelseRepository.class);
        when(repository.lagre(any(), anyString())).thenAnswer(i -> {
            lagret.add(i.<Innlevering>getArgument(0).eksternReferanse());
            return new ForsendelseRepository.Lagret(UUID.randomUUID(), true);
        });
        SftpInnlevering a = instans(repository);
        SftpInnlevering b = instans(repository);

        ExecutorService instanser = Executors.newFixedThreadPool(2);
        try {
            // both instances' pollers found brev.json and hand it to their bean at once
            Future<?> fa = instanser.submit(() -> {
                a.behandle(INN + "/brev.json");
                return null;
            });
            Future<?> fb = instanser.submit(() -> {
                b.behandle(INN + "/brev.json");
                return null;
            });
            fa.get(120, TimeUnit.SECONDS);
            fb.get(120, TimeUnit.SECONDS);
        } finally {
            instanser.shutdownNow();
        }

        assertThat(krav).as("both instances renamed the manifest to claim it").hasValue(2);
        // old code: [andre, andre] — the first letter lost, the second handled by both instances
        assertThat(lagret).containsExactlyInAnyOrder(foerste, andre);
        assertThat(Files.exists(rot.resolve(INN).resolve("brev.json"))).as("nothing left in the drop folder").isFalse();
        try (Stream<Path> igjen = Files.list(rot.resolve(INN).resolve(SftpInnlevering.BEHANDLES))) {
            assertThat(igjen).as("no claim left behind")
                    .noneMatch(krav -> SftpInnlevering.navnFraKrav(krav.getFileName().toString()).equals("brev.json"));
        }
        // each manifest kept once, in a folder of its own
        assertThat(Files.readString(rot.resolve(INN).resolve(".behandlet/brev/brev.json")) + Files.readString(rot.resolve(INN).resolve(".behandlet/brev-2/brev.json")))
                .contains(foerste).contains(andre);
    }

    /**
     * The move that puts a failed claim back into the drop folder (and housekeeping's): never over a manifest of that
     * name handed in meanwhile, on MINA, whose rename replaces (here by a hard link and the removal of the claim).
     * Before session 32 both looked for the name and then renamed, and a manifest handed in between was replaced.
     */
    @Test
    void should_move_a_claim_back_only_where_no_manifest_of_that_name_is_and_never_replace_one() throws Exception {
        Path inn = Files.createDirectories(rot.resolve(INN));
        Path behandles = Files.createDirectories(inn.resolve(SftpInnlevering.BEHANDLES));
        String navn = "tilbake-" + UUID.randomUUID();
        Files.writeString(behandles.resolve(".1a2b." + navn + ".json"), "krevd");
        Files.writeString(inn.resolve(navn + ".json"), "levert paa nytt");
        String navn2 = "tilbake-" + UUID.randomUUID();
        Files.writeString(behandles.resolve(".3c4d." + navn2 + ".json"), "krevd 2");
        JschSftpTilgang tilgang = new JschSftpTilgang("127.0.0.1", server.getPort(), BRUKER, PASSORD, "", "", "no",
                Duration.ofSeconds(10), Duration.ofSeconds(30));

        try (SftpTilgang.Okt okt = tilgang.aapne()) {
            assertThat(okt.flyttUtenAaErstatte(INN + "/.behandles/.1a2b." + navn + ".json", INN + "/" + navn + ".json")).isFalse();
            assertThat(okt.flyttUtenAaErstatte(INN + "/.behandles/.3c4d." + navn2 + ".json", INN + "/" + navn2 + ".json")).isTrue();
            assertThat(okt.flyttUtenAaErstatte(INN + "/.behandles/.3c4d." + navn2 + ".json", INN + "/" + navn2 + ".json"))
                    .as("gone already").isFalse();
        }

        assertThat(Files.readString(inn.resolve(navn + ".json"))).isEqualTo("levert paa nytt");
        assertThat(Files.readString(behandles.resolve(".1a2b." + navn + ".json"))).isEqualTo("krevd");
        assertThat(Files.readString(inn.resolve(navn2 + ".json"))).isEqualTo("krevd 2");
        assertThat(Files.exists(behandles.resolve(".3c4d." + navn2 + ".json"))).isFalse();
        Files.delete(behandles.resolve(".1a2b." + navn + ".json"));
    }
}
