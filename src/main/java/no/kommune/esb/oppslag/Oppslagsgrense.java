package no.kommune.esb.oppslag;

import java.time.Duration;
import java.util.Optional;

/** A per-caller rate limit on look-ups: {@link Ratebegrenser} in one instance, {@link DeltRatebegrenser} across instances. */
public interface Oppslagsgrense {

    /** Takes one call for {@code kaller}: empty when it may go ahead, else how long to wait (the 429's Retry-After). */
    Optional<Duration> ta(String kaller);
}
