package no.kommune.esb.platform.konfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.EndToEndTest;
import no.kommune.esb.simulator.population.SimPerson;
import no.kommune.esb.simulator.population.SyntheticPopulation;
import no.kommune.esb.simulator.population.Kind;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances with different registrations (docs/konfigurasjon.md "Several instances"): the other instance is a row
 * of {@code konfig_node} this test writes, as a second platform would. While a registration differs the fan-out waits
 * (the event stays stored, no delivery row is made), the API names the file, and after
 * {@code platform.konfig.avvik-varsel-etter} (2 s in tests) the health check {@code konfigNoder} is DOWN; once the
 * files agree the event is fanned out and the check is UP.
 */
class KonfignoderEndToEndTest extends EndToEndTest {

    private static final String ANNEN = "annen-instans@test";

    @Value("${server.port}")
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SyntheticPopulation population;
    @Autowired
    Konfignoder konfignoder;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void should_hold_the_fan_out_while_a_live_instance_runs_another_registration_and_go_on_once_they_agree() throws Exception {
        String denne = await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList("select node from konfig_node", String.class),
                n -> n.size() == 1).get(0);
        ObjectNode filer = (ObjectNode) json.readTree(jdbc.queryForObject("select filer from konfig_node where node = ?", String.class, denne));
        String registrering = finnFil(filer, "fagsystemer/");
        assertThat(filer.path(finnFil(filer, "mappinger/")).asText()).as("mappings are compared too").hasSize(64);
        // the fan-out runs (and has its register token) before the other instance turns up
        long foer = endring(population.findAll(Kind.VANLIG_VOKSEN).get(10));
        await().atMost(Duration.ofSeconds(30)).until(() -> "FORDELT".equals(status(foer)));
        ObjectNode annen = filer.deepCopy();
        annen.put(registrering, "0".repeat(64));
        try {
            // an instance gone for longer than three beats is not compared with
            jdbc.update("insert into konfig_node (node, filer, endret, sist_sett) values (?, ?, now() - interval '1 hour', now() - interval '1 hour')",
                    ANNEN, annen.toString());
            Thread.sleep(1_500);
            assertThat(noder().path("hendelsesfordelingVenter").asBoolean()).isFalse();
            assertThat(noder().path("ulikeFiler")).isEmpty();

            jdbc.update("update konfig_node set sist_sett = now() where node = ?", ANNEN);
            await().atMost(Duration.ofSeconds(10)).until(() -> noder().path("hendelsesfordelingVenter").asBoolean());
            JsonNode ulik = noder().path("ulikeFiler").get(0);
            assertThat(ulik.path("node").asText()).isEqualTo(ANNEN);
            assertThat(ulik.path("fil").asText()).isEqualTo(registrering);
            assertThat(ulik.path("der").asText()).isEqualTo("000000000000");
            assertThat(noder().path("instanser")).hasSize(2);

            SimPerson p = population.findAll(Kind.VANLIG_VOKSEN).get(11);
            long seq = endring(p);
            await().atMost(Duration.ofSeconds(20)).until(() -> status(seq) != null);
            // ten fan-out periods (300 ms in tests) with the event stored and waiting; the event before was fanned out
            // within one or two
            Thread.sleep(3_000);
            assertThat(status(seq)).isEqualTo("NY");
            assertThat(jdbc.queryForObject("select count(*) from levering where sekvensnummer = ?", Integer.class, seq)).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> "DOWN".equals(konfigHelse().path("status").asText()));
            assertThat(konfigHelse().path("details").path("ulikeFiler").toString()).contains(registrering).doesNotContain(p.id());
            // the console's config page says so too
            no.kommune.esb.konsoll.KonsollKlient konsoll = new no.kommune.esb.konsoll.KonsollKlient(port);
            konsoll.loggInn(no.kommune.esb.konsoll.KonsollKlient.BRUKER, no.kommune.esb.konsoll.KonsollKlient.PASSORD);
            assertThat(konsoll.get("/konsoll/konfigurasjon").body()).contains("hendelsesfordeling og proaktive brev venter")
                    .contains(registrering).contains(ANNEN);

            // the other instance gets the same files (or stops): the fan-out goes on
            jdbc.update("update konfig_node set filer = ?, sist_sett = now() where node = ?", filer.toString(), ANNEN);
            await().atMost(Duration.ofSeconds(20)).until(() -> "FORDELT".equals(status(seq)));
            assertThat(noder().path("hendelsesfordelingVenter").asBoolean()).isFalse();
            await().atMost(Duration.ofSeconds(10)).until(() -> "UP".equals(konfigHelse().path("status").asText()));
        } finally {
            jdbc.update("delete from konfig_node where node = ?", ANNEN);
            await().atMost(Duration.ofSeconds(10)).until(konfignoder::fordelingTillatt);
        }
    }

    private long endring(SimPerson p) throws Exception {
        JsonNode endring = json.readTree(send("POST", "/sim/admin/folkeregisteret/hendelser",
                "{\"kind\":\"FLYTTING_INNEN_KOMMUNE\",\"person\":\"" + p.id() + "\"}", false));
        return endring.path("sekvensnumre").get(0).asLong();
    }

    private static String finnFil(ObjectNode filer, String mappe) {
        for (Iterator<String> it = filer.fieldNames(); it.hasNext(); ) {
            String fil = it.next();
            if (fil.startsWith(mappe)) {
                return fil;
            }
        }
        throw new AssertionError("no live file under " + mappe + " in " + filer);
    }

    private String status(long seq) {
        return jdbc.queryForList("select status from hendelse where sekvensnummer = ?", String.class, seq).stream().findFirst().orElse(null);
    }

    private JsonNode noder() throws Exception {
        return json.readTree(send("GET", "/api/konfig/noder", null, true));
    }

    private JsonNode konfigHelse() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                .header("Authorization", "Bearer " + adminToken()).GET().build(), HttpResponse.BodyHandlers.ofString());
        return json.readTree(r.body()).path("components").path("konfigNoder");
    }

    private String send(String method, String path, String body, boolean admin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Content-Type", "application/json");
        if (admin) {
            b.header("Authorization", "Bearer " + adminToken());
        }
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody()) : b.method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
        return r.body();
    }
}
