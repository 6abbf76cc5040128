package no.kommune.esb.nhn;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Set;

/**
 * {@code registers.nhn.persontjenesten.*}: the API root (paths {@code /api/...} are appended), whether lookups use
 * the legal-basis endpoints, and the HelseID scopes to ask for (the contract names them ReadWithLegalBasis /
 * ReadNoLegalBasis; the exact HelseID scope strings come with the client registration).
 */
@ConfigurationProperties("registers.nhn.persontjenesten")
public record PersontjenestenProperties(String baseUrl,
                                        @DefaultValue("true") boolean legalBasis,
                                        Set<String> scopes,
                                        @DefaultValue("5s") Duration connectTimeout,
                                        @DefaultValue("30s") Duration requestTimeout) {
}
