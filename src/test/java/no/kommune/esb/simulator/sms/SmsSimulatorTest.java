package no.kommune.esb.simulator.sms;

import no.kommune.esb.register.RegisterException;
import no.kommune.esb.simulator.SimulatorTestApplication;
import no.kommune.esb.simulator.fault.FaultInjector;
import no.kommune.esb.simulator.fault.FaultSpec;
import no.kommune.esb.varsel.SmsClient;
import no.kommune.esb.varsel.SmsProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The platform's SMS client against the simulated gateway over HTTP: the contract both sides keep. */
// same context configuration as the other simulator tests, so Spring reuses it
@SpringBootTest(classes = SimulatorTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"simulator.enabled=true"})
class SmsSimulatorTest {

    static final String NUMMER = "+4791234567";

    @LocalServerPort
    int port;
    @Autowired
    SmsGatewaySimulator gateway;
    @Autowired
    FaultInjector faults;

    @AfterEach
    void ryddOpp() {
        faults.clear("sms", "send");
    }

    SmsClient klient(String apiKey) {
        return new SmsClient(new SmsProperties(URI.create("http://localhost:" + port + "/sim/sms"), apiKey, "Kommunen",
                Duration.ofSeconds(2), Duration.ofSeconds(2)));
    }

    @Test
    void should_take_a_message_once_per_idempotency_key_and_answer_a_repeat_with_the_first_message() {
        String ref = UUID.randomUUID().toString();

        SmsClient.Kvittering foerste = klient("lokal-sms-nokkel").send(NUMMER, "Husk timen", ref);
        SmsClient.Kvittering andre = klient("lokal-sms-nokkel").send(NUMMER, "Husk timen", ref);

        assertThat(foerste.ny()).isTrue();
        assertThat(andre.ny()).isFalse();
        assertThat(andre.id()).isEqualTo(foerste.id());
        assertThat(gateway.forReferanse(ref)).singleElement().satisfies(m -> {
            assertThat(m.til()).isEqualTo(NUMMER);
            assertThat(m.tekst()).isEqualTo("Husk timen");
            assertThat(m.fra()).isEqualTo("Kommunen");
        });
    }

    @Test
    void should_keep_the_message_when_its_answer_is_lost_so_the_repeat_sends_nothing_new() {
        String ref = UUID.randomUUID().toString();
        faults.set("sms", "send", new FaultSpec(0, 0, 0, 0, 0, null, null, 1));

        assertThatThrownBy(() -> klient("lokal-sms-nokkel").send(NUMMER, "Vannet stenges", ref))
                .isInstanceOfSatisfying(RegisterException.class, e -> assertThat(e.kind()).isEqualTo(RegisterException.Kind.AMBIGUOUS));
        SmsClient.Kvittering gjentatt = klient("lokal-sms-nokkel").send(NUMMER, "Vannet stenges", ref);

        assertThat(gjentatt.ny()).isFalse();
        assertThat(gateway.forReferanse(ref)).singleElement().satisfies(m -> assertThat(m.id()).isEqualTo(gjentatt.id()));
    }

    @Test
    void should_report_delivery_and_a_failure_set_by_a_test() {
        SmsClient.Kvittering k = klient("lokal-sms-nokkel").send(NUMMER, "Gatefeiing i morgen", UUID.randomUUID().toString());
        assertThat(klient("lokal-sms-nokkel").status(k.id())).isIn(SmsClient.Leveringsstatus.ACCEPTED, SmsClient.Leveringsstatus.DELIVERED);

        gateway.settStatus(k.id(), "FAILED");

        assertThat(klient("lokal-sms-nokkel").status(k.id())).isEqualTo(SmsClient.Leveringsstatus.FAILED);
    }

    @Test
    void should_refuse_a_wrong_api_key_an_invalid_number_and_an_injected_outage_with_typed_failures() {
        String ref = UUID.randomUUID().toString();
        assertThatThrownBy(() -> klient("feil-noekkel").send(NUMMER, "tekst", ref))
                .isInstanceOfSatisfying(RegisterException.class, e -> assertThat(e.kind()).isEqualTo(RegisterException.Kind.UNAUTHORIZED));
        assertThatThrownBy(() -> klient("lokal-sms-nokkel").send("12ab", "tekst", ref))
                .isInstanceOfSatisfying(RegisterException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegisterException.Kind.REJECTED);
                    assertThat(e.getMessage()).contains("INVALID_NUMBER");
                });
        faults.set("sms", "send", new FaultSpec(0, 1.0, 503, 0, 0, null, null, 0));
        assertThatThrownBy(() -> klient("lokal-sms-nokkel").send(NUMMER, "tekst", ref))
                .isInstanceOfSatisfying(RegisterException.class, e -> assertThat(e.isRetryable()).isTrue());
        assertThat(gateway.forReferanse(ref)).isEmpty();
    }

    @Test
    void should_require_an_idempotency_key() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/sim/sms/v1/messages"))
                .header("Authorization", "Bearer lokal-sms-nokkel").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"Kommunen\",\"to\":\"" + NUMMER + "\",\"text\":\"hei\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("MISSING_IDEMPOTENCY_KEY");
    }
}
