package no.kommune.esb.oppslag;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per caller: {@code perSekund} calls a second on average, bursts up to {@code burst}. A call that
 * finds the bucket empty is refused with the time until a token is back (the 429's Retry-After). In memory, per
 * instance ({@link DeltRatebegrenser} adds the limit shared by all instances). Thread-safe; the clock is a seam for tests.
 */
public final class Ratebegrenser implements Oppslagsgrense {

    private final double perSekund;
    private final double burst;
    private final LongSupplier nanoTid;
    private final Map<String, Boette> boetter = new ConcurrentHashMap<>();

    public Ratebegrenser(double perSekund, int burst, LongSupplier nanoTid) {
        if (!(perSekund > 0) || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs a positive rate and a burst of at least 1 (was " + perSekund + ", " + burst + ")");
        }
        this.perSekund = perSekund;
        this.burst = burst;
        this.nanoTid = nanoTid;
    }

    /** Takes a token for {@code kaller}: empty when the call may go ahead, else how long to wait. */
    @Override
    public Optional<Duration> ta(String kaller) {
        return boetter.computeIfAbsent(kaller, k -> new Boette(burst, nanoTid.getAsLong())).ta();
    }

    private final class Boette {
        private double tokens;
        private long sist;

        Boette(double tokens, long naa) {
            this.tokens = tokens;
            this.sist = naa;
        }

        synchronized Optional<Duration> ta() {
            long naa = nanoTid.getAsLong();
            tokens = Math.min(burst, tokens + (naa - sist) / 1e9 * perSekund);
            sist = naa;
            if (tokens >= 1) {
                tokens -= 1;
                return Optional.empty();
            }
            return Optional.of(Duration.ofNanos((long) Math.ceil((1 - tokens) / perSekund * 1e9)));
        }
    }
}
