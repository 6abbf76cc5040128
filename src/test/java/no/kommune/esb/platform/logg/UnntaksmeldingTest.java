package no.kommune.esb.platform.logg;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static no.kommune.esb.platform.logg.Unntaksmelding.UTELATT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The log's rule for exception messages, line by line as libraries and the platform write them. */
class UnntaksmeldingTest {

    /** What an exception's message may quote: an e-mail, a phone number, a street address, an identity number. */
    static final String DATA = "kari.nordmann@example.no, +47 912 34 567, Storgata 12B, 0155 Oslo, 01019012345";
    private static final String ID = "(MessageId: 4E90F02C38BF533-00000000000001AE on ExchangeId: 4E90F02C38BF533-00000000000001AE)";

    static Stream<Arguments> linjer() {
        return Stream.of(
                arguments("Camel's retry line", "Failed delivery for " + ID + ". On delivery attempt: 1 caught: java.lang.IllegalStateException: " + DATA,
                        "Failed delivery for " + ID + ". On delivery attempt: 1 caught: java.lang.IllegalStateException: " + UTELATT),
                arguments("Camel's exhausted line with its failure processor after the message",
                        "Failed delivery for " + ID + ". Exhausted after delivery attempt: 3 caught: com.fasterxml.jackson.core.JsonParseException: "
                                + "Unrecognized token 'Kari': was expecting (JSON String). Processed by failure processor: FatalFallbackErrorHandler",
                        "Failed delivery for " + ID + ". Exhausted after delivery attempt: 3 caught: com.fasterxml.jackson.core.JsonParseException: " + UTELATT),
                arguments("Camel's transaction rollback, the message without a class",
                        "Transaction rollback (0x1a2b) redelivered(false) for " + ID + " caught: " + DATA,
                        "Transaction rollback (0x1a2b) redelivered(false) for " + ID + " caught: " + UTELATT),
                arguments("a class of another service, known by its name only",
                        "Failed delivery for " + ID + ". On delivery attempt: 0 caught: no.other.RemoteFaultException: " + DATA,
                        "Failed delivery for " + ID + ". On delivery attempt: 0 caught: no.other.RemoteFaultException: " + UTELATT),
                arguments("Tomcat's servlet failure, a cause inside the wrapper's message",
                        "Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Request processing failed: "
                                + "java.lang.IllegalStateException: " + DATA + "] with root cause",
                        "Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Request processing failed: "
                                + "java.lang.IllegalStateException: " + UTELATT),
                arguments("Spring MVC's resolved exception", "Resolved [org.springframework.http.converter.HttpMessageNotReadableException: JSON parse error: " + DATA + "]",
                        "Resolved [org.springframework.http.converter.HttpMessageNotReadableException: " + UTELATT),
                arguments("Camel's consumer exception handler", "Error processing exchange. Caused by: [java.lang.IllegalArgumentException - " + DATA + "]",
                        "Error processing exchange. Caused by: [java.lang.IllegalArgumentException - " + UTELATT),
                arguments("a transport's own words stay", "Failed delivery for " + ID + ". On delivery attempt: 0 caught: java.net.ConnectException: Connection refused",
                        "Failed delivery for " + ID + ". On delivery attempt: 0 caught: java.net.ConnectException: Connection refused"),
                arguments("a platform exception of fixed wording stays, a cause quoted after it does not",
                        "caught: no.kommune.esb.platform.Konfigurasjonsfeil: ESB_X is not set; java.lang.IllegalStateException: " + DATA,
                        "caught: no.kommune.esb.platform.Konfigurasjonsfeil: ESB_X is not set; java.lang.IllegalStateException: " + UTELATT),
                arguments("an exception without a message", "Failed delivery for " + ID + ". On delivery attempt: 0 caught: java.lang.NullPointerException",
                        "Failed delivery for " + ID + ". On delivery attempt: 0 caught: java.lang.NullPointerException"),
                arguments("a class that is not an exception", "Loaded no.kommune.esb.model.Identitetsnummer: 3 rules; see application.yaml: line 4",
                        "Loaded no.kommune.esb.model.Identitetsnummer: 3 rules; see application.yaml: line 4"),
                arguments("the platform's own line", "Feil-id 3f2a9c1e i hendelseleveringen: ugyldig tilstand (java.lang.IllegalStateException ved a.B.c(B.java:1))",
                        "Feil-id 3f2a9c1e i hendelseleveringen: ugyldig tilstand (java.lang.IllegalStateException ved a.B.c(B.java:1))"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("linjer")
    void should_leave_out_what_follows_a_quoted_exception_and_keep_the_rest_of_the_line(String tilfelle, String linje, String forventet) {
        assertThat(Unntaksmelding.renset(linje, List.of())).isEqualTo(forventet);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("linjer")
    void should_leave_no_personal_data_of_a_message_in_any_line(String tilfelle, String linje, String forventet) {
        assertThat(Unntaksmelding.renset(linje, List.of())).doesNotContain("kari.nordmann@example.no", "912 34 567", "Storgata 12B", "01019012345", "Kari");
    }

    @org.junit.jupiter.api.Test
    void should_replace_the_events_own_messages_wherever_the_line_quotes_them_unless_their_class_may_be_shown() {
        String linje = "Writing " + DATA + " failed; answer was Connection refused";

        assertThat(Unntaksmelding.renset(linje, List.of(new Unntaksmelding.Unntak("java.lang.IllegalStateException", DATA),
                new Unntaksmelding.Unntak("java.net.ConnectException", "Connection refused"))))
                .isEqualTo("Writing " + UTELATT + " failed; answer was Connection refused");
    }

    @org.junit.jupiter.api.Test
    void should_show_only_messages_of_the_transports_and_of_platform_exceptions_marked_as_fixed_wording() {
        assertThat(Unntaksmelding.kanVises("java.net.ConnectException")).isTrue();
        assertThat(Unntaksmelding.kanVises("no.kommune.esb.platform.Konfigurasjonsfeil")).isTrue();
        assertThat(Unntaksmelding.kanVises("java.lang.IllegalStateException")).isFalse();
        assertThat(Unntaksmelding.kanVises("no.kommune.esb.register.RegisterException")).isFalse();
        assertThat(Unntaksmelding.kanVises("no.other.RemoteFaultException")).isFalse();
    }
}
