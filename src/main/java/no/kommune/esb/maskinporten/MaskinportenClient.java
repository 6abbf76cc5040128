package no.kommune.esb.maskinporten;

import no.kommune.esb.register.RegisterHttp;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Gets access tokens from Maskinporten with the JWT-bearer grant (maskinporten_protocol_token.md) and caches
 * them per scope set in a {@link TokenCache}: renewed {@code renewMargin} before expiry, one token request per
 * scope set per validity window under concurrency.
 * <p>
 * Neither the grant nor the access token is ever logged or put in an exception message.
 */
public final class MaskinportenClient implements AccessTokenProvider {

    static final String SERVICE = "maskinporten";
    static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    private final TokenEndpoint endpoint;
    private final JwtGrantFactory grants;
    private final Duration renewMargin;
    private final Clock clock;
    private final TokenCache cache;

    public MaskinportenClient(URI tokenEndpoint, JwtGrantFactory grants, RegisterHttp http, Duration renewMargin, Clock clock) {
        this.endpoint = new TokenEndpoint(SERVICE, "Maskinporten", tokenEndpoint, http);
        this.grants = grants;
        this.renewMargin = renewMargin;
        this.clock = clock;
        this.cache = new TokenCache(clock);
    }

    @Override
    public String accessToken(Set<String> scopes) {
        return cache.get(scopes, this::fetch);
    }

    @Override
    public void forget(Set<String> scopes, String token) {
        cache.forget(scopes, token);
    }

    private TokenCache.Token fetch(Set<String> scopes) {
        Instant requestedAt = clock.instant();
        String form = "grant_type=" + URLEncoder.encode(GRANT_TYPE, StandardCharsets.UTF_8)
                + "&assertion=" + URLEncoder.encode(grants.create(scopes, requestedAt), StandardCharsets.UTF_8);
        return endpoint.request(form, scopes, requestedAt, renewMargin);
    }
}
