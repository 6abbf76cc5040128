package no.kommune.esb.maskinporten;

import no.kommune.esb.VedSidenAv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@VedSidenAv
class SigningKeySourceTest {

    @TempDir
    Path dir;

    private SigningKeySource local(Path keystore) {
        return SigningKeySource.localKeystore(new Keystore(keystore, "pw", "esb-local"), "Maskinporten", null, Clock.systemUTC());
    }

    @Test
    void should_make_no_local_keystore_before_it_is_prepared_or_asked_for() {
        Path keystore = dir.resolve("keys/local.p12");

        SigningKeySource source = local(keystore);

        assertThat(keystore).doesNotExist();
        assertThat(source.toString()).contains(keystore.toString()).doesNotContain("pw");
    }

    @Test
    void should_make_the_local_keystore_on_its_own_thread_when_prepared_and_hand_that_key_to_every_caller() {
        Path keystore = dir.resolve("keys/local.p12");
        SigningKeySource source = local(keystore);

        source.prepare();
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(LocalKeystore.certificatePath(keystore)));

        SigningCredentials first = source.get();
        assertThat(first.privateKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(source.get()).isSameAs(first);
        assertThat(SigningCredentials.fromPkcs12(keystore, "pw".toCharArray(), "esb-local", null).certificate()).isEqualTo(first.certificate());
    }

    @Test
    void should_make_the_local_keystore_on_the_callers_thread_when_asked_before_it_was_prepared() {
        Path keystore = dir.resolve("local.p12");
        SigningKeySource source = local(keystore);

        SigningCredentials credentials = source.get();

        assertThat(keystore).exists();
        source.prepare();
        assertThat(source.get()).isSameAs(credentials);
    }

    @Test
    void should_read_a_valid_local_keystore_instead_of_making_a_new_key() {
        Path keystore = dir.resolve("local.p12");
        LocalKeystore.ensure(keystore, "pw".toCharArray(), "esb-local", Clock.systemUTC());
        X509Certificate before = SigningCredentials.fromPkcs12(keystore, "pw".toCharArray(), "esb-local", null).certificate();

        assertThat(local(keystore).get().certificate()).isEqualTo(before);
    }

    @Test
    void should_report_a_keystore_that_cannot_be_made_to_each_caller_and_try_again_at_the_next() throws Exception {
        Path blocker = Files.writeString(dir.resolve("not-a-folder"), "x");
        SigningKeySource source = local(blocker.resolve("local.p12"));
        source.prepare();

        assertThatThrownBy(source::get).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot create the local Maskinporten keystore");

        Files.delete(blocker);
        assertThat(source.get().privateKey().getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void should_hand_out_credentials_read_at_start_as_they_are() {
        Path keystore = dir.resolve("configured.p12");
        LocalKeystore.ensure(keystore, "pw".toCharArray(), "esb-local", Clock.systemUTC());
        SigningCredentials read = SigningCredentials.fromPkcs12(keystore, "pw".toCharArray(), "esb-local", "kid-1");

        SigningKeySource source = SigningKeySource.ready(read);

        assertThat(source.get()).isSameAs(read);
        assertThat(source.toString()).isEqualTo(read.toString());
    }
}
