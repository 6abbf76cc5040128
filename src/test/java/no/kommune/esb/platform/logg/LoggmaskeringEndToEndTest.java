package no.kommune.esb.platform.logg;

import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.EndToEndTest;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.oppslag.OppslagApi;
import no.kommune.esb.oppslag.OppslagController;
import no.kommune.esb.uttrekk.format.Testidenter;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mockito;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.util.ReflectionTestUtils;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The log's safety net as logback-spring.xml wires it: what the console writes, message and exception alike. An
 * exception's message never reaches the log (it may quote a person: a name, an address, a phone number, an e-mail), its
 * class, frames and the ids that find the line do.
 */
@ExtendWith(OutputCaptureExtension.class)
class LoggmaskeringEndToEndTest extends EndToEndTest {

    /** One of each kind of personal data an exception's message may quote. */
    private static final String EPOST = "kari.nordmann@example.no";
    private static final String TELEFON = "+47 912 34 567";
    private static final String ADRESSE = "Storgata 12B, 0155 Oslo";

    @Autowired
    CamelContext camel;
    @Autowired
    OppslagController oppslag;
    @Value("${server.port}")
    int port;

    private static String fnr() {
        return Testidenter.syntetisk(LocalDate.of(1977, 7, 7), 40).value();
    }

    private static String melding(String fnr) {
        return "kan ikke lese " + EPOST + ", tlf " + TELEFON + ", " + ADRESSE + ", fnr " + fnr;
    }

    private static void harIkkeData(CapturedOutput output, String fnr) {
        assertThat(output.getAll()).doesNotContain(EPOST).doesNotContain("912 34 567").doesNotContain("Storgata 12B").doesNotContain(fnr);
    }

    @Test
    void should_mask_an_identity_number_in_a_camel_loggers_message_and_exception_and_keep_ids_whole(CapturedOutput output) {
        String fnr = fnr();
        String uuid = UUID.randomUUID().toString();
        String exchangeId = "4E90F02C38BF533-00000000000001AE";
        // as the flows log a path they name themselves, identity numbers masked
        LoggerFactory.getLogger("no.kommune.esb.uttrekk.vask.VaskSftp").warn("Wash answer lonn/vask/ut/vask-{}-svar.csv written ({}, {})", fnr, exchangeId, uuid);
        // as Camel's error handler writes a failed answer write: the SFTP producer's exception names the file
        LoggerFactory.getLogger("org.apache.camel.component.file.remote.RemoteFileProducer").warn("Writing file failed",
                new IllegalStateException("File already exist: lonn/vask/ut/vask-" + fnr + ".csv. Cannot write new file."));

        assertThat(output.getAll()).doesNotContain(fnr)
                .contains("lonn/vask/ut/vask-" + Identitetsnummer.mask(fnr) + "-svar.csv written (" + exchangeId + ", " + uuid + ")")
                .contains("java.lang.IllegalStateException: " + Unntaksmelding.UTELATT)
                .doesNotContain("File already exist");
    }

    @Test
    void should_log_a_routes_failure_with_its_exception_class_and_exchange_id_and_without_the_exceptions_message(CapturedOutput output) throws Exception {
        String fnr = fnr();
        // one route with the platform's shared error handling (retries, then exhausted), one with Camel's default handler
        // (message history and its stack trace in the text)
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:loggmaskering-standard").routeId("loggmaskering-standard").routeConfigurationId("standard-error-handling")
                        .process(e -> {
                            throw new IllegalStateException(melding(fnr));
                        });
                from("direct:loggmaskering-camel").routeId("loggmaskering-camel")
                        .process(e -> {
                            throw new IllegalArgumentException(melding(fnr));
                        });
            }
        });
        try {
            Exchange standard = camel.createProducerTemplate().send("direct:loggmaskering-standard", e -> e.getMessage().setBody("{}"));
            Exchange vanlig = camel.createProducerTemplate().send("direct:loggmaskering-camel", e -> e.getMessage().setBody("{}"));

            assertThat(standard.getException()).isInstanceOf(IllegalStateException.class);
            assertThat(vanlig.getException()).isInstanceOf(IllegalArgumentException.class);
            harIkkeData(output, fnr);
            assertThat(output.getAll()).contains("ExchangeId: " + standard.getExchangeId())
                    .contains("caught: java.lang.IllegalStateException: " + Unntaksmelding.UTELATT)
                    .contains(vanlig.getExchangeId())
                    .contains("java.lang.IllegalArgumentException");
        } finally {
            for (String id : new String[]{"loggmaskering-standard", "loggmaskering-camel"}) {
                camel.getRouteController().stopRoute(id);
                camel.removeRoute(id);
            }
        }
    }

    @Test
    void should_log_a_servlets_failure_with_its_exception_class_frames_and_error_id_and_without_the_exceptions_message(CapturedOutput output)
            throws Exception {
        String fnr = fnr();
        // Tomcat logs through java.util.logging, which reaches logback through the bridge Spring Boot installs when a
        // context starts and removes when any context closes (LoggingSystem.cleanUp): in the suite, another class's
        // context closed before this one (@DirtiesContext, a platform of its own) leaves the shared context's Tomcat
        // lines unlogged, and "Servlet.service()" never came (CI, session 33). Put the bridge back as Spring does.
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        // the look-up controller is the platform's Spring MVC endpoint: what its collaborator throws leaves the servlet
        Object foer = ReflectionTestUtils.getField(oppslag, "api");
        ReflectionTestUtils.setField(oppslag, "api", Mockito.mock(OppslagApi.class, inv -> {
            throw new IllegalStateException(melding(fnr));
        }));
        HttpResponse<String> r;
        try {
            r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/oppslag/personer/" + fnr
                            + "?formaal=skoleplass")).header("Authorization", "Bearer " + token("skole")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } finally {
            ReflectionTestUtils.setField(oppslag, "api", foer);
        }

        assertThat(r.statusCode()).as(r.body()).isEqualTo(500);
        String detalj = new ObjectMapper().readTree(r.body()).path("detail").asText();
        String feilId = detalj.substring(detalj.lastIndexOf("feil-id ") + "feil-id ".length());
        harIkkeData(output, fnr);
        assertThat(r.body()).doesNotContain(EPOST).doesNotContain(fnr);
        assertThat(output.getAll()).contains("Servlet.service()")
                .contains("java.lang.IllegalStateException: " + Unntaksmelding.UTELATT)
                .contains("at no.kommune.esb.oppslag.OppslagController.")
                .contains("feil-id " + feilId);
    }
}
