package no.kommune.esb.simulator;

import no.kommune.esb.simulator.fault.FaultInjector;
import no.kommune.esb.simulator.fault.SimulatedFault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SpringBootTest(classes = SimulatorTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"simulator.enabled=true"})
class FaultAdminTest {

    @LocalServerPort
    int port;

    @Autowired
    FaultInjector faults;

    @AfterEach
    void clear() {
        faults.clearAll();
    }

    @Test
    void should_apply_a_fault_set_over_http_and_lose_exactly_the_requested_answers() throws Exception {
        HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/sim/admin/faults/svarut/send"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"errorRate\":1.0,\"errorStatus\":502,\"lostAnswerCount\":1}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(204);

        assertThatThrownBy(() -> faults.before("svarut", "send")).isInstanceOfSatisfying(SimulatedFault.class, f -> assertThat(f.status()).isEqualTo(502));
        // other endpoints and services are untouched
        faults.before("svarut", "status-sok");
        assertThat(faults.loseAnswerAfterCommit("svarut", "send")).isTrue();
        assertThat(faults.loseAnswerAfterCommit("svarut", "send")).isFalse();
    }
}
