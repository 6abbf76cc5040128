package no.kommune.esb.hendelser.flyt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.jms.ConnectionFactory;
import no.kommune.esb.VedSidenAv;
import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.hendelser.Meldingsmappinger;
import no.kommune.esb.oppslag.Identnoekkel;
import no.kommune.esb.platform.sftp.SftpSkriving;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mock.env.MockEnvironment;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * A webhook round ({@link HendelseLeverer#leverDirekte}) against a receiver that takes the posts and does not answer:
 * the first post's answer timeout ends the fagsystem's round, its later rows fail with it unsent (an attempt each, their
 * retry), instead of one timeout per row while the round, and every other fagsystem's rows in it, waits. Counted by the
 * posts the receiver got, not by time. A webhook that answers slowly is posted to for the round's time for it
 * ({@code webhook-rundetid}, 1 s here), the rest left untouched for the next round. The shipped barnevern registration,
 * the embedded PostgreSQL.
 */
@VedSidenAv
class WebhookrundeTest {

    @TempDir
    static Path mappe;
    static MigrertDatabase database;
    static FagsystemRegistry registry;
    static String dokument;

    HttpServer mottaker;
    final AtomicInteger poster = new AtomicInteger();
    final CountDownLatch slipp = new CountDownLatch(1);
    HendelseLeverer leverer;

    @BeforeAll
    static void start() throws Exception {
        database = MigrertDatabase.start();
        Path fagsystemer = Files.createDirectories(mappe.resolve("fagsystemer"));
        Files.copy(Path.of("config/fagsystemer/barnevern.yaml"), fagsystemer.resolve("barnevern.yaml"));
        registry = FagsystemRegistry.last(fagsystemer, Path.of("mappings"));
        dokument = Files.readString(Path.of("mappings/barnevern/examples/doed-forelder/input.json"));
    }

    @AfterAll
    static void stopp() throws Exception {
        database.close();
    }

    @AfterEach
    void rydd() {
        slipp.countDown();
        if (mottaker != null) {
            mottaker.stop(0);
        }
        if (leverer != null) {
            try {
                leverer.stopp();
            } catch (Exception ignored) {
                // the test is over
            }
        }
        database.jdbc.update("delete from levering");
        database.jdbc.update("delete from hendelse");
    }

    @Test
    void should_post_once_and_fail_the_rounds_other_rows_unsent_when_the_webhook_does_not_answer_in_time() throws Exception {
        // takes the post and holds the answer back until the test ends
        start(svar -> {
            slipp.await(60, TimeUnit.SECONDS);
            return 202;
        });
        List<Long> rader = List.of(rad(9_001, "person-a"), rad(9_002, "person-b"), rad(9_003, "person-c"));

        assertThat(leverer.leverDirekte()).isEqualTo(3);

        assertThat(poster.get()).as("posts the webhook got in the round").isEqualTo(1);
        for (long seq : rader) {
            Map<String, Object> rad = database.jdbc.queryForMap(
                    "select status, forsoek, feil, neste_forsoek > now() as venter from levering where sekvensnummer = ? and fagsystem = 'barnevern'", seq);
            assertThat(rad).as("row %d", seq).containsEntry("status", "VENTER").containsEntry("forsoek", 1)
                    .containsEntry("feil", "tidsavbrudd").containsEntry("venter", true);
        }
    }

    @Test
    void should_post_every_row_of_the_round_to_a_webhook_that_answers_503() throws Exception {
        start(svar -> 503);
        List<Long> rader = List.of(rad(9_101, "person-a"), rad(9_102, "person-b"), rad(9_103, "person-c"));

        assertThat(leverer.leverDirekte()).isEqualTo(3);

        assertThat(poster.get()).as("an answer, even a refusal, is no timeout: every row is posted").isEqualTo(3);
        assertThat(database.jdbc.queryForList("select forsoek from levering where sekvensnummer = any(?)", Integer.class,
                (Object) rader.toArray(Long[]::new))).containsExactly(1, 1, 1);
    }

    @Test
    void should_leave_the_rows_a_slow_webhook_has_no_time_for_untouched_for_the_next_round() throws Exception {
        // answers every post, after 400 ms; the webhook's time in a round is 1 s
        start(svar -> {
            Thread.sleep(400);
            return 202;
        });
        List<Long> rader = new java.util.ArrayList<>();
        for (long seq = 9_201; seq <= 9_208; seq++) {
            rader.add(rad(seq, "person-" + seq));
        }

        int foersteRunde = leverer.leverDirekte();

        assertThat(poster.get()).as("posts in the first round").isEqualTo(foersteRunde).isBetween(1, 7);
        assertThat(database.jdbc.queryForList("select forsoek from levering where status = 'VENTER' and sekvensnummer = any(?) order by sekvensnummer",
                Integer.class, (Object) rader.toArray(Long[]::new))).as("rows left for the next round, untouched").hasSize(8 - foersteRunde)
                .containsOnly(0);
        assertThat(database.jdbc.queryForList("select sekvensnummer from levering where status = 'LEVERT' order by sekvensnummer", Long.class))
                .as("the posted rows are the first in order").isEqualTo(rader.subList(0, foersteRunde));

        while (leverer.leverDirekte() > 0) {
            // the next rounds take the rest
        }
        assertThat(poster.get()).as("every row posted once").isEqualTo(8);
        assertThat(database.jdbc.queryForList("select distinct status from levering", String.class)).containsExactly("LEVERT");
    }

    private interface Svar {
        int status(com.sun.net.httpserver.HttpExchange e) throws Exception;
    }

    /** The receiver (counting posts, answering as {@code svar} says) and a delivery whose webhook answer limit and round time are 1 s. */
    private void start(Svar svar) throws Exception {
        mottaker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        mottaker.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        mottaker.createContext("/hendelser", e -> {
            poster.incrementAndGet();
            e.getRequestBody().readAllBytes();
            try {
                e.sendResponseHeaders(svar.status(e), -1);
            } catch (Exception ex) {
                // the client has gone
            }
            e.close();
        });
        mottaker.start();
        MockEnvironment env = new MockEnvironment()
                .withProperty("hendelser.webhook.barnevern", "http://127.0.0.1:" + mottaker.getAddress().getPort() + "/hendelser")
                .withProperty("BARNEVERN_WEBHOOK_TOKEN", "test-token");
        @SuppressWarnings("unchecked")
        ObjectProvider<Meldingsmappinger> meldinger = mock(ObjectProvider.class);
        leverer = new HendelseLeverer(database.jdbc, database.tx, registry, meldinger, mock(ProducerTemplate.class), new ObjectMapper(),
                new SimpleMeterRegistry(), env, mock(ConnectionFactory.class),
                new SftpSkriving("127.0.0.1", 22, "platform", "", "no", "", "", Duration.ofSeconds(10), Duration.ofSeconds(30)), 500, 4, null,
                new Identnoekkel("en-noekkel-paa-minst-16-tegn"), Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    private static long rad(long seq, String identifikator) {
        database.jdbc.update("insert into hendelse (sekvensnummer, identifikator, hendelsetype, status) values (?, ?, 'endringIForeldreansvar', 'FORDELT')",
                seq, identifikator);
        database.jdbc.update("insert into levering (sekvensnummer, fagsystem, status, dokument, neste_forsoek) values (?, 'barnevern', 'VENTER', ?, now())",
                seq, dokument);
        return seq;
    }
}
