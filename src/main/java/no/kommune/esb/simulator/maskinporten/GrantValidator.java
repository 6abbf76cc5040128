package no.kommune.esb.simulator.maskinporten;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Checks a JWT-bearer grant the way maskinporten_protocol_jwtgrant.md and maskinporten_feilsoking.md describe,
 * in the real service's order, and refuses with the documented error codes. Pure logic: the registered clients
 * come in through a lookup function.
 * <p>
 * Simplification: real Maskinporten validates an {@code x5c} certificate against trusted CAs and the client's
 * organisation number; here the leaf certificate must be exactly the one registered for the client.
 */
public final class GrantValidator {

    static final Duration MAX_LIFETIME = Duration.ofSeconds(120);
    static final Duration CLOCK_SKEW = Duration.ofSeconds(10);
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512);

    /** A client as the validator needs it: its certificate (null when unreadable), kid and scopes. */
    public record RegisteredClient(String clientId, X509Certificate certificate, String keyId, Set<String> scopes) {
    }

    /** What an accepted grant asks for. */
    public record Accepted(String clientId, Set<String> scopes, String resource) {
    }

    private final String issuer;
    private final Function<String, RegisteredClient> clients;
    private final Clock clock;
    private final Map<String, Instant> usedGrants = new ConcurrentHashMap<>();

    public GrantValidator(String issuer, Function<String, RegisteredClient> clients, Clock clock) {
        this.issuer = issuer;
        this.clients = clients;
        this.clock = clock;
    }

    public Accepted validate(String grantType, String assertion) {
        if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(grantType)) {
            throw new GrantRefused("unsupported_grant_type", "Only urn:ietf:params:oauth:grant-type:jwt-bearer is supported");
        }
        if (assertion == null || assertion.isBlank()) {
            throw new GrantRefused("invalid_request", "MP-011: Invalid assertion. Invalid parameter value (assertion missing)");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(assertion.trim());
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            if (String.valueOf(e.getMessage()).contains("x5c")) {
                throw new GrantRefused("invalid_grant", "MP-123: Invalid JWT header x5c (must be an array of strings)");
            }
            throw new GrantRefused("invalid_request", "MP-011: Invalid assertion. Invalid parameter value");
        }
        JWSHeader header = jwt.getHeader();
        if (!ALGORITHMS.contains(header.getAlgorithm())) {
            throw new GrantRefused("invalid_grant", "MP-124: Invalid JWT signature (alg must be RS256, RS384 or RS512)");
        }
        RegisteredClient client = claims.getIssuer() == null ? null : clients.apply(claims.getIssuer());
        if (client == null) {
            throw new GrantRefused("invalid_grant", "MP-100: Invalid assertion. Client authentication failed. Client not found");
        }
        if (claims.getAudience().size() != 1 || !issuer.equals(claims.getAudience().get(0))) {
            throw new GrantRefused("invalid_grant", "MP-110: Invalid assertion. Client authentication failed. Invalid JWT claim aud");
        }
        RSAPublicKey key = keyFor(client, header);
        try {
            if (!jwt.verify(new RSASSAVerifier(key))) {
                throw new GrantRefused("invalid_grant", "MP-124: Invalid JWT signature");
            }
        } catch (JOSEException e) {
            throw new GrantRefused("invalid_grant", "MP-124: Invalid JWT signature");
        }
        checkTimes(claims);
        String replayKey = claims.getJWTID() != null ? "jti:" + client.clientId() + ":" + claims.getJWTID() : "sha256:" + sha256(assertion);
        forgetExpiredGrants();
        if (usedGrants.putIfAbsent(replayKey, claims.getExpirationTime().toInstant().plus(CLOCK_SKEW)) != null) {
            throw new GrantRefused("invalid_grant", "MP-012: Grant is used before");
        }
        Set<String> scopes = scopes(claims);
        if (scopes.isEmpty() || !client.scopes().containsAll(scopes)) {
            throw new GrantRefused("invalid_scope", "MP-200: Invalid scope - Token request contains invalid scopes for client");
        }
        return new Accepted(client.clientId(), scopes, resource(claims));
    }

    private static RSAPublicKey keyFor(RegisteredClient client, JWSHeader header) {
        if (client.certificate() == null) {
            throw new GrantRefused("invalid_grant", "MP-120: Invalid assertion. Client authentication failed. The JWT is signed with an invalid certificate.");
        }
        List<Base64> chain = header.getX509CertChain();
        if (chain != null && !chain.isEmpty()) {
            try {
                if (!Arrays.equals(chain.get(0).decode(), client.certificate().getEncoded())) {
                    throw new GrantRefused("invalid_grant", "MP-120: Invalid assertion. Client authentication failed. The JWT is signed with an invalid certificate.");
                }
            } catch (CertificateException e) {
                throw new GrantRefused("invalid_grant", "MP-123: Invalid JWT header x5c");
            }
        } else if (header.getKeyID() != null) {
            if (!header.getKeyID().equals(client.keyId())) {
                throw new GrantRefused("invalid_grant", "MP-120: Invalid assertion. Client authentication failed. No key registered on the client with this kid");
            }
        } else {
            throw new GrantRefused("invalid_grant", "MP-123: Invalid JWT header: either kid or x5c must be present");
        }
        if (!(client.certificate().getPublicKey() instanceof RSAPublicKey rsa)) {
            throw new GrantRefused("invalid_grant", "MP-120: Invalid assertion. Client authentication failed. The JWT is signed with an invalid certificate.");
        }
        return rsa;
    }

    private void checkTimes(JWTClaimsSet claims) {
        Instant now = clock.instant();
        if (claims.getIssueTime() == null || claims.getExpirationTime() == null) {
            throw new GrantRefused("invalid_grant", "MP-011: Invalid assertion. Invalid parameter value (iat and exp are required)");
        }
        Instant iat = claims.getIssueTime().toInstant();
        Instant exp = claims.getExpirationTime().toInstant();
        if (iat.isAfter(now.plus(CLOCK_SKEW))) {
            throw new GrantRefused("invalid_grant", "Invalid assertion. Issue time is after now");
        }
        if (iat.isBefore(now.minus(CLOCK_SKEW)) || !exp.isAfter(now.minus(CLOCK_SKEW))) {
            throw new GrantRefused("invalid_grant", "MP-130: JWT is expired");
        }
        if (Duration.between(iat, exp).compareTo(MAX_LIFETIME) > 0) {
            throw new GrantRefused("invalid_grant", "Invalid assertion. exp - iat must not exceed 120 seconds");
        }
    }

    private void forgetExpiredGrants() {
        Instant now = clock.instant();
        usedGrants.values().removeIf(until -> until.isBefore(now));
    }

    private static Set<String> scopes(JWTClaimsSet claims) {
        Object scope = claims.getClaim("scope");
        Set<String> scopes = new LinkedHashSet<>();
        if (scope != null) {
            for (String s : scope.toString().trim().split("\\s+")) {
                if (!s.isEmpty()) {
                    scopes.add(s);
                }
            }
        }
        return scopes;
    }

    private static String resource(JWTClaimsSet claims) {
        Object resource = claims.getClaim("resource");
        if (resource instanceof List<?> list) {
            return list.isEmpty() ? null : String.valueOf(list.get(0));
        }
        return resource == null ? null : resource.toString();
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
