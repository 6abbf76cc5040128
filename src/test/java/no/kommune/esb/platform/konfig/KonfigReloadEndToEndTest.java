package no.kommune.esb.platform.konfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import no.kommune.esb.EndToEndTest;
import no.kommune.esb.hendelser.FagsystemLoader;
import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.hendelser.HendelserProperties;
import no.kommune.esb.simulator.population.Kind;
import no.kommune.esb.simulator.population.SimPerson;
import no.kommune.esb.simulator.population.SyntheticPopulation;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Config edits in the running platform. Routes: the platform's own watcher (the test profile points
 * {@code platform.konfig.ruter-dir} at an empty folder of this context) picks a route file up, replaces it on an edit,
 * refuses a broken edit, and shows each in {@code GET /api/konfig}. Registrations and mappings: a second watcher on
 * copies of the shipped folders swaps the shared registry, which the next event delivery uses; the shipped set is
 * put back afterwards.
 */
class KonfigReloadEndToEndTest extends EndToEndTest {

    static final String RUTE = """
            # A small route for the reload test: answers with a constant
            - route:
                id: konfig-proeve
                description: "Answers with the version of this file"
                from:
                  uri: direct:konfig-proeve
                  steps:
                    - setBody:
                        constant: "%s"
            """;

    @Value("${server.port}")
    int port;
    @Autowired
    KonfigProperties konfig;
    @Autowired
    HendelserProperties hendelser;
    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    FagsystemRegistry registry;
    @Autowired
    MeterRegistry metrics;
    @Autowired
    Environment environment;
    @Autowired
    SyntheticPopulation population;
    @TempDir
    Path dir;

    final ObjectMapper json = new ObjectMapper();

    @Test
    void should_put_an_edited_route_live_in_the_running_platform_refuse_a_broken_edit_and_show_both_in_the_api() throws Exception {
        Path fil = konfig.ruterDir().resolve("proeve/konfig-proeve.camel.yaml");
        Files.createDirectories(fil.getParent());
        try {
            Files.writeString(fil, RUTE.formatted("versjon 1"));
            await().atMost(Duration.ofSeconds(20)).until(() -> svar().equals(Optional.of("versjon 1")));

            Files.writeString(fil, RUTE.formatted("versjon 2"));
            await().atMost(Duration.ofSeconds(20)).until(() -> svar().equals(Optional.of("versjon 2")));
            String versjon2 = Filsett.sjekksum(RUTE.formatted("versjon 2").getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(10)).until(() -> versjon2.equals(api(fil).path("sjekksum").asText()));
            assertThat(api(fil).path("status").asText()).isEqualTo("LIVE");

            // line 8 of the file: the flow sequence opened after "steps:" is never closed
            Files.writeString(fil, RUTE.formatted("versjon 3").replace("      steps:", "      steps: [oops"));
            await().atMost(Duration.ofSeconds(20)).until(() -> "UGYLDIG".equals(api(fil).path("status").asText()));

            JsonNode ugyldig = api(fil);
            assertThat(ugyldig.path("sjekksum").asText()).as("the live version's checksum stays").isEqualTo(versjon2);
            // named in its folder, as the console names it: not where this machine keeps the folder
            assertThat(ugyldig.path("sti").asText()).isEqualTo("ruter/proeve/konfig-proeve.camel.yaml");
            assertThat(ugyldig.path("feil").get(0).asText()).startsWith("ruter/proeve/konfig-proeve.camel.yaml:8:");
            assertThat(svar()).as("the running version stays").contains("versjon 2");
        } finally {
            Files.deleteIfExists(fil);
            await().atMost(Duration.ofSeconds(20)).until(() -> camel.getRoute("konfig-proeve") == null);
        }
    }

