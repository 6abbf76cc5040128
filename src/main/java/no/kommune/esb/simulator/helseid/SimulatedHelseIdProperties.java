package no.kommune.esb.simulator.helseid;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code simulator.helseid.*}: the simulated HelseID's identifier and its registered clients.
 *
 * @param issuer    identifier accepted as the client assertions' {@code aud} (the token endpoint URL is accepted too)
 * @param expiresIn default access token lifetime in seconds
 * @param clients   the registered clients
 */
@ConfigurationProperties("simulator.helseid")
public record SimulatedHelseIdProperties(String issuer, Long expiresIn, List<Client> clients) {

    public SimulatedHelseIdProperties {
        expiresIn = expiresIn == null ? 600L : expiresIn;
        clients = clients == null ? List.of() : List.copyOf(clients);
    }

    /**
     * A client registration.
     *
     * @param clientId        the client id (form {@code client_id}, assertion {@code iss} and {@code sub})
     * @param certificatePath PEM or DER certificate whose key signs this client's assertions (read at each use, so it may appear after start)
     * @param scopes          scopes the client may get tokens for
     * @param expiresIn       token lifetime for this client in seconds (default: the simulator's)
     */
    public record Client(String clientId, Path certificatePath, List<String> scopes, Long expiresIn) {
        public Client {
            scopes = scopes == null ? List.of() : List.copyOf(scopes);
        }
    }
}
