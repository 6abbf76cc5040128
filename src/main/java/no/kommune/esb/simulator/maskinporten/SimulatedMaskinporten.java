package no.kommune.esb.simulator.maskinporten;

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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated Maskinporten's state: registered clients (certificates read lazily, so a keystore created at
 * start-up by the local profile is picked up), the grant validator, and counters of token requests per client
 * that tests use to check token caching.
 */
public class SimulatedMaskinporten {

    private static final Logger log = LoggerFactory.getLogger(SimulatedMaskinporten.class);

    /** The answer to an accepted token request. */
    public record TokenAnswer(String accessToken, long expiresIn, String scope) {
        @Override
        public String toString() {
            return "TokenAnswer[expiresIn=" + expiresIn + ", scope=" + scope + "]";
        }
    }

    private final SimulatedMaskinportenProperties properties;
    private final SimulatorTokenAuthority authority;
    private final GrantValidator validator;
    private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> issued = new ConcurrentHashMap<>();

    public SimulatedMaskinporten(SimulatedMaskinportenProperties properties, SimulatorTokenAuthority authority, Clock clock) {
        this.properties = properties;
        this.authority = authority;
        this.validator = new GrantValidator(authority.issuer(), this::registeredClient, clock);
    }

    public String issuer() {
        return authority.issuer();
    }

    /** Validates the grant and issues a token; throws {@link GrantRefused}. Counts every request. */
    public TokenAnswer token(String grantType, String assertion) {
        String clientId = GrantPeek.issuer(assertion);
        requests.computeIfAbsent(clientId, k -> new AtomicLong()).incrementAndGet();
        GrantValidator.Accepted accepted = validator.validate(grantType, assertion);
        SimulatedMaskinportenProperties.Client client = registration(accepted.clientId());
        long expiresIn = client.expiresIn() != null ? client.expiresIn() : properties.expiresIn();
        String token = authority.issue(accepted.clientId(), accepted.scopes(), client.consumerOrgno(), expiresIn);
        issued.computeIfAbsent(accepted.clientId(), k -> new AtomicLong()).incrementAndGet();
        return new TokenAnswer(token, expiresIn, String.join(" ", accepted.scopes()));
    }

    /** Token requests received from {@code clientId} (grants that named it as iss), accepted or not. */
    public long tokenRequests(String clientId) {
        AtomicLong n = requests.get(clientId);
        return n == null ? 0 : n.get();
    }

    /** Tokens issued to {@code clientId}. */
    public long tokensIssued(String clientId) {
        AtomicLong n = issued.get(clientId);
        return n == null ? 0 : n.get();
    }

    public Map<String, Long> stats() {
        Map<String, Long> stats = new LinkedHashMap<>();
        requests.forEach((client, n) -> stats.put(client + ".requests", n.get()));
        issued.forEach((client, n) -> stats.put(client + ".issued", n.get()));
        return stats;
    }

    public void resetCounters() {
        requests.clear();
        issued.clear();
    }

    private SimulatedMaskinportenProperties.Client registration(String clientId) {
        return properties.clients().stream().filter(c -> clientId.equals(c.clientId())).findFirst().orElse(null);
    }

    private GrantValidator.RegisteredClient registeredClient(String clientId) {
        SimulatedMaskinportenProperties.Client client = registration(clientId);
        if (client == null) {
            return null;
        }
        return new GrantValidator.RegisteredClient(client.clientId(), certificate(client.certificatePath()), client.keyId(), Set.copyOf(client.scopes()));
    }

    private static X509Certificate certificate(Path path) {
        if (path == null || !Files.isReadable(path)) {
            log.warn("Simulated Maskinporten: client certificate {} is not readable", path);
            return null;
        }
        try (InputStream in = Files.newInputStream(path)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | GeneralSecurityException e) {
            log.warn("Simulated Maskinporten: client certificate {} is unreadable: {}", path, e.getClass().getSimpleName());
            return null;
        }
    }
}
