package no.kommune.esb.maskinporten;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.register.RegisterException;
import no.kommune.esb.register.RegisterHttp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One OAuth2 token endpoint (Maskinporten, HelseID): posts a token request form, reads the
 * {@code access_token / expires_in / token_type} answer, and turns refusals ({@code error, error_description}) into
 * typed {@link RegisterException}s. Neither the request (it carries a signed assertion) nor the token is logged.
 */
public final class TokenEndpoint {

    private static final Logger log = LoggerFactory.getLogger(TokenEndpoint.class);
    private static final Pattern JWT_LIKE = Pattern.compile("[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*");
    private static final Set<String> CREDENTIAL_ERRORS = Set.of("invalid_grant", "invalid_client", "unauthorized_client", "invalid_scope", "access_denied");

    private final String service;
    private final String displayName;
    private final URI uri;
    private final RegisterHttp http;
    private final ObjectMapper json = new ObjectMapper();

    public TokenEndpoint(String service, String displayName, URI uri, RegisterHttp http) {
        this.service = service;
        this.displayName = displayName;
        this.uri = uri;
        this.http = http;
    }

    /** Posts the form and returns the token, cached as valid until {@code renewMargin} before it expires. */
    public TokenCache.Token request(String form, Set<String> scopes, Instant requestedAt, Duration renewMargin) {
        HttpRequest request = http.request(uri)
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
            throw new RegisterException(service, RegisterException.Kind.BAD_RESPONSE, response.statusCode(), "token answer is not JSON");
        }
        String accessToken = body.path("access_token").asText(null);
        long expiresIn = body.path("expires_in").asLong(0);
        String tokenType = body.path("token_type").asText("Bearer");
        if (accessToken == null || accessToken.isBlank() || expiresIn <= 0 || !"Bearer".equalsIgnoreCase(tokenType)) {
            throw new RegisterException(service, RegisterException.Kind.BAD_RESPONSE, response.statusCode(),
                    "token answer lacks access_token, a positive expires_in or token_type Bearer");
        }
        log.info("{} token for scopes {} received, expires in {} s", displayName, scopes, expiresIn);
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
        log.warn("{} {}", displayName, message);
        return new RegisterException(service, kind, status, message, retryAfter, null);
    }

    /** Keeps an error description short and free of anything shaped like a JWT. */
    public static String sanitise(String description) {
        String cleaned = JWT_LIKE.matcher(description).replaceAll("[jwt]");
        return cleaned.length() > 300 ? cleaned.substring(0, 300) + "…" : cleaned;
    }
}
