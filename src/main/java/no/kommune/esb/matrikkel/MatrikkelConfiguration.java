package no.kommune.esb.matrikkel;

import no.kommune.esb.register.RegisterHttp;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds the Matrikkelen and address-search clients when their base URLs are configured. */
@Configuration
@EnableConfigurationProperties({MatrikkelProperties.class, GeonorgeProperties.class})
public class MatrikkelConfiguration {

    @Bean
    @ConditionalOnProperty(prefix = "registers.matrikkel", name = "base-url")
    public MatrikkelClient matrikkelClient(MatrikkelProperties p) {
        if (p.username() == null || p.password() == null) {
            throw new IllegalStateException("registers.matrikkel.username and .password must be set when registers.matrikkel.base-url is");
        }
        return new MatrikkelClient(new RegisterHttp("matrikkel", p.connectTimeout(), p.requestTimeout()), p.baseUrl(),
                p.username(), p.password(), p.klientIdentifikasjon(), p.systemVersion());
    }

    @Bean
    @ConditionalOnProperty(prefix = "registers.geonorge", name = "base-url")
    public AdressesokClient adressesokClient(GeonorgeProperties p) {
        return new AdressesokClient(new RegisterHttp("geonorge", p.connectTimeout(), p.requestTimeout()), p.baseUrl());
    }
}
