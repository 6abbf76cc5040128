package no.kommune.esb.simulator.helseid;

import no.kommune.esb.simulator.auth.SimulatorTokenAuthority;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated HelseID's state: registered clients (certificates read at each use, so a keystore created at
 * start-up by the local profile is picked up), the assertion validator, and counters of token requests per
 * client that tests use to check token caching.
 */
public class SimulatedHelseId {

    private static final Logger log = LoggerFactory.getLogger(SimulatedHelseId.class);

    /** The answer to an accepted token request. */
    public record TokenAnswer(String accessToken, long expiresIn, String scope) {
        @Override
        public String toString() {
            return "TokenAnswer[expiresIn=" + expiresIn + ", scope=" + scope + "]";
        }
    }

    private final SimulatedHelseIdProperties properties;
    private final SimulatorTokenAuthority authority;
    private final Clock clock;
    private final Map<String, ClientAssertionValidator> validators = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();

    public SimulatedHelseId(SimulatedHelseIdProperties properties, SimulatorTokenAuthority authority, Clock clock) {
        this.properties = properties;
        this.authority = authority;
        this.clock = clock;
    }

    /**
     * Validates the request and issues a token; throws {@link HelseIdRefused}. {@code tokenEndpoint} is the URL
     * the request came to, accepted as {@code aud} besides the issuer. Counts every request per client_id.
     */
    public TokenAnswer token(ClientAssertionValidator.TokenRequest request, String tokenEndpoint) {
        requests.computeIfAbsent(String.valueOf(request.clientId()), k -> new AtomicLong()).incrementAndGet();
        // one validator (and so one jti memory) per endpoint URL the clients see
        ClientAssertionValidator validator = validators.computeIfAbsent(tokenEndpoint, endpoint -> {
            Set<String> audiences = new LinkedHashSet<>();
            if (properties.issuer() != null) {
                audiences.add(properties.issuer());
            }
            audiences.add(endpoint);
            return new ClientAssertionValidator(audiences, this::registeredClient, clock);
        });
        ClientAssertionValidator.Accepted accepted = validator.validate(request);
        SimulatedHelseIdProperties.Client client = registration(accepted.clientId());
        long expiresIn = client.expiresIn() != null ? client.expiresIn() : properties.expiresIn();
        String token = authority.issue(accepted.clientId(), accepted.scopes(), null, expiresIn);
        return new TokenAnswer(token, expiresIn, String.join(" ", accepted.scopes()));
    }

    /** Token requests received with this client_id, accepted or not. */
    public long tokenRequests(String clientId) {
        AtomicLong n = requests.get(clientId);
        return n == null ? 0 : n.get();
    }

    public Map<String, Long> stats() {
        Map<String, Long> stats = new java.util.TreeMap<>();
        requests.forEach((client, n) -> stats.put(client + ".requests", n.get()));
        return stats;
    }

    public void resetCounters() {
        requests.clear();
    }

    private SimulatedHelseIdProperties.Client registration(String clientId) {
        return properties.clients().stream().filter(c -> clientId.equals(c.clientId())).findFirst().orElse(null);
    }

    private ClientAssertionValidator.RegisteredClient registeredClient(String clientId) {
        SimulatedHelseIdProperties.Client client = registration(clientId);
        if (client == null) {
            return null;
        }
        return new ClientAssertionValidator.RegisteredClient(client.clientId(), certificate(client.certificatePath()), Set.copyOf(client.scopes()));
    }

    private static X509Certificate certificate(Path path) {
        if (path == null || !Files.isReadable(path)) {
            log.warn("Simulated HelseID: client certificate {} is not readable", path);
            return null;
        }
        try (InputStream in = Files.newInputStream(path)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | GeneralSecurityException e) {
            log.warn("Simulated HelseID: client certificate {} is unreadable: {}", path, e.getClass().getSimpleName());
            return null;
        }
    }
}
