package no.kommune.esb.platform.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Mutual TLS as the API's second way in ({@code platform.security.mtls.*}): the registered client certificates,
 * the local profile's throw-away CA, and the HTTPS connector. Without {@code platform.security.mtls.port} there is
 * no connector and no certificate can reach the API.
 */
@Configuration
@EnableConfigurationProperties(MtlsProperties.class)
public class MtlsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MtlsConfiguration.class);

    /**
     * The configured {@code klienter}; in the local profile also the certificates the local CA just made sure of
     * (one per {@code forsendelse.avsendersystemer} entry and one for the integration team).
     */
    @Bean
    public ClientCertificates clientCertificates(MtlsProperties properties, ConfigurableEnvironment env) {
        List<ClientCertificates.Registration> registrations = new ArrayList<>();
        for (MtlsProperties.Klient k : properties.klienter()) {
            registrations.add(ClientCertificates.Registration.parse(k.subject(), k.issuer(), k.fagsystem(), k.scope()));
        }
        MtlsProperties.LocalCa local = properties.localCa();
        if (properties.enabled() && local != null && local.enabled()) {
            if (local.folder() == null || local.password() == null) {
                throw new IllegalStateException("platform.security.mtls.local-ca.folder and .password must be set");
            }
            List<String> senders = Binder.get(env).bind("forsendelse.avsendersystemer", Bindable.listOf(String.class)).orElse(List.of());
            LocalCertificateAuthority.Setup setup = LocalCertificateAuthority.ensure(local.folder().toAbsolutePath(), local.password().toCharArray(),
                    senders, local.adminClient(), Clock.systemUTC());
            registrations.addAll(setup.registrations());
            log.warn("mTLS uses the LOCAL CA {} under {}{}, with client certificates for {}: for the local profile only, never production",
                    setup.ca().getName(), local.folder(), setup.created().isEmpty() ? "" : " (just created: " + String.join(", ", setup.created()) + ")",
                    setup.registrations().stream().map(ClientCertificates.Registration::fagsystem).toList());
        }
        return ClientCertificates.of(registrations);
    }

    /**
     * The HTTPS connector with required client certificates, when a port is set. Takes the registrations as an
     * argument so the local CA has written the keystores the SSL bundle names before the bundle is read.
     */
    @Bean
    public MtlsConnector mtlsConnector(MtlsProperties properties, SslBundles bundles, ClientCertificates clientCertificates) {
        if (!properties.enabled()) {
            return MtlsConnector.none();
        }
        log.info("mTLS API connector on port {} (SSL bundle {}), {} registered client certificates", properties.port(), properties.sslBundle(),
                clientCertificates.registrations().size());
        return new MtlsConnector(properties.port(), bundles.getBundle(properties.sslBundle()));
    }
}
