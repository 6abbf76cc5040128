package no.kommune.esb.maskinporten;

import no.kommune.esb.register.RegisterHttp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Builds the {@link MaskinportenClient} when {@code registers.maskinporten.client-id} is set. */
@Configuration
@EnableConfigurationProperties(MaskinportenProperties.class)
@ConditionalOnProperty(prefix = "registers.maskinporten", name = "client-id")
public class MaskinportenConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MaskinportenConfiguration.class);

    /**
     * The key that signs the grants; a bean so that it hears the application is ready (a local keystore is made or
     * read then). No candidate for injection by type: HelseID's key is the same type.
     */
    @Bean(defaultCandidate = false)
    public SigningKeySource maskinportenSigningKey(MaskinportenProperties properties) {
        return Keystore.signingKey(properties.keystore(), "registers.maskinporten", "Maskinporten", properties.localKeystore(), properties.keyId());
    }

    @Bean
    public MaskinportenClient maskinportenClient(MaskinportenProperties properties, @Qualifier("maskinportenSigningKey") SigningKeySource credentials) {
        if (properties.tokenEndpoint() == null) {
            throw new IllegalStateException("registers.maskinporten.token-endpoint must be set");
        }
        JwtGrantFactory grants = new JwtGrantFactory(properties.issuer(), properties.clientId(), properties.resource(),
                properties.grantLifetime(), credentials);
        RegisterHttp http = new RegisterHttp(MaskinportenClient.SERVICE, properties.connectTimeout(), properties.requestTimeout());
        log.info("Maskinporten client {} at {} signing with {}", properties.clientId(), properties.tokenEndpoint(), credentials);
        return new MaskinportenClient(properties.tokenEndpoint(), grants, http, properties.renewMargin(), Clock.systemUTC());
    }
}
