package no.kommune.esb.simulator.helseid;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Checks a client-credentials token request with a {@code private_key_jwt} client assertion, as HelseID's token
 * endpoint does, and refuses with OAuth2 error codes. Pure logic: the registered clients come in through a lookup.
 * <p>
 * Simplification: real HelseID looks the key up among the client's registered JWKs by {@code kid}; here the
 * assertion must verify against the one certificate registered for the client.
 */
public final class ClientAssertionValidator {

    static final String CLIENT_CREDENTIALS = "client_credentials";
    static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    static final Duration MAX_LIFETIME = Duration.ofSeconds(60);
    static final Duration CLOCK_SKEW = Duration.ofSeconds(10);
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512, JWSAlgorithm.PS256);

    /** A client as the validator needs it: its certificate (null when unreadable) and scopes. */
    public record RegisteredClient(String clientId, X509Certificate certificate, Set<String> scopes) {
    }

    /** The token request's parameters. */
    public record TokenRequest(String grantType, String clientId, String clientAssertionType, String clientAssertion, String scope) {
        @Override
        public String toString() {
            return "TokenRequest[grantType=" + grantType + ", clientId=" + clientId + ", scope=" + scope + "]";
        }
    }

    /** What an accepted request asks for. */
    public record Accepted(String clientId, Set<String> scopes) {
    }

    private final Set<String> audiences;
    private final Function<String, RegisteredClient> clients;
    private final Clock clock;
    private final Map<String, Instant> usedJtis = new ConcurrentHashMap<>();

    /** @param audiences the values accepted as the assertion's {@code aud} (issuer, token endpoint) */
    public ClientAssertionValidator(Set<String> audiences, Function<String, RegisteredClient> clients, Clock clock) {
        this.audiences = Set.copyOf(audiences);
        this.clients = clients;
        this.clock = clock;
    }

    public Accepted validate(TokenRequest request) {
        if (!CLIENT_CREDENTIALS.equals(request.grantType())) {
            throw new HelseIdRefused("unsupported_grant_type", "grant_type must be client_credentials");
        }
        if (!JWT_BEARER.equals(request.clientAssertionType()) || request.clientAssertion() == null || request.clientAssertion().isBlank()) {
            throw new HelseIdRefused("invalid_client", "client_assertion_type must be " + JWT_BEARER + " with a client_assertion");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(request.clientAssertion().trim());
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new HelseIdRefused("invalid_client", "client_assertion is not a signed JWT");
        }
        if (!ALGORITHMS.contains(jwt.getHeader().getAlgorithm())) {
            throw new HelseIdRefused("invalid_client", "client_assertion algorithm not allowed");
        }
        String clientId = claims.getIssuer();
        if (clientId == null || !clientId.equals(claims.getSubject()) || (request.clientId() != null && !request.clientId().equals(clientId))) {
            throw new HelseIdRefused("invalid_client", "client_assertion iss and sub must both be the client_id");
        }
        RegisteredClient client = clients.apply(clientId);
        if (client == null) {
            throw new HelseIdRefused("invalid_client", "unknown client");
        }
        if (claims.getAudience().size() != 1 || !audiences.contains(claims.getAudience().get(0))) {
            throw new HelseIdRefused("invalid_client", "client_assertion aud is not this HelseID");
        }
        verifySignature(jwt, client);
        checkTimes(claims);
        if (claims.getJWTID() == null || claims.getJWTID().isBlank()) {
            throw new HelseIdRefused("invalid_client", "client_assertion has no jti");
        }
        Instant now = clock.instant();
        usedJtis.values().removeIf(until -> until.isBefore(now));
        if (usedJtis.putIfAbsent(clientId + ":" + claims.getJWTID(), claims.getExpirationTime().toInstant().plus(CLOCK_SKEW)) != null) {
            throw new HelseIdRefused("invalid_client", "client_assertion jti has been used before");
        }
        Set<String> scopes = scopes(request.scope());
        if (scopes.isEmpty() || !client.scopes().containsAll(scopes)) {
            throw new HelseIdRefused("invalid_scope", "scope is missing or not allowed for the client");
        }
        return new Accepted(clientId, scopes);
    }

    private static void verifySignature(SignedJWT jwt, RegisteredClient client) {
        if (client.certificate() == null || !(client.certificate().getPublicKey() instanceof RSAPublicKey key)) {
            throw new HelseIdRefused("invalid_client", "no usable key registered for the client");
        }
        try {
            if (!jwt.verify(new RSASSAVerifier(key))) {
                throw new HelseIdRefused("invalid_client", "client_assertion signature invalid");
            }
        } catch (JOSEException e) {
            throw new HelseIdRefused("invalid_client", "client_assertion signature invalid");
        }
    }

    private void checkTimes(JWTClaimsSet claims) {
        if (claims.getIssueTime() == null || claims.getExpirationTime() == null) {
            throw new HelseIdRefused("invalid_client", "client_assertion needs iat and exp");
        }
        Instant now = clock.instant();
        Instant iat = claims.getIssueTime().toInstant();
        Instant exp = claims.getExpirationTime().toInstant();
        if (iat.isAfter(now.plus(CLOCK_SKEW)) || (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().toInstant().isAfter(now.plus(CLOCK_SKEW)))) {
            throw new HelseIdRefused("invalid_client", "client_assertion is not valid yet");
        }
        if (!exp.isAfter(now.minus(CLOCK_SKEW))) {
            throw new HelseIdRefused("invalid_client", "client_assertion has expired");
        }
        if (Duration.between(iat, exp).compareTo(MAX_LIFETIME) > 0) {
            throw new HelseIdRefused("invalid_client", "client_assertion lifetime exceeds 60 seconds");
        }
    }

    private static Set<String> scopes(String scope) {
        Set<String> scopes = new LinkedHashSet<>();
        if (scope != null) {
            Arrays.stream(scope.trim().split("\\s+")).filter(s -> !s.isEmpty()).forEach(scopes::add);
        }
        return scopes;
    }
}
