package no.kommune.esb.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

class RutesvarTest {

    @Test
    void should_drop_every_request_header_when_an_answer_is_written() {
        Exchange exchange = forespoersel();

        Message m = Rutesvar.svar(exchange, 200, "application/pdf");

        assertThat(m.getHeaders()).containsOnlyKeys(Exchange.HTTP_RESPONSE_CODE, Exchange.CONTENT_TYPE);
        assertThat(m.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(200);
        assertThat(m.getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/pdf");
    }

    @Test
    void should_write_the_platforms_problem_document_without_request_headers_when_a_call_is_refused() throws Exception {
        Exchange exchange = forespoersel();

        Rutesvar.problem(exchange, 403, "ingen-tilgang", "Ingen tilgang", "formålet er ikke registrert", null);

        Message m = exchange.getMessage();
        assertThat(m.getHeaders()).containsOnlyKeys(Exchange.HTTP_RESPONSE_CODE, Exchange.CONTENT_TYPE);
        assertThat(m.getHeader(Exchange.CONTENT_TYPE)).isEqualTo(Problemsvar.CONTENT_TYPE);
        JsonNode p = new ObjectMapper().readTree(m.getBody(byte[].class));
        assertThat(p.path("type").asText()).isEqualTo(Problemsvar.TYPE_BASE + "ingen-tilgang");
        assertThat(p.path("status").asInt()).isEqualTo(403);
        assertThat(p.path("detail").asText()).isEqualTo("formålet er ikke registrert");
    }

    @ParameterizedTest(name = "{0} ms → Retry-After {1}")
    @CsvSource({"0, 1", "1, 1", "999, 1", "1000, 1", "1001, 2", "5000, 5"})
    void should_round_retry_after_up_to_whole_seconds_of_at_least_one_when_the_caller_must_wait(long millis, long sekunder) {
        Exchange exchange = forespoersel();

        Rutesvar.problem(exchange, 429, "for-mange-oppslag", "For mange oppslag", "vent", Duration.ofMillis(millis));

        assertThat(exchange.getMessage().getHeader("Retry-After")).isEqualTo(sekunder);
    }

    /**
     * DOMAIN.md: an error answer never echoes a whole identity number. A refusal's detail may quote what the caller sent
     * (an order file name, a fagsystem in the path: "no order file named 01019012345", "unknown fagsystem …"); every
     * problem document masks it as the log does, and leaves a UUID (an error id) and shorter numbers whole.
     */
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "no order file named 01019012345 | no order file named 010190*****",
            "unknown fagsystem 01019012345 | unknown fagsystem 010190*****",
            "unknown trigger x0101901234567 | unknown trigger x010190*******",
            "Error id 3f2504e0-4f89-11d3-9a0c-030512345678 | Error id 3f2504e0-4f89-11d3-9a0c-030512345678",
            "fra and til must cover at most 10000 events | fra and til must cover at most 10000 events"})
    void should_mask_an_identity_number_the_detail_quotes_and_keep_the_rest(String detalj, String vist) throws Exception {
        assertThat(Problemsvar.dokument(404, "ikke-funnet", "Ikke funnet", detalj).get("detail")).isEqualTo(vist);

        Exchange exchange = forespoersel();
        Rutesvar.problem(exchange, 404, "ikke-funnet", "Ikke funnet", detalj, null);
        assertThat(new ObjectMapper().readTree(exchange.getMessage().getBody(byte[].class)).path("detail").asText()).isEqualTo(vist);
    }

    /**
     * A refusal quoting what the caller sent is cut after {@link Problemsvar#MAKS_DETAIL} characters: a 9,000-character
     * order name came back whole before session 29 (helper web's audit).
     */
    @org.junit.jupiter.api.Test
    void should_cut_a_detail_quoting_a_long_input() {
        String detalj = "no order file named " + "a".repeat(9000);

        Object vist = Problemsvar.dokument(404, "ikke-funnet", "Ikke funnet", detalj).get("detail");

        assertThat(vist.toString()).hasSize(Problemsvar.MAKS_DETAIL + 1).startsWith("no order file named aaa").endsWith("a…");
    }

    /** A request as the REST DSL hands it over: the caller's headers and the path's identity number. */
    private static Exchange forespoersel() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setHeader("Authorization", "Bearer abc");
        exchange.getIn().setHeader("ident", "01019012345");
        exchange.getIn().setHeader("formaal", "skoleplass");
        return exchange;
    }
}
