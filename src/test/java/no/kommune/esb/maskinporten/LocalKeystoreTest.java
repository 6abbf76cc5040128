package no.kommune.esb.maskinporten;

import no.kommune.esb.VedSidenAv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

@VedSidenAv
class LocalKeystoreTest {

    @TempDir
    Path dir;

    @Test
    void should_create_keystore_and_pem_once_and_keep_them_while_valid() throws Exception {
        Path keystore = dir.resolve("keys/local.p12");
        char[] password = "pw".toCharArray();

        assertThat(LocalKeystore.ensure(keystore, password, "esb-local", Clock.systemUTC())).isTrue();
        assertThat(LocalKeystore.ensure(keystore, password, "esb-local", Clock.systemUTC())).isFalse();

        SigningCredentials credentials = SigningCredentials.fromPkcs12(keystore, password, "esb-local", null);
        X509Certificate pem;
        try (InputStream in = Files.newInputStream(dir.resolve("keys/local.crt"))) {
            pem = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        assertThat(pem).isEqualTo(credentials.certificate());
        assertThat(credentials.privateKey().getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void should_replace_an_expired_keystore() {
        Path keystore = dir.resolve("local.p12");
        char[] password = "pw".toCharArray();
        LocalKeystore.ensure(keystore, password, "esb-local", Clock.systemUTC());
        X509Certificate before = SigningCredentials.fromPkcs12(keystore, password, "esb-local", null).certificate();

        Clock twoYearsOn = Clock.fixed(Instant.now().plus(Duration.ofDays(730)), ZoneOffset.UTC);
        assertThat(LocalKeystore.ensure(keystore, password, "esb-local", twoYearsOn)).isTrue();
        assertThat(SigningCredentials.fromPkcs12(keystore, password, "esb-local", null).certificate()).isNotEqualTo(before);
    }
}
