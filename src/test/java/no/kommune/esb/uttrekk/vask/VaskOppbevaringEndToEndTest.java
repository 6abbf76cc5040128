package no.kommune.esb.uttrekk.vask;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import no.kommune.esb.EndToEndTest;
import no.kommune.esb.SftpInnlogging;
import no.kommune.esb.platform.PlatformLock;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.spring.pollingconsumer.SpringScheduledPollConsumerScheduler;
import org.apache.camel.support.ScheduledPollConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retention of the SFTP wash's files against the embedded SFTP server: old answers, notes and processed copies deleted,
 * fresh ones and the fagsystem's own files kept, and the very same file sent again after its copy is gone washed anew.
 * Files are made with old names and times and the job runs as of now; every assertion looks at this test's own files
 * only (other classes share the folders). Until session 32 nothing deleted these files.
 */
class VaskOppbevaringEndToEndTest extends EndToEndTest {

    @Autowired
    VaskRydding rydding;
    @Autowired
    VaskKrav krav;
    @Autowired
    PlatformLock lock;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry metrikker;
    @Autowired
    CamelContext camel;
    @Value("${platform.sftp.port}")
    int sftpPort;
    @Value("${server.port}")
    int port;
    @Value("${vask.oppbevaring.schedule}")
    String cron;

    @Test
    void should_delete_old_wash_answers_notes_and_processed_copies_keep_fresh_ones_and_never_touch_the_fagsystems_own_files()
            throws Exception {
        Instant naa = Instant.now();
        String p = "oppbevaring-" + UUID.randomUUID();
        String gammel = VaskSftp.merke(naa.minus(Duration.ofDays(20)), UUID.randomUUID());
        String fersk = VaskSftp.merke(naa.minus(Duration.ofDays(1)), UUID.randomUUID());
        double svarFoer = metrikker.counter("esb.vask.oppbevaring.slettet", "type", "svar").count();

        try (SftpInnlogging lonn = innlogging("lonn"); SftpInnlogging arkiv = innlogging("sak-arkiv")) {
            // the platform's: an answer and a note 20 days old, an answer from yesterday, one made 20 days ago but written
            // today (its file retried for long), a write's leftover .tmp; the fagsystem's own file 400 days old
            fil(lonn, "/vask/ut/" + p + "-svar-" + gammel + ".csv", naa.minus(Duration.ofDays(20)));
            fil(lonn, "/vask/ut/" + p + "-avvist-" + gammel + ".txt", naa.minus(Duration.ofDays(20)));
            fil(lonn, "/vask/ut/" + p + "-b-svar-" + gammel + ".csv.tmp", naa.minus(Duration.ofDays(20)));
            fil(lonn, "/vask/ut/" + p + "-svar-" + fersk + ".csv", naa.minus(Duration.ofDays(1)));
            fil(lonn, "/vask/ut/" + p + "-sen-svar-" + gammel + ".csv", naa);
            fil(lonn, "/vask/ut/" + p + "-egen.csv", naa.minus(Duration.ofDays(400)));
            // copies: one washed 20 days ago, one washed yesterday whose time the upload kept from a year ago (put -p),
            // two under the file's own name (moved aside before V78), changed 400 and 2 days ago: the first was kept for
            // ever until the closing notes of session 32
            fil(lonn, "/vask/inn/.behandlet/" + p + "-" + gammel + ".csv", naa.minus(Duration.ofDays(20)));
            fil(lonn, "/vask/inn/.behandlet/" + p + "-" + fersk + ".csv", naa.minus(Duration.ofDays(365)));
            fil(lonn, "/vask/inn/.behandlet/" + p + ".csv", naa.minus(Duration.ofDays(400)));
            fil(lonn, "/vask/inn/.behandlet/" + p + "-forrige.csv", naa.minus(Duration.ofDays(2)));
            // a folder with no registration gets refusals too, and its files moved aside
            fil(arkiv, "/vask/ut/" + p + "-avvist-" + gammel + ".txt", naa.minus(Duration.ofDays(20)));
            fil(arkiv, "/vask/inn/.behandlet/" + p + "-" + gammel + ".csv", naa.minus(Duration.ofDays(20)));

            VaskRydding.Resultat r = rydding.kjoer(naa);

            assertThat(r.kjoert()).isTrue();
            assertThat(r.svar()).isGreaterThanOrEqualTo(2);
            assertThat(r.avvist()).isGreaterThanOrEqualTo(2);
            assertThat(r.behandlet()).isGreaterThanOrEqualTo(3);
            assertThat(mine(lonn, "/vask/ut", p)).containsExactlyInAnyOrder(
                    p + "-svar-" + fersk + ".csv", p + "-sen-svar-" + gammel + ".csv", p + "-egen.csv");
            assertThat(mine(lonn, "/vask/inn/.behandlet", p)).containsExactlyInAnyOrder(p + "-" + fersk + ".csv", p + "-forrige.csv");
            assertThat(mine(arkiv, "/vask/ut", p)).isEmpty();
            assertThat(mine(arkiv, "/vask/inn/.behandlet", p)).isEmpty();
            assertThat(metrikker.counter("esb.vask.oppbevaring.slettet", "type", "svar").count() - svarFoer).isGreaterThanOrEqualTo(2);
        }
    }

