package no.kommune.esb.simulator.auth;

import com.nimbusds.jose.jwk.RSAKey;
import no.kommune.esb.VedSidenAv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A simulator's signing key kept in the data folder: one key across restarts, replaced only when unusable. */
@VedSidenAv
class SimulatorTokenAuthorityKeyFileTest {

    private static final String ISSUER = "http://localhost/sim/maskinporten/";

    @TempDir
    Path data;

    @Test
    void should_verify_after_a_restart_a_token_issued_before_it() {
        Path keyFile = data.resolve("signing-keys/maskinporten.jwk.json");
        SimulatorTokenAuthority before = new SimulatorTokenAuthority(ISSUER, Clock.systemUTC(), keyFile);
        String token = before.issue("esb", Set.of("krr:global/kontaktinformasjon.read"), null, 60);

        SimulatorTokenAuthority after = new SimulatorTokenAuthority(ISSUER, Clock.systemUTC(), keyFile);

        assertThat(after.verify("Bearer " + token, "krr:global/kontaktinformasjon.read")).contains("krr:global/kontaktinformasjon.read");
        assertThat(after.publicKey().getKeyID()).isEqualTo(before.publicKey().getKeyID());
    }

    @Test
    void should_keep_the_private_key_readable_by_the_owner_only() throws Exception {
        Path keyFile = data.resolve("signing-keys/idp.jwk.json");
        new SimulatorTokenAuthority(ISSUER, Clock.systemUTC(), keyFile).signingKey();

        assertThat(RSAKey.parse(Files.readString(keyFile)).isPrivate()).isTrue();
        if (Files.getFileStore(keyFile).supportsFileAttributeView("posix")) {
            assertThat(Files.getPosixFilePermissions(keyFile))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
    }

    @Test
    void should_make_and_keep_a_new_key_when_the_file_is_unusable() throws Exception {
        Path keyFile = data.resolve("maskinporten.jwk.json");
        SimulatorTokenAuthority first = new SimulatorTokenAuthority(ISSUER, Clock.systemUTC(), keyFile);
        String oldToken = first.issue("esb", Set.of("s"), null, 60);
        // a public key only (someone copied the JWKS over it), then a half-written file
        Files.writeString(keyFile, first.publicKey().toJSONString(), StandardCharsets.UTF_8);
        SimulatorTokenAuthority second = new SimulatorTokenAuthority(ISSUER, Clock.systemUTC(), keyFile);
        assertThat(second.publicKey().getKeyID()).isNotEqualTo(first.publicKey().getKeyID());
        Files.writeString(keyFile, "{\"kty\":\"RSA\",", StandardCharsets.UTF_8);
        SimulatorTokenAuthority third = new SimulatorTokenAuthority(ISSUER, Clock.systemUTC(), keyFile);

        assertThatThrownBy(() -> third.verify("Bearer " + oldToken, "s"))
                .isInstanceOf(SimulatorAuthException.class).hasMessageContaining("signature");
        assertThat(RSAKey.parse(Files.readString(keyFile)).getKeyID()).isEqualTo(third.publicKey().getKeyID());
    }

    @Test
    void should_make_no_key_while_the_platform_starts_but_once_asked_to_prepare_it_or_on_the_first_token() throws Exception {
        Path prepared = data.resolve("signing-keys/maskinporten.jwk.json");
        Path onDemand = data.resolve("signing-keys/idp.jwk.json");
        SimulatorTokenAuthority atReady = new SimulatorTokenAuthority(ISSUER, Clock.systemUTC(), prepared);
        SimulatorTokenAuthority firstToken = new SimulatorTokenAuthority(ISSUER, Clock.systemUTC(), onDemand);
        assertThat(prepared).doesNotExist();

        atReady.prepareKey();
        RSAKey key = atReady.signingKey();
        firstToken.issue("esb", Set.of("s"), null, 60);

        assertThat(RSAKey.parse(Files.readString(prepared)).getKeyID()).isEqualTo(key.getKeyID());
        atReady.prepareKey();
        assertThat(atReady.signingKey()).isSameAs(key);
        assertThat(onDemand).exists();
    }

    @Test
    void should_hold_the_key_in_memory_only_without_a_key_file() {
        SimulatorTokenAuthority one = new SimulatorTokenAuthority(ISSUER, Clock.systemUTC());
        SimulatorTokenAuthority other = new SimulatorTokenAuthority(ISSUER, Clock.systemUTC());

        assertThat(one.publicKey().getKeyID()).isNotEqualTo(other.publicKey().getKeyID());
        assertThat(data).isEmptyDirectory();
    }
}
