package no.kommune.esb.maskinporten;

import no.kommune.esb.platform.Filer;
import no.kommune.esb.platform.security.LokaleNoekkellagre;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/**
 * The local profile's Maskinporten key: a self-signed RSA 2048 certificate in a PKCS12 keystore, created when
 * missing or expired, with the certificate also written as PEM beside it ({@code <name>.crt}) so the simulated
 * Maskinporten can register it. For development and tests only: a real client uses a virksomhetssertifikat or a
 * key registered with Digdir.
 */
public final class LocalKeystore {

    private static final Duration VALIDITY = Duration.ofDays(365);

    private LocalKeystore() {
    }

    /** The PEM certificate file that belongs to {@code keystore}: same folder and name, extension {@code .crt}. */
    public static Path certificatePath(Path keystore) {
        String name = keystore.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return keystore.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".crt");
    }

    /**
     * Makes sure {@code keystore} holds a valid key under {@code alias}; creates folder, keystore and PEM
     * certificate when absent or expired. Returns true when it created them.
     */
    public static boolean ensure(Path keystore, char[] password, String alias, Clock clock) {
        Path certificateFile = certificatePath(keystore);
        if (Files.exists(keystore) && Files.exists(certificateFile) && stillValid(keystore, password, alias, clock.instant())) {
            return false;
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            X509Certificate certificate = selfSigned(keys, alias, clock.instant());

            LokaleNoekkellagre.skrivNoekkel(keystore, alias, keys.getPrivate(), new Certificate[]{certificate}, password);
            // whole or not at all: the keystore above is kept, so a .crt cut short by a crash would never be written again
            Filer.skrivAtomisk(certificateFile, pem(certificate), StandardCharsets.US_ASCII);
            return true;
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create the local Maskinporten keystore " + keystore + ": " + e.getClass().getSimpleName(), e);
        }
    }

    private static boolean stillValid(Path keystore, char[] password, String alias, Instant now) {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            if (!store.isKeyEntry(alias) || !(store.getCertificate(alias) instanceof X509Certificate certificate)) {
                return false;
            }
            certificate.checkValidity(Date.from(now.plus(Duration.ofDays(1))));
            return true;
        } catch (IOException | GeneralSecurityException e) {
            return false;
        }
    }

    private static X509Certificate selfSigned(KeyPair keys, String alias, Instant now) throws OperatorCreationException, GeneralSecurityException {
        X500Name subject = new X500Name("CN=" + alias + ", O=kommune-esb LOCAL TEST ONLY");
        BigInteger serial = new BigInteger(64, new SecureRandom());
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial,
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(VALIDITY)), subject, keys.getPublic());
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
    }

    private static String pem(X509Certificate certificate) throws GeneralSecurityException {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }
}
