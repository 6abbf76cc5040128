package no.kommune.esb.platform.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ssl.SslBundle;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509KeyManager;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The mTLS connector's TLS context, handed to Tomcat ready-made: keys and trusted CAs from the SSL bundle, with the
 * client-certificate check wrapped so that a certificate the trust store refuses (another CA, expired, wrong key
 * usage) leaves a WARN naming its subject and issuer before the handshake fails. A client that sends no
 * certificate at all is refused by TLS before any check runs (Tomcat logs that at DEBUG only).
 */
final class LoggingTlsContext implements org.apache.tomcat.util.net.SSLContext {

    private static final Logger log = LoggerFactory.getLogger(LoggingTlsContext.class);

    private final SSLContext context;
    private final KeyManager[] keyManagers;
    private final X509ExtendedTrustManager[] trustManagers;

    LoggingTlsContext(SslBundle bundle) throws GeneralSecurityException {
        this.keyManagers = bundle.getManagers().getKeyManagers();
        List<X509ExtendedTrustManager> trust = new ArrayList<>();
        for (TrustManager t : bundle.getManagers().getTrustManagers()) {
            if (t instanceof X509ExtendedTrustManager x509) {
                trust.add(new LoggingTrustManager(x509));
            }
        }
        if (trust.isEmpty()) {
            throw new IllegalStateException("the mTLS SSL bundle has no X.509 trust manager: client certificates could not be checked");
        }
        this.trustManagers = trust.toArray(X509ExtendedTrustManager[]::new);
        this.context = SSLContext.getInstance(bundle.getProtocol());
        context.init(keyManagers, trustManagers, null);
    }

    /** Already initialised from the bundle; Tomcat does not call this for a context it was given. */
    @Override
    public void init(KeyManager[] kms, TrustManager[] tms, SecureRandom sr) {
    }

    @Override
    public void destroy() {
    }

    @Override
    public SSLSessionContext getServerSessionContext() {
        return context.getServerSessionContext();
    }

    @Override
    public SSLEngine createSSLEngine() {
        return context.createSSLEngine();
    }

    @Override
    public SSLServerSocketFactory getServerSocketFactory() {
        return context.getServerSocketFactory();
    }

    @Override
    public SSLParameters getSupportedSSLParameters() {
        return context.getSupportedSSLParameters();
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        for (KeyManager k : keyManagers) {
            if (k instanceof X509KeyManager x509 && x509.getCertificateChain(alias) != null) {
                return x509.getCertificateChain(alias);
            }
        }
        return null;
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return Arrays.stream(trustManagers).flatMap(t -> Arrays.stream(t.getAcceptedIssuers())).toArray(X509Certificate[]::new);
    }

    /** Checks as the bundle's trust manager does; logs a refused client certificate. */
    private static final class LoggingTrustManager extends X509ExtendedTrustManager {

        private final X509ExtendedTrustManager delegate;

        LoggingTrustManager(X509ExtendedTrustManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            try {
                delegate.checkClientTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                throw refused(chain, e);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            try {
                delegate.checkClientTrusted(chain, authType, socket);
            } catch (CertificateException e) {
                throw refused(chain, e);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                delegate.checkClientTrusted(chain, authType);
            } catch (CertificateException e) {
                throw refused(chain, e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            delegate.checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            delegate.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }

        private static CertificateException refused(X509Certificate[] chain, CertificateException e) {
            if (chain != null && chain.length > 0) {
                log.warn("mTLS handshake refused: client certificate with subject {} issued by {} is not trusted ({})",
                        chain[0].getSubjectX500Principal().getName(), chain[0].getIssuerX500Principal().getName(), e.getClass().getSimpleName());
            }
            return e;
        }
    }
}
