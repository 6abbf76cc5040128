package no.kommune.esb.maskinporten;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.util.Arrays;
import java.util.List;

/**
 * The RSA key that signs JWT grants and its certificate chain (leaf first), read from a PKCS12 keystore.
 *
 * @param keyId the {@code kid} registered with Maskinporten for this key; null or blank = send {@code x5c} instead
 */
public record SigningCredentials(PrivateKey privateKey, List<X509Certificate> chain, String keyId) {

    public SigningCredentials {
        if (!(privateKey instanceof RSAPrivateKey) && !"RSA".equals(privateKey.getAlgorithm())) {
            throw new IllegalArgumentException("Maskinporten grants need an RSA key, got " + privateKey.getAlgorithm());
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("certificate chain is empty");
        }
        chain = List.copyOf(chain);
    }

    public boolean useKeyId() {
        return keyId != null && !keyId.isBlank();
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** Loads key and chain of {@code alias}; the message of a failure names the file and alias, never the password. */
    public static SigningCredentials fromPkcs12(Path path, char[] password, String alias, String keyId) {
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            if (!(store.getKey(alias, password) instanceof PrivateKey key)) {
                throw new IllegalStateException("keystore " + path + " has no private key under alias '" + alias + "'");
            }
            Certificate[] certificates = store.getCertificateChain(alias);
            if (certificates == null || certificates.length == 0) {
                throw new IllegalStateException("keystore " + path + " has no certificate chain under alias '" + alias + "'");
            }
            List<X509Certificate> chain = Arrays.stream(certificates).map(X509Certificate.class::cast).toList();
            return new SigningCredentials(key, chain, keyId);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read keystore " + path + " (alias '" + alias + "'): " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public String toString() {
        return "SigningCredentials[" + certificate().getSubjectX500Principal().getName() + (useKeyId() ? ", kid=" + keyId : ", x5c") + "]";
    }
}
