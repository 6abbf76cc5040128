package no.kommune.esb.folkeregister;

import no.kommune.esb.maskinporten.AccessTokenProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the Folkeregisteret client only when {@code registers.folkeregisteret.base-url} is set. It needs an
 * {@link AccessTokenProvider} bean (Maskinporten); without one the application fails to start, on purpose.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "registers.folkeregisteret", name = "base-url")
@EnableConfigurationProperties(FolkeregisterProperties.class)
public class FolkeregisterConfiguration {

    @Bean
    public FolkeregisterClient folkeregisterClient(FolkeregisterProperties properties, AccessTokenProvider accessTokenProvider) {
        return new FolkeregisterClient(properties, accessTokenProvider);
    }
}
