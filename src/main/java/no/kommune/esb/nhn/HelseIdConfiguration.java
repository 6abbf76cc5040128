package no.kommune.esb.nhn;

import no.kommune.esb.maskinporten.Keystore;
import no.kommune.esb.maskinporten.SigningKeySource;
import no.kommune.esb.register.RegisterHttp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * Builds the HelseID token provider, bean {@code helseIdAccessTokenProvider}, when
 * {@code registers.nhn.helseid.client-id} is set. It is no default candidate for injection by type, so the
 * Maskinporten clients' plain {@code AccessTokenProvider} parameters keep meaning Maskinporten.
 */
@Configuration
@EnableConfigurationProperties(HelseIdProperties.class)
@ConditionalOnProperty(prefix = "registers.nhn.helseid", name = "client-id")
public class HelseIdConfiguration {

    private static final Logger log = LoggerFactory.getLogger(HelseIdConfiguration.class);

    /** The key that signs the client assertions; a bean so that it hears the application is ready (a local keystore is made or read then). */
    @Bean(defaultCandidate = false)
    public SigningKeySource helseIdSigningKey(HelseIdProperties properties) {
        return Keystore.signingKey(properties.keystore(), "registers.nhn.helseid", "HelseID", properties.localKeystore(), properties.keyId());
    }

    @Bean(defaultCandidate = false)
    public HelseIdClient helseIdAccessTokenProvider(HelseIdProperties properties, @Qualifier("helseIdSigningKey") SigningKeySource credentials) {
        if (properties.tokenEndpoint() == null) {
            throw new IllegalStateException("registers.nhn.helseid.token-endpoint must be set");
        }
        String audience = properties.issuer() == null || properties.issuer().isBlank() ? properties.tokenEndpoint().toString() : properties.issuer();
        HelseIdAssertionFactory assertions = new HelseIdAssertionFactory(audience, properties.clientId(), properties.assertionLifetime(), credentials);
        RegisterHttp http = new RegisterHttp(HelseIdClient.SERVICE, properties.connectTimeout(), properties.requestTimeout());
        log.info("HelseID client {} at {} signing with {}", properties.clientId(), properties.tokenEndpoint(), credentials);
        return new HelseIdClient(properties.tokenEndpoint(), properties.clientId(), properties.scopes(), assertions, http,
                properties.renewMargin(), Clock.systemUTC());
    }
}
