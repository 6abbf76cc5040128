package no.kommune.esb.matrikkel;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code registers.matrikkel.*}: the matrikkelAPI base URL (up to {@code /matrikkelapi/wsapi/v1}), the Basic
 * login Kartverket issues, and the MatrikkelContext's client identification and system version.
 */
@ConfigurationProperties("registers.matrikkel")
public record MatrikkelProperties(String baseUrl, String username, String password,
                                  @DefaultValue("kommune-esb") String klientIdentifikasjon,
                                  @DefaultValue("4.4") String systemVersion,
                                  @DefaultValue("5s") Duration connectTimeout,
                                  @DefaultValue("30s") Duration requestTimeout) {
}
