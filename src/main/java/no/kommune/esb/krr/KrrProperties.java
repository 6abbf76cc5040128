package no.kommune.esb.krr;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * {@code registers.krr.*}.
 *
 * @param baseUrl        KRR root (prod {@code https://kontaktregisteret.no}); the client bean exists only when set
 * @param scopes         Maskinporten scopes of the token (decide which fields KRR returns)
 * @param batchSize      ids per call, 1..1000 (KRR's limit)
 * @param connectTimeout connect timeout
 * @param requestTimeout timeout of one call
 */
@ConfigurationProperties("registers.krr")
public record KrrProperties(URI baseUrl, List<String> scopes, Integer batchSize, Duration connectTimeout, Duration requestTimeout) {

    public static final List<String> DEFAULT_SCOPES = List.of("krr:global/kontaktinformasjon.read", "krr:global/digitalpost.read");

    public KrrProperties {
        scopes = scopes == null || scopes.isEmpty() ? DEFAULT_SCOPES : List.copyOf(scopes);
        batchSize = batchSize == null ? KrrClient.MAX_BATCH : batchSize;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
    }
}
