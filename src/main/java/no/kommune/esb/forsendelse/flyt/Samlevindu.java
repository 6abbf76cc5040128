package no.kommune.esb.forsendelse.flyt;

import java.time.Duration;

/**
 * When a processing round starts a batch: letters are gathered by size and time, so that a trickle of letters does
 * not cost one Folkeregisteret and one KRR call per letter, and a burst does not wait. A round starts when a full
 * batch is ready, when the oldest ready letter has waited {@code samleInntil}, or when a recipient letter is due
 * for another attempt (or a crashed instance's letter is to be taken over). {@code samleInntil} zero: every round.
 */
public record Samlevindu(int batchSize, Duration samleInntil) {

    public Samlevindu {
        if (batchSize < 1 || samleInntil == null || samleInntil.isNegative()) {
            throw new IllegalArgumentException("batch size must be at least 1 and the gathering time zero or more");
        }
    }

    /** What the database says is waiting right now. */
    public record Venter(int klareBrev, Duration eldsteHarVentet, boolean annetArbeid) {
    }

    public boolean skalStarte(Venter v) {
        if (v.annetArbeid()) {
            return true;
        }
        if (v.klareBrev() == 0) {
            return false;
        }
        return samleInntil.isZero() || v.klareBrev() >= batchSize
                || (v.eldsteHarVentet() != null && v.eldsteHarVentet().compareTo(samleInntil) >= 0);
    }
}
