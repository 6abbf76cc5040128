package no.kommune.esb.platform.security;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.util.LambdaSafe;
import org.springframework.boot.web.embedded.tomcat.TomcatProtocolHandlerCustomizer;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.util.StringUtils;

import java.security.GeneralSecurityException;

/**
 * Adds the mutual-TLS HTTPS connector to the embedded Tomcat, beside the plain port: server key and certificate
 * from the SSL bundle's key store, client certificates checked against its trust store, and a client certificate
 * required ({@code certificateVerification=required}), so a caller without one, or with one from another CA, fails
 * the TLS handshake before any HTTP is read ({@link LoggingTlsContext} logs a refused certificate). The same servlets
 * and security chain serve both ports.
 */
public class MtlsConnector implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    private final int port;
    private final SslBundle bundle;
    private volatile Connector connector;

    /** Reads the bundle's stores at once, so a missing or unreadable keystore stops the start-up with its location. */
    MtlsConnector(int port, SslBundle bundle) {
        this.port = port;
        this.bundle = bundle;
        SslStoreBundle stores = bundle.getStores();
        if (stores.getKeyStore() == null || stores.getTrustStore() == null) {
            throw new IllegalStateException("the mTLS SSL bundle needs a key store (server certificate) and a trust store (client CAs)");
        }
    }

    private MtlsConnector() {
        this.port = -1;
        this.bundle = null;
    }

    /** No port configured: the web server keeps its plain port only. */
    static MtlsConnector none() {
        return new MtlsConnector();
    }

    /** Last, so the connector settings other customizers registered ({@code server.tomcat.*}) are there to copy. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        if (bundle == null) {
            return;
        }
        Connector https = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
        https.setPort(port);
        https.setScheme("https");
        https.setSecure(true);
        https.setThrowOnFailure(true);
        // timeouts, sizes and threads as on the plain port
        factory.getTomcatConnectorCustomizers().forEach(c -> c.customize(https));
        AbstractHttp11Protocol<?> protocol = (AbstractHttp11Protocol<?>) https.getProtocolHandler();
        LambdaSafe.callbacks(TomcatProtocolHandlerCustomizer.class, factory.getTomcatProtocolHandlerCustomizers(), protocol)
                .invoke(c -> c.customize(protocol));
        protocol.setSSLEnabled(true);
        protocol.addSslHostConfig(hostConfig(protocol.getDefaultSSLHostConfigName()));
        factory.addAdditionalTomcatConnectors(https);
        connector = https;
    }

    private SSLHostConfig hostConfig(String hostName) {
        SSLHostConfig host = new SSLHostConfig();
        host.setHostName(hostName);
        host.setCertificateVerification("required");
        host.setSslProtocol(bundle.getProtocol());
        // a ready TLS context (keys, trust, logging) instead of key and trust store settings for Tomcat to load
        SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(host, SSLHostConfigCertificate.Type.UNDEFINED);
        try {
            certificate.setSslContext(new LoggingTlsContext(bundle));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the mTLS connector's TLS context from SSL bundle: " + e.getClass().getSimpleName(), e);
        }
        host.addCertificate(certificate);
        SslOptions options = bundle.getOptions();
        host.setProtocols(options.getEnabledProtocols() != null ? StringUtils.arrayToDelimitedString(options.getEnabledProtocols(), "+") : "TLSv1.2+TLSv1.3");
        if (options.getCiphers() != null) {
            host.setCiphers(StringUtils.arrayToCommaDelimitedString(options.getCiphers()));
        }
        return host;
    }

    /** The port the connector listens on once the web server runs (the chosen one when configured as 0); -1 before. */
    public int localPort() {
        Connector c = connector;
        return c == null ? -1 : c.getLocalPort();
    }
}
