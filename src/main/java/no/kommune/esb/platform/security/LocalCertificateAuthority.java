package no.kommune.esb.platform.security;

import no.kommune.esb.platform.Filer;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.security.auth.x500.X500Principal;
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
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The local profile's mutual-TLS certificates: a throw-away CA, a server certificate for {@code localhost} signed by
 * it, a trust store holding the CA, and one client certificate per sender system plus one for the integration team,
 * each a PKCS12 file. Created when missing, expired or no longer signed by the CA in the folder; kept otherwise, so
 * a developer's client set-up survives restarts. For development and tests only: in production the municipality's
 * own or a commercial CA issues these (docs/security.md).
 */
final class LocalCertificateAuthority {

    static final String CA_KEYSTORE = "ca.p12";
    static final String CA_PEM = "ca.crt";
    static final String SERVER_KEYSTORE = "server.p12";
    static final String TRUSTSTORE = "truststore.p12";
    static final String CLIENT_FOLDER = "klienter";
    static final String CA_ALIAS = "ca";
    static final String SERVER_ALIAS = "server";

    private static final String ORGANISATION = "O=kommune-esb LOCAL TEST ONLY";
    private static final Duration CA_VALIDITY = Duration.ofDays(5 * 365);
    private static final Duration VALIDITY = Duration.ofDays(365);
    /** A certificate this close to expiry is issued again at start-up. */
    private static final Duration RENEW_BEFORE = Duration.ofDays(1);

    private final PrivateKey key;
    private final X509Certificate certificate;

    private LocalCertificateAuthority(PrivateKey key, X509Certificate certificate) {
        this.key = key;
        this.certificate = certificate;
    }

