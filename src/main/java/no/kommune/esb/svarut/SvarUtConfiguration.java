package no.kommune.esb.svarut;

import no.kommune.esb.maskinporten.AccessTokenProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds the {@link SvarUtClient} when {@code registers.svarut.base-url} is set. */
@Configuration
@ConditionalOnProperty(prefix = "registers.svarut", name = "base-url")
@EnableConfigurationProperties(SvarUtProperties.class)
public class SvarUtConfiguration {

    @Bean
    public SvarUtClient svarUtClient(SvarUtProperties properties, AccessTokenProvider accessTokenProvider) {
        return new SvarUtClient(properties, accessTokenProvider);
    }
}
