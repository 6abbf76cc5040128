package no.kommune.esb.hendelser;

import no.kommune.esb.hendelser.flyt.FeedLeser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

    private JsonNode change(String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/sim/admin/folkeregisteret/hendelser"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return json.readTree(r.body());
    }
}