    @Test
    void should_deliver_the_next_event_with_an_edited_registration_and_refuse_a_mapping_edit_that_breaks_a_golden_example() throws Exception {
        Path fagsystemer = dir.resolve("fagsystemer");
        Path mappings = dir.resolve("mappings");
        Konfigfiler.kopier(hendelser.fagsystemerDir(), fagsystemer);
        Konfigfiler.kopier(hendelser.mappingsDir(), mappings);
        Konfigurasjonsstatus status = new Konfigurasjonsstatus();
        Konfigurasjonsovervaaker overvaaker = new Konfigurasjonsovervaaker(new Konfigurasjonsovervaaker.Mapper(dir.resolve("routes"),
                fagsystemer, mappings), camel, registry, status, metrics, environment, Clock.systemUTC());
        overvaaker.start();
        try {
            // child welfare without names: SOSIAL's fields but NAVN
            Path barnevern = fagsystemer.resolve("barnevern.yaml");
            Konfigfiler.erstatt(barnevern, "data:\n  beskyttedeAdresser: true",
                    "data:\n  felter: [IDENTITETSNUMMER, IDENTITETSHISTORIKK, ADRESSE, FAMILIERELASJONER, FORELDREANSVAR]\n  beskyttedeAdresser: true");
            // two rounds: an edit is acted on once a round reads it unchanged
            overvaaker.sjekk();
            overvaaker.sjekk();
            assertThat(status.fil(barnevern.toString()).status()).as("%s", status.fil(barnevern.toString())).isEqualTo(Konfigfil.LIVE);

            SimPerson p = population.findAll(Kind.VANLIG_VOKSEN).get(11);
            long seq = seqFor(json.readTree(send("POST", "/sim/admin/folkeregisteret/hendelser",
                    "{\"kind\":\"FLYTTING_INNEN_KOMMUNE\",\"person\":\"" + p.id() + "\"}")), p.id());
            JsonNode levert = await().atMost(Duration.ofSeconds(40)).until(() -> webhook("barnevern", seq), Optional::isPresent).orElseThrow();
            assertThat(levert.path("person").has("fnr")).isTrue();
            assertThat(levert.path("person").has("navn")).as("the edited registration withholds the name").isFalse();

            Path mapping = mappings.resolve("barnevern/barnevern.jsonata");
            Konfigfiler.erstatt(mapping, "\"adresseSperret\": person.adresseTilbakeholdt = true", "\"sperret\": person.adresseTilbakeholdt = true");
            // two rounds: an edit is acted on once a round reads it unchanged
            overvaaker.sjekk();
            overvaaker.sjekk();

            Konfigfil refusert = status.fil(mapping.toString());
            assertThat(refusert.status()).isEqualTo(Konfigfil.UGYLDIG);
            assertThat(refusert.feil()).anySatisfy(f -> assertThat(f).contains("expected.json:1:1:").contains("golden example"));
            assertThat(registry.mapping("barnevern").map(json.readTree(mappings.resolve("barnevern/examples/foreldreansvar-endret/input.json").toFile())))
                    .as("the running mapping stays").contains("\"adresseSperret\"");
        } finally {
            registry.erstatt(FagsystemLoader.last(hendelser.fagsystemerDir(), hendelser.mappingsDir()));
        }
    }

    private Optional<String> svar() {
        if (camel.getRoute("konfig-proeve") == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(producer.requestBody("direct:konfig-proeve", "", String.class));
    }

    /** The file's entry in GET /api/konfig (named by its folder's kind and its path there), or a missing node. */
    private JsonNode api(Path fil) throws Exception {
        String sti = "ruter/" + konfig.ruterDir().relativize(fil).toString().replace('\\', '/');
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/konfig"))
                .header("Authorization", "Bearer " + adminToken()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        for (JsonNode f : json.readTree(r.body())) {
            if (f.path("sti").asText().equals(sti)) {
                return f;
            }
        }
        return json.missingNode();
    }

    private Optional<JsonNode> webhook(String id, long seq) throws Exception {
        for (JsonNode m : json.readTree(send("GET", "/sim/fagsystem/" + id + "/hendelser", null))) {
            if (m.path("sekvensnummer").asText().equals(String.valueOf(seq))) {
                return Optional.of(json.readTree(m.path("body").asText()));
            }
        }
        return Optional.empty();
    }

    private static long seqFor(JsonNode change, String personId) {
        JsonNode personer = change.path("personer");
        for (int i = 0; i < personer.size(); i++) {
            if (personer.get(i).asText().equals(personId)) {
                return change.path("sekvensnumre").get(i).asLong();
            }
        }
        throw new AssertionError("the change has no event for the person: " + change.path("hendelsetyper"));
    }

    private String send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + adminToken()).header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
        return r.body();
    }

}
