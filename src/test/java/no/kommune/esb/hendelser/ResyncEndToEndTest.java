package no.kommune.esb.hendelser;

import no.kommune.esb.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The feed answers 406 (position older than the register keeps): the platform raises an alarm, runs the resync
 * through a tailored extract, hands every resident to the fagsystems as a 'resync' event and resumes the feed.
 * Its own application context with a small population, so the resync's fan-out stays small; closed after the class,
 * so its second platform (timers, brokers, database) does not run beside the shared one for the rest of the test run.
 */
@TestPropertySource(properties = "simulator.population.size=300")
@DirtiesContext
class ResyncEndToEndTest extends EndToEndTest {

    @Value("${server.port}")
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void should_resync_through_an_extract_and_resume_the_feed_after_a_406() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> !jdbc.queryForList("select 1 from feed_posisjon", Integer.class).isEmpty());
        // the register no longer keeps our position
        send("PUT", "/sim/admin/faults/folkeregisteret/feed", "{\"errorRate\":1.0,\"errorStatus\":406}");
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> count("select count(*) from alarm where kilde = 'hendelser-feed'") > 0);
        } finally {
            send("DELETE", "/sim/admin/faults/folkeregisteret/feed", null);
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> count("select count(*) from resync where status = 'FERDIG'") == 1);

        Map<String, Object> resync = jdbc.queryForMap("select personer, fra_sekvensnummer from resync");
        long personer = ((Number) resync.get("personer")).longValue();
        assertThat(personer).isPositive();
        assertThat(count("select count(*) from hendelse where hendelsetype = 'resync'")).isEqualTo(personer);
        // the feed resumes where the register was when the resync started, and the alarm is closed
        Map<String, Object> pos = jdbc.queryForMap("select neste_sekvensnummer, etag from feed_posisjon");
        assertThat(((Number) pos.get("neste_sekvensnummer")).longValue()).isGreaterThanOrEqualTo(((Number) resync.get("fra_sekvensnummer")).longValue());
        assertThat(pos.get("etag")).isNotEqualTo("RESYNC");
        assertThat(count("select count(*) from alarm where kvittert is null")).isZero();
        // the residents reach a fagsystem that follows the kommune
        await().atMost(Duration.ofSeconds(60)).until(() -> count("""
                select count(*) from levering l join hendelse h on h.sekvensnummer = l.sekvensnummer
                 where h.hendelsetype = 'resync' and l.fagsystem = 'eiendomsskatt' and l.status = 'LEVERT'""") > 0);
    }

    private long count(String sql) {
        Long n = jdbc.queryForObject(sql, Long.class);
        return n == null ? 0 : n;
    }

    private void send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Content-Type", "application/json");
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody()) : b.method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
    }
}
