package no.kommune.esb.forsendelse.mottak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.platform.web.Problemsvar;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The letter API writes the platform's problem document ({@link Problemsvar}), not a copy of its own: until session 32
 * {@link ForsendelseApiSvar} built the document itself, without the masking of identity numbers and the cut of a long
 * detail every other API's answer has.
 */
class ForsendelseApiSvarTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FNR = "01019012345";

    @Test
    void should_answer_a_refusal_as_every_api_does_with_an_identity_number_in_the_detail_masked() throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        String detalj = "ingen forsendelse med eksternReferanse vedtak-" + FNR;

        ForsendelseApiSvar.problem(exchange, 404, "ikke-funnet", "Ikke funnet", detalj,
                List.of(new InnleveringFeil("/eksternReferanse", "vedtak-" + FNR + " er ukjent", "ukjent")), JSON);

        JsonNode svar = JSON.readTree(exchange.getMessage().getBody(String.class));
        JsonNode forventet = JSON.valueToTree(Problemsvar.dokument(404, "ikke-funnet", "Ikke funnet", detalj));
        assertThat(svar.path("detail").asText()).isEqualTo(forventet.path("detail").asText()).contains("010190*****");
        assertThat(svar.path("type")).isEqualTo(forventet.path("type"));
        assertThat(svar.path("errors").get(0).path("detail").asText()).isEqualTo("vedtak-010190***** er ukjent");
        assertThat(svar.path("errors").get(0).path("type").asText()).isEqualTo(Problemsvar.TYPE_BASE + "ukjent");
        assertThat(svar.toString()).doesNotContain(FNR);
        assertThat(exchange.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo(Problemsvar.CONTENT_TYPE);
    }

    @Test
    void should_cut_a_long_detail_as_every_api_does() throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());

        ForsendelseApiSvar.problem(exchange, 400, "ugyldig-sok", "Ugyldig søk", "x".repeat(5000), List.of(), JSON);

        assertThat(JSON.readTree(exchange.getMessage().getBody(String.class)).path("detail").asText()).hasSize(Problemsvar.MAKS_DETAIL + 1).endsWith("…");
    }
}
