package no.kommune.esb.platform.security;

import no.kommune.esb.platform.Filer;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the PKCS12 files the local default makes for itself (the local mTLS CA's keystores and trust store, the
 * simulated Maskinporten's and HelseID's client keys) with {@value #ITERASJONER} PBKDF2 iterations for the key, the
 * certificates and the MAC instead of the JDK's 10,000.
 * <p>
 * Why: the platform reads ~16 of these files at every start, and under the local default's C1-only JIT one read cost
 * ~40 ms at 10,000 iterations and ~4 ms at 1,000: about a fifth of the start-up thread once classes came from plain
 * jars (docs/benchmarks.md, session 14). Their password stands in the local profile's configuration, so the
 * iterations protected nothing. Keystores an operator supplies are read as they are and never written here.
 * <p>
 * The JDK takes these counts only from the {@code keystore.pkcs12.*IterationCount} system properties, read when an
 * entry is set and when the file is stored; they are set for the duration of one write, under a lock, and restored.
 */
public final class LokaleNoekkellagre {

    /** PBKDF2 iterations of key, certificate and MAC protection in the local default's own PKCS12 files. */
    public static final int ITERASJONER = 1_000;

    private static final List<String> EGENSKAPER = List.of("keystore.pkcs12.keyPbeIterationCount",
            "keystore.pkcs12.certPbeIterationCount", "keystore.pkcs12.macIterationCount");

    private LokaleNoekkellagre() {
    }

    /** Writes a keystore holding one key entry (its certificate chain, leaf first) to {@code file}, atomically. */
    public static void skrivNoekkel(Path file, String alias, PrivateKey key, Certificate[] chain, char[] password)
            throws IOException, GeneralSecurityException {
        skriv(file, password, store -> store.setKeyEntry(alias, key, password, chain));
    }

    /** Writes a trust store holding one certificate to {@code file}, atomically. */
    public static void skrivSertifikat(Path file, String alias, Certificate certificate, char[] password)
            throws IOException, GeneralSecurityException {
        skriv(file, password, store -> store.setCertificateEntry(alias, certificate));
    }

    private interface Innhold {
        void fyll(KeyStore store) throws GeneralSecurityException;
    }

    private static synchronized void skriv(Path file, char[] password, Innhold innhold) throws IOException, GeneralSecurityException {
        Map<String, String> foer = new LinkedHashMap<>();
        EGENSKAPER.forEach(e -> foer.put(e, System.getProperty(e)));
        try {
            EGENSKAPER.forEach(e -> System.setProperty(e, Integer.toString(ITERASJONER)));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            innhold.fyll(store);
            Filer.<GeneralSecurityException>skrivAtomisk(file, out -> store.store(out, password));
        } finally {
            foer.forEach((e, verdi) -> {
                if (verdi == null) {
                    System.clearProperty(e);
                } else {
                    System.setProperty(e, verdi);
                }
            });
        }
    }
}
