package no.kommune.esb.platform.security;

import org.apache.tomcat.util.net.SSLHostConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** How the configuration keys switch mutual TLS on and off (production-shaped keys, no web server started). */
class MtlsConfigurationTest {

    /** The SSL bundle as application-prod.yaml declares it, with its environment variables unset. */
    final ApplicationContextRunner prod = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
            .withUserConfiguration(MtlsConfiguration.class)
            .withPropertyValues(
                    "spring.ssl.bundle.jks.esb-mtls.keystore.location=file:${ESB_MTLS_KEYSTORE}",
                    "spring.ssl.bundle.jks.esb-mtls.keystore.password=${ESB_MTLS_KEYSTORE_PASSWORD}",
                    "spring.ssl.bundle.jks.esb-mtls.truststore.location=file:${ESB_MTLS_TRUSTSTORE}",
                    "spring.ssl.bundle.jks.esb-mtls.truststore.password=${ESB_MTLS_TRUSTSTORE_PASSWORD}");

    @Test
    void should_add_no_connector_and_read_no_keystore_when_no_port_is_set() {
        prod.withPropertyValues("platform.security.mtls.port=").run(context -> {
            assertThat(context).hasNotFailed();
            TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
            context.getBean(MtlsConnector.class).customize(factory);
            assertThat(factory.getAdditionalTomcatConnectors()).isEmpty();
        });
    }

    @Test
    void should_refuse_to_start_with_a_port_but_without_the_keystores() {
        prod.withPropertyValues("platform.security.mtls.port=8443").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("ESB_MTLS_KEYSTORE"));
    }

    @Test
    void should_add_an_https_connector_that_requires_a_client_certificate(@TempDir Path folder) {
        LocalCertificateAuthority.ensure(folder, "pw".toCharArray(), java.util.List.of("skole"), "integrasjon", java.time.Clock.systemUTC());
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
                .withUserConfiguration(MtlsConfiguration.class)
                .withPropertyValues("platform.security.mtls.port=8443",
                        "platform.security.mtls.klienter[0].subject=CN=skole,O=Bergen kommune",
                        "platform.security.mtls.klienter[0].fagsystem=skole",
                        "spring.ssl.bundle.jks.esb-mtls.keystore.location=file:" + folder.resolve("server.p12"),
                        "spring.ssl.bundle.jks.esb-mtls.keystore.password=pw",
                        "spring.ssl.bundle.jks.esb-mtls.truststore.location=file:" + folder.resolve("truststore.p12"),
                        "spring.ssl.bundle.jks.esb-mtls.truststore.password=pw")
                .run(context -> {
                    TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
                    context.getBean(MtlsConnector.class).customize(factory);

                    assertThat(factory.getAdditionalTomcatConnectors()).singleElement().satisfies(c -> {
                        assertThat(c.getPort()).isEqualTo(8443);
                        assertThat(c.getScheme()).isEqualTo("https");
                        assertThat(c.findSslHostConfigs()).singleElement()
                                .satisfies(h -> assertThat(h.getCertificateVerification()).isEqualTo(SSLHostConfig.CertificateVerification.REQUIRED));
                    });
                    assertThat(context.getBean(ClientCertificates.class).registrations()).extracting(ClientCertificates.Registration::fagsystem)
                            .containsExactly("skole");
                });
    }
}
