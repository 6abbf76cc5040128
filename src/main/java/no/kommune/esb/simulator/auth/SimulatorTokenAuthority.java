package no.kommune.esb.simulator.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import no.kommune.esb.platform.Filer;
import no.kommune.esb.platform.Forberedt;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Signs the access tokens handed out by the simulated Maskinporten (RS256 JWTs carrying {@code scope},
 * {@code client_id}, {@code iss}, {@code exp}) and verifies them in the other simulators, so a simulator
 * refuses a missing, expired, forged or under-scoped token as the real service would.
 * <p>
 * With a key file (the local default: {@code simulator.data-dir}/signing-keys) the signing key is made once and read
 * back at every later start, as the real services keep theirs; without one (tests) it lives in memory only.
 */
public class SimulatorTokenAuthority {

    private static final Logger log = LoggerFactory.getLogger(SimulatorTokenAuthority.class);

    /** Tokens whose signature was checked: a token is parsed and verified once, its expiry and scope at every call. */
    private final java.util.Map<String, JWTClaimsSet> verifisert = new java.util.concurrent.ConcurrentHashMap<>();
    /** More tokens than any test or benchmark holds at once; the cache starts over when full. */
    private static final int MAKS_VERIFISERT = 1000;
    /**
     * Read or made once: on a thread of its own started by {@link #prepareKey()} once the application is ready, or on
     * the thread of the first token or JWKS request, whichever comes first (a request meanwhile waits). An RSA-2048 key costs ~1.5 s of
     * CPU under the local default's C1-only JIT (no BigInteger intrinsics): made during start-up, two of them (the
     * Maskinporten and IdP simulators) competed with the start on every start, restarts too; now a restart reads them
     * from their files and a first start makes them after it is healthy (docs/benchmarks.md, session 14).
     */
    private final Forberedt<RSAKey> key;
    private final String issuer;
    private final Clock clock;
    /**
     * Per client id, how many times its tokens were revoked ({@link #revoke}). A token carries its client's count at
     * issue ({@link #REVOCATIONS_CLAIM}) and is refused once the count has moved on, so a revocation ends every token
     * issued before it, whether or not a simulator has seen it yet, and none issued after.
     */
    private final Map<String, AtomicLong> revocations = new ConcurrentHashMap<>();
    /** The simulator's own claim: the client's revocation count when the token was issued. */
    static final String REVOCATIONS_CLAIM = "sim_revocations";

    /** A key held in memory only, new at every start (tests). */
    public SimulatorTokenAuthority(String issuer, Clock clock) {
        this(issuer, clock, null);
    }

    /**
     * @param keyFile where the signing key (a JWK with its private part) is kept between starts; {@code null} for a key
     *                in memory only. A missing or unreadable file gets a new key, written owner-only.
     */
    public SimulatorTokenAuthority(String issuer, Clock clock, Path keyFile) {
        this.issuer = issuer;
        this.clock = clock;
        this.key = new Forberedt<>("simulator-signing-key", () -> keyFile == null ? newKey() : keptKey(keyFile));
    }

    /** Starts reading or making the signing key on a thread of its own, unless that has begun; returns at once. */
    public void prepareKey() {
        key.forbered();
    }

