package no.kommune.esb.nhn;

import no.kommune.esb.maskinporten.Keystore;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * {@code registers.nhn.helseid.*}: who we are towards HelseID and where it is.
 *
 * @param issuer            HelseID's issuer, sent as the client assertion's {@code aud} (prod {@code https://helseid-sts.nhn.no});
 *                          blank = use the token endpoint as {@code aud}
 * @param tokenEndpoint     the token endpoint (prod {@code https://helseid-sts.nhn.no/connect/token})
 * @param clientId          our client id; the token provider bean exists only when this is set
 * @param keystore          PKCS12 keystore holding the key registered on the client
 * @param keyId             {@code kid} of that key as registered in HelseID (optional)
 * @param scopes            scopes the client is registered for; requests for others fail before calling HelseID
 * @param assertionLifetime exp − iat of each client assertion (at most 60 s)
 * @param renewMargin       how long before expiry a cached token is renewed
 * @param localKeystore     create a self-signed keystore when missing (local profile only, never production)
 */
@ConfigurationProperties("registers.nhn.helseid")
public record HelseIdProperties(String issuer,
                                URI tokenEndpoint,
                                String clientId,
                                Keystore keystore,
                                String keyId,
                                Set<String> scopes,
                                Duration assertionLifetime,
                                Duration renewMargin,
                                Duration connectTimeout,
                                Duration requestTimeout,
                                boolean localKeystore) {

    public HelseIdProperties {
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
        assertionLifetime = assertionLifetime == null ? Duration.ofSeconds(60) : assertionLifetime;
        renewMargin = renewMargin == null ? Duration.ofSeconds(30) : renewMargin;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(20) : requestTimeout;
    }
}
