package no.kommune.esb.simulator.folkeregisteret;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import no.kommune.esb.simulator.SimulatorHttp;
import no.kommune.esb.simulator.SimulatorTestApplication;
import no.kommune.esb.simulator.auth.SimulatorTokenAuthority;
import no.kommune.esb.simulator.population.Kind;
import no.kommune.esb.simulator.population.SyntheticPopulation;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Validates the simulator's answers against freg.yaml with the Atlassian OpenAPI validator. */
@SpringBootTest(classes = SimulatorTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"simulator.enabled=true"})
class FolkeregisteretContractTest {

    static final Path FREG = Path.of("../shared/contracts/folkeregisteret/freg.yaml");
    static final String SIM = "/sim/folkeregisteret";
    static final String API = "/folkeregisteret/offentlig-med-hjemmel/api/v1";
    static OpenApiInteractionValidator validator;

    @LocalServerPort
    int port;
    @Autowired
    SimulatorTokenAuthority authority;
    @Autowired
    SyntheticPopulation population;

    SimulatorHttp http;
    String token;

    @BeforeEach
    void setUp() {
        Assumptions.assumeTrue(Files.exists(FREG), "SKIPPED: ../shared/contracts absent: simulator answers not validated against freg.yaml");
        if (validator == null) {
            validator = OpenApiInteractionValidator.createForSpecificationUrl(FREG.toAbsolutePath().toUri().toString())
                    .withBasePathOverride("/folkeregisteret/offentlig-med-hjemmel/api").build();
        }
        http = new SimulatorHttp(port);
        token = authority.issue("contract-test", Set.of(FolkeregisteretController.SCOPE), "974760673", 300);
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"VANLIG_VOKSEN", "STRENGT_FORTROLIG", "DOED", "UTFLYTTET", "UKJENT_BOSTED", "POSTADRESSE_AVVIKER",
            "DNUMMER", "DNUMMER_ERSTATTET", "BARN_FELLES_FORELDREANSVAR", "BARN_FORELDREANSVAR_ANDRE", "BARN_DELT_BOSTED", "VERGEMAAL"})
    void should_answer_person_lookups_that_match_freg_yaml(Kind kind) {
        String id = population.find(kind).id();
        String query = "?part=person-basis&part=relasjon-utvidet&part=historikk&part=utflytting&part=innflytting";

        assertValid(Request.Method.GET, "/personer/" + id, http.get(SIM + API + "/personer/" + id + query, token));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bulk", "feed", "uttrekk"})
    void should_answer_bulk_feed_and_extracts_that_match_freg_yaml(String what) {
        switch (what) {
            case "bulk" -> assertValid(Request.Method.POST, "/personer/bulkoppslag", http.post(SIM + API + "/personer/bulkoppslag", token,
                    "{\"foedselsEllerDNummer\":[\"" + population.find(Kind.VANLIG_VOKSEN).id() + "\",\"" + population.find(Kind.DOED).id() + "\"]}"));
            case "feed" -> {
                JsonNode change = SimulatorHttp.json(http.post("/sim/admin/folkeregisteret/hendelser", null, "{\"kind\":\"FLYTTING_INNEN_KOMMUNE\"}"));
                long seq = change.path("sekvensnumre").get(0).asLong();
                assertValid(Request.Method.GET, "/hendelser/feed", http.get(SIM + API + "/hendelser/feed?seq=" + seq, token));
                assertValid(Request.Method.GET, "/hendelser/siste/sekvensnummer", http.get(SIM + API + "/hendelser/siste/sekvensnummer", token));
            }
            default -> {
                HttpResponse<String> order = http.post(SIM + API + "/uttrekk/tilpasset", token, "{\"personstatustyper\":[\"doed\"]}");
                assertValid(Request.Method.POST, "/uttrekk/tilpasset", order);
                String jobbId = SimulatorHttp.json(order).path("jobbId").asText();
                await().atMost(Duration.ofSeconds(5)).until(() -> http.get(SIM + API + "/uttrekk/" + jobbId + "/batch/0", token).statusCode() == 200);
                assertValid(Request.Method.GET, "/uttrekk/" + jobbId + "/batch/0", http.get(SIM + API + "/uttrekk/" + jobbId + "/batch/0", token));
            }
        }
    }

    @org.junit.jupiter.api.Test
    void should_notice_a_person_whose_elements_are_not_arrays() {
        SimpleResponse wrong = SimpleResponse.Builder.status(200).withContentType("application/json")
                .withBody("{\"identifikasjonsnummer\":{\"foedselsEllerDNummer\":\"x\"},\"status\":[{\"status\":\"levende\"}]}").build();

        ValidationReport report = validator.validateResponse(API + "/personer/01010112345", Request.Method.GET, wrong);

        assertThat(report.hasErrors()).isTrue();
    }

    private static void assertValid(Request.Method method, String path, HttpResponse<String> response) {
        SimpleResponse simple = SimpleResponse.Builder.status(response.statusCode())
                .withContentType(response.headers().firstValue("Content-Type").orElse("application/json"))
                .withBody(response.body()).build();
        ValidationReport report = validator.validateResponse(API + path, method, simple);
        assertThat(report.getMessages()).as(path.replaceAll("\\d{11}", "<id>")).isEmpty();
    }
}
