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
 * unkeyed hash would: there are only a few hundred million valid numbers to try). Thread-safe: each thread keeps
 * its own initialised {@link Mac}, since looking the algorithm up and keying it per call cost more than the hash.
 */
public final class Identnoekkel {

    private static final String ALGORITME = "HmacSHA256";

    private final SecretKeySpec noekkel;
    private final ThreadLocal<Mac> mac;

    public Identnoekkel(String hemmelighet) {
        if (hemmelighet == null || hemmelighet.length() < 16) {
            throw new IllegalArgumentException("oppslag.revisjon.hmac-noekkel must be at least 16 characters");
        }
        this.noekkel = new SecretKeySpec(hemmelighet.getBytes(StandardCharsets.UTF_8), ALGORITME);
        this.mac = ThreadLocal.withInitial(this::nyMac);
    }

    public String av(Identitetsnummer id) {
        // doFinal leaves the Mac reset under the same key, ready for the thread's next number
        return HexFormat.of().formatHex(mac.get().doFinal(id.value().getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * A person's key for another purpose than the audit trail, under the same secret but not equal to {@link #av}'s value
     * for the same number (the purpose is hashed in front of it), shortened to 32 hex digits (128 bits). Used as the
     * Kafka record key of a person's event messages, so that all of them land on one partition, in order, without the
     * number itself in the key.
     */
    public String til(String formaal, String identifikator) {
        Mac m = mac.get();
        m.update(formaal.getBytes(StandardCharsets.UTF_8));
        m.update((byte) 0);
        return HexFormat.of().formatHex(m.doFinal(identifikator.getBytes(StandardCharsets.UTF_8)), 0, 16);
    }

    private Mac nyMac() {
        try {
            Mac m = Mac.getInstance(ALGORITME);
            m.init(noekkel);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
