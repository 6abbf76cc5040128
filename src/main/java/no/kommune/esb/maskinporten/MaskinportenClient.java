package no.kommune.esb.maskinporten;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.regex.Pattern;

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

    private static final Logger log = LoggerFactory.getLogger(MaskinportenClient.class);
    private static final Pattern JWT_LIKE = Pattern.compile("[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*");
    private static final Set<String> CREDENTIAL_ERRORS = Set.of("invalid_grant", "invalid_client", "unauthorized_client", "invalid_scope", "access_denied");

    private final URI tokenEndpoint;
    private final JwtGrantFactory grants;
    private final RegisterHttp http;
    private final Duration renewMargin;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final TokenCache cache;

    public MaskinportenClient(URI tokenEndpoint, JwtGrantFactory grants, RegisterHttp http, Duration renewMargin, Clock clock) {
        this.tokenEndpoint = tokenEndpoint;
        this.grants = grants;
        this.http = http;
        this.renewMargin = renewMargin;
        this.clock = clock;
        this.cache = new TokenCache(clock);
    }

    @Override
    public String accessToken(Set<String> scopes) {
        return cache.get(scopes, this::fetch);
    }

    private TokenCache.Token fetch(Set<String> scopes) {
        Instant requestedAt = clock.instant();
        String form = "grant_type=" + URLEncoder.encode(GRANT_TYPE, StandardCharsets.UTF_8)
                + "&assertion=" + URLEncoder.encode(grants.create(scopes, requestedAt), StandardCharsets.UTF_8);
        HttpRequest request = http.request(tokenEndpoint)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        // a token request has no side effect worth protecting: a lost answer just costs a new grant
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(), true);
        if (response.statusCode() / 100 != 2) {
            throw refused(response);
        }
        JsonNode body = readJson(response.body(), response.statusCode());
        String accessToken = body.path("access_token").asText(null);
        long expiresIn = body.path("expires_in").asLong(0);
        String tokenType = body.path("token_type").asText("Bearer");
        if (accessToken == null || accessToken.isBlank() || expiresIn <= 0 || !"Bearer".equalsIgnoreCase(tokenType)) {
            throw new RegisterException(SERVICE, RegisterException.Kind.BAD_RESPONSE, response.statusCode(),
                    "token answer lacks access_token, a positive expires_in or token_type Bearer");
        }
        log.info("Maskinporten token for scopes {} received, expires in {} s", scopes, expiresIn);
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
                + (description == null ? "" : ": " + sanitise(description)) + " (HTTP " + status + ")";
        log.warn("Maskinporten {}", message);
        return new RegisterException(SERVICE, kind, status, message, retryAfter, null);
    }

    private JsonNode readJson(String body, int status) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new RegisterException(SERVICE, RegisterException.Kind.BAD_RESPONSE, status, "token answer is not JSON");
        }
    }

    /** Keeps an error description short and free of anything shaped like a JWT. */
    public static String sanitise(String description) {
        String cleaned = JWT_LIKE.matcher(description).replaceAll("[jwt]");
        return cleaned.length() > 300 ? cleaned.substring(0, 300) + "…" : cleaned;
    }
}
