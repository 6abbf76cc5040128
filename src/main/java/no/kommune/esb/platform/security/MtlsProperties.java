package no.kommune.esb.platform.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code platform.security.mtls.*}: the API's second way in, HTTPS with a required client certificate.
 *
 * @param port      port of the mutual-TLS connector; unset = no such connector (0 = any free port, for tests)
 * @param sslBundle Spring Boot SSL bundle ({@code spring.ssl.bundle.*}) holding the server's key and certificate
 *                  (key store) and the CAs whose client certificates are accepted (trust store)
 * @param klienter  which certificate is which caller (see {@link ClientCertificates})
 * @param localCa   the local profile's throw-away CA and certificates (never production)
 */
@ConfigurationProperties("platform.security.mtls")
public record MtlsProperties(Integer port, String sslBundle, List<Klient> klienter, LocalCa localCa) {

    public MtlsProperties {
        sslBundle = sslBundle == null || sslBundle.isBlank() ? "esb-mtls" : sslBundle;
        klienter = klienter == null ? List.of() : List.copyOf(klienter);
    }

    public boolean enabled() {
        return port != null;
    }

    /**
     * One registered client certificate.
     *
     * @param subject   the certificate's subject, e.g. {@code CN=skole,O=Bergen kommune}
     * @param issuer    the issuing CA's subject; blank = any CA in the trust store
     * @param fagsystem the fagsystem id the caller acts as
     * @param scope     {@code esb:forsendelse} (default: a sender system's own letters) or {@code esb:admin} (the integration team)
     */
    public record Klient(String subject, String issuer, String fagsystem, String scope) {
    }

    /**
     * A CA, server certificate and client certificates created under {@code folder} when missing (local profile).
     *
     * @param enabled     create and trust them
     * @param folder      where: {@code ca.p12}, {@code ca.crt}, {@code server.p12}, {@code truststore.p12}, {@code klienter/<id>.p12}
     * @param password    of every keystore in the folder
     * @param adminClient id of the integration team's certificate (scope {@code esb:admin})
     */
    public record LocalCa(boolean enabled, Path folder, String password, String adminClient) {

        public LocalCa {
            adminClient = adminClient == null || adminClient.isBlank() ? "integrasjon" : adminClient;
        }

        @Override
        public String toString() {
            return "LocalCa[enabled=" + enabled + ", folder=" + folder + ", password=***, adminClient=" + adminClient + "]";
        }
    }
}
