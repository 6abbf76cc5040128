package no.kommune.esb.nhn;

import no.kommune.esb.maskinporten.AccessTokenProvider;
import no.kommune.esb.maskinporten.TokenCache;
import no.kommune.esb.maskinporten.TokenEndpoint;
import no.kommune.esb.register.RegisterHttp;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * HelseID access tokens by OAuth2 client credentials with {@code private_key_jwt} client authentication: form
 * {@code grant_type=client_credentials}, {@code client_id}, {@code client_assertion_type} (jwt-bearer),
 * {@code client_assertion} and {@code scope} (space separated). Tokens are cached per scope set in the shared
 * {@link TokenCache} (renewed before expiry, one request per scope set per window under concurrency).
 * Plain bearer tokens: DPoP-bound tokens, which HelseID is moving to, are not supported yet.
 * <p>
 * Neither the assertion nor the access token is ever logged or put in an exception message.
 */
public final class HelseIdClient implements AccessTokenProvider {

    static final String SERVICE = "helseid";
    static final String CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private final TokenEndpoint endpoint;
    private final String clientId;
    private final Set<String> allowedScopes;
    private final HelseIdAssertionFactory assertions;
    private final Duration renewMargin;
    private final Clock clock;
    private final TokenCache cache;

    /** @param allowedScopes the scopes registered for the client; empty = do not check before asking */
    public HelseIdClient(URI tokenEndpoint, String clientId, Set<String> allowedScopes, HelseIdAssertionFactory assertions, RegisterHttp http,
                         Duration renewMargin, Clock clock) {
        this.endpoint = new TokenEndpoint(SERVICE, "HelseID", tokenEndpoint, http);
        this.clientId = clientId;
        this.allowedScopes = allowedScopes == null ? Set.of() : Set.copyOf(allowedScopes);
        this.assertions = assertions;
        this.renewMargin = renewMargin;
        this.clock = clock;
        this.cache = new TokenCache(clock);
    }

    @Override
    public String accessToken(Set<String> scopes) {
        if (scopes != null && !allowedScopes.isEmpty() && !allowedScopes.containsAll(scopes)) {
            throw new IllegalArgumentException("HelseID client " + clientId + " is not configured for scopes " + scopes
                    + " (registers.nhn.helseid.scopes)");
        }
        return cache.get(scopes, this::fetch);
    }

    @Override
    public void forget(Set<String> scopes, String token) {
        cache.forget(scopes, token);
    }

    private TokenCache.Token fetch(Set<String> scopes) {
        Instant requestedAt = clock.instant();
        String form = "grant_type=client_credentials"
                + "&client_id=" + encode(clientId)
                + "&client_assertion_type=" + encode(CLIENT_ASSERTION_TYPE)
                + "&client_assertion=" + encode(assertions.create(requestedAt))
                + "&scope=" + encode(String.join(" ", scopes));
        return endpoint.request(form, scopes, requestedAt, renewMargin);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
