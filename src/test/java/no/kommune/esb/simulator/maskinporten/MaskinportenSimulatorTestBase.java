package no.kommune.esb.simulator.maskinporten;

import no.kommune.esb.maskinporten.TestKeys;
import no.kommune.esb.simulator.SimulatorTestApplication;
import no.kommune.esb.simulator.fault.FaultInjector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;

/**
 * One Spring context for the Maskinporten simulator tests (cached across classes). The issuer is a fixed name,
 * independent of the random port, because Maskinporten's issuer (the grant's aud) and its token endpoint are
 * configured separately anyway. Client esb-test uses the key of {@link TestKeys#CLIENT}; esb-kortlevd shares it
 * but gets 1-second tokens, for renewal tests.
 */
@SpringBootTest(classes = SimulatorTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "simulator.enabled=true",
        "simulator.maskinporten.issuer=" + MaskinportenSimulatorTestBase.ISSUER,
        "simulator.maskinporten.clients[0].client-id=esb-test",
        "simulator.maskinporten.clients[0].certificate-path=target/maskinporten-test/esb-test.crt",
        "simulator.maskinporten.clients[0].key-id=esb-test-key",
        "simulator.maskinporten.clients[0].scopes=krr:global/kontaktinformasjon.read,krr:global/digitalpost.read,folkeregister:deling/offentligmedhjemmel",
        "simulator.maskinporten.clients[0].consumer-orgno=910000001",
        "simulator.maskinporten.clients[1].client-id=esb-kortlevd",
        "simulator.maskinporten.clients[1].certificate-path=target/maskinporten-test/esb-test.crt",
        "simulator.maskinporten.clients[1].scopes=krr:global/kontaktinformasjon.read",
        "simulator.maskinporten.clients[1].expires-in=1"})
abstract class MaskinportenSimulatorTestBase {

    static final String ISSUER = "http://maskinporten.sim.test/";

    @LocalServerPort
    int port;

    @Autowired
    SimulatedMaskinporten maskinporten;

    @Autowired
    FaultInjector faults;

    @BeforeAll
    static void keys() {
        TestKeys.client(null);
        TestKeys.forger(null);
    }

    @AfterEach
    void reset() {
        faults.clearAll();
        maskinporten.resetCounters();
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
