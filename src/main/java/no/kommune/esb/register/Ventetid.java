package no.kommune.esb.register;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long to wait after the n-th failure in a row of a call to a register, SvarUt or a gateway: {@code foerste},
 * doubling per failure, never more than {@code maks}; a share {@code spredning} (0..1) of each wait is drawn at
 * random and taken off, so instances and flows that failed together do not try again in step. A Retry-After from the
 * service wins (as given, without spreading, up to an hour: {@link #LENGSTE_RETRY_AFTER}). The one backoff of the platform: send attempts
 * ({@code Forsoksregel}) and flows waiting on a register ({@code Registerventing}) both use it.
 */
public final class Ventetid {

    private final Duration foerste;
    private final Duration maks;
    private final double spredning;
    private final RandomGenerator tilfeldig;

    /** {@code tilfeldig} draws the spread; tests pass a seeded or fixed generator. */
    public Ventetid(Duration foerste, Duration maks, double spredning, RandomGenerator tilfeldig) {
        if (foerste == null || foerste.isNegative() || foerste.isZero() || maks == null || maks.compareTo(foerste) < 0) {
            throw new IllegalArgumentException("the first wait must be positive and the longest wait at least the first (was "
                    + foerste + " and " + maks + ")");
        }
        if (!(spredning >= 0 && spredning < 1)) {
            throw new IllegalArgumentException("the spread must be at least 0 and below 1 (was " + spredning + ")");
        }
        this.foerste = foerste;
        this.maks = maks;
        this.spredning = spredning;
        this.tilfeldig = tilfeldig;
    }

    /** The wait after {@code feil} failures in a row (1 = the first failure). */
    public Duration etter(int feil) {
        return etter(feil, null);
    }

    /**
     * The longest Retry-After honoured when it is longer than {@link #maks}: a service may ask for a maintenance window
     * longer than the platform's own longest wait, but a misread or hostile header (a date a year off) must not stop a
     * flow for a day. One hour, then the flow asks again (and honours the next Retry-After).
     */
    public static final Duration LENGSTE_RETRY_AFTER = Duration.ofHours(1);

    /**
     * As {@link #etter(int)}, but a {@code retryAfter} the service asked for wins, never longer than the larger of
     * {@link #maks} and {@link #LENGSTE_RETRY_AFTER}, never below zero.
     */
    public Duration etter(int feil, Duration retryAfter) {
        if (feil < 1) {
            throw new IllegalArgumentException("a wait follows at least one failure (was " + feil + ")");
        }
        if (retryAfter != null) {
            Duration lengste = maks.compareTo(LENGSTE_RETRY_AFTER) > 0 ? maks : LENGSTE_RETRY_AFTER;
            return retryAfter.isNegative() ? Duration.ZERO : retryAfter.compareTo(lengste) > 0 ? lengste : retryAfter;
        }
        // the shift is capped so a long outage cannot overflow; maks caps the wait long before
        Duration uspredd = foerste.multipliedBy(1L << Math.min(feil - 1, 30));
        if (uspredd.compareTo(maks) > 0) {
            uspredd = maks;
        }
        long ms = uspredd.toMillis();
        return Duration.ofMillis(ms - Math.round(ms * spredning * tilfeldig.nextDouble()));
    }

    /** The longest wait, reached after a few failures in a row. */
    public Duration maks() {
        return maks;
    }
}
