package no.kommune.esb.maskinporten;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwtGrantFactoryTest {

    private static final Instant NOW = Instant.parse("2026-11-22T05:00:00.750Z");

    @ParameterizedTest(name = "kid={0} resource={1} lifetime={2}s")
    @CsvSource(nullValues = "-", value = {
            "-,           -,                       120",
            "esb-key-1,   -,                        60",
            "-,           https://api.example/krr,  30",
            "esb-key-1,   https://api.example/krr, 120"})
    void should_build_a_signed_grant_with_the_documented_header_and_claims(String keyId, String resource, long lifetime) throws Exception {
        SigningCredentials credentials = TestKeys.client(keyId);
        JwtGrantFactory factory = new JwtGrantFactory("https://test.maskinporten.no/", "my-client", resource, Duration.ofSeconds(lifetime), credentials);

        SignedJWT jwt = SignedJWT.parse(factory.create(List.of("krr:global/kontaktinformasjon.read", "krr:global/digitalpost.read"), NOW));
        JWTClaimsSet claims = jwt.getJWTClaimsSet();

        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) credentials.certificate().getPublicKey()))).isTrue();
        if (keyId == null) {
            assertThat(jwt.getHeader().getKeyID()).isNull();
            assertThat(jwt.getHeader().getX509CertChain()).hasSize(1);
            assertThat(jwt.getHeader().getX509CertChain().get(0).decode()).isEqualTo(credentials.certificate().getEncoded());
        } else {
            assertThat(jwt.getHeader().getKeyID()).isEqualTo(keyId);
            assertThat(jwt.getHeader().getX509CertChain()).isNull();
        }
        // aud is a plain string, not an array, as in the contract's example
        assertThat(jwt.getPayload().toJSONObject().get("aud")).isEqualTo("https://test.maskinporten.no/");
        assertThat(claims.getIssuer()).isEqualTo("my-client");
        assertThat(claims.getStringClaim("scope")).isEqualTo("krr:global/kontaktinformasjon.read krr:global/digitalpost.read");
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(Instant.parse("2026-11-22T05:00:00Z"));
        long exp = claims.getExpirationTime().toInstant().getEpochSecond();
        long iat = claims.getIssueTime().toInstant().getEpochSecond();
        assertThat(exp - iat).isEqualTo(lifetime).isLessThanOrEqualTo(120);
        assertThat(claims.getJWTID()).matches("[0-9a-f-]{36}");
        Map<String, Object> payload = jwt.getPayload().toJSONObject();
        if (resource == null) {
            assertThat(payload).doesNotContainKey("resource");
        } else {
            assertThat(payload.get("resource")).isEqualTo(List.of(resource));
        }
    }

    @Test
    void should_give_every_grant_a_fresh_jti() throws Exception {
        JwtGrantFactory factory = new JwtGrantFactory("https://maskinporten.no/", "c", null, Duration.ofSeconds(60), TestKeys.client(null));
        String first = SignedJWT.parse(factory.create(List.of("s:a"), NOW)).getJWTClaimsSet().getJWTID();
        String second = SignedJWT.parse(factory.create(List.of("s:a"), NOW)).getJWTClaimsSet().getJWTID();
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void should_refuse_a_grant_lifetime_above_120_seconds() {
        assertThatThrownBy(() -> new JwtGrantFactory("https://maskinporten.no/", "c", null, Duration.ofSeconds(121), TestKeys.client(null)))
                .hasMessageContaining("1..120");
    }
}