    /** The key in {@code file}, or a new one written there when the file is missing or not a private RSA key. */
    static RSAKey keptKey(Path file) {
        if (Files.isRegularFile(file)) {
            try {
                RSAKey kept = RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8));
                if (kept.isPrivate()) {
                    return kept;
                }
                log.warn("Simulator signing key file {} holds no private key; making a new key", file);
            } catch (IOException | ParseException | RuntimeException e) {
                log.warn("Simulator signing key file {} cannot be read ({}); making a new key", file, e.getClass().getSimpleName());
            }
        }
        RSAKey made = newKey();
        try {
            Filer.skrivAtomisk(file, made.toJSONString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            // the simulator still works; only the next start makes another key
            log.warn("Simulator signing key could not be kept in {} ({}); it lives in memory until the next start", file, e.getClass().getSimpleName());
        }
        return made;
    }

    private static RSAKey newKey() {
        try {
            return new RSAKeyGenerator(2048).keyID("sim-" + UUID.randomUUID()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate simulator signing key", e);
        }
    }

    /**
     * The private signing key, for tests that forge a token whose only fault is its issuer, its expiry or its signature.
     * A simulator's key, read or made once; the first call waits for it if it is not ready yet.
     */
    public RSAKey signingKey() {
        return key.get();
    }

    public String issuer() {
        return issuer;
    }

    /** The public key, for a JWKS endpoint. */
    public RSAKey publicKey() {
        return signingKey().toPublicJWK();
    }

    /**
     * Revokes every token issued to {@code clientId} so far: a simulator answers such a token with 401, as the
     * real services do to a token revoked or signed with a retired key, and the platform fetches a new token. Tests of
     * a token-step outage use it instead of waiting for the cached token to expire.
     */
    public void revoke(String clientId) {
        revocations.computeIfAbsent(clientId, k -> new AtomicLong()).incrementAndGet();
    }

    private long revocations(Object clientId) {
        AtomicLong n = clientId == null ? null : revocations.get(clientId.toString());
        return n == null ? 0 : n.get();
    }

    /** Issues an access token for the client and scopes, valid for {@code ttlSeconds}. */
    public String issue(String clientId, Set<String> scopes, String consumerOrgno, long ttlSeconds) {
        return issue(clientId, scopes, consumerOrgno, ttlSeconds, null);
    }

    /** The same, for the API {@code audience} ({@code aud}; none when null). */
    public String issue(String clientId, Set<String> scopes, String consumerOrgno, long ttlSeconds, String audience) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .claim("client_id", clientId)
                .claim("scope", String.join(" ", scopes))
                .claim("consumer", consumerOrgno == null ? null : java.util.Map.of("authority", "iso6523-actorid-upis", "ID", "0192:" + consumerOrgno))
                .claim("token_type", "Bearer")
                .claim(REVOCATIONS_CLAIM, revocations(clientId))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(ttlSeconds)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        try {
            RSAKey signingKey = signingKey();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(signingKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign simulator token", e);
        }
    }

    /**
     * Checks an {@code Authorization} header value. Throws {@link SimulatorAuthException} with 401 for a
     * missing, malformed, forged or expired token and 403 when none of {@code anyOfScopes} is granted.
     * Returns the granted scopes.
     */
    public Set<String> verify(String authorizationHeader, String... anyOfScopes) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new SimulatorAuthException(401, "missing bearer token");
        }
        String token = authorizationHeader.substring(7).trim();
        JWTClaimsSet claims = verifisert.get(token);
        if (claims == null) {
            try {
                SignedJWT jwt = SignedJWT.parse(token);
                if (!jwt.verify(new RSASSAVerifier(signingKey()))) {
                    throw new SimulatorAuthException(401, "token signature invalid");
                }
                claims = jwt.getJWTClaimsSet();
            } catch (ParseException | JOSEException e) {
                throw new SimulatorAuthException(401, "token unreadable");
            }
            if (verifisert.size() >= MAKS_VERIFISERT) {
                verifisert.clear();
            }
            verifisert.put(token, claims);
        }
        if (!issuer.equals(claims.getIssuer())) {
            throw new SimulatorAuthException(401, "token from unknown issuer");
        }
        if (claims.getExpirationTime() == null || claims.getExpirationTime().toInstant().isBefore(clock.instant())) {
            throw new SimulatorAuthException(401, "token expired");
        }
        if (claims.getClaim(REVOCATIONS_CLAIM) instanceof Number issuedAt && issuedAt.longValue() < revocations(claims.getClaim("client_id"))) {
            throw new SimulatorAuthException(401, "token revoked");
        }
        Object scope = claims.getClaim("scope");
        Set<String> granted = new HashSet<>(scope == null ? Set.of() : Arrays.asList(scope.toString().split(" ")));
        if (anyOfScopes.length > 0 && Arrays.stream(anyOfScopes).noneMatch(granted::contains)) {
            throw new SimulatorAuthException(403, "token lacks scope " + String.join(" or ", anyOfScopes));
        }
        return granted;
    }
}
