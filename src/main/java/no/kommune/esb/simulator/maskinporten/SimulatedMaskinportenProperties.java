package no.kommune.esb.simulator.maskinporten;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code simulator.maskinporten.*}: the simulated Maskinporten's issuer and its registered clients.
 *
 * @param issuer    identifier expected as the grants' {@code aud} and put as {@code iss} in tokens
 * @param expiresIn default access token lifetime in seconds (the real one answers 599)
 * @param clients   the registered clients
 */
@ConfigurationProperties("simulator.maskinporten")
public record SimulatedMaskinportenProperties(String issuer, Long expiresIn, List<Client> clients) {

    public SimulatedMaskinportenProperties {
        expiresIn = expiresIn == null ? 599L : expiresIn;
        clients = clients == null ? List.of() : List.copyOf(clients);
    }

    /**
     * A client registration.
     *
     * @param clientId        the client id the grant carries as {@code iss}
     * @param certificatePath PEM or DER certificate whose key signs this client's grants (read at each use, so it may appear after start)
     * @param keyId           {@code kid} registered for that key; grants may use it instead of {@code x5c}
     * @param scopes          scopes the client may get tokens for
     * @param consumerOrgno   organisation number put in the token's {@code consumer}
     * @param expiresIn       token lifetime for this client in seconds (default: the simulator's)
     */
    public record Client(String clientId, Path certificatePath, String keyId, List<String> scopes, String consumerOrgno, Long expiresIn) {
        public Client {
            scopes = scopes == null ? List.of() : List.copyOf(scopes);
        }
    }
}
