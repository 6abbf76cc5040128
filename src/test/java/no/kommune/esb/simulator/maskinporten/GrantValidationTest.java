package no.kommune.esb.simulator.maskinporten;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import no.kommune.esb.maskinporten.SigningCredentials;
import no.kommune.esb.maskinporten.TestKeys;
import no.kommune.esb.simulator.auth.SimulatorTokenAuthority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulated Maskinporten refuses what the real one refuses (maskinporten_feilsoking.md), over HTTP. */
class GrantValidationTest extends MaskinportenSimulatorTestBase {

    private static final String KRR_SCOPE = "krr:global/kontaktinformasjon.read";

    @Autowired
    SimulatorTokenAuthority authority;

    /** One way to get a grant wrong, and the error the simulator must answer with. */
    enum BadGrant {
        FORGED_KEY_WITH_ITS_OWN_X5C("invalid_grant", "MP-120"),
        FORGED_KEY_WITH_THE_REGISTERED_KID("invalid_grant", "MP-124"),
        REGISTERED_X5C_BUT_SIGNED_BY_ANOTHER_KEY("invalid_grant", "MP-124"),
        UNKNOWN_KID("invalid_grant", "MP-120"),
        NEITHER_KID_NOR_X5C("invalid_grant", "MP-123"),
        WRONG_AUD("invalid_grant", "MP-110"),
        UNKNOWN_CLIENT("invalid_grant", "MP-100"),
        EXP_MORE_THAN_120_S_AFTER_IAT("invalid_grant", "120 seconds"),
        IAT_IN_THE_FUTURE("invalid_grant", "Issue time is after now"),
        IAT_TOO_OLD("invalid_grant", "MP-130"),
        SCOPE_NOT_REGISTERED("invalid_scope", "MP-200"),
        NOT_A_JWT("invalid_request", "MP-011");

        final String error;
        final String description;

        BadGrant(String error, String description) {
            this.error = error;
            this.description = description;
        }
    }

    @ParameterizedTest
    @EnumSource(BadGrant.class)
    void should_refuse_a_bad_grant_with_the_documented_error(BadGrant bad) throws Exception {
        Instant now = Instant.now();
        SigningCredentials client = TestKeys.client(null);
        SigningCredentials forger = TestKeys.forger(null);
        String assertion = switch (bad) {
            case FORGED_KEY_WITH_ITS_OWN_X5C -> grant(forger, x5c(forger), claims("esb-test", ISSUER, KRR_SCOPE, now, 60));
            case FORGED_KEY_WITH_THE_REGISTERED_KID -> grant(forger, kid("esb-test-key"), claims("esb-test", ISSUER, KRR_SCOPE, now, 60));
            case REGISTERED_X5C_BUT_SIGNED_BY_ANOTHER_KEY -> grant(forger, x5c(client), claims("esb-test", ISSUER, KRR_SCOPE, now, 60));
            case UNKNOWN_KID -> grant(client, kid("some-other-key"), claims("esb-test", ISSUER, KRR_SCOPE, now, 60));
            case NEITHER_KID_NOR_X5C -> grant(client, new JWSHeader.Builder(JWSAlgorithm.RS256), claims("esb-test", ISSUER, KRR_SCOPE, now, 60));
            case WRONG_AUD -> grant(client, x5c(client), claims("esb-test", "https://maskinporten.no/", KRR_SCOPE, now, 60));
            case UNKNOWN_CLIENT -> grant(client, x5c(client), claims("no-such-client", ISSUER, KRR_SCOPE, now, 60));
            case EXP_MORE_THAN_120_S_AFTER_IAT -> grant(client, x5c(client), claims("esb-test", ISSUER, KRR_SCOPE, now, 121));
            case IAT_IN_THE_FUTURE -> grant(client, x5c(client), claims("esb-test", ISSUER, KRR_SCOPE, now.plusSeconds(30), 60));
            case IAT_TOO_OLD -> grant(client, x5c(client), claims("esb-test", ISSUER, KRR_SCOPE, now.minusSeconds(30), 60));
            case SCOPE_NOT_REGISTERED -> grant(client, x5c(client), claims("esb-test", ISSUER, "ks:fiks", now, 60));
            case NOT_A_JWT -> "not-a-jwt";
        };

        HttpResponse<String> response = post(assertion);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = new ObjectMapper().readTree(response.body());
        assertThat(body.path("error").asText()).isEqualTo(bad.error);
        assertThat(body.path("error_description").asText()).contains(bad.description);
        assertThat(maskinporten.tokensIssued("esb-test")).isZero();
    }

    @Test
    void should_accept_a_valid_grant_once_and_refuse_its_jti_the_second_time() throws Exception {
        SigningCredentials client = TestKeys.client(null);
        String assertion = grant(client, kid("esb-test-key"), claims("esb-test", ISSUER, KRR_SCOPE + " krr:global/digitalpost.read", Instant.now(), 120));

        HttpResponse<String> first = post(assertion);
        HttpResponse<String> second = post(assertion);

        assertThat(first.statusCode()).isEqualTo(200);
        JsonNode token = new ObjectMapper().readTree(first.body());
        assertThat(token.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(token.path("expires_in").asLong()).isEqualTo(599);
        assertThat(token.path("scope").asText()).isEqualTo(KRR_SCOPE + " krr:global/digitalpost.read");
        assertThat(authority.verify("Bearer " + token.path("access_token").asText(), KRR_SCOPE)).contains(KRR_SCOPE);
        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(second.body()).contains("invalid_grant").contains("MP-012");
        assertThat(maskinporten.tokenRequests("esb-test")).isEqualTo(2);
        assertThat(maskinporten.tokensIssued("esb-test")).isEqualTo(1);
    }

    @Test
    void should_publish_metadata_and_the_token_signing_key() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        JsonNode metadata = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(uri("/sim/maskinporten/.well-known/oauth-authorization-server")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(metadata.path("issuer").asText()).isEqualTo(ISSUER);
        assertThat(metadata.path("token_endpoint").asText()).isEqualTo(uri("/sim/maskinporten/token").toString());
        assertThat(metadata.path("grant_types_supported").toString()).contains("urn:ietf:params:oauth:grant-type:jwt-bearer");

        JsonNode jwks = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(metadata.path("jwks_uri").asText())).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(jwks.path("keys").get(0).path("kid").asText()).isEqualTo(authority.publicKey().getKeyID());
        assertThat(jwks.path("keys").get(0).has("d")).as("no private part").isFalse();
    }

    private HttpResponse<String> post(String assertion) throws Exception {
        String form = "grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8)
                + "&assertion=" + URLEncoder.encode(assertion, StandardCharsets.UTF_8);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/sim/maskinporten/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JWTClaimsSet claims(String iss, String aud, String scope, Instant iat, long lifetime) {
        return new JWTClaimsSet.Builder().issuer(iss).audience(aud).claim("scope", scope)
                .issueTime(Date.from(iat)).expirationTime(Date.from(iat.plusSeconds(lifetime)))
                .jwtID(UUID.randomUUID().toString()).build();
    }

    private static JWSHeader.Builder x5c(SigningCredentials credentials) throws Exception {
        return new JWSHeader.Builder(JWSAlgorithm.RS256).x509CertChain(List.of(Base64.encode(credentials.certificate().getEncoded())));
    }

    private static JWSHeader.Builder kid(String kid) {
        return new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid);
    }

    private static String grant(SigningCredentials signer, JWSHeader.Builder header, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(header.build(), claims);
        jwt.sign(new RSASSASigner(signer.privateKey()));
        return jwt.serialize();
    }
}
