package no.kommune.esb;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Base of the end-to-end tests: the whole application with embedded Artemis, Kafka, PostgreSQL, SFTP and the
 * register simulators, on free ports and a fresh data folder. Every subclass shares one application context
 * (keep the annotations identical), so the platform starts once per test run.
 */
@CamelSpringBootTest
@SpringBootTest(classes = EsbApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles({"local", "test"})
public abstract class EndToEndTest {

    private static final Map<String, String[]> TOKENS = new ConcurrentHashMap<>();

    @Value("${server.port}")
    private int endToEndPort;

    /**
     * An API token for a local client of the simulated identity provider (config/application-local.yaml:
     * "integrasjon" has esb:admin, each sender system esb:forsendelse; secret = "lokal-" + id), cached for 2 minutes.
     */
    protected String token(String clientId) {
        String[] cached = TOKENS.get(clientId + "@" + endToEndPort);
        if (cached != null && Instant.parse(cached[1]).isAfter(Instant.now())) {
            return cached[0];
        }
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + endToEndPort + "/sim/idp/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + clientId + "&client_secret=lokal-" + clientId))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("no token for " + clientId + ": HTTP " + r.statusCode());
            }
            String token = new ObjectMapper().readTree(r.body()).path("access_token").asText();
            TOKENS.put(clientId + "@" + endToEndPort, new String[]{token, Instant.now().plusSeconds(120).toString()});
            return token;
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The integration team's token (scope esb:admin). */
    protected String adminToken() {
        return token("integrasjon");
    }
}
