package no.kommune.esb.platform.security;

import org.bouncycastle.asn1.pkcs.MacData;
import org.bouncycastle.asn1.pkcs.Pfx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The local default's own PKCS12 files: readable by the JDK (and so Tomcat), with the fewer iterations, nothing else changed. */
class LokaleNoekkellagreTest {

    private static final char[] PASSORD = "local-only".toCharArray();

    @TempDir
    Path mappe;

    @Test
    void should_write_a_key_and_its_chain_that_the_jdk_reads_back_with_the_password() throws Exception {
        LocalCertificateAuthority.ensure(mappe, PASSORD, List.of("skole"), "integrasjon", Clock.systemUTC());
        KeyStore kilde = les(mappe.resolve(LocalCertificateAuthority.SERVER_KEYSTORE));
        Certificate[] kjede = kilde.getCertificateChain(LocalCertificateAuthority.SERVER_ALIAS);
        Path fil = mappe.resolve("ny/server.p12");

        LokaleNoekkellagre.skrivNoekkel(fil, "server", (PrivateKey) kilde.getKey(LocalCertificateAuthority.SERVER_ALIAS, PASSORD), kjede, PASSORD);

        KeyStore lest = les(fil);
        assertThat(lest.getKey("server", PASSORD)).isEqualTo(kilde.getKey(LocalCertificateAuthority.SERVER_ALIAS, PASSORD));
        assertThat(lest.getCertificateChain("server")).containsExactly(kjede);
        assertThat(macIterasjoner(fil)).isEqualTo(LokaleNoekkellagre.ITERASJONER);
    }

    @Test
    void should_write_every_file_of_the_local_ca_with_the_fewer_mac_iterations() throws Exception {
        LocalCertificateAuthority.ensure(mappe, PASSORD, List.of("skole", "lonn"), "integrasjon", Clock.systemUTC());

        try (var filer = Files.walk(mappe)) {
            List<Path> p12 = filer.filter(f -> f.toString().endsWith(".p12")).toList();
            assertThat(p12).hasSize(6); // CA, trust store, server, three clients
            for (Path fil : p12) {
                assertThat(macIterasjoner(fil)).as(fil.toString()).isEqualTo(LokaleNoekkellagre.ITERASJONER);
            }
        }
    }

    @Test
    void should_leave_the_jdks_defaults_as_they_were_for_every_other_keystore() throws Exception {
        System.setProperty("keystore.pkcs12.macIterationCount", "2048");
        try {
            X509Certificate ca = (X509Certificate) les(lagCa()).getCertificate(LocalCertificateAuthority.CA_ALIAS);
            LokaleNoekkellagre.skrivSertifikat(mappe.resolve("tillit.p12"), "ca", ca, PASSORD);

            assertThat(les(mappe.resolve("tillit.p12")).getCertificate("ca")).isEqualTo(ca);
            assertThat(System.getProperty("keystore.pkcs12.macIterationCount")).isEqualTo("2048");
            assertThat(System.getProperty("keystore.pkcs12.keyPbeIterationCount")).isNull();
            assertThat(System.getProperty("keystore.pkcs12.certPbeIterationCount")).isNull();
        } finally {
            System.clearProperty("keystore.pkcs12.macIterationCount");
        }
    }

    private Path lagCa() {
        LocalCertificateAuthority.ensure(mappe.resolve("ca"), PASSORD, List.of(), "integrasjon", Clock.systemUTC());
        return mappe.resolve("ca").resolve(LocalCertificateAuthority.CA_KEYSTORE);
    }

    private static KeyStore les(Path fil) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(fil)) {
            store.load(in, PASSORD);
        }
        return store;
    }

    /** The MAC's iteration count as the file states it (PKCS #12 MacData), read with BouncyCastle's ASN.1 classes. */
    private static int macIterasjoner(Path fil) throws Exception {
        MacData mac = Pfx.getInstance(Files.readAllBytes(fil)).getMacData();
        return mac.getIterationCount().intValue();
    }
}
