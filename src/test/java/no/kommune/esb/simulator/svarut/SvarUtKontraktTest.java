package no.kommune.esb.simulator.svarut;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.simulator.SimulatorTestApplication;
import no.kommune.esb.simulator.auth.SimulatorTokenAuthority;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulated SvarUt's answers validated against the v2 OpenAPI files in ../shared/contracts/svarut
 * with an OpenAPI validator (swagger-request-validator): the simulator must not drift from the contract.
 */
@SpringBootTest(classes = SimulatorTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"simulator.enabled=true"})
class SvarUtKontraktTest {

    static final Path V2 = Path.of("..", "shared", "contracts", "svarut", "v2-openapi");
    static final String BASE = "/sim/svarut/api";

    @LocalServerPort
    int port;
    @Autowired
    SimulatorTokenAuthority authority;
    @Value("${simulator.svarut.konto-id}")
    String kontoId;

    final ObjectMapper json = new ObjectMapper();
    SvarUtRaw raw;

    @BeforeEach
    void setUp() {
        Assumptions.assumeTrue(Files.exists(V2),
                "SKIPPED: ../shared/contracts absent: simulated SvarUt answers are not checked against the v2 OpenAPI files");
        raw = new SvarUtRaw(port, authority, kontoId);
    }

    static OpenApiInteractionValidator validator(String fil) {
        URI spec = V2.resolve(fil).toAbsolutePath().normalize().toUri();
        return OpenApiInteractionValidator.createForSpecificationUrl(spec.toString()).withBasePathOverride(BASE).build();
    }

    static void assertValid(OpenApiInteractionValidator validator, String path, Request.Method method, HttpResponse<String> svar) {
        ValidationReport report = validator.validateResponse(path, method, SimpleResponse.Builder.status(svar.statusCode())
                .withContentType(svar.headers().firstValue("Content-Type").orElse(null))
                .withBody(svar.body())
                .build());
        assertThat(report.getMessages()).as("%s %s -> %s %s", method, path, svar.statusCode(), svar.body()).isEmpty();
    }

    UUID sendt(String ref) throws Exception {
        HttpResponse<String> svar = raw.send(SvarUtRaw.forsendelse(ref, "a.pdf", "b.pdf"), List.of(SvarUtRaw.Fil.pdf("a.pdf"), SvarUtRaw.Fil.pdf("b.pdf")));
        assertThat(svar.statusCode()).isEqualTo(200);
        return UUID.fromString(json.readTree(svar.body()).path("id").asText());
    }

    @Test
    void should_answer_send_with_a_SendForsendelseResponse_and_errors_with_an_ErrorMessage() throws Exception {
        OpenApiInteractionValidator send = validator("forsendelse-send-api-v2.json");
        String path = BASE + "/v2/kontoer/" + kontoId + "/forsendelser";

        HttpResponse<String> ok = raw.send(SvarUtRaw.forsendelse("kontrakt-" + UUID.randomUUID(), "a.pdf"), List.of(SvarUtRaw.Fil.pdf("a.pdf")));
        HttpResponse<String> feil = raw.send(SvarUtRaw.forsendelse("kontrakt", "a:b.pdf"), List.of(SvarUtRaw.Fil.pdf("a:b.pdf")));

        assertThat(ok.statusCode()).isEqualTo(200);
        assertValid(send, path, Request.Method.POST, ok);
        assertThat(feil.statusCode()).isEqualTo(400);
        assertValid(send, path, Request.Method.POST, feil);
    }

    @Test
    void should_answer_status_sok_with_ForsendelseStatuser() throws Exception {
        UUID id = sendt("kontrakt-" + UUID.randomUUID());

        HttpResponse<String> svar = raw.statusSok("{\"forsendelseIds\":[\"" + id + "\",\"" + UUID.randomUUID() + "\"]}");

        assertThat(svar.statusCode()).isEqualTo(200);
        assertThat(json.readTree(svar.body()).path("statuser")).hasSize(1);
        assertValid(validator("forsendelse-status-api-v2.json"), BASE + "/v2/kontoer/" + kontoId + "/forsendelser/status-sok", Request.Method.POST, svar);
    }

    @Test
    void should_answer_hendelser_with_Hendelser_and_an_unknown_id_with_an_ErrorMessage() throws Exception {
        OpenApiInteractionValidator hendelser = validator("forsendelse-hendelser-api-v2.json");
        UUID id = sendt("kontrakt-" + UUID.randomUUID());
        UUID ukjent = UUID.randomUUID();

        HttpResponse<String> svar = raw.get(BASE + "/v2/forsendelser/" + id + "/hendelser");
        HttpResponse<String> ikkeFunnet = raw.get(BASE + "/v2/forsendelser/" + ukjent + "/hendelser");

        assertThat(svar.statusCode()).isEqualTo(200);
        assertValid(hendelser, BASE + "/v2/forsendelser/" + id + "/hendelser", Request.Method.GET, svar);
        assertThat(ikkeFunnet.statusCode()).isEqualTo(404);
        assertValid(hendelser, BASE + "/v2/forsendelser/" + ukjent + "/hendelser", Request.Method.GET, ikkeFunnet);
    }

    @Test
    void should_answer_eksternRef_lookup_with_EksternRefOppslagResponse() throws Exception {
        String ref = "kontrakt-" + UUID.randomUUID();
        UUID id = sendt(ref);
        String path = BASE + "/v2/kontoer/" + kontoId + "/forsendelser";

        HttpResponse<String> svar = raw.get(path + "?eksternRef=" + ref);

        assertThat(svar.statusCode()).isEqualTo(200);
        assertThat(json.readTree(svar.body()).path("forsendelseIds").get(0).asText()).isEqualTo(id.toString());
        assertValid(validator("forsendelse-eksternref-api-v2.json"), path, Request.Method.GET, svar);
    }

    @Test
    void should_have_a_validator_that_catches_an_answer_breaking_the_contract() {
        // guards the checks above: a send answer without the required id and a status outside the enum must fail
        ValidationReport utenId = validator("forsendelse-send-api-v2.json").validateResponse(BASE + "/v2/kontoer/" + kontoId + "/forsendelser",
                Request.Method.POST, SimpleResponse.Builder.status(200).withContentType("application/json").withBody("{\"forsendelseId\":\"x\"}").build());
        ValidationReport ukjentStatus = validator("forsendelse-status-api-v2.json").validateResponse(BASE + "/v2/kontoer/" + kontoId + "/forsendelser/status-sok",
                Request.Method.POST, SimpleResponse.Builder.status(200).withContentType("application/json")
                        .withBody("{\"statuser\":[{\"id\":\"" + UUID.randomUUID() + "\",\"sisteStatusEndring\":\"2026-01-01T10:00:00+01:00\",\"status\":\"SLETTET\"}]}").build());

        assertThat(utenId.hasErrors()).isTrue();
        assertThat(ukjentStatus.hasErrors()).isTrue();
    }
}
