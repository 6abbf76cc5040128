package no.kommune.esb.platform.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GjenbruktJwtDecoderTest {

    private final AtomicInteger signatursjekker = new AtomicInteger();

    private JwtDecoder signatursjekk(Instant utloep) {
        return token -> {
            signatursjekker.incrementAndGet();
            return Jwt.withTokenValue(token).header("alg", "RS256").claim("client_id", "skole")
                    .issuedAt(utloep.minusSeconds(600)).expiresAt(utloep).build();
        };
    }

    @Test
    void should_check_the_signature_once_when_the_same_token_comes_again() {
        GjenbruktJwtDecoder decoder = new GjenbruktJwtDecoder(signatursjekk(Instant.now().plusSeconds(600)), new JwtTimestampValidator(), 10);

        decoder.decode("a");
        decoder.decode("a");
        Jwt jwt = decoder.decode("a");

        assertThat(jwt.getClaimAsString("client_id")).isEqualTo("skole");
        assertThat(signatursjekker).hasValue(1);
    }

    @Test
    void should_refuse_an_expired_token_on_every_call_when_its_signature_was_checked() {
        GjenbruktJwtDecoder decoder = new GjenbruktJwtDecoder(signatursjekk(Instant.now().minusSeconds(3600)), new JwtTimestampValidator(), 10);

        assertThatThrownBy(() -> decoder.decode("a")).isInstanceOf(JwtValidationException.class);
        assertThatThrownBy(() -> decoder.decode("a")).isInstanceOf(JwtValidationException.class);
    }

    @Test
    void should_check_signatures_again_when_more_tokens_came_than_it_keeps() {
        GjenbruktJwtDecoder decoder = new GjenbruktJwtDecoder(signatursjekk(Instant.now().plusSeconds(600)), new JwtTimestampValidator(), 2);

        decoder.decode("a");
        decoder.decode("b");
        decoder.decode("c");
        decoder.decode("a");

        assertThat(signatursjekker).hasValue(4);
    }
}
