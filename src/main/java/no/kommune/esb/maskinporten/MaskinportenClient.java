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
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Gets access tokens from Maskinporten with the JWT-bearer grant (maskinporten_protocol_token.md) and caches
 * them per scope set. A token is renewed {@code renewMargin} before it expires (at most half its lifetime
 * before, so short-lived tokens are still reused). Concurrent callers for the same scope set wait for one
 * token request: at most one request per scope set per validity window; when that request fails, the callers
 * that waited for it get the same failure instead of each trying again.
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
    private final ConcurrentHashMap<Set<String>, Slot> slots = new ConcurrentHashMap<>();

    public MaskinportenClient(URI tokenEndpoint, JwtGrantFactory grants, RegisterHttp http, Duration renewMargin, Clock clock) {
        this.tokenEndpoint = tokenEndpoint;
        this.grants = grants;
        this.http = http;
        this.renewMargin = renewMargin;
        this.clock = clock;
    }

    @Override
    public String accessToken(Set<String> scopes) {
        if (scopes == null || scopes.isEmpty()) {
            throw new IllegalArgumentException("at least one scope is needed");
        }
        Set<String> key = Set.copyOf(scopes);
        Slot slot = slots.computeIfAbsent(key, k -> new Slot());
        Token token = slot.token;
        if (token != null && token.usableAt(clock.instant())) {
            return token.value;
        }
        // a request that completes while we wait for the lock has answered for us too, success or failure
        long completedBefore = slot.completed;
        synchronized (slot) {
            token = slot.token;
            if (token != null && token.usableAt(clock.instant())) {
                return token.value;
            }
            if (slot.completed != completedBefore && slot.lastFailure != null) {
                throw slot.lastFailure;
            }
            try {
                slot.token = fetch(new TreeSet<>(key));
                slot.lastFailure = null;
                return slot.token.value;
            } catch (RegisterException e) {
                slot.lastFailure = e;
                throw e;
            } finally {
                slot.completed++;
            }
        }
    }

    private Token fetch(Set<String> scopes) {
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
        Duration lifetime = Duration.ofSeconds(expiresIn);
        Duration margin = renewMargin.compareTo(lifetime.dividedBy(2)) > 0 ? lifetime.dividedBy(2) : renewMargin;
        log.info("Maskinporten token for scopes {} received, expires in {} s", scopes, expiresIn);
        // measured from before the request, so the token is never believed valid longer than it is
        return new Token(accessToken, requestedAt.plus(lifetime).minus(margin));
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
    static String sanitise(String description) {
        String cleaned = JWT_LIKE.matcher(description).replaceAll("[jwt]");
        return cleaned.length() > 300 ? cleaned.substring(0, 300) + "…" : cleaned;
    }

    private static final class Slot {
        volatile Token token;
        volatile long completed;
        RegisterException lastFailure;
    }

    private record Token(String value, Instant renewAt) {
        boolean usableAt(Instant now) {
            return now.isBefore(renewAt);
        }

        @Override
        public String toString() {
            return "Token[renewAt=" + renewAt + "]";
        }
    }
}
