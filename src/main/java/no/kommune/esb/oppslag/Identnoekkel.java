package no.kommune.esb.oppslag;

import no.kommune.esb.model.Identitetsnummer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * The form an identity number is kept in by the audit trail: HMAC-SHA256 under a secret key, in hex. The innsyn
 * finds a person's rows by computing the same value; a database dump without the key does not reveal the number (an
 * unkeyed hash would: there are only a few hundred million valid numbers to try). Thread-safe.
 */
public final class Identnoekkel {

    private static final String ALGORITME = "HmacSHA256";

    private final SecretKeySpec noekkel;

    public Identnoekkel(String hemmelighet) {
        if (hemmelighet == null || hemmelighet.length() < 16) {
            throw new IllegalArgumentException("oppslag.revisjon.hmac-noekkel must be at least 16 characters");
        }
        this.noekkel = new SecretKeySpec(hemmelighet.getBytes(StandardCharsets.UTF_8), ALGORITME);
    }

    public String av(Identitetsnummer id) {
        try {
            Mac mac = Mac.getInstance(ALGORITME);
            mac.init(noekkel);
            return HexFormat.of().formatHex(mac.doFinal(id.value().getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
