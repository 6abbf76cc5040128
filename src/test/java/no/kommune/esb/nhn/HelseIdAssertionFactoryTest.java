package no.kommune.esb.nhn;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import no.kommune.esb.maskinporten.SigningCredentials;
import no.kommune.esb.maskinporten.TestKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class HelseIdAssertionFactoryTest {

    static final String AUD = "https://helseid-sts.test.nhn.no";
    static final Instant NOW = Instant.parse("2026-11-22T06:00:00.400Z");

    static SigningCredentials credentials;
    static SignedJWT jwt;
    static JWTClaimsSet claims;

    @BeforeAll
    static void create() throws Exception {
        credentials = TestKeys.client("helseid-kid");
        jwt = SignedJWT.parse(new HelseIdAssertionFactory(AUD, "esb-helseid", Duration.ofSeconds(45), credentials).create(NOW));
        claims = jwt.getJWTClaimsSet();
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> claimTable() {
        Instant second = Instant.parse("2026-11-22T06:00:00Z");
        return Stream.of(
                arguments("iss is the client id", (Function<JWTClaimsSet, Object>) JWTClaimsSet::getIssuer, "esb-helseid"),
                arguments("sub is the client id", (Function<JWTClaimsSet, Object>) JWTClaimsSet::getSubject, "esb-helseid"),
                arguments("aud is HelseID", (Function<JWTClaimsSet, Object>) JWTClaimsSet::getAudience, List.of(AUD)),
                arguments("iat is now, whole seconds", (Function<JWTClaimsSet, Object>) c -> c.getIssueTime().toInstant(), second),
                arguments("nbf is iat", (Function<JWTClaimsSet, Object>) c -> c.getNotBeforeTime().toInstant(), second),
                arguments("exp is iat + lifetime", (Function<JWTClaimsSet, Object>) c -> c.getExpirationTime().toInstant(), second.plusSeconds(45)),
                arguments("no scope in the assertion (it goes in the form)", (Function<JWTClaimsSet, Object>) c -> c.getClaim("scope"), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("claimTable")
    void should_carry_the_private_key_jwt_claims_helseid_expects(String what, Function<JWTClaimsSet, Object> claim, Object expected) {
        assertThat(claim.apply(claims)).as(what).isEqualTo(expected);
    }

    @Test
    void should_sign_rs256_with_typ_and_kid_and_verify_with_the_certificate() throws Exception {
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.getHeader().getType().getType()).isEqualTo("client-authentication+jwt");
        assertThat(jwt.getHeader().getKeyID()).isEqualTo("helseid-kid");
        assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) credentials.certificate().getPublicKey()))).isTrue();
    }

    @Test
    void should_use_a_fresh_jti_for_every_assertion() throws Exception {
        HelseIdAssertionFactory factory = new HelseIdAssertionFactory(AUD, "esb-helseid", Duration.ofSeconds(60), credentials);
        String first = SignedJWT.parse(factory.create(NOW)).getJWTClaimsSet().getJWTID();
        String second = SignedJWT.parse(factory.create(NOW)).getJWTClaimsSet().getJWTID();
        assertThat(first).isNotBlank().isNotEqualTo(second);
    }

    @Test
    void should_refuse_a_lifetime_over_60_seconds() {
        assertThatThrownBy(() -> new HelseIdAssertionFactory(AUD, "esb-helseid", Duration.ofSeconds(61), credentials))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1..60 s");
    }

    @Test
    void should_carry_only_the_standard_client_assertion_claims() {
        assertThat(claims.getClaims()).containsOnlyKeys("iss", "sub", "aud", "jti", "iat", "nbf", "exp");
    }
}
