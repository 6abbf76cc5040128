package no.kommune.esb.krr;

import no.kommune.esb.maskinporten.AccessTokenProvider;
import no.kommune.esb.register.RegisterHttp;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.LinkedHashSet;

/** Builds the {@link KrrClient} when {@code registers.krr.base-url} is set; needs an {@link AccessTokenProvider}. */
@Configuration
@EnableConfigurationProperties(KrrProperties.class)
@ConditionalOnProperty(prefix = "registers.krr", name = "base-url")
public class KrrConfiguration {

    @Bean
    public KrrClient krrClient(KrrProperties properties, AccessTokenProvider accessTokenProvider) {
        RegisterHttp http = new RegisterHttp(KrrClient.SERVICE, properties.connectTimeout(), properties.requestTimeout());
        return new KrrClient(properties.baseUrl(), accessTokenProvider, new LinkedHashSet<>(properties.scopes()), properties.batchSize(), http);
    }
}
