package no.kommune.esb.maskinporten;

import no.kommune.esb.register.RegisterHttp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Builds the {@link MaskinportenClient} when {@code registers.maskinporten.client-id} is set. */
@Configuration
@EnableConfigurationProperties(MaskinportenProperties.class)
@ConditionalOnProperty(prefix = "registers.maskinporten", name = "client-id")
public class MaskinportenConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MaskinportenConfiguration.class);

    /** A first local start makes the self-signed keystore's key while the context is built (LocalKeystore.forbered). */
    @Bean
    static BeanFactoryPostProcessor maskinportenKeystoreForberedes(Environment env) {
        return LocalKeystore.forberedelse(env, "registers.maskinporten");
    }

    @Bean
    public MaskinportenClient maskinportenClient(MaskinportenProperties properties) {
        if (properties.tokenEndpoint() == null) {
            throw new IllegalStateException("registers.maskinporten.token-endpoint must be set");
        }
        SigningCredentials credentials = Keystore.signingCredentials(properties.keystore(), "registers.maskinporten", "Maskinporten",
                properties.localKeystore(), properties.keyId());
        JwtGrantFactory grants = new JwtGrantFactory(properties.issuer(), properties.clientId(), properties.resource(),
                properties.grantLifetime(), credentials);
        RegisterHttp http = new RegisterHttp(MaskinportenClient.SERVICE, properties.connectTimeout(), properties.requestTimeout());
        log.info("Maskinporten client {} at {} signing with {}", properties.clientId(), properties.tokenEndpoint(), credentials);
        return new MaskinportenClient(properties.tokenEndpoint(), grants, http, properties.renewMargin(), Clock.systemUTC());
    }
}
