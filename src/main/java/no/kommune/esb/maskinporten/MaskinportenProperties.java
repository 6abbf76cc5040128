package no.kommune.esb.maskinporten;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.time.Duration;

/**
 * {@code registers.maskinporten.*}: who we are towards Maskinporten and where it is.
 *
 * @param issuer         Maskinporten's issuer identifier, sent as the grant's {@code aud} (prod {@code https://maskinporten.no/})
 * @param tokenEndpoint  the token endpoint (prod {@code https://maskinporten.no/token})
 * @param clientId       our client id, sent as {@code iss}; the client bean exists only when this is set
 * @param keystore       PKCS12 keystore holding the signing key and its certificate chain
 * @param keyId          {@code kid} of a key registered on the client; blank = send the certificate chain as {@code x5c}
 * @param resource       optional {@code resource} claim for audience-restricted tokens
 * @param grantLifetime  exp − iat of each grant (at most 120 s)
 * @param renewMargin    how long before expiry a cached token is renewed
 * @param localKeystore  create a self-signed keystore when missing (local profile only, never production)
 */
@ConfigurationProperties("registers.maskinporten")
public record MaskinportenProperties(String issuer,
                                     URI tokenEndpoint,
                                     String clientId,
                                     Keystore keystore,
                                     String keyId,
                                     String resource,
                                     Duration grantLifetime,
                                     Duration renewMargin,
                                     Duration connectTimeout,
                                     Duration requestTimeout,
                                     boolean localKeystore) {

    public MaskinportenProperties {
        grantLifetime = grantLifetime == null ? Duration.ofSeconds(60) : grantLifetime;
        renewMargin = renewMargin == null ? Duration.ofSeconds(30) : renewMargin;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(20) : requestTimeout;
    }
}
