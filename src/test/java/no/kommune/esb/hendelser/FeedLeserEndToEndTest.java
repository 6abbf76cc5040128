package no.kommune.esb.hendelser;

import no.kommune.esb.hendelser.flyt.FeedLeser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.EndToEndTest;
import no.kommune.esb.Prometheus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class FeedLeserEndToEndTest extends EndToEndTest {

    @Value("${server.port}")
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    FeedLeser feedLeser;

    final ObjectMapper json = new ObjectMapper();

    @Test
    void should_store_each_population_change_from_the_simulator_with_its_type_and_advance_the_position_past_it() throws Exception {
        JsonNode flytting = change("{\"kind\":\"FLYTTING_INNEN_KOMMUNE\"}");
        JsonNode doedsfall = change("{\"kind\":\"DOEDSFALL\"}");
        List<Long> seqs = new ArrayList<>();
        flytting.path("sekvensnumre").forEach(n -> seqs.add(n.asLong()));
        doedsfall.path("sekvensnumre").forEach(n -> seqs.add(n.asLong()));
        long last = seqs.stream().mapToLong(Long::longValue).max().orElseThrow();

        await().atMost(Duration.ofSeconds(30)).until(() -> feedLeser.nesteSekvensnummer().orElse(0L) > last);

        for (int i = 0; i < doedsfall.path("sekvensnumre").size(); i++) {
            long seq = doedsfall.path("sekvensnumre").get(i).asLong();
            String type = jdbc.queryForObject("select hendelsetype from hendelse where sekvensnummer = ?", String.class, seq);
            assertThat(type).isEqualTo(doedsfall.path("hendelsetyper").get(i).asText());
        }
        assertThat(jdbc.queryForObject("select count(*) from hendelse where sekvensnummer = any(?)", Integer.class,
                (Object) seqs.toArray(new Long[0]))).isEqualTo(seqs.size());
        // every stored event was read once: no gaps below the position
        assertThat(jdbc.queryForObject("select count(*) from hendelse where sekvensnummer <= ?", Long.class, last))
                .isEqualTo(jdbc.queryForObject("select count(distinct sekvensnummer) from hendelse where sekvensnummer <= ?", Long.class, last));
    }

    @Test
    void should_wait_by_the_backoff_while_folkeregisteret_is_down_warn_once_and_read_on_once_it_is_back(CapturedOutput output) throws Exception {
        String feil = "esb_register_feil_total";
        double foer = Prometheus.verdi(port, feil, "flyt=\"hendelser-feed\"", "register=\"folkeregisteret\"");
        admin("PUT", "/sim/admin/faults/folkeregisteret/*", "{\"outageUntil\":\"" + Instant.now().plus(Duration.ofSeconds(3)) + "\"}");
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> Prometheus.verdi(port, feil, "flyt=\"hendelser-feed\"", "register=\"folkeregisteret\"") > foer);
            // a change made during the outage is read once the register answers again
            JsonNode flytting = change("{\"kind\":\"FLYTTING_INNEN_KOMMUNE\"}");
            long last = 0;
            for (JsonNode n : flytting.path("sekvensnumre")) {
                last = Math.max(last, n.asLong());
            }
            long sist = last;
            await().atMost(Duration.ofSeconds(30)).until(() -> feedLeser.nesteSekvensnummer().orElse(0L) > sist);
        } finally {
            admin("DELETE", "/sim/admin/faults/folkeregisteret/*", null);
        }
        // test profile: a feed read waits 0.5 s after a failure, doubling to at most 2 s, at most 20 % taken off: the shortest
        // waits are 0.4, 0.8, 1.6 s, so a 3 s outage holds at most 4 failed reads (0 + 0.4 + 0.8 + 1.6 = 2.8 s). Before, each
        // 0.5 s tick failed and the route retried it with a warning per retry.
        assertThat(Prometheus.verdi(port, feil, "flyt=\"hendelser-feed\"", "register=\"folkeregisteret\"") - foer).isBetween(1.0, 4.0);
        assertThat(output.getAll().lines().filter(l -> l.contains("hendelser-feed waits on folkeregisteret:"))).hasSize(1);
        assertThat(output.getAll().lines().filter(l -> l.contains("hendelser-feed no longer waits on folkeregisteret:"))).hasSize(1);
    }

    private void admin(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Content-Type", "application/json");
        HttpResponse<String> r = HttpClient.newHttpClient().send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 204);
    }

    private JsonNode change(String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/sim/admin/folkeregisteret/hendelser"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return json.readTree(r.body());
    }
}
