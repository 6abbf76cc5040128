package no.kommune.esb.matrikkel;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/** {@code registers.geonorge.*}: the open address search base URL (up to {@code /adresser/v1}); no credentials. */
@ConfigurationProperties("registers.geonorge")
public record GeonorgeProperties(String baseUrl,
                                 @DefaultValue("5s") Duration connectTimeout,
                                 @DefaultValue("15s") Duration requestTimeout) {
}