    /** A new CA in memory with a self-signed certificate. */
    static LocalCertificateAuthority create(X500Principal subject, Clock clock) {
        try {
            KeyPair keys = newKeys();
            Instant now = clock.instant();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(CA_VALIDITY)), subject, keys.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
            return new LocalCertificateAuthority(keys.getPrivate(), sign(builder, keys.getPrivate()));
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create a local CA: " + e.getClass().getSimpleName(), e);
        }
    }

    X509Certificate certificate() {
        return certificate;
    }

    /** A server certificate for {@code localhost} and {@code 127.0.0.1}. */
    Issued issueServer(Clock clock) {
        return issue(new X500Principal("CN=localhost, " + ORGANISATION), KeyPurposeId.id_kp_serverAuth,
                new GeneralNames(new GeneralName[]{new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}), clock);
    }

    /** A client certificate with this subject. */
    Issued issueClient(X500Principal subject, Clock clock) {
        return issue(subject, KeyPurposeId.id_kp_clientAuth, null, clock);
    }

    private Issued issue(X500Principal subject, KeyPurposeId purpose, GeneralNames alternativeNames, Clock clock) {
        try {
            KeyPair keys = newKeys();
            Instant now = clock.instant();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(), Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(VALIDITY)), subject, keys.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(certificate));
            if (alternativeNames != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames);
            }
            return new Issued(keys.getPrivate(), new X509Certificate[]{sign(builder, key), certificate});
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue a local certificate: " + e.getClass().getSimpleName(), e);
        }
    }

    /** A key and its certificate chain (leaf first, then the CA). */
    record Issued(PrivateKey key, X509Certificate[] chain) {
    }

    /** The client certificate subject the local set-up gives a system. */
    static X500Principal clientSubject(String id) {
        return new X500Principal("CN=" + id + ", OU=Klient, " + ORGANISATION);
    }

    /** Where the local set-up keeps a system's client keystore (alias = the id). */
    static Path clientKeystore(Path folder, String id) {
        return folder.resolve(CLIENT_FOLDER).resolve(id + ".p12");
    }

    /**
     * Makes sure {@code folder} holds a valid CA, trust store, server keystore and one client keystore per id; the
     * sender systems get scope {@code esb:forsendelse}, {@code adminClient} {@code esb:admin}. Returns what it found
     * or made, with a registration per client certificate (subject and the local CA as issuer).
     */
    static Setup ensure(Path folder, char[] password, List<String> senderSystems, String adminClient, Clock clock) {
        try {
            Files.createDirectories(folder.resolve(CLIENT_FOLDER));
            List<String> created = new ArrayList<>();
            LocalCertificateAuthority ca = load(folder.resolve(CA_KEYSTORE), password, clock);
            if (ca == null) {
                ca = create(new X500Principal("CN=kommune-esb local client CA, " + ORGANISATION), clock);
                LokaleNoekkellagre.skrivNoekkel(folder.resolve(CA_KEYSTORE), CA_ALIAS, ca.key, new X509Certificate[]{ca.certificate}, password);
                created.add(CA_KEYSTORE);
            }
            Filer.skrivAtomisk(folder.resolve(CA_PEM), pem(ca.certificate), StandardCharsets.US_ASCII);
            if (!ca.certificate.equals(trusted(folder.resolve(TRUSTSTORE), password))) {
                LokaleNoekkellagre.skrivSertifikat(folder.resolve(TRUSTSTORE), CA_ALIAS, ca.certificate, password);
                created.add(TRUSTSTORE);
            }
            List<Pending> pending = new ArrayList<>();
            if (!ca.stillIssued(folder.resolve(SERVER_KEYSTORE), password, SERVER_ALIAS, null, clock)) {
                pending.add(new Pending(folder.resolve(SERVER_KEYSTORE), SERVER_ALIAS, null));
            }
            List<ClientCertificates.Registration> registrations = new ArrayList<>();
            Set<String> ids = new LinkedHashSet<>(senderSystems);
            ids.remove(adminClient);
            for (String id : ids) {
                registrations.add(ca.client(folder, password, id, SecurityConfiguration.FORSENDELSE, clock, pending));
            }
            registrations.add(ca.client(folder, password, adminClient, SecurityConfiguration.ADMIN, clock, pending));
            ca.issueAll(pending, password, clock);
            pending.forEach(p -> created.add(folder.relativize(p.file()).toString()));
            return new Setup(ca.certificate.getSubjectX500Principal(), registrations, created);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the local mTLS certificates under " + folder + ": " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * What {@link #ensure} left in the folder.
     *
     * @param ca            the local CA's subject
     * @param registrations one per client certificate
     * @param created       files written this time (empty when all were still valid)
     */
    record Setup(X500Principal ca, List<ClientCertificates.Registration> registrations, List<String> created) {
    }

    /** The client's registration; its keystore joins {@code pending} when it is missing or no longer valid. */
    private ClientCertificates.Registration client(Path folder, char[] password, String id, String scope, Clock clock, List<Pending> pending) {
        Path file = clientKeystore(folder, id);
        X500Principal subject = clientSubject(id);
        if (!stillIssued(file, password, id, subject, clock)) {
            pending.add(new Pending(file, id, subject));
        }
        return new ClientCertificates.Registration(subject, certificate.getSubjectX500Principal(), id, scope);
    }

    /** A keystore to issue: the server's when {@code subject} is null, else a client's. */
    private record Pending(Path file, String alias, X500Principal subject) {
    }

    /**
     * Issues and writes every pending keystore, one after the other: with EC keys (~20 ms each) a fresh folder's nine
     * take a fraction of a second, which a thread pool (used while the keys were RSA) no longer shortens noticeably.
     */
    private void issueAll(List<Pending> pending, char[] password, Clock clock) throws IOException, GeneralSecurityException {
        for (Pending p : pending) {
            Issued issued = p.subject() == null ? issueServer(clock) : issueClient(p.subject(), clock);
            LokaleNoekkellagre.skrivNoekkel(p.file(), p.alias(), issued.key(), issued.chain(), password);
        }
    }

    /** The CA in {@code file}, or null when it is missing, unreadable or valid for less than a year. */
    static LocalCertificateAuthority load(Path file, char[] password, Clock clock) {
        KeyStore store = read(file, password);
        try {
            if (store != null && store.getKey(CA_ALIAS, password) instanceof PrivateKey key
                    && store.getCertificate(CA_ALIAS) instanceof X509Certificate certificate) {
                certificate.checkValidity(Date.from(clock.instant().plus(VALIDITY)));
                return new LocalCertificateAuthority(key, certificate);
            }
        } catch (GeneralSecurityException e) {
            return null;
        }
        return null;
    }

    /** True when {@code file} holds a key under {@code alias} whose certificate this CA signed, still valid, with that subject. */
    private boolean stillIssued(Path file, char[] password, String alias, X500Principal subject, Clock clock) {
        KeyStore store = read(file, password);
        try {
            if (store == null || !store.isKeyEntry(alias) || !(store.getCertificate(alias) instanceof X509Certificate leaf)) {
                return false;
            }
            leaf.checkValidity(Date.from(clock.instant().plus(RENEW_BEFORE)));
            leaf.verify(certificate.getPublicKey());
            return subject == null || subject.equals(leaf.getSubjectX500Principal());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static Certificate trusted(Path file, char[] password) {
        KeyStore store = read(file, password);
        try {
            return store == null ? null : store.getCertificate(CA_ALIAS);
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    private static KeyStore read(Path file, char[] password) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            return null;
        }
    }

    /**
     * EC P-256 keys: an RSA-2048 key took ~1.5 s of CPU with the local default's C1-only JIT (nine on a fresh folder:
     * several seconds of every first start and every test context), a P-256 key ~20 ms; JSSE, Tomcat, browsers and
     * curl take ECDSA certificates as they take RSA ones.
     */
    private static KeyPair newKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** The CA's signature algorithm follows its key: a folder made before the EC keys still holds an RSA CA. */
    private static String signatureAlgorithm(PrivateKey signer) {
        return "EC".equals(signer.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(signatureAlgorithm(signer)).build(signer)));
    }

    private static String pem(X509Certificate certificate) throws GeneralSecurityException {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }
}
