package no.kommune.esb.nhn;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import no.kommune.esb.maskinporten.SigningCredentials;
import no.kommune.esb.maskinporten.SigningKeySource;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Builds the {@code private_key_jwt} client assertion HelseID expects on its token endpoint: RS256, header
 * {@code typ: client-authentication+jwt} and the registered {@code kid} when there is one; claims {@code iss} =
 * {@code sub} = client id, {@code aud} (HelseID's issuer, or its token endpoint), a fresh {@code jti}, and
 * {@code iat} = {@code nbf}, {@code exp} at most 60 s later.
 */
public final class HelseIdAssertionFactory {

    /** HelseID refuses client assertions that live longer than this. */
    public static final Duration MAX_LIFETIME = Duration.ofSeconds(60);
    static final JOSEObjectType TYPE = new JOSEObjectType("client-authentication+jwt");

    private final String audience;
    private final String clientId;
    private final Duration lifetime;
    private final Supplier<SigningCredentials> credentials;

    public HelseIdAssertionFactory(String audience, String clientId, Duration lifetime, SigningCredentials credentials) {
        this(audience, clientId, lifetime, SigningKeySource.ready(credentials));
    }

    /** With credentials asked for at each assertion ({@link SigningKeySource}: the local keystore is made after start). */
    public HelseIdAssertionFactory(String audience, String clientId, Duration lifetime, Supplier<SigningCredentials> credentials) {
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("HelseID client assertion lifetime must be 1..60 s, was " + lifetime.toSeconds() + " s");
        }
        if (audience == null || audience.isBlank() || clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("HelseID client assertion needs an audience and a client id");
        }
        this.audience = audience;
        this.clientId = clientId;
        this.lifetime = lifetime;
        this.credentials = credentials;
    }

    /** A new client assertion issued at {@code now}. */
    public String create(Instant now) {
        Instant iat = Instant.ofEpochSecond(now.getEpochSecond());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(clientId)
                .subject(clientId)
                .audience(audience)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(iat))
                .notBeforeTime(Date.from(iat))
                .expirationTime(Date.from(iat.plus(lifetime)))
                .build();
        SigningCredentials credentials = this.credentials.get();
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(TYPE);
        if (credentials.useKeyId()) {
            header.keyID(credentials.keyId());
        }
        try {
            SignedJWT jwt = new SignedJWT(header.build(), claims);
            jwt.sign(new RSASSASigner(credentials.privateKey()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the HelseID client assertion: " + e.getClass().getSimpleName(), e);
        }
    }
}
