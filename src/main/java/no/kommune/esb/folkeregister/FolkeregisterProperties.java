package no.kommune.esb.folkeregister;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.time.Duration;

/**
 * Settings of the Folkeregisteret client ({@code registers.folkeregisteret.*}). Bound even when the client is
 * off (the application scans for properties), so only the client insists on a base URL.
 *
 * @param baseUrl              up to and including {@code /api/v1}, e.g.
 *                             {@code https://folkeregisteret.api.skatteetaten.no/folkeregisteret/offentlig-med-hjemmel/api/v1}
 * @param scope                Maskinporten scope of the rettighetspakke
 * @param connectTimeout       TCP connect timeout
 * @param requestTimeout       whole-answer timeout per call (bulk lookups of 1000 may take up to 10 s by the SLA)
 * @param bulkSize             ids per bulk call, at most 1000 (the contract's limit)
 * @param extractPollInterval  first wait when an extract batch is not ready; doubles up to the max
 * @param extractPollMaxInterval longest wait between polls of a batch that is not ready
 * @param extractMaxWait       how long one batch may stay not ready before the reader gives up
 */
@ConfigurationProperties("registers.folkeregisteret")
public record FolkeregisterProperties(URI baseUrl,
                                      String scope,
                                      Duration connectTimeout,
                                      Duration requestTimeout,
                                      Integer bulkSize,
                                      Duration extractPollInterval,
                                      Duration extractPollMaxInterval,
                                      Duration extractMaxWait) {

    public static final String DEFAULT_SCOPE = "folkeregister:deling/offentligmedhjemmel";
    public static final int MAX_BULK = 1000;

    public FolkeregisterProperties {
        scope = scope == null || scope.isBlank() ? DEFAULT_SCOPE : scope;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(20) : requestTimeout;
        bulkSize = bulkSize == null ? MAX_BULK : bulkSize;
        if (bulkSize < 1 || bulkSize > MAX_BULK) {
            throw new IllegalArgumentException("registers.folkeregisteret.bulk-size must be 1.." + MAX_BULK);
        }
        extractPollInterval = extractPollInterval == null ? Duration.ofSeconds(2) : extractPollInterval;
        extractPollMaxInterval = extractPollMaxInterval == null ? Duration.ofSeconds(30) : extractPollMaxInterval;
        extractMaxWait = extractMaxWait == null ? Duration.ofMinutes(30) : extractMaxWait;
    }

    /** Defaults for everything but the base URL. */
    public static FolkeregisterProperties of(URI baseUrl) {
        return new FolkeregisterProperties(baseUrl, null, null, null, null, null, null, null);
    }
}
