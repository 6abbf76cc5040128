package no.kommune.esb.platform.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LocalCertificateAuthorityTest {

    static final char[] PASSWORD = "local-only".toCharArray();
    static final Clock CLOCK = Clock.systemUTC();

    @TempDir
    Path folder;

    @Test
    void should_create_ca_server_and_one_client_certificate_per_sender_system_and_the_integration_team() throws Exception {
        LocalCertificateAuthority.Setup setup = LocalCertificateAuthority.ensure(folder, PASSWORD, List.of("skole", "barnevern"), "integrasjon", CLOCK);

        X509Certificate ca = (X509Certificate) read(LocalCertificateAuthority.TRUSTSTORE).getCertificate(LocalCertificateAuthority.CA_ALIAS);
        assertThat(Files.readString(folder.resolve(LocalCertificateAuthority.CA_PEM))).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(setup.registrations()).extracting(ClientCertificates.Registration::fagsystem, ClientCertificates.Registration::scope)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("skole", "esb:forsendelse"), org.assertj.core.groups.Tuple.tuple("barnevern", "esb:forsendelse"),
                        org.assertj.core.groups.Tuple.tuple("integrasjon", "esb:admin"));
        for (String id : List.of("skole", "barnevern", "integrasjon")) {
            X509Certificate client = (X509Certificate) read("klienter/" + id + ".p12").getCertificate(id);
            client.verify(ca.getPublicKey());
            assertThat(client.getSubjectX500Principal()).isEqualTo(LocalCertificateAuthority.clientSubject(id));
            assertThat(client.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
            assertThat(ClientCertificates.of(setup.registrations()).find(client)).map(ClientCertificates.Registration::fagsystem).contains(id);
        }
        X509Certificate server = (X509Certificate) read(LocalCertificateAuthority.SERVER_KEYSTORE).getCertificate(LocalCertificateAuthority.SERVER_ALIAS);
        server.verify(ca.getPublicKey());
        assertThat(server.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList()).contains("localhost", "127.0.0.1");
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    }

    @Test
    void should_keep_valid_certificates_across_restarts_and_add_only_what_is_missing() throws Exception {
        LocalCertificateAuthority.ensure(folder, PASSWORD, List.of("skole"), "integrasjon", CLOCK);
        X509Certificate skole = (X509Certificate) read("klienter/skole.p12").getCertificate("skole");

        LocalCertificateAuthority.Setup again = LocalCertificateAuthority.ensure(folder, PASSWORD, List.of("skole", "lonn"), "integrasjon", CLOCK);

        assertThat(again.created()).containsExactly(Path.of("klienter", "lonn.p12").toString());
        assertThat(read("klienter/skole.p12").getCertificate("skole")).isEqualTo(skole);
    }

    @Test
    void should_issue_every_certificate_again_when_the_ca_is_replaced() throws Exception {
        LocalCertificateAuthority.ensure(folder, PASSWORD, List.of("skole"), "integrasjon", CLOCK);
        Files.delete(folder.resolve(LocalCertificateAuthority.CA_KEYSTORE));

        LocalCertificateAuthority.Setup again = LocalCertificateAuthority.ensure(folder, PASSWORD, List.of("skole"), "integrasjon", CLOCK);

        assertThat(again.created()).contains(LocalCertificateAuthority.CA_KEYSTORE, LocalCertificateAuthority.TRUSTSTORE, LocalCertificateAuthority.SERVER_KEYSTORE,
                Path.of("klienter", "skole.p12").toString(), Path.of("klienter", "integrasjon.p12").toString());
        X509Certificate ca = (X509Certificate) read(LocalCertificateAuthority.TRUSTSTORE).getCertificate(LocalCertificateAuthority.CA_ALIAS);
        ((X509Certificate) read("klienter/skole.p12").getCertificate("skole")).verify(ca.getPublicKey());
    }

    @Test
    void should_issue_a_client_certificate_again_when_it_is_about_to_expire() throws Exception {
        LocalCertificateAuthority.ensure(folder, PASSWORD, List.of("skole"), "integrasjon", CLOCK);

        LocalCertificateAuthority.Setup later = LocalCertificateAuthority.ensure(folder, PASSWORD, List.of("skole"), "integrasjon",
                Clock.offset(CLOCK, Duration.ofDays(365)));

        assertThat(later.created()).contains(Path.of("klienter", "skole.p12").toString(), LocalCertificateAuthority.SERVER_KEYSTORE)
                .doesNotContain(LocalCertificateAuthority.CA_KEYSTORE);
    }

    private KeyStore read(String file) throws Exception {
        try (InputStream in = Files.newInputStream(folder.resolve(file))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD);
            return store;
        }
    }
}