    /**
     * The claims (vask_krav) hold a hash of a path that may name a person; until the closing notes of session 32 they
     * were never deleted. Now the nightly run deletes those settled longer ago than the retention (answered, given up,
     * failed and not taken since, or held by an instance that died), and keeps the rest.
     */
    @Test
    void should_delete_the_wash_claims_settled_longer_ago_than_the_retention_and_keep_the_others() {
        String p = "krav-" + UUID.randomUUID() + "-";
        jdbc.update("""
                insert into vask_krav (noekkel, tatt, tilstand, besvart, neste_forsoek, frist) values
                  (? || 'besvart-gammel', now() - interval '30 days', 'BESVART', now() - interval '20 days', null, null),
                  (? || 'gitt-opp-gammel', now() - interval '30 days', 'GITT_OPP', now() - interval '15 days', null, null),
                  (? || 'feilet-gammel', now() - interval '30 days', 'FEILET', null, now() - interval '20 days', null),
                  (? || 'tatt-gammel', now() - interval '30 days', 'TATT', null, null, now() - interval '20 days'),
                  (? || 'foer-v39', now() - interval '300 days', 'BESVART', null, null, null),
                  (? || 'besvart-fersk', now() - interval '30 days', 'BESVART', now() - interval '2 days', null, null),
                  (? || 'feilet-venter', now() - interval '30 days', 'FEILET', null, now() + interval '1 hour', null),
                  (? || 'tatt-fersk', now() - interval '30 days', 'TATT', null, null, now() + interval '10 minutes')""",
                p, p, p, p, p, p, p, p);
        try {
            VaskRydding.Resultat r = rydding.kjoer(Instant.now());

            assertThat(r.krav()).isGreaterThanOrEqualTo(5);
            assertThat(jdbc.queryForList("select substr(noekkel, ?) from vask_krav where noekkel like ?", String.class, p.length() + 1, p + "%"))
                    .as("old code: all eight kept").containsExactlyInAnyOrder("besvart-fersk", "feilet-venter", "tatt-fersk");
        } finally {
            jdbc.update("delete from vask_krav where noekkel like ?", p + "%");
        }
    }

    @Test
    void should_wash_the_very_same_file_sent_again_after_retention_deleted_its_processed_copy() throws Exception {
        // the fagsystem sends its file again 20 days on, its time kept by the upload (put -p): the same claim key. The wash
        // knew the resend by the copy in .behandlet; with the copy deleted it took the file for the answered one still
        // waiting to be moved aside, and moved it aside unanswered
        String navn = "igjen-etter-oppbevaring-" + UUID.randomUUID();
        byte[] innhold = ("# formaal: loennsutbetaling\n" + person("VANLIG_VOKSEN") + "\n").getBytes(StandardCharsets.UTF_8);
        Instant endret = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(20));
        // the claim's key as vask_krav stores it (a keyed hash of path, size and modification time)
        String noekkel = krav.noekkel("lonn/vask/inn/" + navn + ".csv:" + innhold.length + ":" + endret.toEpochMilli());

