package no.kommune.esb.svarut;

import no.kommune.esb.maskinporten.StubServer;
import no.kommune.esb.register.RegisterException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What of SvarUt's error body reaches the log and the failure reason: its codes, never its free text. */
@ExtendWith(OutputCaptureExtension.class)
class SvarUtFeilsvarTest {

    private StubServer server;

    @AfterEach
    void stopp() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void should_keep_svaruts_error_codes_but_not_its_message_which_may_quote_a_recipients_address(CapturedOutput output) throws Exception {
        // a validation error that quotes the request's postal address, as an error message may
        server = new StubServer(r -> StubServer.Answer.json(400, """
                {"status":400,"error":"Bad Request","errorId":"e-4711","errorCode":"VALIDERING",
                 "message":"mottaker.postadresse ugyldig: Kari Nordmann, Hemmeligveien 7, 5003 BERGEN"}"""));
        SvarUtClient client = new SvarUtClient(new SvarUtProperties(server.uri("/api"), UUID.randomUUID(), "integrasjon", "passord", null,
                Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(10), 100, Duration.ZERO), scopes -> "token");

        RegisterException e = catchThrowableOfType(() -> client.statusSok(List.of(UUID.randomUUID())), RegisterException.class);

        assertThat(e.getMessage()).contains("errorCode=VALIDERING", "errorId=e-4711").doesNotContain("Hemmeligveien", "Kari", "5003");
        assertThat(output.getAll()).contains("errorCode=VALIDERING").doesNotContain("Hemmeligveien", "Kari Nordmann");
    }

    @Test
    void should_give_svaruts_error_id_and_code_to_the_reason_in_words_and_nothing_of_its_message() throws Exception {
        String errorId = "d0c5e10b-7d1a-4c8e-9a51-3f2b6c1e8a90";
        server = new StubServer(r -> StubServer.Answer.json(500, """
                {"status":500,"error":"Internal Server Error","errorId":"%s","errorCode":"INTERN_FEIL",
                 "message":"feil ved mottaker Kari Nordmann, Hemmeligveien 7, 5003 BERGEN"}""".formatted(errorId)));
        SvarUtClient client = new SvarUtClient(new SvarUtProperties(server.uri("/api"), UUID.randomUUID(), "integrasjon", "passord", null,
                Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(10), 100, Duration.ZERO), scopes -> "token");

        RegisterException e = catchThrowableOfType(() -> client.statusSok(List.of(UUID.randomUUID())), RegisterException.class);

        // no "brevet er ikke sendt" after a 5xx: it may come after SvarUt stored what it was sent (DOMAIN.md rule 8)
        assertThat(SvarUtFeilaarsak.av(e)).isEqualTo("SvarUt er utilgjengelig (HTTP 500, feilkode INTERN_FEIL, errorId " + errorId + ")");
    }
}
