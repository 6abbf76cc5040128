package no.kommune.esb.forsendelse.flyt;

import java.time.Duration;

/**
 * How long a status message waits after a failed publication: {@code foerste} after the first failure, doubled for
 * each further one, never longer than {@code maks}. The message is retried until it gets through, so a fagsystem
 * whose channel is down for a day hears of every change once it is back, in order.
 */
public record Publiseringsvent(Duration foerste, Duration maks) {

    public Publiseringsvent {
        if (foerste.isNegative() || foerste.isZero() || maks.compareTo(foerste) < 0) {
            throw new IllegalArgumentException("forsendelse.status.publisering: foerste-vent must be positive and at most maks-vent (was "
                    + foerste + ", " + maks + ")");
        }
    }

    /** The wait after the {@code feiledeForsoek}-th failed attempt (1 = the first). */
    public Duration etter(int feiledeForsoek) {
        if (feiledeForsoek < 1) {
            throw new IllegalArgumentException("feiledeForsoek must be at least 1 (was " + feiledeForsoek + ")");
        }
        Duration vent = foerste.multipliedBy(1L << Math.min(feiledeForsoek - 1, 30));
        return vent.compareTo(maks) > 0 ? maks : vent;
    }
}