        try (SftpInnlogging lonn = innlogging("lonn")) {
            leggInn(lonn, navn, innhold, endret);
            List<String> svar = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                    .until(() -> mine(lonn, "/vask/ut", navn + "-svar-"), s -> s.size() == 1 && !s.get(0).endsWith(".tmp"));
            List<String> kopi = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                    .until(() -> mine(lonn, "/vask/inn/.behandlet", navn + "-"), k -> k.size() == 1);
            // 20 days pass: the claim, its answer and its copy as the wash would have left them then
            String merke = jdbc.queryForObject("select merke from vask_krav where noekkel = ?", String.class, noekkel);
            String gammelt = VaskSftp.merke(Instant.now().minus(Duration.ofDays(20)), UUID.randomUUID());
            jdbc.update("update vask_krav set merke = ?, besvart = besvart - interval '20 days' where noekkel = ?", gammelt, noekkel);
            String gammeltSvar = svar.get(0).replace(merke, gammelt);
            lonn.sftp().rename("/vask/ut/" + svar.get(0), "/vask/ut/" + gammeltSvar);
            lonn.settEndret("/vask/ut/" + gammeltSvar, endret);
            lonn.sftp().rename("/vask/inn/.behandlet/" + kopi.get(0), "/vask/inn/.behandlet/" + kopi.get(0).replace(merke, gammelt));

            VaskRydding.Resultat r = rydding.kjoer();

            assertThat(r.kjoert()).isTrue();
            assertThat(mine(lonn, "/vask/ut", navn)).as("the old answer deleted").isEmpty();
            assertThat(mine(lonn, "/vask/inn/.behandlet", navn)).as("the old copy deleted").isEmpty();

            leggInn(lonn, navn, innhold, endret);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                    .until(() -> !lonn.navn("/vask/inn").contains(navn + ".csv"));
            assertThat(await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                    .until(() -> mine(lonn, "/vask/ut", navn + "-svar-"), s -> !s.isEmpty()))
                    .as("the file sent again is answered, not moved aside unanswered").hasSize(1)
                    .allSatisfy(s -> assertThat(s).doesNotContain(gammelt).endsWith(".csv"));
            assertThat(jdbc.queryForObject("select tilstand from vask_krav where noekkel = ?", String.class, noekkel)).isEqualTo("BESVART");
        }
    }

    @Test
    void should_skip_the_run_while_another_instance_holds_the_job_lock() throws Exception {
        Instant naa = Instant.now();
        String navn = "oppbevaring-laast-" + UUID.randomUUID() + "-svar-" + VaskSftp.merke(naa.minus(Duration.ofDays(20)), UUID.randomUUID()) + ".csv";
        try (SftpInnlogging lonn = innlogging("lonn")) {
            fil(lonn, "/vask/ut/" + navn, naa.minus(Duration.ofDays(20)));

            // the lock is held on another database session, as another instance would hold it
            VaskRydding.Resultat mensLaast = lock.runExclusively(VaskRydding.LAAS, () -> rydding.kjoer(naa)).orElseThrow();

            assertThat(mensLaast.kjoert()).isFalse();
            assertThat(lonn.navn("/vask/ut")).contains(navn);
            lonn.slett("/vask/ut/" + navn);
        }
    }

    @Test
    void should_be_scheduled_nightly_by_a_started_route_with_the_configured_cron() {
        assertThat(camel.getRouteController().getRouteStatus("vask-oppbevaring")).isEqualTo(ServiceStatus.Started);
        ScheduledPollConsumer consumer = (ScheduledPollConsumer) camel.getRoute("vask-oppbevaring").getConsumer();
        assertThat(consumer.getScheduler()).isInstanceOfSatisfying(SpringScheduledPollConsumerScheduler.class,
                s -> assertThat(s.getCron()).isEqualTo(cron).isEqualTo("0 40 2 * * *"));
    }

    /** A fagsystem's SFTP login as its own user, with its {@code vask/inn/.behandlet} and {@code vask/ut} made. */
    private SftpInnlogging innlogging(String bruker) throws IOException {
        SftpInnlogging innlogging = SftpInnlogging.logInn(sftpPort, bruker, "lokal-" + bruker);
        innlogging.lagMappe("/vask/inn/.behandlet");
        innlogging.lagMappe("/vask/ut");
        return innlogging;
    }

    /** A small file at {@code sti}, last changed at {@code endret}. */
    private static void fil(SftpInnlogging f, String sti, Instant endret) throws IOException {
        f.lastOppDirekte(sti, "x\n".getBytes(StandardCharsets.UTF_8));
        f.settEndret(sti, endret);
    }

    /** The names in a folder that begin with {@code prefiks}. */
    private static List<String> mine(SftpInnlogging f, String mappe, String prefiks) throws IOException {
        return f.navn(mappe).stream().filter(n -> n.startsWith(prefiks)).toList();
    }

    /** Puts a wash file into {@code vask/inn} as a fagsystem keeping its time would (written beside it, its time set, renamed in). */
    private static void leggInn(SftpInnlogging f, String navn, byte[] innhold, Instant endret) throws IOException {
        f.lastOppDirekte("/vask/" + navn + ".part", innhold);
        f.settEndret("/vask/" + navn + ".part", endret);
        f.sftp().rename("/vask/" + navn + ".part", "/vask/inn/" + navn + ".csv");
    }

    /** A person of the simulator's population of this kind (VANLIG_VOKSEN, …). */
    private String person(String kind) throws Exception {
        String svar = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/sim/admin/population/kinds/" + kind)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        return new ObjectMapper().readTree(svar).path("foedselsEllerDNummer").asText();
    }
}
