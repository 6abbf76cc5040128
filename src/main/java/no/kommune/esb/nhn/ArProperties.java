package no.kommune.esb.nhn;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/** {@code registers.nhn.ar.*}: Adresseregisteret's endpoint (e.g. {@code https://ws-web.test.nhn.no/v1/AR}) and Basic login. */
@ConfigurationProperties("registers.nhn.ar")
public record ArProperties(String baseUrl, String username, String password,
                           @DefaultValue("5s") Duration connectTimeout,
                           @DefaultValue("30s") Duration requestTimeout) implements NhnSoapProperties {
}
