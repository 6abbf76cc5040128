package no.kommune.esb.maskinporten;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Builds the signed JWT grant of maskinporten_protocol_jwtgrant.md: RS256, header {@code x5c} (chain) or
 * {@code kid}; claims {@code aud} (Maskinporten's issuer), {@code iss} (client id), {@code scope} (space
 * separated), optional {@code resource} (sent as an array, as Maskinporten requires), {@code iat}, {@code exp}
 * and a fresh {@code jti} on every grant.
 */
public final class JwtGrantFactory {

    /** Maskinporten refuses grants whose exp − iat exceeds this. */
    public static final Duration MAX_LIFETIME = Duration.ofSeconds(120);

    private final String audience;
    private final String clientId;
    private final String resource;
    private final Duration lifetime;
    private final Supplier<SigningCredentials> credentials;

    public JwtGrantFactory(String audience, String clientId, String resource, Duration lifetime, SigningCredentials credentials) {
        this(audience, clientId, resource, lifetime, SigningKeySource.ready(credentials));
    }

    /** With credentials asked for at each grant ({@link SigningKeySource}: the local keystore is made after start). */
    public JwtGrantFactory(String audience, String clientId, String resource, Duration lifetime, Supplier<SigningCredentials> credentials) {
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("grant lifetime must be 1..120 s, was " + lifetime.toSeconds() + " s");
        }
        this.audience = requireText(audience, "audience (Maskinporten issuer)");
        this.clientId = requireText(clientId, "client id");
        this.resource = resource == null || resource.isBlank() ? null : resource;
        this.lifetime = lifetime;
        this.credentials = credentials;
    }

    /** A new grant for {@code scopes}, issued at {@code now}. */
    public String create(Collection<String> scopes, Instant now) {
        Instant iat = Instant.ofEpochSecond(now.getEpochSecond());
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .audience(audience)
                .issuer(clientId)
                .claim("scope", String.join(" ", scopes))
                .issueTime(Date.from(iat))
                .expirationTime(Date.from(iat.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString());
        if (resource != null) {
            claims.claim("resource", List.of(resource));
        }
        SigningCredentials credentials = this.credentials.get();
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256);
        if (credentials.useKeyId()) {
            header.keyID(credentials.keyId());
        } else {
            header.x509CertChain(encode(credentials.chain()));
        }
        try {
            SignedJWT jwt = new SignedJWT(header.build(), claims.build());
            jwt.sign(new RSASSASigner(credentials.privateKey()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the Maskinporten grant: " + e.getClass().getSimpleName(), e);
        }
    }

    private static List<Base64> encode(List<X509Certificate> chain) {
        List<Base64> encoded = new ArrayList<>();
        for (X509Certificate certificate : chain) {
            try {
                encoded.add(Base64.encode(certificate.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException("cannot encode certificate for x5c", e);
            }
        }
        return encoded;
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Maskinporten " + what + " is not set");
        }
        return value;
    }
}
