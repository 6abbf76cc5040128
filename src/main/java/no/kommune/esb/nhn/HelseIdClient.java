package no.kommune.esb.nhn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.maskinporten.AccessTokenProvider;
import no.kommune.esb.maskinporten.MaskinportenClient;
import no.kommune.esb.maskinporten.TokenCache;
import no.kommune.esb.register.RegisterException;
import no.kommune.esb.register.RegisterHttp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    private static final Logger log = LoggerFactory.getLogger(HelseIdClient.class);
    private static final Set<String> CREDENTIAL_ERRORS = Set.of("invalid_grant", "invalid_client", "unauthorized_client", "invalid_scope", "access_denied");

    private final URI tokenEndpoint;
    private final String clientId;
    private final Set<String> allowedScopes;
    private final HelseIdAssertionFactory assertions;
    private final RegisterHttp http;
    private final Duration renewMargin;
    private final Clock clock;
    private final TokenCache cache;
    private final ObjectMapper json = new ObjectMapper();

    /** @param allowedScopes the scopes registered for the client; empty = do not check before asking */
    public HelseIdClient(URI tokenEndpoint, String clientId, Set<String> allowedScopes, HelseIdAssertionFactory assertions, RegisterHttp http,
                         Duration renewMargin, Clock clock) {
        this.tokenEndpoint = tokenEndpoint;
        this.clientId = clientId;
        this.allowedScopes = allowedScopes == null ? Set.of() : Set.copyOf(allowedScopes);
        this.assertions = assertions;
        this.http = http;
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

    private TokenCache.Token fetch(Set<String> scopes) {
        Instant requestedAt = clock.instant();
        String form = "grant_type=client_credentials"
                + "&client_id=" + encode(clientId)
                + "&client_assertion_type=" + encode(CLIENT_ASSERTION_TYPE)
                + "&client_assertion=" + encode(assertions.create(requestedAt))
                + "&scope=" + encode(String.join(" ", scopes));
        HttpRequest request = http.request(tokenEndpoint)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        // a token request has no side effect worth protecting: a lost answer just costs a new assertion
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(), true);
        if (response.statusCode() / 100 != 2) {
            throw refused(response);
        }
        JsonNode body;
        try {
            body = json.readTree(response.body());
        } catch (IOException e) {
            throw new RegisterException(SERVICE, RegisterException.Kind.BAD_RESPONSE, response.statusCode(), "token answer is not JSON");
        }
        String accessToken = body.path("access_token").asText(null);
        long expiresIn = body.path("expires_in").asLong(0);
        String tokenType = body.path("token_type").asText("Bearer");
        if (accessToken == null || accessToken.isBlank() || expiresIn <= 0 || !"Bearer".equalsIgnoreCase(tokenType)) {
            throw new RegisterException(SERVICE, RegisterException.Kind.BAD_RESPONSE, response.statusCode(),
                    "token answer lacks access_token, a positive expires_in or token_type Bearer");
        }
        log.info("HelseID token for scopes {} received, expires in {} s", scopes, expiresIn);
        return TokenCache.Token.of(accessToken, requestedAt, Duration.ofSeconds(expiresIn), renewMargin);
    }

    private RegisterException refused(HttpResponse<String> response) {
        int status = response.statusCode();
        String error = null;
        String description = null;
        try {
            JsonNode body = json.readTree(response.body());
            error = body.path("error").asText(null);
            description = body.path("error_description").asText(null);
        } catch (IOException e) {
            // not JSON (a proxy page, say): the status alone must do
        }
        RegisterException.Kind kind;
        if (status == 429) {
            kind = RegisterException.Kind.THROTTLED;
        } else if (status >= 500) {
            kind = RegisterException.Kind.UNAVAILABLE;
        } else if (status == 401 || status == 403 || CREDENTIAL_ERRORS.contains(error)) {
            kind = RegisterException.Kind.UNAUTHORIZED;
        } else {
            kind = RegisterException.Kind.REJECTED;
        }
        Duration retryAfter = response.headers().firstValue("Retry-After").map(RegisterHttp::retryAfterSeconds).orElse(null);
        String message = "token request refused" + (error == null ? "" : ": " + error)
                + (description == null ? "" : ": " + MaskinportenClient.sanitise(description)) + " (HTTP " + status + ")";
        log.warn("HelseID {}", message);
        return new RegisterException(SERVICE, kind, status, message, retryAfter, null);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
