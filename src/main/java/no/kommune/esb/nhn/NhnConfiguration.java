package no.kommune.esb.nhn;

import no.kommune.esb.maskinporten.AccessTokenProvider;
import no.kommune.esb.register.RegisterHttp;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the NHN clients, each only when its base URL is configured. Persontjenesten needs a HelseID
 * {@link AccessTokenProvider} bean named {@code helseIdAccessTokenProvider}.
 */
@Configuration
@EnableConfigurationProperties({FlrProperties.class, ArProperties.class, PersontjenestenProperties.class})
public class NhnConfiguration {

    @Bean
    @ConditionalOnProperty(prefix = "registers.nhn.flr", name = "base-url")
    public FastlegeClient fastlegeClient(FlrProperties p) {
        requireLogin(p, "registers.nhn.flr");
        return new FastlegeClient(new RegisterHttp("nhn-flr", p.connectTimeout(), p.requestTimeout()), p.baseUrl(), p.username(), p.password());
    }

    @Bean
    @ConditionalOnProperty(prefix = "registers.nhn.ar", name = "base-url")
    public AdresseregisterClient adresseregisterClient(ArProperties p) {
        requireLogin(p, "registers.nhn.ar");
        return new AdresseregisterClient(new RegisterHttp("nhn-ar", p.connectTimeout(), p.requestTimeout()), p.baseUrl(), p.username(), p.password());
    }

    @Bean
    @ConditionalOnProperty(prefix = "registers.nhn.persontjenesten", name = "base-url")
    public PersontjenestenClient persontjenestenClient(PersontjenestenProperties p, @Qualifier("helseIdAccessTokenProvider") AccessTokenProvider helseId) {
        if (p.scopes() == null || p.scopes().isEmpty()) {
            throw new IllegalStateException("registers.nhn.persontjenesten.scopes must be set when registers.nhn.persontjenesten.base-url is");
        }
        return new PersontjenestenClient(new RegisterHttp("nhn-persontjenesten", p.connectTimeout(), p.requestTimeout()), p.baseUrl(),
                p.legalBasis(), helseId, p.scopes());
    }

    private static void requireLogin(NhnSoapProperties p, String prefix) {
        if (p.username() == null || p.password() == null) {
            throw new IllegalStateException(prefix + ".username and .password must be set when " + prefix + ".base-url is");
        }
    }
}
