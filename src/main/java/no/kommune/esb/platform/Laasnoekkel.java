package no.kommune.esb.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The keys of the platform's PostgreSQL advisory locks: 64 bits, the high 16 the kind of lock ({@link Slag}), the low 48
 * the first 48 bits of the SHA-256 of the lock's name. The same name gives the same key in every instance and every
 * version from session 32 on.
 * <p>
 * Until session 32 a key was the name's {@code String.hashCode()}: 32 bits in one space shared by every kind of lock.
 * The fixed names' keys happened to differ, but one extract run's lock ({@code "uttrekk-" + a random UUID}) could take
 * any value, that of a singleton job (then one of the two was skipped while the other ran) or that of a lock the event
 * flow waits for inside its transactions (then every fan-out batch, replay and new minimisation waited, each holding a
 * pooled connection, for the whole extract run). Only waiting, never a lost or doubled message (each waiter commits or
 * rolls back whole), but nothing kept a job that holds a session lock from taking a colliding transaction lock itself,
 * which would wait on its own instance for good. Now a lock of one kind never shares a key with a lock of another, and
 * two names of one kind share one with a chance of about 2<sup>-48</sup> ({@code LaasnoekkelTest}).
 */
public final class Laasnoekkel {

    /** The kinds of lock, each with a key space of its own. */
    public enum Slag {
        /** A singleton job's session lock ({@link PlatformLock#runExclusively(String, java.util.function.Supplier)}). */
        JOBB(1),
        /** One extract run's session lock, named by the run's id ({@code UttrekkKjoerer}). */
        UTTREKKSKJOERING(2),
        /** The event flow's transaction locks (the registration, the personal identities, the screening). */
        HENDELSER(3);

        private final long nummer;

        Slag(long nummer) {
            this.nummer = nummer;
        }
    }

    private static final long LAVE_48 = (1L << 48) - 1;

    private Laasnoekkel() {
    }

    /** The key of the lock {@code navn} of that kind. */
    public static long av(Slag slag, String navn) {
        byte[] sum;
        try {
            sum = MessageDigest.getInstance("SHA-256").digest(navn.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        long hash = 0;
        for (int i = 0; i < 6; i++) {
            hash = (hash << 8) | (sum[i] & 0xFF);
        }
        return (slag.nummer << 48) | (hash & LAVE_48);
    }
}
