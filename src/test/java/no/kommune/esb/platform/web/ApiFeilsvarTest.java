package no.kommune.esb.platform.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.hendelser.flyt.HendelseApi;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The 400 of the shared REST error handling: which exception's words reach the caller, and which are replaced. */
class ApiFeilsvarTest {

    /** What a rule's or a library's message may quote from a stored person. */
    private static final String DATA = "Kari Nordmann, Storgata 12B, 0155 Oslo, kari@example.no, 91234567, 01019012345";

    static Stream<Arguments> feil() {
        return Stream.of(
                arguments("any other IllegalArgumentException, which may quote a stored person",
                        new IllegalArgumentException("person " + DATA + " has no valid address"), "ugyldige data (API-et, feil-id "),
                arguments("one wrapping the data in its cause, worded by the most telling kind along the chain",
                        new IllegalArgumentException("bad", new IllegalStateException(DATA)), "ugyldig tilstand (API-et, feil-id "),
                arguments("the platform's own refusal: which parameter, what is wrong",
                        new UgyldigForespoersel("query parameter dryRun must be true or false"), "query parameter dryRun must be true or false"),
                arguments("the event API's refusals are the platform's own", HendelseApiAvvist.av("query parameters fra and til are required"),
                        "query parameters fra and til are required"),
                arguments("a parameter Camel could not convert", new IllegalArgumentException("x", new NumberFormatException("For input string: \"" + DATA + "\"")),
                        ApiFeilsvar.FEIL_TYPE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("feil")
    void should_answer_400_with_the_platforms_own_words_and_never_an_other_exceptions_message(String tilfelle, Throwable feil, String detalj) throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, feil);

        JsonNode svar = new ObjectMapper().readTree(new ApiFeilsvar().ugyldig(exchange));

        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(400);
        assertThat(svar.path("type").asText()).isEqualTo("urn:kommune-esb:problem:ugyldig-forespoersel");
        assertThat(svar.path("detail").asText()).startsWith(detalj)
                .doesNotContain("Kari").doesNotContain("Storgata").doesNotContain("kari@example.no").doesNotContain("91234567").doesNotContain("0101901");
    }

    /** {@link HendelseApi.Avvist} has a package-private constructor; its refusal of a dry run makes one. */
    private static final class HendelseApiAvvist {
        static Throwable av(String melding) {
            try {
                var c = HendelseApi.Avvist.class.getDeclaredConstructor(String.class);
                c.setAccessible(true);
                return c.newInstance(melding);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
