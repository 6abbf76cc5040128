package no.kommune.esb.hendelser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import no.kommune.esb.EndToEndTest;
import no.kommune.esb.Koeblokkering;
import no.kommune.esb.simulator.population.Kind;
import no.kommune.esb.simulator.population.SimPerson;
import no.kommune.esb.simulator.population.SyntheticPopulation;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A JMS fagsystem whose queue the broker holds back (an address full under the BLOCK policy, here made so through
 * Artemis' management API; the same as a disk below its floor) must not stop the other fagsystems' events: a send
 * waited without end, and the delivery round waited for it with every other fagsystem's rows (a CI run hung 90 min).
 * The send now fails after hendelser.levering.jms-tidsgrense (2 s in tests), its rows wait for their retry, and they
 * are delivered once, when the queue takes messages again.
 */
class JmsTidsgrenseEndToEndTest extends EndToEndTest {

    private static final String KOE = "fagsystem.pleie-omsorg.personendringer";

    @Value("${server.port}")
    int port;
    @Autowired
    Environment env;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JmsTemplate jms;
    @Autowired
    SyntheticPopulation population;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void should_deliver_the_other_fagsystems_while_a_jms_queue_holds_the_send_back_and_its_rows_once_it_takes_them_again() throws Exception {
        SimPerson p = population.findAll(Kind.VANLIG_VOKSEN).get(77);
        long seq;
        try (Koeblokkering blokkert = Koeblokkering.blokker(env, jms, KOE)) {
            seq = seqFor(change("{\"kind\":\"FLYTTING_INNEN_KOMMUNE\",\"person\":\"" + p.id() + "\"}"), p.id());

            // Kafka and the webhook are delivered while the queue holds pleie-omsorg's send back
            await().atMost(Duration.ofSeconds(30)).until(() -> levert(seq).containsAll(List.of("eiendomsskatt", "barnevern")));
            await().atMost(Duration.ofSeconds(15)).until(() -> forsoek(seq) >= 1);
            Map<String, Object> rad = jdbc.queryForMap("select status, feil from levering where sekvensnummer = ? and fagsystem = 'pleie-omsorg'", seq);
            assertThat(rad.get("status")).isEqualTo("VENTER");
            assertThat(String.valueOf(rad.get("feil"))).contains("tidsavbrudd").contains("megleren holder dem igjen");
        }

        // the queue takes messages again: the row goes at its retry, and its message is on the queue once
        await().atMost(Duration.ofSeconds(30)).until(() -> levert(seq).contains("pleie-omsorg"));
        jms.setReceiveTimeout(5000);
        Message m = jms.receiveSelected(KOE, "esb_sekvensnummer = " + seq);
        assertThat(m).isInstanceOf(TextMessage.class);
        assertThat(((TextMessage) m).getText()).startsWith("<");
        jms.setReceiveTimeout(1000);
        assertThat(jms.receiveSelected(KOE, "esb_sekvensnummer = " + seq)).as("the event's message a second time").isNull();
    }

    private List<String> levert(long seq) {
        return jdbc.queryForList("select fagsystem from levering where sekvensnummer = ? and status = 'LEVERT'", String.class, seq);
    }

    private int forsoek(long seq) {
        return jdbc.queryForList("select forsoek from levering where sekvensnummer = ? and fagsystem = 'pleie-omsorg'", Integer.class, seq)
                .stream().findFirst().orElse(0);
    }

    private long seqFor(JsonNode change, String personId) {
        JsonNode personer = change.path("personer");
        for (int i = 0; i < personer.size(); i++) {
            if (personer.get(i).asText().equals(personId)) {
                return change.path("sekvensnumre").get(i).asLong();
            }
        }
        throw new AssertionError("the change has no event for the person");
    }

    private JsonNode change(String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/sim/admin/folkeregisteret/hendelser"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isBetween(200, 299);
        return json.readTree(r.body());
    }
}
