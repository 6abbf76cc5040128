package no.kommune.esb.svarut;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

/**
 * {@code registers.svarut.*}: where SvarUt is and how the platform signs in to it. Bound even when SvarUt is
 * not configured, so nothing is required here; {@link #requireComplete()} checks before a client is built.
 *
 * @param baseUrl              server URL including {@code /api}, as in the contracts' {@code servers}
 *                             (e.g. https://svarut.ks.no/api); the client appends {@code /v2/...}
 * @param kontoId              the sending account (avsenderkonto)
 * @param integrasjonId        Fiks integration id (header IntegrasjonId)
 * @param integrasjonPassord   Fiks integration password (header IntegrasjonPassord); secret, no default
 * @param scope                Maskinporten scope for the bearer token
 * @param connectTimeout       TCP connect timeout
 * @param requestTimeout       timeout for status, history and lookups
 * @param sendTimeout          timeout for sending a letter; KS recommends 16 minutes for large files
 * @param statusSokBatchSize   ids per status search (the contract gives no maximum)
 * @param ambiguousLookupDelay wait after a lost send answer before looking the letter up by eksternReferanse
 * @param lookupSettleTime     how long after an attempt with unknown outcome was over a "not found" by eksternReferanse
 *                             is final ({@link Synlighetsregel}); before that the letter waits and is looked up again
 */
@ConfigurationProperties("registers.svarut")
public record SvarUtProperties(URI baseUrl, UUID kontoId, String integrasjonId, String integrasjonPassord, String scope,
                               Duration connectTimeout, Duration requestTimeout, Duration sendTimeout,
                               Integer statusSokBatchSize, Duration ambiguousLookupDelay, Duration lookupSettleTime) {

    /** KS documents no bound on when a stored letter shows in the eksternReferanse search: a judgement, see docs/forsendelse.md. */
    public static final Duration LOOKUP_SETTLE_TIME = Duration.ofMinutes(5);

    /** Without a settle time of its own: the default. */
    public SvarUtProperties(URI baseUrl, UUID kontoId, String integrasjonId, String integrasjonPassord, String scope,
                            Duration connectTimeout, Duration requestTimeout, Duration sendTimeout,
                            Integer statusSokBatchSize, Duration ambiguousLookupDelay) {
        this(baseUrl, kontoId, integrasjonId, integrasjonPassord, scope, connectTimeout, requestTimeout, sendTimeout,
                statusSokBatchSize, ambiguousLookupDelay, null);
    }

    @org.springframework.boot.context.properties.bind.ConstructorBinding
    public SvarUtProperties {
        scope = scope == null || scope.isBlank() ? "ks:fiks" : scope;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
        sendTimeout = sendTimeout == null ? Duration.ofMinutes(16) : sendTimeout;
        statusSokBatchSize = statusSokBatchSize == null || statusSokBatchSize < 1 ? 100 : statusSokBatchSize;
        ambiguousLookupDelay = ambiguousLookupDelay == null ? Duration.ofSeconds(2) : ambiguousLookupDelay;
        lookupSettleTime = lookupSettleTime == null ? LOOKUP_SETTLE_TIME : lookupSettleTime;
    }

    /** Throws naming the first missing key. */
    public SvarUtProperties requireComplete() {
        if (baseUrl == null) {
            throw new IllegalStateException("registers.svarut.base-url must be set");
        }
        if (kontoId == null) {
            throw new IllegalStateException("registers.svarut.konto-id must be set");
        }
        if (integrasjonId == null || integrasjonId.isBlank()) {
            throw new IllegalStateException("registers.svarut.integrasjon-id must be set");
        }
        if (integrasjonPassord == null || integrasjonPassord.isBlank()) {
            throw new IllegalStateException("registers.svarut.integrasjon-passord must be set");
        }
        return this;
    }

    @Override
    public String toString() {
        return "SvarUtProperties[baseUrl=" + baseUrl + ", kontoId=" + kontoId + ", integrasjonId=" + integrasjonId
                + ", integrasjonPassord=" + (integrasjonPassord == null ? "null" : "***") + ", scope=" + scope + "]";
    }
}
